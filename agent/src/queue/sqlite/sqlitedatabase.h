#pragma once

#include "queue/sql/sqldatabase.h"

namespace sluice::agent {

// The embedded store: one SQLite file (WAL) on the agent's disk. Writers in this process take
// turns on one lock (see begin()).
class SqliteDatabase : public SqlDatabase {
public:
    using SqlDatabase::SqlDatabase;

    bool open(const QString &path, bool fullSync, QString *error);
    static int schemaVersion();
    QString path() const { return m_db.databaseName(); }

    // BEGIN IMMEDIATE under the process's write lock. A waiting thread wakes the moment the other
    // commits, where SQLite's own busy handler would sleep and poll. IMMEDIATE takes SQLite's write
    // lock up front; a deferred transaction that reads first cannot upgrade once another
    // connection has written, and fails with "database is locked".
    bool begin(QString *error) override;
    bool commit(QString *error) override;
    void rollback() override;
    QString location() const override;
    qint64 sizeBytes() override; // the file and its write-ahead log
};

} // namespace sluice::agent
