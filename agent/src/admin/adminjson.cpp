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
    json.insert(u"valueBase64"_s, QString::fromLatin1(value.toBase64()));
    if (const QString text = QString::fromUtf8(value); text.toUtf8() == value)
        json.insert(u"valueText"_s, text);
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
    QJsonObject json{{u"topic"_s, r.topic},
                     {u"partition"_s, r.partition},
                     {u"offset"_s, r.offset},
                     {u"headers"_s, headersJson(r.headers)},
                     {u"size"_s, r.value.size()}};
    if (r.timestampMs >= 0)
        json.insert(u"timestamp"_s, CloudEvent::rfc3339(r.timestampMs));
    if (!r.key.isNull())
        json.insert(u"key"_s, QString::fromUtf8(r.key));
    insertBytes(json, r.value.left(kShownValueBytes));
    if (r.value.size() > kShownValueBytes)
        json.insert(u"valueTruncated"_s, true);
    return json;
}

QJsonObject quarantined(const QuarantineRecord &r, bool detail)
{
    QJsonObject json{
        {u"id"_s, r.id},         {u"topic"_s, r.topic},   {u"partition"_s, r.partition},
        {u"offset"_s, r.offset}, {u"reason"_s, r.reason}, {u"receivedAt"_s, CloudEvent::rfc3339(r.receivedAt)},
        {u"size"_s, r.size}};
    if (!r.cause.isEmpty())
        json.insert(protocol::quarantine::Cause, r.cause.toJson());
    if (!detail)
        return json;
    insertBytes(json, r.value);
    json.insert(u"headers"_s, headersJson(r.headers));
    if (r.hasKey)
        json.insert(u"key"_s, QString::fromUtf8(r.key));
    if (r.kafkaTimestamp > 0)
        json.insert(u"kafkaTimestamp"_s, CloudEvent::rfc3339(r.kafkaTimestamp));
    return json;
}

QJsonObject audit(const AuditEntry &e)
{
    return {{u"at"_s, CloudEvent::rfc3339(e.at)},
            {u"token"_s, e.token},
            {u"method"_s, e.method},
            {u"params"_s, e.params},
            {u"outcome"_s, e.outcome}};
}

QJsonObject pollFigures(const PollFigures &figures)
{
    return {{protocol::poll::Unread, figures.unread},
            {protocol::poll::OldestUnreadAt, figures.oldestUnreadAt},
            {protocol::poll::LastPollAt, figures.polledAt}};
}

} // namespace sluice::agent::adminjson
