#pragma once

#include "queue/auditlog.h"
#include "queue/consumerstore.h"
#include "queue/deliveryqueue.h"
#include "queue/healthstore.h"
#include "queue/registerstore.h"
#include "queue/subscriptionstore.h"

#include <QObject>
#include <QString>

#include <functional>
#include <memory>

namespace sluice::agent {

class SqlDatabase;
struct StoreConfig;

// The agent's durable state, by what it keeps: the delivery queue, subscriptions, the event
// register, the audit log, the
// consumers of the Subscriptions API, the subscriptions' health. Each part is an interface; the backends (SQLite,
// embedded; PostgreSQL, shared by several agents) implement them. One Store per thread: each opens its own connection.
class Store {
public:
    explicit Store(QString connectionName);
    ~Store();
    Store(const Store &) = delete;
    Store &operator=(const Store &) = delete;

    // Opens (and creates or migrates) the store the configuration names. fullSync (SQLite): every
    // commit waits for the disk.
    bool open(const StoreConfig &config, bool fullSync, QString *error);
    // The embedded store in a file (tools and tests).
    bool openFile(const QString &path, bool fullSync, QString *error);
    static int schemaVersion(const StoreConfig &config);
    // Whether the store can be opened, changing nothing (--check-config): *exists tells whether
    // it has been created yet.
    static bool check(const StoreConfig &config, bool *exists, QString *error);
    // Whether other agents may share this store (and announce changes to it).
    bool shared() const { return m_shared; }
    // Announcements by other agents sharing the store: new work waits (payload: the subscription),
    // subscriptions changed, a register entry's definition changed (payload: the type).
    // Handled in the thread of this store's connection, which must run an event loop. Nothing
    // comes when the store is not shared.
    enum class Announcement { Work, Subscriptions, Register };
    void listen(QObject *receiver, std::function<void(Announcement, const QString &payload)> handler);
    // Says this agent is alive; returns how many agents share the store (1 when not shared), 0
    // when the store cannot be reached (*error says why).
    int roster(qint64 now, QString *error);
    // A name for this agent's connection, unique among the agents sharing the store.
    QString owner() const { return m_owner; }

    DeliveryQueue &queue() { return *m_queue; }
    SubscriptionStore &subscriptions() { return *m_subscriptions; }
    RegisterStore &registerStore() { return *m_register; }
    AuditLog &audit() { return *m_audit; }
    ConsumerStore &consumers() { return *m_consumers; }
    HealthStore &health() { return *m_health; }
    // The space the store takes, in bytes.
    qint64 sizeBytes() const;

private:
    void openParts();

    QString m_connectionName;
    QString m_owner;
    bool m_shared = false;
    std::unique_ptr<SqlDatabase> m_database;
    std::unique_ptr<DeliveryQueue> m_queue;
    std::unique_ptr<SubscriptionStore> m_subscriptions;
    std::unique_ptr<RegisterStore> m_register;
    std::unique_ptr<AuditLog> m_audit;
    std::unique_ptr<ConsumerStore> m_consumers;
    std::unique_ptr<HealthStore> m_health;
};

} // namespace sluice::agent
