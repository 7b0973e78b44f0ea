#include "admin/admintokens.h"

#include "protocol.h"
#include "webhooksignature.h"

#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QSaveFile>

using namespace Qt::Literals::StringLiterals;

namespace sluice::agent {

namespace {

constexpr QFileDevice::Permissions kOwnerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;

// Equal inputs take as long as unequal ones: the hashes are compared byte by byte, all of them.
bool sameSecret(const QString &a, const QString &b)
{
    const QByteArray ha = QCryptographicHash::hash(a.toUtf8(), QCryptographicHash::Sha256);
    const QByteArray hb = QCryptographicHash::hash(b.toUtf8(), QCryptographicHash::Sha256);
    return webhooks::equalInConstantTime(ha, hb);
}

} // namespace

AdminTokens::AdminTokens(QString path)
    : m_path(std::move(path))
{
}

QString AdminTokens::generateSecret(QStringView prefix)
{
    QByteArray bytes(32, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(bytes.data()), 8);
    return prefix.toString() +
           QString::fromLatin1(bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

bool AdminTokens::loadOrCreate(QString *error, bool *created)
{
    if (created)
        *created = false;
    if (QFile::exists(m_path))
        return read(error);
    const QString now = QDateTime::currentDateTimeUtc().toString(Qt::ISODate);
    m_tokens = {{u"admin"_s, protocol::role::Admin, generateSecret(), now},
                {u"viewer"_s, protocol::role::Viewer, generateSecret(), now}};
    if (!write(error))
        return false;
    if (created)
        *created = true;
    return true;
}

bool AdminTokens::reloadIfChanged(QString *error)
{
    const QFileInfo info(m_path);
    if (info.exists() && info.lastModified() != m_readAt)
        return read(error);
    return true;
}

bool AdminTokens::read(QString *error)
{
    QFile file(m_path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = u"cannot read the admin token file %1: %2"_s.arg(m_path, file.errorString());
        return false;
    }
    if (file.permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther)) {
        if (error)
            *error = u"the admin token file %1 is readable by others; make it readable by the agent's user only "
                     u"(chmod 600 %1)"_s.arg(m_path);
        return false;
    }
    QJsonParseError parseError;
    const QJsonObject json = QJsonDocument::fromJson(file.readAll(), &parseError).object();
    if (parseError.error != QJsonParseError::NoError) {
        if (error)
            *error = u"the admin token file %1 is not JSON: %2"_s.arg(m_path, parseError.errorString());
        return false;
    }
    QList<Token> tokens;
    for (const QJsonValue &value : json.value(u"tokens"_s).toArray()) {
        const QJsonObject o = value.toObject();
        Token token{o.value(u"name"_s).toString(), o.value(u"role"_s).toString(), o.value(u"token"_s).toString(),
                    o.value(u"created"_s).toString()};
        if (token.name.isEmpty() || token.secret.size() < 20 ||
            (token.role != protocol::role::Admin && token.role != protocol::role::Viewer)) {
            if (error)
                *error = u"the admin token file %1 has an entry without a name, a role (admin or viewer) or a token "
                         u"of at least 20 characters"_s.arg(m_path);
            return false;
        }
        tokens.append(token);
    }
    m_tokens = tokens;
    m_readAt = QFileInfo(m_path).lastModified();
    return true;
}

bool AdminTokens::write(QString *error)
{
    QJsonArray tokens;
    for (const Token &t : std::as_const(m_tokens)) {
        tokens.append(
            QJsonObject{{u"name"_s, t.name}, {u"role"_s, t.role}, {u"token"_s, t.secret}, {u"created"_s, t.created}});
    }
    QSaveFile file(m_path);
    // Owner only before a byte is written.
    if (!file.open(QIODevice::WriteOnly) || !file.setPermissions(kOwnerOnly) ||
        file.write(QJsonDocument(QJsonObject{{u"tokens"_s, tokens}}).toJson()) < 0 || !file.commit()) {
        if (error)
            *error = u"cannot write the admin token file %1: %2"_s.arg(m_path, file.errorString());
        return false;
    }
    m_readAt = QFileInfo(m_path).lastModified();
    return true;
}

std::optional<AdminTokens::Token> AdminTokens::authenticate(const QString &secret) const
{
    std::optional<Token> found;
    for (const Token &token : m_tokens) {
        if (sameSecret(token.secret, secret) && !found)
            found = token; // no early return: every token is compared
    }
    return found;
}

std::optional<AdminTokens::Token> AdminTokens::find(const QString &name) const
{
    for (const Token &token : m_tokens) {
        if (token.name == name)
            return token;
    }
    return std::nullopt;
}

std::optional<QString> AdminTokens::add(const QString &name, const QString &role, QString *error)
{
    if (find(name)) {
        if (error)
            *error = u"a token named \"%1\" exists; rotate it or choose another name"_s.arg(name);
        return std::nullopt;
    }
    if (role != protocol::role::Admin && role != protocol::role::Viewer) {
        if (error)
            *error = u"the role must be admin or viewer, not \"%1\""_s.arg(role);
        return std::nullopt;
    }
    const QString secret = generateSecret();
    m_tokens.append({name, role, secret, QDateTime::currentDateTimeUtc().toString(Qt::ISODate)});
    if (!write(error))
        return std::nullopt;
    return secret;
}

std::optional<QString> AdminTokens::rotate(const QString &name, QString *error)
{
    for (Token &token : m_tokens) {
        if (token.name != name)
            continue;
        token.secret = generateSecret();
        token.created = QDateTime::currentDateTimeUtc().toString(Qt::ISODate);
        if (!write(error))
            return std::nullopt;
        return token.secret;
    }
    if (error)
        *error = u"no token named \"%1\""_s.arg(name);
    return std::nullopt;
}

bool AdminTokens::remove(const QString &name, QString *error)
{
    const qsizetype removed = m_tokens.removeIf([&](const Token &t) { return t.name == name; });
    if (removed == 0) {
        if (error)
            *error = u"no token named \"%1\""_s.arg(name);
        return false;
    }
    return write(error);
}

} // namespace sluice::agent
