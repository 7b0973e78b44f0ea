#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

namespace sluice::webhooks {

// Signing per the Standard Webhooks specification: the secret is "whsec_" + base64 of the key, the
// signed content is "<webhook-id>.<webhook-timestamp>.<body>", the signature HMAC-SHA256 in base64,
// sent as "v1,<signature>", several separated by spaces while secrets are rotated.

// The key inside a "whsec_…" secret; std::nullopt, with a reason, when it is not one.
std::optional<QByteArray> secretKey(const QString &secret, QString *error);
// A new secret of 32 random bytes from the system's secure source.
QString generateSecret();
// "v1,<base64>" for one key.
QByteArray sign(const QByteArray &key, const QByteArray &id, qint64 timestamp, const QByteArray &body);
// The webhook-signature header value for every key, space separated.
QByteArray signatureHeader(const QList<QByteArray> &keys, const QByteArray &id, qint64 timestamp,
                           const QByteArray &body);

// Checks a request signed by a caller: webhook-id, webhook-timestamp (seconds, within tolerance of
// now either way) and webhook-signature, one of whose "v1," signatures must match one of the keys.
// False, with a reason a caller can act on, otherwise.
bool verify(const QList<QByteArray> &keys, const QByteArray &id, const QByteArray &timestamp,
            const QByteArray &signatures, const QByteArray &body, qint64 nowSeconds, qint64 toleranceSeconds,
            QString *why);
// Compares in time that depends only on the length, so a secret cannot be guessed byte by byte.
bool equalInConstantTime(QByteArrayView a, QByteArrayView b);

} // namespace sluice::webhooks
