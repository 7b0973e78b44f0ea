#pragma once

#include "queue/auditlog.h"
#include "queue/deliveryqueue.h"
#include "queue/registerstore.h"
#include "queue/subscriptionstore.h"

#include <QString>

#include <memory>

namespace sluice::agent {

class SqliteDatabase;

// The agent's durable state, by what it keeps: the delivery queue, subscriptions, the event
// register, the audit log. Each part is an interface; the backend (SQLite, embedded) implements
// them and keeps its SQL dialect to itself. One Store per thread: each opens its own connection.
class Store {
public:
    explicit Store(QString connectionName);
    ~Store();
    Store(const Store &) = delete;
    Store &operator=(const Store &) = delete;

    // Opens (and creates or migrates) the store. fullSync: every commit waits for the disk.
    bool open(const QString &path, bool fullSync, QString *error);
    static int schemaVersion();

    DeliveryQueue &queue() { return *m_queue; }
    SubscriptionStore &subscriptions() { return *m_subscriptions; }
    RegisterStore &registerStore() { return *m_register; }
    AuditLog &audit() { return *m_audit; }
    // The database file and its write-ahead log, in bytes.
    qint64 sizeBytes() const;

private:
    QString m_connectionName;
    std::unique_ptr<SqliteDatabase> m_database;
    std::unique_ptr<DeliveryQueue> m_queue;
    std::unique_ptr<SubscriptionStore> m_subscriptions;
    std::unique_ptr<RegisterStore> m_register;
    std::unique_ptr<AuditLog> m_audit;
};

} // namespace sluice::agent
