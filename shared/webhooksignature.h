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

} // namespace sluice::webhooks
