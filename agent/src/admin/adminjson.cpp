#include "admin/adminjson.h"

#include "protocol.h"
#include "shownrecord.h"

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

} // namespace

QJsonObject kafkaRecord(const KafkaRecord &r)
{
    ShownRecord shown;
    shown.topic = r.topic;
    shown.partition = r.partition;
    shown.offset = r.offset;
    if (r.timestampMs >= 0)
        shown.timestamp = CloudEvent::rfc3339(r.timestampMs);
    if (!r.key.isNull())
        shown.key = r.key;
    shown.headers = r.headers;
    shown.size = r.value.size();
    shown.value = r.value.left(kShownValueBytes);
    shown.valueTruncated = r.value.size() > kShownValueBytes;
    return shown.toJson();
}

QJsonObject quarantined(const QuarantineRecord &r, bool detail)
{
    QuarantinedMessage m;
    m.id = r.id;
    m.reason = r.reason;
    m.cause = r.cause;
    m.receivedAt = CloudEvent::rfc3339(r.receivedAt);
    m.detail = detail;
    m.record.topic = r.topic;
    m.record.partition = r.partition;
    m.record.offset = r.offset;
    m.record.size = r.size;
    if (detail) {
        m.record.value = r.value;
        m.record.headers = r.headers;
        if (r.hasKey)
            m.record.key = r.key;
        if (r.kafkaTimestamp > 0)
            m.record.timestamp = CloudEvent::rfc3339(r.kafkaTimestamp);
    }
    return m.toJson();
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
