#include "consumer/consumeraccess.h"

#include "consumer/apirequest.h"
#include "queue/store.h"
#include "subscription.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QRegularExpression>

using namespace Qt::Literals::StringLiterals;

namespace sluice::agent {

namespace {

QString generateToken()
{
    return AdminTokens::generateSecret(u"sluicec_");
}

// Whether the allowed pattern covers the requested one: a type under a prefix, or a narrower prefix.
bool covers(const QString &allowed, const QString &requested)
{
    if (allowed == u"*" || allowed == requested)
        return true;
    if (!allowed.endsWith(u'*'))
        return false;
    const QStringView prefix = QStringView(allowed).chopped(1);
    return requested != u"*" && requested.startsWith(prefix);
}

} // namespace

ConsumerAccess::ConsumerAccess(Store *store, QString adminTokenFile)
    : m_store(store)
    , m_adminTokens(std::move(adminTokenFile))
{
}

QByteArray ConsumerAccess::hash(const QString &token)
{
    return QCryptographicHash::hash(token.toUtf8(), QCryptographicHash::Sha256);
}

bool ConsumerAccess::isValidName(const QString &name)
{
    static const QRegularExpression valid(u"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"_s);
    return valid.match(name).hasMatch();
}

std::optional<ConsumerAccess::Caller> ConsumerAccess::authenticate(const QByteArray &authorization)
{
    const std::optional<QString> bearer = apirequest::bearerToken(authorization);
    if (!bearer)
        return std::nullopt;
    const QString &token = *bearer;
    if (token.startsWith(u"sluicec_")) {
        // A token of 256 random bits: its hash is looked up directly, like a password reset link.
        const auto consumer = m_store->consumers().byTokenHash(hash(token));
        if (!consumer)
            return std::nullopt;
        m_store->consumers().markUsed(consumer->name, QDateTime::currentMSecsSinceEpoch());
        return Caller{Caller::Role::Consumer, consumer->name, *consumer};
    }
    if (QString why; !m_adminTokens.reloadIfChanged(&why))
        return std::nullopt;
    const auto admin = m_adminTokens.authenticate(token);
    if (!admin)
        return std::nullopt;
    return Caller{admin->role == u"admin" ? Caller::Role::Admin : Caller::Role::Viewer, admin->name, {}};
}

std::optional<QString> ConsumerAccess::create(const Consumer &consumer, QString *error)
{
    if (!isValidName(consumer.name)) {
        if (error)
            *error = u"a consumer's name is letters, digits, \".\", \"-\" and \"_\", at most 64, not \"%1\""_s.arg(
                consumer.name);
        return std::nullopt;
    }
    if (QString why; !TypeSelector::parse(consumer.allowedTypes, &why)) {
        if (error)
            *error = u"allowedTypes: "_s + why;
        return std::nullopt;
    }
    Consumer made = consumer;
    made.createdAt = QDateTime::currentMSecsSinceEpoch();
    const QString token = generateToken();
    if (!m_store->consumers().create(made, hash(token), error))
        return std::nullopt;
    return token;
}

std::optional<QString> ConsumerAccess::rotate(const QString &name, QString *error)
{
    const QString token = generateToken();
    if (!m_store->consumers().replaceToken(name, hash(token), QDateTime::currentMSecsSinceEpoch(), error))
        return std::nullopt;
    return token;
}

bool ConsumerAccess::revoke(const QString &name, QString *error)
{
    return m_store->consumers().revoke(name, QDateTime::currentMSecsSinceEpoch(), error);
}

bool ConsumerAccess::update(const Consumer &consumer, QString *error)
{
    if (QString why; !TypeSelector::parse(consumer.allowedTypes, &why)) {
        if (error)
            *error = u"allowedTypes: "_s + why;
        return false;
    }
    return m_store->consumers().update(consumer, error);
}

bool ConsumerAccess::remove(const QString &name, QString *error)
{
    const QList<StoredSubscription> stored = m_store->subscriptions().definitions();
    const auto owned = std::count_if(stored.begin(), stored.end(), [&](const StoredSubscription &s) {
        return s.definition.value(subscriptionkey::Owner).toString() == name;
    });
    if (owned > 0) {
        if (error)
            *error = u"consumer \"%1\" still has %2 subscriptions; delete them first, or revoke its token (its "
                     u"subscriptions keep delivering)"_s.arg(name)
                         .arg(owned);
        return false;
    }
    return m_store->consumers().remove(name, error);
}

QString ConsumerAccess::refusal(const Consumer &consumer, const TypeSelector &types)
{
    if (consumer.allowedTypes.isEmpty())
        return QString();
    QStringList refused;
    for (const QString &requested : types.patterns()) {
        if (!std::any_of(consumer.allowedTypes.begin(), consumer.allowedTypes.end(),
                         [&](const QString &allowed) { return covers(allowed, requested); }))
            refused.append(requested);
    }
    if (refused.isEmpty())
        return QString();
    return u"consumer \"%1\" may subscribe to %2 only; not to %3"_s.arg(
        consumer.name, consumer.allowedTypes.join(u", "_s), refused.join(u", "_s));
}

} // namespace sluice::agent
