#include "webhooksignature.h"

#include <QMessageAuthenticationCode>
#include <QRandomGenerator>

#include <cstdlib>

using namespace Qt::Literals::StringLiterals;

namespace sluice::webhooks {

namespace {

constexpr QLatin1StringView kPrefix("whsec_");
constexpr int kMinKeyBytes = 24;
constexpr int kMaxKeyBytes = 64;

} // namespace

std::optional<QByteArray> secretKey(const QString &secret, QString *error)
{
    auto fail = [&](const QString &message) -> std::optional<QByteArray> {
        if (error)
            *error = message;
        return std::nullopt;
    };
    if (!secret.startsWith(kPrefix))
        return fail(u"a signing secret starts with \"whsec_\" followed by base64 (leave it out and the agent "
                    u"generates one)"_s);
    const auto decoded =
        QByteArray::fromBase64Encoding(secret.mid(kPrefix.size()).toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return fail(u"the part of a signing secret after \"whsec_\" is not valid base64"_s);
    if (decoded.decoded.size() < kMinKeyBytes || decoded.decoded.size() > kMaxKeyBytes)
        return fail(u"a signing secret holds %1 to %2 bytes of key; this one holds %3"_s.arg(kMinKeyBytes)
                        .arg(kMaxKeyBytes)
                        .arg(decoded.decoded.size()));
    return decoded.decoded;
}

QString generateSecret()
{
    QByteArray key(32, Qt::Uninitialized);
    // QRandomGenerator::system() reads the operating system's cryptographically secure source.
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(key.data()), key.size() / 4);
    return kPrefix + QString::fromLatin1(key.toBase64());
}

QByteArray sign(const QByteArray &key, const QByteArray &id, qint64 timestamp, const QByteArray &body)
{
    QMessageAuthenticationCode mac(QCryptographicHash::Sha256, key);
    mac.addData(id);
    mac.addData(".");
    mac.addData(QByteArray::number(timestamp));
    mac.addData(".");
    mac.addData(body);
    return "v1," + mac.result().toBase64();
}

QByteArray signatureHeader(const QList<QByteArray> &keys, const QByteArray &id, qint64 timestamp,
                           const QByteArray &body)
{
    QByteArray header;
    for (const QByteArray &key : keys) {
        if (!header.isEmpty())
            header += ' ';
        header += sign(key, id, timestamp, body);
    }
    return header;
}

bool equalInConstantTime(QByteArrayView a, QByteArrayView b)
{
    if (a.size() != b.size())
        return false;
    unsigned char difference = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        difference |= static_cast<unsigned char>(a[i] ^ b[i]);
    return difference == 0;
}

bool verify(const QList<QByteArray> &keys, const QByteArray &id, const QByteArray &timestamp,
            const QByteArray &signatures, const QByteArray &body, qint64 nowSeconds, qint64 toleranceSeconds,
            QString *why)
{
    auto fail = [why](const QString &reason) {
        if (why)
            *why = reason;
        return false;
    };
    if (id.isEmpty() || timestamp.isEmpty() || signatures.isEmpty())
        return fail(u"sign the request the Standard Webhooks way: webhook-id, webhook-timestamp and "
                    u"webhook-signature headers"_s);
    bool ok = false;
    const qint64 seconds = timestamp.toLongLong(&ok);
    if (!ok)
        return fail(u"webhook-timestamp is not a whole number of seconds since 1970"_s);
    if (std::abs(nowSeconds - seconds) > toleranceSeconds)
        return fail(u"webhook-timestamp is %1 s from this server's clock, more than the %2 s allowed (a replayed "
                    u"request, or a clock that is wrong)"_s.arg(nowSeconds - seconds).arg(toleranceSeconds));
    for (const QByteArray &key : keys) {
        const QByteArray expected = sign(key, id, seconds, body);
        for (const QByteArray &given : signatures.split(' ')) {
            if (equalInConstantTime(given.trimmed(), expected))
                return true;
        }
    }
    return fail(u"no signature in webhook-signature matches: the secret, or the signed content "
                u"(webhook-id.webhook-timestamp.body, the body byte for byte), differs"_s);
}

} // namespace sluice::webhooks
