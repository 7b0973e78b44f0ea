#pragma once

#include <QHash>
#include <QObject>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QStringList>

#include <functional>

namespace sluice::agent {

// One connection to the store's database, with its statements prepared once. The SQL the store
// runs is shared by the backends (SQLite, PostgreSQL); what differs is here, in the subclasses:
// how a connection opens, how a write transaction starts, the schema and how migrations are
// serialised. Each agent thread has its own connection.
class SqlDatabase {
public:
    explicit SqlDatabase(QString connectionName);
    virtual ~SqlDatabase();
    SqlDatabase(const SqlDatabase &) = delete;
    SqlDatabase &operator=(const SqlDatabase &) = delete;

    // Prepared once per connection; the SQL must be a constant, never built from input.
    QSqlQuery &statement(const QString &sql);
    // A query prepared for one use (SQL with a shape that varies, or run rarely).
    QSqlQuery query(const QString &sql);
    // Runs the query; on failure a message naming the statement goes to the log and to *error.
    bool exec(QSqlQuery &query, QString *error);
    // Runs SQL that cannot be prepared (schema changes, session settings), without parameters.
    bool run(const QString &sql, QString *error);
    // The single number a query such as SELECT COUNT(*) answers; 0 when it fails.
    qint64 scalar(const QString &sql);
    QSqlDatabase &connection() { return m_db; }

    // A write transaction (see Transaction).
    virtual bool begin(QString *error) = 0;
    virtual bool commit(QString *error) = 0;
    virtual void rollback() = 0;

    // Tells every agent sharing the store, when the current transaction commits. Channels:
    static inline const QString kWorkChannel = QStringLiteral("sluice_work"); // payload: a subscription
    static inline const QString kSubscriptionsChannel = QStringLiteral("sluice_subscriptions");
    static inline const QString kRegisterChannel = QStringLiteral("sluice_register"); // payload: a type
    virtual bool notify(const QString &channel, const QString &payload, QString *error)
    {
        Q_UNUSED(channel)
        Q_UNUSED(payload)
        Q_UNUSED(error)
        return true; // one agent per store
    }
    // Hands what other agents announce on these channels (notify()) to the handler, in receiver's
    // thread. Nothing comes when no other agent can share the store.
    using Announced = std::function<void(const QString &channel, const QString &payload)>;
    virtual void listen(const QStringList &channels, QObject *receiver, Announced handler)
    {
        Q_UNUSED(channels)
        Q_UNUSED(receiver)
        Q_UNUSED(handler)
    }
    // Says that the agent `owner` is alive and returns how many agents are (itself included); 0
    // when the store cannot be reached (*error says why).
    virtual int roster(const QString &owner, qint64 now, QString *error)
    {
        Q_UNUSED(owner)
        Q_UNUSED(now)
        Q_UNUSED(error)
        return 1;
    }
    // The space the store takes, in bytes.
    virtual qint64 sizeBytes() = 0;

    // Where the store is, for messages: a file name, or a server and database.
    virtual QString location() const = 0;

protected:
    // A statement failed (the backend may look at whether the connection is gone).
    virtual void failed() {}
    // Before a statement is prepared: the backend may open a lost connection again.
    virtual void beforeStatement() {}
    // Applies the steps after the version recorded in schema_version, each step in its own
    // transaction. Refuses a schema newer than the steps this agent knows.
    bool migrate(const QList<QStringList> &steps, QString *error);
    void forgetStatements() { m_statements.clear(); }
    // Why a store written by a newer agent is refused.
    QString newerSchema(int found, int known) const;

    QString m_connectionName;
    QSqlDatabase m_db;

private:
    QHash<QString, QSqlQuery> m_statements;
};

// A write transaction, held for the guard's scope, rolled back unless commit() succeeded.
class Transaction {
public:
    Transaction(SqlDatabase &db, QString *error);
    ~Transaction();
    Transaction(const Transaction &) = delete;
    Transaction &operator=(const Transaction &) = delete;

    bool ok() const { return m_open; }
    bool commit(QString *error);

private:
    SqlDatabase &m_db;
    bool m_open = false;
};

} // namespace sluice::agent
