#include "delivery/requestbuilder.h"

#include "delivery/httpconnection.h"
#include "webhooksignature.h"

#include <QCryptographicHash>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::Literals::StringLiterals;

namespace sluice::agent {

RequestBuilder::RequestBuilder(const Subscription &subscription, const QStringList &secrets)
    : m_endpoint(subscription.endpoint)
    , m_mode(subscription.mode)
    , m_extra(subscription.headers)
    , m_authorization(authorizationFor(subscription.auth))
    , m_shape(subscription.outgoing)
{
    for (const QString &secret : secrets) {
        if (const auto key = webhooks::secretKey(secret, nullptr))
            m_keys.append(*key);
    }
}

QByteArray RequestBuilder::authorizationFor(const EndpointAuth &auth)
{
    if (auth.kind == EndpointAuth::Kind::Basic)
        return "Basic " + (auth.username + u':' + auth.password).toUtf8().toBase64();
    if (auth.kind == EndpointAuth::Kind::Bearer)
        return "Bearer " + auth.token.toUtf8();
    return {};
}

// The event as a replay sends it: marked with the replay's job in the extension sluicereplay.
QByteArray RequestBuilder::replayed(const ClaimedDelivery &delivery)
{
    QJsonObject event = QJsonDocument::fromJson(delivery.payload).object();
    event.insert(kReplayExtension, delivery.replay);
    return QJsonDocument(event).toJson(QJsonDocument::Compact);
}

QByteArray RequestBuilder::batchId(const QList<ClaimedDelivery> &deliveries)
{
    if (deliveries.size() == 1)
        return deliveries.first().deliveryId.toLatin1();
    QCryptographicHash hash(QCryptographicHash::Sha256);
    for (const ClaimedDelivery &d : deliveries)
        hash.addData(d.deliveryId.toLatin1());
    return "bat_" + hash.result().toHex().left(32);
}

std::optional<OutgoingRequest> RequestBuilder::build(const QList<ClaimedDelivery> &deliveries, int attempt, qint64 at,
                                                     QString *error) const
{
    if (deliveries.isEmpty()) {
        if (error)
            *error = u"nothing to send"_s;
        return std::nullopt;
    }
    QList<QByteArray> payloads;
    payloads.reserve(deliveries.size());
    for (const ClaimedDelivery &d : deliveries) {
        std::optional<QByteArray> shaped = m_shape.apply(d.replay.isEmpty() ? d.payload : replayed(d), error);
        if (!shaped)
            return std::nullopt;
        payloads.append(std::move(*shaped));
    }
    const std::optional<HttpMessage> message =
        m_mode == DeliveryMode::Batch ? encodeBatch(payloads) : encodeHttp(m_mode, payloads.first(), error);
    if (!message)
        return std::nullopt;
    OutgoingRequest request;
    request.id = batchId(deliveries);
    request.headers = headers(*message, request.id, attempt, at);
    request.body = std::move(message->body);
    request.bytes = HttpConnection::buildRequest(m_endpoint, request.headers, request.body);
    if (request.bytes.isEmpty()) {
        if (error)
            *error = u"a header name or value holds a line break or another control character; not sent"_s;
        return std::nullopt;
    }
    return request;
}

HttpHeaders RequestBuilder::headers(const HttpMessage &message, const QByteArray &id, int attempt, qint64 at) const
{
    HttpHeaders headers = message.headers;
    const qint64 timestamp = at / 1000;
    headers.append({QByteArrayLiteral("user-agent"), QByteArrayLiteral("Sluice/" SLUICE_VERSION)});
    headers.append({QByteArrayLiteral("webhook-id"), id});
    headers.append({QByteArrayLiteral("webhook-timestamp"), QByteArray::number(timestamp)});
    if (!m_keys.isEmpty())
        headers.append(
            {QByteArrayLiteral("webhook-signature"), webhooks::signatureHeader(m_keys, id, timestamp, message.body)});
    headers.append({QByteArrayLiteral("sluice-attempt"), QByteArray::number(attempt)});
    if (!m_authorization.isEmpty())
        headers.append({QByteArrayLiteral("authorization"), m_authorization});
    headers.append(m_extra);
    return headers;
}

HttpHeaders RequestBuilder::masked(const HttpHeaders &headers) const
{
    HttpHeaders shown;
    shown.reserve(headers.size());
    for (const auto &header : headers) {
        const QByteArray &name = header.first; // not a structured binding: clang 14 cannot capture one
        const bool secret = name == "authorization" || std::any_of(m_extra.begin(), m_extra.end(), [&](const auto &h) {
                                return h.first.compare(name, Qt::CaseInsensitive) == 0;
                            });
        shown.append({name, secret ? QByteArrayLiteral("***") : header.second});
    }
    return shown;
}

} // namespace sluice::agent
