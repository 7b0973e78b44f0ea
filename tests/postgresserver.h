#pragma once

#include "config.h"

#include <QSqlDatabase>
#include <QString>
#include <QTemporaryDir>

#include <functional>

namespace sluice::test {

// A private PostgreSQL cluster for the tests: initdb and pg_ctl from Debian's postgresql-15, on a
// free port of 127.0.0.1 with its socket in a temporary folder, trust authentication for the role
// "sluice". PostgreSQL refuses to run as root: as root, it runs as the user postgres (runuser).
// Each test takes a fresh database from it.
class PostgresServer {
public:
    PostgresServer() = default;
    ~PostgresServer();
    PostgresServer(const PostgresServer &) = delete;
    PostgresServer &operator=(const PostgresServer &) = delete;

    // One server per test process, started at first use and stopped at exit; null (with the
    // reason in *error) when it cannot start.
    static PostgresServer *shared(QString *error);

    bool start(QString *error);
    // The role "locked" logs in over TCP with this password only (the others need none).
    static inline const QString kLockedPassword = QStringLiteral("right-password");
    bool stop(); // fast shutdown: connections are cut, as when a server goes away
    bool isRunning() const { return m_running; }
    int port() const { return m_port; }

    // A new empty database, and the store configuration for it.
    bool createDatabase(const QString &name, QString *error);
    agent::PostgresConfig config(const QString &database) const;
    // Runs SQL in a database (to look at what the agents wrote, or to change it behind them).
    bool execute(const QString &database, const QString &sql, QString *error);
    qint64 scalar(const QString &database, const QString &sql);

private:
    bool run(const QStringList &command, QString *error);
    bool withConnection(const QString &database, const std::function<bool(QSqlDatabase &)> &work, QString *error) const;

    QTemporaryDir m_dir;
    int m_port = 0;
    bool m_initialised = false;
    bool m_running = false;
};

// The store section of a test agent's configuration: SQLite in storePath, or, when the
// environment variable SLUICE_TEST_STORE is "postgresql", a fresh database on the shared server
// (its name derived from storePath's file name).
QJsonObject storeSection(const QString &storePath);
bool testingPostgres();

} // namespace sluice::test
