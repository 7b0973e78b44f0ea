#pragma once

#include "delivery/deliverystatuses.h"
#include "deliveryitem.h"
#include "queue/auditlog.h"
#include "queue/deliveryqueue.h"
#include "subscriptionhealth.h"

#include <QJsonArray>
#include <QJsonObject>

// The store's records in the admin protocol's shape (docs/protocol.md).
namespace sluice::agent::adminjson {

// With its status as of `statuses` (shared/deliveryitem.h).
DeliveryItem delivery(const DeliverySummary &summary, const DeliveryStatuses &statuses);
DeliveryItem deliveryDetail(const DeliveryDetail &detail, const DeliveryStatuses &statuses);
// In a list: without the message's bytes; detail: the bytes (base64, and as text when UTF-8),
// key and headers.
QJsonObject quarantined(const QuarantineRecord &record, bool detail);
QJsonObject audit(const AuditEntry &entry);
// A Kafka record as consumed: {topic, partition, offset, timestamp, key, headers: [[name, base64]],
// valueBase64, valueText (when UTF-8)}; a value over 64 KiB is cut there (valueTruncated).
QJsonObject kafkaRecord(const KafkaRecord &record);
// A polled subscription's reading: unread, the oldest unread's time, the last poll's.
QJsonObject pollFigures(const PollFigures &figures);

template<typename T, typename F> QJsonArray array(const QList<T> &items, F &&toJson)
{
    QJsonArray out;
    for (const T &item : items)
        out.append(toJson(item));
    return out;
}

} // namespace sluice::agent::adminjson
