#include "statssnapshot.h"

#include "protocol.h"
#include "subscriptionstatus.h"

#include <QJsonArray>

namespace sluice {

namespace key = protocol::stats;

namespace {

QJsonObject totalsJson(const StatsSnapshot::Totals &t)
{
    return {{key::Consumed, t.consumed},     {key::FilteredOut, t.filteredOut},
            {key::Matched, t.matched},       {key::Quarantined, t.quarantined},
            {key::Duplicates, t.duplicates}, {key::DeliveriesCreated, t.deliveriesCreated},
            {key::Attempts, t.attempts},     {key::Delivered, t.delivered},
            {key::Retried, t.retried},       {key::Dead, t.dead},
            {key::InFlight, t.inFlight}};
}

StatsSnapshot::Totals totalsOf(const QJsonObject &j)
{
    return {j.value(key::Consumed).toInteger(),   j.value(key::FilteredOut).toInteger(),
            j.value(key::Matched).toInteger(),    j.value(key::Quarantined).toInteger(),
            j.value(key::Duplicates).toInteger(), j.value(key::DeliveriesCreated).toInteger(),
            j.value(key::Attempts).toInteger(),   j.value(key::Delivered).toInteger(),
            j.value(key::Retried).toInteger(),    j.value(key::Dead).toInteger(),
            j.value(key::InFlight).toInteger()};
}

QJsonObject ratesJson(const StatsSnapshot::Rates &r)
{
    return {{key::In, r.in},         {key::Matched, r.matched},         {key::Delivered, r.delivered},
            {key::Failed, r.failed}, {key::Quarantined, r.quarantined}, {key::Duplicates, r.duplicates}};
}

StatsSnapshot::Rates ratesOf(const QJsonObject &j)
{
    return {j.value(key::In).toInteger(),          j.value(key::Matched).toInteger(),
            j.value(key::Delivered).toInteger(),   j.value(key::Failed).toInteger(),
            j.value(key::Quarantined).toInteger(), j.value(key::Duplicates).toInteger()};
}

QJsonObject subscriptionJson(const StatsSnapshot::Subscription &s)
{
    QJsonObject json{
        {key::Name, s.name},
        {key::State, s.state},
        {key::Waiting, s.waiting},
        {key::Delivered, s.delivered},
        {key::Dead, s.dead},
        {key::LastHour, QJsonObject{{key::Delivered, s.deliveredLastHour}, {key::Dead, s.deadLastHour}}},
        {key::BreakerOpen, s.breakerOpen},
        {key::PerSecond, QJsonObject{{key::Delivered, s.deliveredPerSecond}, {key::Failed, s.failedPerSecond}}}};
    insertStanding(json, s.poll, s.held, s.health);
    return json;
}

StatsSnapshot::Subscription subscriptionOf(const QJsonObject &j)
{
    StatsSnapshot::Subscription s;
    s.name = j.value(key::Name).toString();
    s.state = j.value(key::State).toString();
    s.waiting = j.value(key::Waiting).toInteger();
    s.delivered = j.value(key::Delivered).toInteger();
    s.dead = j.value(key::Dead).toInteger();
    const QJsonObject lastHour = j.value(key::LastHour).toObject();
    s.deliveredLastHour = lastHour.value(key::Delivered).toInteger();
    s.deadLastHour = lastHour.value(key::Dead).toInteger();
    s.breakerOpen = j.value(key::BreakerOpen).toBool();
    const QJsonObject perSecond = j.value(key::PerSecond).toObject();
    s.deliveredPerSecond = perSecond.value(key::Delivered).toInteger();
    s.failedPerSecond = perSecond.value(key::Failed).toInteger();
    readStanding(j, &s.poll, &s.held, &s.health);
    return s;
}

} // namespace

qint64 StatsSnapshot::waiting() const
{
    return queue.value(key::Pending) + queue.value(key::Sending);
}

qint64 StatsSnapshot::totalLag() const
{
    qint64 total = 0;
    for (const Lag &l : lag)
        total += std::max<qint64>(0, l.lag);
    return total;
}

QJsonObject StatsSnapshot::toJson() const
{
    QJsonObject queueJson;
    for (auto it = queue.cbegin(); it != queue.cend(); ++it)
        queueJson.insert(it.key(), it.value());
    QJsonArray subscriptionsJson;
    for (const Subscription &s : subscriptions)
        subscriptionsJson.append(subscriptionJson(s));
    QJsonArray lagJson;
    for (const Lag &l : lag)
        lagJson.append(QJsonObject{{key::Topic, l.topic}, {key::Partition, l.partition}, {key::Lag, l.lag}});
    return {
        {key::Agent, QJsonObject{{key::Version, version}, {key::UptimeSeconds, uptimeSeconds}}},
        {key::Totals, totalsJson(totals)},
        {key::PerSecond, ratesJson(perSecond)},
        {key::Queue, queueJson},
        {key::Subscriptions, subscriptionsJson},
        {key::Consumer, QJsonObject{{key::AssignedPartitions, assignedPartitions}, {key::Lag, lagJson}}},
        {key::Store, QJsonObject{{key::SizeBytes, storeBytes}}},
    };
}

StatsSnapshot StatsSnapshot::fromJson(const QJsonObject &json)
{
    StatsSnapshot s;
    const QJsonObject agent = json.value(key::Agent).toObject();
    s.version = agent.value(key::Version).toString();
    s.uptimeSeconds = agent.value(key::UptimeSeconds).toInteger();
    s.totals = totalsOf(json.value(key::Totals).toObject());
    s.perSecond = ratesOf(json.value(key::PerSecond).toObject());
    const QJsonObject queue = json.value(key::Queue).toObject();
    for (auto it = queue.constBegin(); it != queue.constEnd(); ++it)
        s.queue.insert(it.key(), it.value().toInteger());
    for (const QJsonValue &value : json.value(key::Subscriptions).toArray())
        s.subscriptions.append(subscriptionOf(value.toObject()));
    const QJsonObject consumer = json.value(key::Consumer).toObject();
    s.assignedPartitions = consumer.value(key::AssignedPartitions).toInt();
    for (const QJsonValue &value : consumer.value(key::Lag).toArray()) {
        const QJsonObject l = value.toObject();
        s.lag.append({l.value(key::Topic).toString(), l.value(key::Partition).toInt(), l.value(key::Lag).toInteger()});
    }
    s.storeBytes = json.value(key::Store).toObject().value(key::SizeBytes).toInteger();
    return s;
}

} // namespace sluice
