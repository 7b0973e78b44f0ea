#include "agent.h"

#include "admin/adminserver.h"
#include "delivery/dispatcher.h"
#include "delivery/egress.h"
#include "demo/demotraffic.h"
#include "ingest/ingest.h"
#include "ingest/kafka.h"
#include "ingest/lifecycle.h"
#include "ingest/router.h"
#include "queue/store.h"
#include "register/register.h"
#include "register/registerfeed.h"
#include "service/agenthttp.h"
#include "subscriptions/subscriptionregistry.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QLoggingCategory>

using namespace Qt::Literals::StringLiterals;

Q_LOGGING_CATEGORY(lcAgent, "sluice.agent")

namespace sluice::agent {

Agent::Agent(AgentConfig config, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_brokers(m_config.kafka.brokers)
    , m_recent(m_config.store.recentEvents, m_config.decoding)
{
    m_purgeTimer.setInterval(std::chrono::minutes(10));
    connect(&m_purgeTimer, &QTimer::timeout, this, &Agent::purge);
    m_registerFlush.setInterval(std::chrono::seconds(1));
    connect(&m_registerFlush, &QTimer::timeout, this, &Agent::flushRegister);
    m_sharedLook.setInterval(std::chrono::seconds(1));
    connect(&m_sharedLook, &QTimer::timeout, this, &Agent::lookAtSharedStore);
}

Agent::~Agent()
{
    // Order matters: producers and consumers go before the cluster they talk to.
    m_demo.reset();
    m_admin.reset();
    m_http.reset();
    m_registerFeed.reset();
    m_ingest.reset();
    m_dispatcher.reset();
    m_lifecycle.reset();
    m_subscriptions.reset();
    m_router.reset();
    m_store.reset();
    m_cluster.reset();
}

bool Agent::start(QString *error)
{
    // Qt Sql connection names are process-wide; several agents may live in one process (tests).
    m_store = std::make_unique<Store>(u"main-%1"_s.arg(quintptr(this), 0, 16));
    // Only the ingest connection's commits guard against loss (an offset is committed after them).
    // This connection records outcomes: losing its last commits to a power cut means
    // deliveries are sent again, never lost, so it does not wait for fsync.
    if (!m_store->open(m_config.store, false, error))
        return false;
    m_store->queue().setLease(m_config.delivery.lease);
    // Claims are leases (in memory with SQLite, in the rows with PostgreSQL): whatever the last run
    // had claimed and not settled is waiting again, at once or when its lease runs out (sent again,
    // same webhook-id); nothing to recover.

    m_register = std::make_unique<EventRegister>(m_config.eventRegister);
    if (!m_register->load(*m_store, error))
        return false;
    if (!startSubscriptions(error))
        return false;

    if (m_brokers.isEmpty()) {
        m_cluster = EmbeddedCluster::start(1, error);
        if (!m_cluster)
            return false;
        for (const QString &topic : std::as_const(m_config.kafka.embeddedTopics)) {
            if (!m_cluster->createTopic(topic, m_config.kafka.embeddedPartitions, error))
                return false;
        }
        // One partition keeps every definition in the order it was published.
        if (!m_config.eventRegister.topic.isEmpty() && !m_cluster->createTopic(m_config.eventRegister.topic, 1, error))
            return false;
        m_brokers = m_cluster->bootstraps();
        qCInfo(lcAgent).noquote() << "no brokers configured: started the embedded Kafka cluster at" << m_brokers
                                  << "(try: kcat -b" << m_brokers << "-L)";
    }

    m_dispatcher = std::make_unique<Dispatcher>(m_store.get(), m_subscriptions.get(), m_config.delivery);
    // A checkpoint subscription ends itself after its first successful delivery. Queued: the
    // dispatcher reports it from inside the connection's callback, and removing the subscription
    // retires that connection.
    connect(
        m_dispatcher.get(), &Dispatcher::checkpointReached, this,
        [this](const QString &name) {
            QString why;
            if (m_subscriptions &&
                !m_subscriptions->remove(name, &why,
                                         u"ended after its first successful delivery (until: first-delivery)"_s))
                qCInfo(lcAgent).noquote() << "subscription" << name << "reached its checkpoint; not removed:" << why;
        },
        Qt::QueuedConnection);
    m_dispatcher->setSubscriptions(m_subscriptions->all());
    // A store shared with other agents: their new work and their subscription changes, at once.
    m_store->listen(m_dispatcher.get(), [this](Store::Announcement what, const QString &payload) {
        if (what == Store::Announcement::Work) {
            m_dispatcher->wake();
            Q_EMIT workStored();
        } else if (what == Store::Announcement::Subscriptions)
            m_subscriptions->pollStore();
        else
            adoptRegisterEntry(payload);
    });
    connect(m_dispatcher.get(), &Dispatcher::stopped, this, [this] {
        flushRegister();
        m_subscriptions->closeStore();
        m_lifecycle.reset();
        m_store.reset();
        qCInfo(lcAgent) << "stopped";
        Q_EMIT stopped();
    });

    if (!m_config.eventRegister.topic.isEmpty()) {
        m_registerFeed = std::make_unique<RegisterFeed>(m_register.get(), m_config, m_brokers);
        if (!m_registerFeed->start(error))
            return false;
    }
    m_ingest = std::make_unique<Ingest>(m_config, m_brokers, &m_recent, m_router.get());
    connect(m_ingest.get(), &Ingest::stored, m_dispatcher.get(), &Dispatcher::wake);
    connect(m_ingest.get(), &Ingest::stored, this, &Agent::workStored);
    connect(m_ingest.get(), &Ingest::storeFailing, this, &Agent::storeFailed);
    if (!m_ingest->start(error))
        return false;

    if (m_config.demo.enabled) {
        m_demo = std::make_unique<DemoTraffic>(m_brokers, m_config.demo.eventsPerSecond, m_config.eventRegister.topic);
        if (!m_demo->start(error))
            return false;
    }
    if (!m_config.http.listen.isEmpty()) {
        m_http = std::make_unique<AgentHttp>(this, QCoreApplication::applicationVersion());
        if (!m_http->listen(m_config.http.listen, error))
            return false;
    }
    if (!m_config.admin.listen.isEmpty()) {
        m_admin = std::make_unique<AdminServer>(this, m_config.admin);
        bool created = false;
        if (!m_admin->start(error, &created))
            return false;
        if (created)
            qCInfo(lcAgent).noquote() << "admin tokens \"admin\" and \"viewer\" were generated; show one with:"
                                      << "sluice-agent --config FILE token show admin";
    }
    purge();
    m_purgeTimer.start();
    m_registerFlush.start();
    if (m_store->shared()) {
        lookAtSharedStore();
        m_sharedLook.start();
    }
    return true;
}

void Agent::stop()
{
    if (m_stopping)
        return;
    m_stopping = true;
    qCInfo(lcAgent) << "stopping: no new events are consumed; finishing deliveries in flight";
    Q_EMIT stopping();
    m_purgeTimer.stop();
    m_registerFlush.stop();
    m_sharedLook.stop();
    m_http.reset();
    m_admin.reset();
    if (m_registerFeed)
        m_registerFeed->stop();
    if (m_lifecycle)
        m_lifecycle->agentStopping(); // sent at the next start if the endpoint cannot take it now
    if (m_demo)
        m_demo->stop();
    if (m_ingest)
        m_ingest->stop();
    if (m_dispatcher)
        m_dispatcher->stop();
    else
        Q_EMIT stopped();
}

int Agent::assignedPartitions() const
{
    return m_ingest ? m_ingest->assignedPartitions() : 0;
}

DeliveryStatuses Agent::deliveryStatuses() const
{
    QSet<QString> polled;
    if (m_subscriptions) {
        for (const Subscription &sub : m_subscriptions->all()) {
            if (sub.polled())
                polled.insert(sub.name);
        }
    }
    return {holds(), polled, m_dispatcher ? m_dispatcher->sending() : QSet<QString>(),
            QDateTime::currentMSecsSinceEpoch()};
}

QHash<QString, Hold> Agent::holds() const
{
    return m_dispatcher ? m_dispatcher->holds() : QHash<QString, Hold>();
}

QHash<QString, SubscriptionHealth> Agent::healthSummaries() const
{
    return m_dispatcher ? m_dispatcher->health().summaries(QDateTime::currentMSecsSinceEpoch())
                        : QHash<QString, SubscriptionHealth>();
}

SubscriptionHealth Agent::health(const QString &subscription) const
{
    return m_dispatcher ? m_dispatcher->health().of(subscription, QDateTime::currentMSecsSinceEpoch())
                        : SubscriptionHealth{subscription};
}

QList<EndpointStatus> Agent::endpoints() const
{
    QList<EndpointStatus> all = m_dispatcher ? m_dispatcher->endpoints() : QList<EndpointStatus>();
    // Polled subscriptions have no endpoint; their consumers fetch. They stand as their state says.
    if (m_subscriptions) {
        for (const Subscription &sub : m_subscriptions->all()) {
            if (!sub.polled())
                continue;
            const SubscriptionState state = m_subscriptions->state(sub.name);
            EndpointStatus status;
            status.name = sub.name;
            status.state = sub.enabled ? state.state : EndpointState::Disabled;
            status.reason = sub.enabled ? state.reason : u"disabled by an administrator"_s;
            all.append(status);
        }
    }
    return all;
}

AgentStats Agent::stats() const
{
    AgentStats s;
    if (m_ingest) {
        const IngestCounters &c = m_ingest->counters();
        s.consumed = c.consumed;
        s.filteredOut = c.filteredOut;
        s.matched = c.matched;
        s.quarantined = c.quarantined;
        s.deliveriesCreated = c.deliveriesCreated;
        s.duplicates = c.duplicates;
    }
    if (m_dispatcher) {
        const DispatchCounters &d = m_dispatcher->counters();
        s.attempts = d.attempts;
        s.delivered = d.delivered;
        s.retried = d.retried;
        s.dead = d.dead;
        s.inFlight = m_dispatcher->inFlight();
    }
    if (m_demo)
        s.produced = m_demo->produced();
    return s;
}

quint16 Agent::httpPort() const
{
    return m_http ? m_http->port() : 0;
}

// The registry owns the subscriptions; the router and the lifecycle events follow it.
bool Agent::startSubscriptions(QString *error)
{
    m_router = std::make_unique<Router>(m_register.get(), m_config.delivery.notBeforeAttribute);
    m_subscriptions = std::make_unique<SubscriptionRegistry>(m_store.get(), m_register.get());
    m_lifecycle = std::make_unique<Lifecycle>(m_store.get(), m_router.get(), m_subscriptions.get());
    // Before a new list takes effect: new subscriptions get their secret, state row and "created"
    // event, missing ones their "deleted" event.
    m_subscriptions->setReconcile([this](const QList<Subscription> &next, bool adopting, QString *why) {
        return adopting ? m_lifecycle->adopt(next) : m_lifecycle->reconcile(next, why);
    });
    // A subscription made through an API to an address the egress rules refuse is refused when made.
    m_subscriptions->setEndpointCheck(
        [egress = EgressPolicy::parse(m_config.delivery.egressAllow, nullptr).value_or(EgressPolicy())](
            const QUrl &endpoint) { return egress.refusal(endpoint); });
    connect(m_subscriptions.get(), &SubscriptionRegistry::changed, this,
            [this] { m_router->setSubscriptions(m_subscriptions->all()); });
    connect(m_subscriptions.get(), &SubscriptionRegistry::stateChanged, this,
            [this](const QString &name, EndpointState state, const QString &reason) {
                if (!m_lifecycle)
                    return;
                // Another agent sharing the store made the change and published its event.
                if (m_store->shared() && m_subscriptions->isFollowing())
                    m_lifecycle->observe(name, state);
                else
                    m_lifecycle->stateChanged(name, state, reason);
            });
    connect(m_subscriptions.get(), &SubscriptionRegistry::enabledChanged, this,
            [this](const QString &name, bool enabled, const QString &reason) {
                if (m_lifecycle)
                    m_lifecycle->stateChanged(name, enabled ? EndpointState::Active : EndpointState::Disabled, reason);
            });
    if (!m_subscriptions->load(m_config.subscriptions, error))
        return false;
    m_lifecycle->agentStarted(QCoreApplication::applicationVersion());
    return true;
}

bool Agent::reloadFileSubscriptions(const QList<Subscription> &fromFile, QString *error)
{
    if (!m_subscriptions->reloadFile(fromFile, error))
        return false;
    m_config.subscriptions = fromFile;
    return true;
}

bool Agent::testSubscription(const QString &name, const CloudEvent &event,
                             std::function<void(const QJsonObject &)> done, QString *error)
{
    return m_dispatcher && m_dispatcher->test(name, event, std::move(done), error);
}

// Every second with a shared store: this agent's entry in the roster, its part of the rate limits,
// and a look for work an announcement may have missed. A server that does not answer makes the
// agent not ready, even while no event arrives to be written.
void Agent::lookAtSharedStore()
{
    if (!m_store || !m_dispatcher)
        return;
    QString error;
    const int agents = m_store->roster(QDateTime::currentMSecsSinceEpoch(), &error);
    if (agents == 0) {
        storeFailed(error);
        return;
    }
    m_dispatcher->setSharers(agents);
    m_dispatcher->wake();
}

// A register definition another agent sharing the store changed (an administrator's edit, a
// module's definition): taken in, so that this agent exposes and validates the same.
void Agent::adoptRegisterEntry(const QString &type)
{
    if (!m_store || !m_register)
        return;
    const std::optional<QByteArray> json = m_store->registerStore().entry(type);
    QString error;
    if (json && !m_register->adopt(*json, &error))
        qCWarning(lcAgent).noquote() << "cannot take in the register entry of" << type
                                     << "from the shared store:" << error;
}

void Agent::storeFailed(const QString &message)
{
    if (QDateTime::currentMSecsSinceEpoch() - m_lastStoreFailureAt > 5000)
        qCCritical(lcAgent).noquote() << "the store refuses writes; consuming is paused until it recovers:" << message;
    m_lastStoreFailureAt = QDateTime::currentMSecsSinceEpoch();
    m_lastStoreFailure = message;
}

QStringList Agent::notReadyBecause() const
{
    QStringList reasons;
    if (m_stopping)
        reasons.append(u"stopping"_s);
    // A member given no partitions is ready: a standby while the others consume.
    if (!m_ingest || !m_ingest->isGroupMember())
        reasons.append(u"not yet a member of the consumer group \"%1\" (joining it, or no broker answers)"_s.arg(
            m_config.kafka.groupId));
    const qint64 sinceFailure = QDateTime::currentMSecsSinceEpoch() - m_lastStoreFailureAt;
    if (m_lastStoreFailureAt > 0 && sinceFailure < 5000)
        reasons.append(u"the store refused a write %1 s ago: %2"_s.arg(sinceFailure / 1000).arg(m_lastStoreFailure));
    return reasons;
}

quint16 Agent::adminPort() const
{
    return m_admin ? m_admin->port() : 0;
}

QList<PartitionLag> Agent::consumerLag() const
{
    return m_ingest ? m_ingest->lag() : QList<PartitionLag>();
}

void Agent::wakeDispatcher()
{
    if (m_dispatcher)
        m_dispatcher->wake();
}

void Agent::flushRegister()
{
    if (!m_register || !m_store)
        return;
    QString error;
    if (!m_register->flush(*m_store, &error))
        qCWarning(lcAgent).noquote() << "cannot save the register (tried again in a second):" << error;
}

void Agent::purge()
{
    if (!m_store)
        return;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    // Polled subscriptions keep their events, read or not, for their own retention.
    QStringList polled;
    for (const Subscription &sub : m_subscriptions->all()) {
        if (!sub.polled())
            continue;
        polled.append(sub.name);
        if (const int removed = m_store->queue().purgePolled(sub.name, now - sub.retention.count()); removed > 0)
            qCInfo(lcAgent).noquote() << "retention: removed" << removed << "events of the polled subscription"
                                      << sub.name;
    }
    if (const int removed = m_store->queue().purgeDelivered(now - m_config.store.retention.count(), polled);
        removed > 0)
        qCInfo(lcAgent) << "retention: removed" << removed << "delivered deliveries";
}

} // namespace sluice::agent
