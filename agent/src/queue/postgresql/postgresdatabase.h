#pragma once

#include "config.h"
#include "queue/sql/sqldatabase.h"

#include <QObject>
#include <QStringList>

namespace sluice::agent {

// A connection to the PostgreSQL server that several agents share, through Qt's QPSQL driver.
// Migrations run under an advisory lock, so agents that start together apply each step once. When
// the server goes away, the connection is opened again at the next statement after a failure; a
// write that failed is tried again by its caller (the ingest waits, holding its Kafka offsets).
class PostgresDatabase : public SqlDatabase {
public:
    using SqlDatabase::SqlDatabase;
    ~PostgresDatabase() override;

    bool open(const PostgresConfig &config, QString *error);
    // Connects and reads the schema version, changing nothing: 0 for an empty database, -1 when
    // the server cannot be reached or the schema is newer than this agent (*error says which).
    int check(const PostgresConfig &config, QString *error);
    static int schemaVersion();
    // The password as configured: from passwordFile or the environment variable passwordEnv.
    static std::optional<QString> password(const PostgresConfig &config, QString *error);

    bool begin(QString *error) override;
    bool commit(QString *error) override;
    void rollback() override;
    QString location() const override;
    bool notify(const QString &channel, const QString &payload, QString *error) override;
    qint64 sizeBytes() override;
    int roster(const QString &owner, qint64 now, QString *error) override;

    // Delivers NOTIFY on these channels to the handler, in receiver's thread (which must run an
    // event loop). A connection of its own listens: one that runs queries may take a notification
    // in with a result and leave it unread until the next one comes; this one runs none, so Qt
    // hears each at once. It is opened again when it drops.
    void listen(const QStringList &channels, QObject *receiver, Announced handler) override;

protected:
    void failed() override;
    void beforeStatement() override;

private:
    bool attach(const PostgresConfig &config, QString *error);
    bool connect(QString *error);
    bool connect(QSqlDatabase &db, QString *error) const;
    bool subscribe();

    PostgresConfig m_config;
    bool m_inTransaction = false;
    bool m_suspect = false; // a statement failed: the connection may be gone
    QStringList m_channels;
    QSqlDatabase m_listener;
    QObject *m_receiver = nullptr;
    Announced m_handler;
};

} // namespace sluice::agent
