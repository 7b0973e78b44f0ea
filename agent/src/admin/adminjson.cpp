#include "admin/adminjson.h"

#include "protocol.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::Literals::StringLiterals;

namespace sluice::agent::adminjson {

DeliveryItem delivery(const DeliverySummary &s, const DeliveryStatuses &statuses)
{
    DeliveryItem d;
    d.id = s.deliveryId;
    d.subscription = s.subscription;
    d.state = deliveryStateName(s.state);
    d.status = statuses.of(s);
    d.attempts = s.attempts;
    d.eventId = s.eventId;
    d.source = s.source;
    d.type = s.type;
    d.subject = s.subject;
    d.createdAt = s.createdAt;
    d.updatedAt = s.updatedAt;
    d.nextAttemptAt = s.state == DeliveryState::Pending ? s.nextAttemptAt : 0;
    d.lastStatus = s.lastStatus;
    d.lastError = s.lastError;
    return d;
}

DeliveryItem deliveryDetail(const DeliveryDetail &detail, const DeliveryStatuses &statuses)
{
    DeliveryItem d = delivery(detail.summary, statuses);
    d.event = QJsonDocument::fromJson(detail.event).object();
    for (const AttemptRecord &a : detail.history)
        d.history.append({a.at, a.httpStatus, a.error, a.durationMs, QString::fromUtf8(a.responseExcerpt)});
    return d;
}

namespace {

constexpr qsizetype kShownValueBytes = 64 * 1024;

// The bytes as received, so nothing is lost in showing them, and as text when they are UTF-8.
void insertBytes(QJsonObject &json, const QByteArray &value)
{
    json.insert(protocol::record::ValueBase64, QString::fromLatin1(value.toBase64()));
    if (const QString text = QString::fromUtf8(value); text.toUtf8() == value)
        json.insert(protocol::record::ValueText, text);
}

QJsonArray headersJson(const QList<std::pair<QByteArray, QByteArray>> &headers)
{
    QJsonArray out;
    for (const auto &[name, value] : headers)
        out.append(QJsonArray{QString::fromUtf8(name), QString::fromLatin1(value.toBase64())});
    return out;
}

} // namespace

QJsonObject kafkaRecord(const KafkaRecord &r)
{
    using namespace protocol::record;
    QJsonObject json{{Topic, r.topic},
                     {Partition, r.partition},
                     {Offset, r.offset},
                     {Headers, headersJson(r.headers)},
                     {Size, r.value.size()}};
    if (r.timestampMs >= 0)
        json.insert(Timestamp, CloudEvent::rfc3339(r.timestampMs));
    if (!r.key.isNull())
        json.insert(Key, QString::fromUtf8(r.key));
    insertBytes(json, r.value.left(kShownValueBytes));
    if (r.value.size() > kShownValueBytes)
        json.insert(ValueTruncated, true);
    return json;
}

QJsonObject quarantined(const QuarantineRecord &r, bool detail)
{
    namespace record = protocol::record;
    namespace message = protocol::quarantinedmessage;
    QJsonObject json{{message::Id, r.id},
                     {record::Topic, r.topic},
                     {record::Partition, r.partition},
                     {record::Offset, r.offset},
                     {message::Reason, r.reason},
                     {message::ReceivedAt, CloudEvent::rfc3339(r.receivedAt)},
                     {record::Size, r.size}};
    if (!r.cause.isEmpty())
        json.insert(protocol::quarantine::Cause, r.cause.toJson());
    if (!detail)
        return json;
    insertBytes(json, r.value);
    json.insert(record::Headers, headersJson(r.headers));
    if (r.hasKey)
        json.insert(record::Key, QString::fromUtf8(r.key));
    if (r.kafkaTimestamp > 0)
        json.insert(message::KafkaTimestamp, CloudEvent::rfc3339(r.kafkaTimestamp));
    return json;
}

QJsonObject audit(const AuditEntry &e)
{
    using namespace protocol::auditentry;
    return {{At, CloudEvent::rfc3339(e.at)},
            {Token, e.token},
            {Method, e.method},
            {Params, e.params},
            {Outcome, e.outcome}};
}

QJsonObject pollFigures(const PollFigures &figures)
{
    return {{protocol::poll::Unread, figures.unread},
            {protocol::poll::OldestUnreadAt, figures.oldestUnreadAt},
            {protocol::poll::LastPollAt, figures.polledAt}};
}

} // namespace sluice::agent::adminjson
