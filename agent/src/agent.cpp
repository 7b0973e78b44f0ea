#include "agent.h"

#include "adminserver.h"
#include "agenthttp.h"
#include "demotraffic.h"
#include "dispatcher.h"
#include "ingest.h"
#include "kafka.h"
#include "lifecycle.h"
#include "register.h"
#include "registerfeed.h"
#include "store.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QLoggingCategory>

using namespace Qt::Literals::StringLiterals;

Q_LOGGING_CATEGORY(lcAgent, "sluice.agent")

namespace sluice::agent {

namespace {

const QString kFileOrigin = u"file"_s;
const QString kApiOrigin = u"api"_s;

} // namespace

Agent::Agent(AgentConfig config, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_brokers(m_config.kafka.brokers)
    , m_recent(m_config.store.recentEvents)
{
    m_purgeTimer.setInterval(std::chrono::minutes(10));
    connect(&m_purgeTimer, &QTimer::timeout, this, &Agent::purge);
    m_registerFlush.setInterval(std::chrono::seconds(1));
    connect(&m_registerFlush, &QTimer::timeout, this, &Agent::flushRegister);
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
    m_store.reset();
    m_cluster.reset();
}

bool Agent::start(QString *error)
{
    // Qt Sql connection names are process-wide; several agents may live in one process (tests).
    m_store = std::make_unique<Store>(u"main-%1"_s.arg(quintptr(this), 0, 16));
    // Only the ingest connection's commits guard against loss (an offset is committed after them).
    // This connection records claims and outcomes: losing its last commits to a power cut means
    // deliveries are sent again, never lost, so it does not wait for fsync.
    if (!m_store->open(m_config.store.path, false, error))
        return false;
    if (const int reset = m_store->resetSending(); reset > 0)
        qCInfo(lcAgent) << reset << "deliveries were in flight when the agent last stopped; they will be sent again";

    // The register decides what may leave: a subscription selecting a type it does not expose is
    // refused, like a configuration error.
    m_register = std::make_unique<EventRegister>(m_config.eventRegister);
    if (!m_register->load(*m_store, error))
        return false;
    QStringList refused;
    for (const Subscription &sub : std::as_const(m_config.subscriptions)) {
        if (const QString why = m_register->checkSubscription(sub); !why.isEmpty())
            refused.append(why);
    }
    if (!refused.isEmpty()) {
        if (error)
            *error = refused.join(u"\n"_s);
        return false;
    }
    if (!loadSubscriptions(error))
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

    // Before the dispatcher reads the subscriptions' state: new ones get their secret and state row.
    m_lifecycle = std::make_unique<Lifecycle>(m_store.get(), m_config.delivery.notBeforeAttribute, m_register.get());
    if (!m_lifecycle->reconcile(m_subscriptions, error))
        return false;
    m_lifecycle->agentStarted(QCoreApplication::applicationVersion());

    m_dispatcher = std::make_unique<Dispatcher>(m_store.get(), m_config.delivery);
    connect(m_dispatcher.get(), &Dispatcher::subscriptionStateChanged, this,
            [this](const QString &name, const QString &state, const QString &reason) {
                if (m_lifecycle)
                    m_lifecycle->stateChanged(name, state, reason);
            });
    m_dispatcher->setSubscriptions(m_subscriptions);
    connect(m_dispatcher.get(), &Dispatcher::stopped, this, [this] {
        flushRegister();
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
    m_ingest = std::make_unique<Ingest>(m_config, m_brokers, &m_recent, m_register.get());
    m_ingest->setSubscriptions(m_subscriptions);
    connect(m_ingest.get(), &Ingest::stored, m_dispatcher.get(), &Dispatcher::wake);
    connect(m_ingest.get(), &Ingest::storeFailing, this, [this](const QString &message) {
        m_lastStoreFailureAt = QDateTime::currentMSecsSinceEpoch();
        m_lastStoreFailure = message;
        qCCritical(lcAgent).noquote() << "the store refuses writes; consuming is paused until it recovers:" << message;
    });
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

QList<EndpointStatus> Agent::endpoints() const
{
    return m_dispatcher ? m_dispatcher->endpoints() : QList<EndpointStatus>();
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

bool Agent::loadSubscriptions(QString *error)
{
    // The configuration file's subscriptions are imported at every start (the file is their source);
    // those made through the admin API live in the store. A name in both: the file's wins.
    m_subscriptions = m_config.subscriptions;
    m_origins.clear();
    QStringList fromFile;
    for (const Subscription &sub : std::as_const(m_config.subscriptions)) {
        fromFile.append(sub.name);
        m_origins.insert(sub.name, kFileOrigin);
        if (!m_store->saveSubscription(sub.name, sub.toStorageJson(), kFileOrigin, error))
            return false;
    }
    for (const Store::StoredSubscription &stored : m_store->storedSubscriptions()) {
        const QString name = stored.definition.value(u"name"_s).toString();
        if (fromFile.contains(name))
            continue;
        if (stored.origin == kFileOrigin) {
            // Removed from the file: gone (Lifecycle records the deletion and dead-letters its queue).
            if (!m_store->deleteSubscription(name, error))
                return false;
            continue;
        }
        QString why;
        const auto sub = Subscription::fromJson(stored.definition, &why);
        if (!sub) {
            qCWarning(lcAgent).noquote() << "the stored subscription" << name
                                         << "cannot be read and is left out:" << why;
            continue;
        }
        m_subscriptions.append(*sub);
        m_origins.insert(name, kApiOrigin);
    }
    return true;
}

QString Agent::subscriptionOrigin(const QString &name) const
{
    return m_origins.value(name);
}

const Subscription *Agent::subscription(const QString &name) const
{
    for (const Subscription &sub : m_subscriptions) {
        if (sub.name == name)
            return &sub;
    }
    return nullptr;
}

bool Agent::applySubscriptions(const QList<Subscription> &next, QString *error)
{
    if (!m_lifecycle->reconcile(next, error))
        return false;
    m_subscriptions = next;
    m_dispatcher->setSubscriptions(m_subscriptions);
    m_ingest->setSubscriptions(m_subscriptions);
    return true;
}

bool Agent::saveSubscription(const Subscription &sub, bool create, QString *error)
{
    if (const QString why = m_register->checkSubscription(sub); !why.isEmpty()) {
        if (error)
            *error = why;
        return false;
    }
    QList<Subscription> next = m_subscriptions;
    const auto it = std::find_if(next.begin(), next.end(), [&](const Subscription &s) { return s.name == sub.name; });
    if (create != (it == next.end())) {
        if (error)
            *error = create ? u"a subscription named \"%1\" exists; choose another name"_s.arg(sub.name)
                            : u"no subscription named \"%1\""_s.arg(sub.name);
        return false;
    }
    if (!create && m_origins.value(sub.name) == kFileOrigin) {
        if (error)
            *error = u"\"%1\" comes from the configuration file, which is imported at every start: change it "
                     u"there"_s.arg(sub.name);
        return false;
    }
    if (create)
        next.append(sub);
    else
        *it = sub;
    if (!m_store->saveSubscription(sub.name, sub.toStorageJson(), kApiOrigin, error))
        return false;
    m_origins.insert(sub.name, kApiOrigin);
    return applySubscriptions(next, error);
}

bool Agent::reloadFileSubscriptions(const QList<Subscription> &fromFile, QString *error)
{
    QStringList refused;
    QStringList names;
    for (const Subscription &sub : fromFile) {
        names.append(sub.name);
        if (const QString why = m_register->checkSubscription(sub); !why.isEmpty())
            refused.append(why);
    }
    if (!refused.isEmpty()) {
        if (error)
            *error = refused.join(u"\n"_s);
        return false;
    }
    QList<Subscription> next = fromFile;
    for (const Subscription &sub : std::as_const(m_subscriptions)) {
        if (m_origins.value(sub.name) == kApiOrigin && !names.contains(sub.name))
            next.append(sub);
    }
    for (auto it = m_origins.begin(); it != m_origins.end();) {
        if (it.value() == kFileOrigin && !names.contains(it.key())) {
            if (!m_store->deleteSubscription(it.key(), error))
                return false;
            it = m_origins.erase(it);
        } else {
            ++it;
        }
    }
    for (const Subscription &sub : fromFile) {
        if (!m_store->saveSubscription(sub.name, sub.toStorageJson(), kFileOrigin, error))
            return false;
        m_origins.insert(sub.name, kFileOrigin);
    }
    m_config.subscriptions = fromFile;
    return applySubscriptions(next, error);
}

bool Agent::deleteSubscription(const QString &name, QString *error)
{
    if (!subscription(name)) {
        if (error)
            *error = u"no subscription named \"%1\""_s.arg(name);
        return false;
    }
    if (m_origins.value(name) == kFileOrigin) {
        if (error)
            *error = u"\"%1\" comes from the configuration file, which is imported at every start: remove it "
                     u"there"_s.arg(name);
        return false;
    }
    QList<Subscription> next = m_subscriptions;
    next.removeIf([&](const Subscription &s) { return s.name == name; });
    if (!m_store->deleteSubscription(name, error))
        return false;
    m_origins.remove(name);
    return applySubscriptions(next, error);
}

bool Agent::setSubscriptionEnabled(const QString &name, bool enabled, const QString &who, QString *error)
{
    const Subscription *current = subscription(name);
    if (!current) {
        if (error)
            *error = u"no subscription named \"%1\""_s.arg(name);
        return false;
    }
    if (current->enabled != enabled) {
        if (m_origins.value(name) == kFileOrigin) {
            if (error)
                *error = u"\"%1\" comes from the configuration file: set \"enabled\" there"_s.arg(name);
            return false;
        }
        Subscription changed = *current;
        changed.enabled = enabled;
        if (!saveSubscription(changed, false, error))
            return false;
        m_lifecycle->stateChanged(name, enabled ? u"active"_s : u"disabled"_s,
                                  u"%1 by %2 through the admin API"_s.arg(enabled ? u"enabled"_s : u"disabled"_s, who));
    }
    // Disabled by its endpoint (410, failing too long): enabling runs the handshake again.
    if (enabled && m_store->subscriptionStates().value(name).state == u"disabled")
        return m_store->saveSubscriptionState(
            {name, u"pending"_s, u"enabled by %1 through the admin API"_s.arg(who), QString(), 0}, error);
    return true;
}

bool Agent::testSubscription(const QString &name, const CloudEvent &event,
                             std::function<void(const QJsonObject &)> done, QString *error)
{
    return m_dispatcher && m_dispatcher->test(name, event, std::move(done), error);
}

QStringList Agent::notReadyBecause() const
{
    QStringList reasons;
    if (m_stopping)
        reasons.append(u"stopping"_s);
    if (!m_ingest || m_ingest->assignedPartitions() == 0)
        reasons.append(u"no Kafka partitions assigned yet (joining the consumer group, or no broker)"_s);
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
    const qint64 cutOff = QDateTime::currentMSecsSinceEpoch() - m_config.store.retention.count();
    if (const int removed = m_store->purgeDelivered(cutOff); removed > 0)
        qCInfo(lcAgent) << "retention: removed" << removed << "delivered deliveries";
}

} // namespace sluice::agent
