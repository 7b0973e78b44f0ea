#pragma once

#include "cloudevent.h"
#include "subscription.h"

#include <QByteArray>
#include <QList>

namespace sluice::agent {

// An HTTP request body and headers per the CloudEvents HTTP protocol binding.
struct HttpMessage {
    QList<std::pair<QByteArray, QByteArray>> headers;
    QByteArray body;
};

// structuredPayload is the event already serialised in structured mode, as the store keeps it.
std::optional<HttpMessage> encodeHttp(DeliveryMode mode, const QByteArray &structuredPayload, QString *error);

// The events in one request of the JSON batch format (application/cloudevents-batch+json).
HttpMessage encodeBatch(const QList<QByteArray> &structuredPayloads);

// Percent-encodes a header value as the HTTP binding requires (non-printable ASCII, '"' and '%').
QByteArray encodeHeaderValue(const QString &value);

} // namespace sluice::agent
