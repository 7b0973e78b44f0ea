#include "deliveryitem.h"

#include "cloudevent.h"

#include <QDateTime>

using namespace Qt::Literals::StringLiterals;

namespace sluice {

namespace {

namespace key {
const QString Id = u"id"_s;
const QString Subscription = u"subscription"_s;
const QString State = u"state"_s;
const QString Status = u"status"_s;
const QString Attempts = u"attempts"_s;
const QString EventId = u"eventId"_s;
const QString Source = u"source"_s;
const QString Type = u"type"_s;
const QString Subject = u"subject"_s;
const QString CreatedAt = u"createdAt"_s;
const QString UpdatedAt = u"updatedAt"_s;
const QString NextAttemptAt = u"nextAttemptAt"_s;
const QString LastStatus = u"lastStatus"_s;
const QString LastError = u"lastError"_s;
const QString Event = u"event"_s;
const QString History = u"history"_s;
const QString At = u"at"_s;
const QString HttpStatus = u"httpStatus"_s;
const QString Error = u"error"_s;
const QString DurationMs = u"durationMs"_s;
const QString ResponseExcerpt = u"responseExcerpt"_s;
} // namespace key

qint64 timeOf(const QJsonValue &value)
{
    return QDateTime::fromString(value.toString(), Qt::ISODateWithMs).toMSecsSinceEpoch();
}

void insertIf(QJsonObject &json, bool condition, const QString &key, const QJsonValue &value)
{
    if (condition)
        json.insert(key, value);
}

} // namespace

QJsonObject DeliveryAttempt::toJson() const
{
    QJsonObject json{{key::At, CloudEvent::rfc3339(at)}, {key::DurationMs, durationMs}};
    insertIf(json, httpStatus > 0, key::HttpStatus, httpStatus);
    insertIf(json, !error.isEmpty(), key::Error, error);
    insertIf(json, !responseExcerpt.isEmpty(), key::ResponseExcerpt, responseExcerpt);
    return json;
}

DeliveryAttempt DeliveryAttempt::fromJson(const QJsonObject &json)
{
    return {timeOf(json.value(key::At)), json.value(key::HttpStatus).toInt(), json.value(key::Error).toString(),
            json.value(key::DurationMs).toInt(), json.value(key::ResponseExcerpt).toString()};
}

QJsonObject DeliveryItem::toJson() const
{
    QJsonObject json{
        {key::Id, id},
        {key::Subscription, subscription},
        {key::State, state},
        {key::Status, status.toJson()},
        {key::Attempts, attempts},
        {key::EventId, eventId},
        {key::Source, source},
        {key::Type, type},
        {key::CreatedAt, CloudEvent::rfc3339(createdAt)},
        {key::UpdatedAt, CloudEvent::rfc3339(updatedAt)},
    };
    insertIf(json, !subject.isEmpty(), key::Subject, subject);
    insertIf(json, lastStatus > 0, key::LastStatus, lastStatus);
    insertIf(json, !lastError.isEmpty(), key::LastError, lastError);
    insertIf(json, nextAttemptAt > 0, key::NextAttemptAt, CloudEvent::rfc3339(nextAttemptAt));
    insertIf(json, !event.isEmpty(), key::Event, event);
    if (!history.isEmpty() || !event.isEmpty()) {
        QJsonArray attempts;
        for (const DeliveryAttempt &attempt : history)
            attempts.append(attempt.toJson());
        json.insert(key::History, attempts);
    }
    return json;
}

DeliveryItem DeliveryItem::fromJson(const QJsonObject &json)
{
    DeliveryItem d;
    d.id = json.value(key::Id).toString();
    d.subscription = json.value(key::Subscription).toString();
    d.state = json.value(key::State).toString();
    d.status = DeliveryStatus::fromJson(json.value(key::Status).toObject());
    d.attempts = json.value(key::Attempts).toInt();
    d.eventId = json.value(key::EventId).toString();
    d.source = json.value(key::Source).toString();
    d.type = json.value(key::Type).toString();
    d.subject = json.value(key::Subject).toString();
    d.createdAt = timeOf(json.value(key::CreatedAt));
    d.updatedAt = timeOf(json.value(key::UpdatedAt));
    d.nextAttemptAt = json.contains(key::NextAttemptAt) ? timeOf(json.value(key::NextAttemptAt)) : 0;
    d.lastStatus = json.value(key::LastStatus).toInt();
    d.lastError = json.value(key::LastError).toString();
    d.event = json.value(key::Event).toObject();
    for (const QJsonValue &attempt : json.value(key::History).toArray())
        d.history.append(DeliveryAttempt::fromJson(attempt.toObject()));
    return d;
}

QList<DeliveryItem> DeliveryItem::listFromJson(const QJsonArray &array)
{
    QList<DeliveryItem> list;
    list.reserve(array.size());
    for (const QJsonValue &value : array)
        list.append(fromJson(value.toObject()));
    return list;
}

} // namespace sluice
