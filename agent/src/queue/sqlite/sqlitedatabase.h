#pragma once

#include <QHash>
#include <QMutex>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>

namespace sluice::agent {

// One connection to the SQLite file (WAL), with its statements prepared once, and the schema
// migrations. Agent threads each have their own connection to the same file.
class SqliteDatabase {
public:
    explicit SqliteDatabase(QString connectionName);
    ~SqliteDatabase();
    SqliteDatabase(const SqliteDatabase &) = delete;
    SqliteDatabase &operator=(const SqliteDatabase &) = delete;

    bool open(const QString &path, bool fullSync, QString *error);
    static int schemaVersion();

    // Prepared once per connection; the SQL must be a constant, never built from input.
    QSqlQuery &statement(const QString &sql);
    // A query prepared for one use (SQL with a shape that varies, or run rarely).
    QSqlQuery query(const QString &sql);
    // Runs the query; on failure a message naming the statement goes to the log and to *error.
    bool exec(QSqlQuery &query, QString *error);
    // The single number a query such as SELECT COUNT(*) answers; 0 when it fails.
    qint64 scalar(const QString &sql);
    QString path() const { return m_db.databaseName(); }

    // Writers in this process take turns on this lock (see Transaction).
    static QMutex &writeLock();

private:
    bool migrate(QString *error);

    QString m_connectionName;
    QSqlDatabase m_db;
    QHash<QString, QSqlQuery> m_statements;
};

// A write transaction, held for the guard's scope: BEGIN IMMEDIATE under the process's write lock,
// rolled back unless commit() succeeded. Writers in this process take turns on the lock: a waiting
// thread wakes the moment the other commits, where SQLite's own busy handler would sleep and poll.
// IMMEDIATE takes SQLite's write lock up front; a deferred transaction that reads first cannot
// upgrade once another connection has written, and fails with "database is locked".
class Transaction {
public:
    Transaction(SqliteDatabase &db, QString *error);
    ~Transaction();
    Transaction(const Transaction &) = delete;
    Transaction &operator=(const Transaction &) = delete;

    bool ok() const { return m_open; }
    bool commit(QString *error);

private:
    SqliteDatabase &m_db;
    QMutexLocker<QMutex> m_lock;
    bool m_open = false;
};

} // namespace sluice::agent
