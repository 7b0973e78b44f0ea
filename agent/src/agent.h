#pragma once

#include "config.h"
#include "delivery/dispatcher.h"
#include "ingest/recentevents.h"

#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QTimer>

#include <functional>
#include <memory>

namespace sluice::agent {

class AdminServer;
class AgentHttp;
class DemoTraffic;
class EventRegister;
class RegisterFeed;
class Dispatcher;
class EmbeddedCluster;
class Ingest;
class Lifecycle;
class Router;
class Store;
class SubscriptionRegistry;

struct AgentStats {
    quint64 consumed = 0;
    quint64 filteredOut = 0;
    quint64 matched = 0;
    quint64 quarantined = 0;
    quint64 deliveriesCreated = 0;
    quint64 duplicates = 0;
    quint64 attempts = 0;
    quint64 delivered = 0;
    quint64 retried = 0;
    quint64 dead = 0;
    quint64 produced = 0; // demo traffic
    int inFlight = 0;
};

// The whole agent: embedded cluster (when no brokers are configured), ingest, store, dispatcher.
class Agent : public QObject {
    Q_OBJECT

public:
    explicit Agent(AgentConfig config, QObject *parent = nullptr);
    ~Agent() override;

    bool start(QString *error);
    // Graceful: stop consuming, commit what is safe, let requests in flight finish within the
    // grace period, close the store. Emits stopped().
    void stop();

    QString bootstrapServers() const { return m_brokers; }
    const AgentConfig &config() const { return m_config; }
    AgentStats stats() const;
    int assignedPartitions() const;
    QList<EndpointStatus> endpoints() const;
    // What holds each subscription's deliveries back now (none without a dispatcher).
    QHash<QString, Hold> holds() const;
    // Each subscription's last hour: success rate and attempt durations, the summary or per minute.
    QHash<QString, SubscriptionHealth> healthSummaries() const;
    SubscriptionHealth health(const QString &subscription) const;
    // Every delivery's status as of now (what holds each subscription back, what is being sent).
    DeliveryStatuses deliveryStatuses() const;
    Store &store() { return *m_store; }
    RecentEvents &recentEvents() { return m_recent; }
    EventRegister &eventRegister() { return *m_register; }
    const RegisterFeed *registerFeed() const { return m_registerFeed.get(); }
    quint16 httpPort() const;  // 0: the server is off
    quint16 adminPort() const; // 0: the admin API is off
    QList<struct PartitionLag> consumerLag() const;
    void wakeDispatcher();

    // Subscriptions: the configuration file's and those made through the admin API.
    SubscriptionRegistry &subscriptions() { return *m_subscriptions; }
    const SubscriptionRegistry &subscriptions() const { return *m_subscriptions; }
    const Router &router() const { return *m_router; }
    // SIGHUP: the configuration file's subscriptions as they are now; the API's stay. Refused, with
    // the reason and nothing changed, when one names a type the register does not expose.
    bool reloadFileSubscriptions(const QList<Subscription> &fromFile, QString *error);
    bool testSubscription(const QString &name, const CloudEvent &event, std::function<void(const QJsonObject &)> done,
                          QString *error);

    Dispatcher *dispatcher() const { return m_dispatcher.get(); }

    // /readyz: consuming (partitions assigned) and the store taking writes. Empty: ready.
    QStringList notReadyBecause() const;

Q_SIGNALS:
    void stopping(); // stop() began: no new events are consumed
    void stopped();
    // Deliveries were stored, by this agent or (in a shared store) another: long polls look again.
    void workStored();

private:
    void lookAtSharedStore();
    void storeFailed(const QString &message);
    void adoptRegisterEntry(const QString &type);
    void purge();
    void flushRegister();
    bool startSubscriptions(QString *error);

    AgentConfig m_config;
    QString m_brokers;
    RecentEvents m_recent;
    std::unique_ptr<EmbeddedCluster> m_cluster;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<Router> m_router;
    std::unique_ptr<SubscriptionRegistry> m_subscriptions;
    std::unique_ptr<Ingest> m_ingest;
    std::unique_ptr<Dispatcher> m_dispatcher;
    std::unique_ptr<Lifecycle> m_lifecycle;
    std::unique_ptr<DemoTraffic> m_demo;
    std::unique_ptr<EventRegister> m_register;
    std::unique_ptr<RegisterFeed> m_registerFeed;
    std::unique_ptr<AgentHttp> m_http;
    std::unique_ptr<AdminServer> m_admin;
    QTimer m_purgeTimer;
    QTimer m_registerFlush;
    QTimer m_sharedLook; // a shared store: the roster, and a look for work a missed announcement left
    bool m_stopping = false;
    qint64 m_lastStoreFailureAt = 0;
    QString m_lastStoreFailure;
};

} // namespace sluice::agent
