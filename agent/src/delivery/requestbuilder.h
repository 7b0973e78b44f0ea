#pragma once

#include "delivery/httpbinding.h"
#include "queue/store.h"
#include "subscription.h"

#include <QByteArray>
#include <QList>

#include <optional>

namespace sluice::agent {

using HttpHeaders = QList<std::pair<QByteArray, QByteArray>>;

// One request, ready to go.
struct OutgoingRequest {
    QByteArray id; // webhook-id: the delivery's id, or for a batch one derived from its deliveries'
    HttpHeaders headers;
    QByteArray body;
    QByteArray bytes; // request line, headers and body, for HttpConnection::send
};

// Turns deliveries into the HTTP request their subscription asks for: encoded per the CloudEvents
// HTTP binding (structured, binary or batch) in the subscription's outgoing shape, signed per Standard Webhooks with
// every active key, authenticated (Basic or Bearer) and with the subscription's own headers. Pure.
class RequestBuilder {
public:
    RequestBuilder() = default;
    RequestBuilder(const Subscription &subscription, const QStringList &secrets);

    // The same deliveries make the same request id, as webhook-id asks of retries. attempt is the
    // number of this attempt (the sluice-attempt header). Empty, with the reason, if the event
    // cannot be encoded.
    std::optional<OutgoingRequest> build(const QList<ClaimedDelivery> &deliveries, int attempt, qint64 at,
                                         QString *error) const;
    // The headers of one request: the binding's, then ours, then the subscription's.
    HttpHeaders headers(const HttpMessage &message, const QByteArray &id, int attempt, qint64 at) const;
    // What a person may see of the headers: credentials and the subscription's own headers masked.
    HttpHeaders masked(const HttpHeaders &headers) const;

    const QByteArray &authorization() const { return m_authorization; }
    int keyCount() const { return int(m_keys.size()); }

    static QByteArray authorizationFor(const EndpointAuth &auth);
    static QByteArray batchId(const QList<ClaimedDelivery> &deliveries);
    // A replayed event carries its replay job's id in this extension attribute.
    static inline const QString kReplayExtension = QStringLiteral("sluicereplay");
    static QByteArray replayed(const ClaimedDelivery &delivery);

private:
    QUrl m_endpoint;
    DeliveryMode m_mode = DeliveryMode::Structured;
    HttpHeaders m_extra;
    QList<QByteArray> m_keys;
    QByteArray m_authorization;
    OutgoingShape m_shape;
};

} // namespace sluice::agent
