#include "admin/adminjson.h"

#include "protocol.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::Literals::StringLiterals;

namespace sluice::agent::adminjson {

QJsonObject delivery(const DeliverySummary &s)
{
    QJsonObject json{
        {u"id"_s, s.deliveryId},
        {u"subscription"_s, s.subscription},
        {u"state"_s, deliveryStateName(s.state)},
        {u"attempts"_s, s.attempts},
        {u"eventId"_s, s.eventId},
        {u"source"_s, s.source},
        {u"type"_s, s.type},
        {u"createdAt"_s, CloudEvent::rfc3339(s.createdAt)},
        {u"updatedAt"_s, CloudEvent::rfc3339(s.updatedAt)},
    };
    if (!s.subject.isEmpty())
        json.insert(u"subject"_s, s.subject);
    if (s.lastStatus > 0)
        json.insert(u"lastStatus"_s, s.lastStatus);
    if (!s.lastError.isEmpty())
        json.insert(u"lastError"_s, s.lastError);
    if (s.state == DeliveryState::Pending)
        json.insert(u"nextAttemptAt"_s, CloudEvent::rfc3339(s.nextAttemptAt));
    return json;
}

QJsonObject deliveryDetail(const DeliveryDetail &detail)
{
    QJsonObject json = delivery(detail.summary);
    json.insert(u"event"_s, QJsonDocument::fromJson(detail.event).object());
    QJsonArray history;
    for (const AttemptRecord &a : detail.history) {
        QJsonObject attempt{{u"at"_s, CloudEvent::rfc3339(a.at)}, {u"durationMs"_s, a.durationMs}};
        if (a.httpStatus > 0)
            attempt.insert(u"httpStatus"_s, a.httpStatus);
        if (!a.error.isEmpty())
            attempt.insert(u"error"_s, a.error);
        if (!a.responseExcerpt.isEmpty())
            attempt.insert(u"responseExcerpt"_s, QString::fromUtf8(a.responseExcerpt));
        history.append(attempt);
    }
    json.insert(u"history"_s, history);
    return json;
}

QJsonObject quarantined(const QuarantineRecord &r, bool detail)
{
    QJsonObject json{
        {u"id"_s, r.id},         {u"topic"_s, r.topic},   {u"partition"_s, r.partition},
        {u"offset"_s, r.offset}, {u"reason"_s, r.reason}, {u"receivedAt"_s, CloudEvent::rfc3339(r.receivedAt)},
        {u"size"_s, r.size}};
    if (!detail)
        return json;
    // The bytes as received, so nothing is lost in showing them.
    json.insert(u"valueBase64"_s, QString::fromLatin1(r.value.toBase64()));
    QJsonArray headers;
    for (const auto &[name, value] : r.headers)
        headers.append(QJsonArray{QString::fromUtf8(name), QString::fromLatin1(value.toBase64())});
    json.insert(u"headers"_s, headers);
    if (const QString text = QString::fromUtf8(r.value); text.toUtf8() == r.value)
        json.insert(u"valueText"_s, text);
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
