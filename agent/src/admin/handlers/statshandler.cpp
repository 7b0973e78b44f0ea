#include "admin/handlers/statshandler.h"
#include "admin/adminjson.h"

#include "agent.h"
#include "ingest/ingest.h"
#include "protocol.h"
#include "queue/store.h"
#include "subscriptions/subscriptionregistry.h"

#include <QCoreApplication>

using namespace Qt::Literals::StringLiterals;
using namespace sluice::protocol;

namespace sluice::agent {

StatsHandler::StatsHandler(Agent *agent, QObject *parent)
    : AdminHandler(agent, parent)
{
    m_tick.setInterval(1000);
    connect(&m_tick, &QTimer::timeout, this, &StatsHandler::tick);
}

StatsHandler::~StatsHandler() = default;

void StatsHandler::start()
{
    m_uptime.start();
    m_tick.start();
}

QList<AdminMethod> StatsHandler::methods()
{
    return {
        {method::StatsGet, false, {}, [this](AdminCall &) -> QJsonValue { return stats().toJson(); }},
        {method::StatsSubscribe,
         false,
         {},
         [this](AdminCall &call) -> QJsonValue {
             m_subscribed.insert(call.session);
             return QJsonObject{{stream::IntervalMs, m_tick.interval()}};
         }},
        {method::StatsUnsubscribe,
         false,
         {},
         [this](AdminCall &call) -> QJsonValue {
             m_subscribed.remove(call.session);
             return QJsonObject{};
         }},
    };
}

void StatsHandler::tick()
{
    const AgentStats now = m_agent->stats();
    if (m_previous) {
        const AgentStats &p = *m_previous;
        m_rates = {qint64(now.consumed - p.consumed),       qint64(now.matched - p.matched),
                   qint64(now.delivered - p.delivered),     qint64((now.retried + now.dead) - (p.retried + p.dead)),
                   qint64(now.quarantined - p.quarantined), qint64(now.duplicates - p.duplicates)};
    }
    m_previous = std::make_unique<AgentStats>(now);
    for (const EndpointStatus &e : m_agent->endpoints()) {
        const auto before = m_previousBySubscription.value(e.name, {e.delivered, e.failedAttempts});
        m_subscriptionRates.insert(e.name,
                                   {qint64(e.delivered - before.first), qint64(e.failedAttempts - before.second)});
        m_previousBySubscription.insert(e.name, {e.delivered, e.failedAttempts});
    }
    if (m_subscribed.isEmpty())
        return;
    const QJsonObject message = notify(notification::Stats, stats().toJson());
    for (const quint64 session : std::as_const(m_subscribed))
        emit sendTo(session, message);
}

StatsSnapshot StatsHandler::stats() const
{
    const AgentStats s = m_agent->stats();
    DeliveryQueue &queue = m_agent->store().queue();
    const auto bySubscription = queue.countsBySubscription();
    const QHash<QString, Hold> holds = m_agent->holds();
    const QHash<QString, SubscriptionHealth> health = m_agent->healthSummaries();
    StatsSnapshot stats;
    stats.version = QCoreApplication::applicationVersion();
    stats.uptimeSeconds = m_uptime.isValid() ? m_uptime.elapsed() / 1000 : 0;
    stats.totals = {qint64(s.consumed),
                    qint64(s.filteredOut),
                    qint64(s.matched),
                    qint64(s.quarantined),
                    qint64(s.duplicates),
                    qint64(s.deliveriesCreated),
                    qint64(s.attempts),
                    qint64(s.delivered),
                    qint64(s.retried),
                    qint64(s.dead),
                    s.inFlight};
    stats.perSecond = m_rates;
    const auto byState = queue.countByState();
    for (auto it = byState.begin(); it != byState.end(); ++it)
        stats.queue.insert(it.key(), it.value());
    for (const EndpointStatus &e : m_agent->endpoints()) {
        const auto c = bySubscription.value(e.name);
        StatsSnapshot::Subscription sub;
        sub.name = e.name;
        sub.state = endpointStateName(e.state);
        sub.waiting = c.value(stats::Pending) + c.value(stats::Sending);
        sub.delivered = c.value(stats::Delivered);
        sub.dead = c.value(stats::Dead);
        sub.deliveredLastHour = c.value(u"deliveredLastHour"_s);
        sub.deadLastHour = c.value(u"deadLastHour"_s);
        sub.breakerOpen = e.breakerOpen;
        std::tie(sub.deliveredPerSecond, sub.failedPerSecond) = m_subscriptionRates.value(e.name);
        if (const Subscription *found = m_agent->subscriptions().find(e.name); found && found->polled())
            sub.poll = adminjson::pollFigures(queue.pollFigures(e.name));
        if (const auto held = holds.constFind(e.name); held != holds.cend())
            sub.held = held->status;
        if (const auto h = health.constFind(e.name); h != health.cend())
            sub.health = *h;
        stats.subscriptions.append(std::move(sub));
    }
    for (const PartitionLag &l : m_agent->consumerLag())
        stats.lag.append({l.topic, l.partition, l.lag});
    stats.assignedPartitions = m_agent->assignedPartitions();
    stats.storeBytes = m_agent->store().sizeBytes();
    return stats;
}

} // namespace sluice::agent
