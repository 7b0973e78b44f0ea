#include "queue/postgresql/postgresdatabase.h"

#include <QFile>
#include <QLoggingCategory>
#include <QSqlDriver>
#include <QSqlError>
#include <QVariant>

using namespace Qt::Literals::StringLiterals;

Q_DECLARE_LOGGING_CATEGORY(lcStore)

namespace sluice::agent {

namespace {

// Each entry is one schema version; entries are never edited once released, only appended. The
// tables match the SQLite store's (times are milliseconds since the epoch, as there), plus the
// leases: in a queue several agents share, a claim is written to its rows.
const QList<QStringList> kMigrations = {
    {
        u"CREATE TABLE events ("
        u" id BIGSERIAL PRIMARY KEY, ce_id TEXT NOT NULL, source TEXT NOT NULL, type TEXT NOT NULL,"
        u" subject TEXT, time TEXT, payload BYTEA NOT NULL,"
        u" kafka_topic TEXT, kafka_partition INTEGER, kafka_offset BIGINT, kafka_timestamp BIGINT,"
        u" received_at BIGINT NOT NULL, UNIQUE (source, ce_id))"_s,
        u"CREATE TABLE deliveries ("
        u" id BIGSERIAL PRIMARY KEY, delivery_id TEXT NOT NULL UNIQUE,"
        u" event_id BIGINT NOT NULL REFERENCES events(id) ON DELETE CASCADE,"
        u" subscription TEXT NOT NULL, state TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,"
        u" next_attempt_at BIGINT NOT NULL, priority INTEGER NOT NULL DEFAULT 1, not_before BIGINT,"
        u" coalescing_key TEXT, ordering_key TEXT, created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL,"
        u" last_status INTEGER, last_error TEXT, lease_until BIGINT, leased_by TEXT)"
        // Room on each page, so that a claim (it writes only the lease, which no index holds)
        // updates in place (HOT) instead of adding entries to every index; and vacuumed often, as
        // every delivery is written two or three times.
        u" WITH (fillfactor = 70, autovacuum_vacuum_scale_factor = 0.02,"
        u" autovacuum_vacuum_insert_scale_factor = 0.02, autovacuum_analyze_scale_factor = 0.02)"_s,
        u"CREATE INDEX deliveries_event ON deliveries (event_id)"_s,
        u"CREATE INDEX deliveries_created ON deliveries (created_at)"_s,
        u"CREATE INDEX deliveries_coalesce ON deliveries (subscription, coalescing_key, state)"
        u" WHERE coalescing_key IS NOT NULL"_s,
        u"CREATE INDEX deliveries_waiting ON deliveries (subscription, priority DESC, id) WHERE state = 'pending'"_s,
        u"CREATE INDEX deliveries_waiting_oldest ON deliveries (subscription, id) WHERE state = 'pending'"_s,
        u"CREATE INDEX deliveries_waiting_next ON deliveries (subscription, next_attempt_at) WHERE state = 'pending'"_s,
        u"CREATE INDEX deliveries_order ON deliveries (subscription, ordering_key, id)"
        u" WHERE ordering_key IS NOT NULL AND state = 'pending'"_s,
        u"CREATE INDEX deliveries_settled ON deliveries (state, updated_at) WHERE state <> 'pending'"_s,
        u"CREATE TABLE attempts ("
        u" id BIGSERIAL PRIMARY KEY, delivery BIGINT NOT NULL REFERENCES deliveries(id) ON DELETE CASCADE,"
        u" at BIGINT NOT NULL, http_status INTEGER, error TEXT, duration_ms INTEGER, response_excerpt BYTEA)"_s,
        u"CREATE INDEX attempts_delivery ON attempts (delivery)"_s,
        u"CREATE TABLE quarantine ("
        u" id BIGSERIAL PRIMARY KEY, topic TEXT NOT NULL, partition INTEGER NOT NULL, kafka_offset BIGINT NOT NULL,"
        u" kafka_timestamp BIGINT, message_key BYTEA, headers TEXT, value BYTEA, reason TEXT NOT NULL,"
        u" received_at BIGINT NOT NULL, UNIQUE (topic, partition, kafka_offset))"_s,
        u"CREATE TABLE subscription_state ("
        u" name TEXT PRIMARY KEY, state TEXT NOT NULL, reason TEXT, validated_endpoint TEXT,"
        u" allowed_rate DOUBLE PRECISION NOT NULL DEFAULT 0, updated_at BIGINT NOT NULL)"_s,
        u"CREATE TABLE secrets ("
        u" id BIGSERIAL PRIMARY KEY, subscription TEXT NOT NULL, secret TEXT NOT NULL,"
        u" created_at BIGINT NOT NULL, expires_at BIGINT, revealed INTEGER NOT NULL DEFAULT 0)"_s,
        u"CREATE INDEX secrets_subscription ON secrets (subscription, id)"_s,
        u"CREATE TABLE latest ("
        u" type TEXT NOT NULL, subject TEXT NOT NULL, source TEXT NOT NULL, ce_id TEXT NOT NULL,"
        u" payload BYTEA NOT NULL, received_at BIGINT NOT NULL, PRIMARY KEY (type, subject))"_s,
        u"CREATE TABLE register_entries (type TEXT PRIMARY KEY, entry TEXT NOT NULL, updated_at BIGINT NOT NULL)"_s,
        u"CREATE TABLE register_counts ("
        u" type TEXT NOT NULL, minute BIGINT NOT NULL, count BIGINT NOT NULL, PRIMARY KEY (type, minute))"_s,
        u"CREATE TABLE audit (id BIGSERIAL PRIMARY KEY, at BIGINT NOT NULL, token TEXT NOT NULL,"
        u" method TEXT NOT NULL, params TEXT, outcome TEXT NOT NULL)"_s,
        u"CREATE TABLE subscriptions (name TEXT PRIMARY KEY, definition TEXT NOT NULL, origin TEXT NOT NULL,"
        u" created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL)"_s,
        // The agents that share the store, each seen within the last few seconds while it runs:
        // an endpoint's rate limit is shared out among them.
        u"CREATE TABLE agents (instance TEXT PRIMARY KEY, started_at BIGINT NOT NULL, seen_at BIGINT NOT NULL)"_s,
    },
    {
        // Consumers of the Subscriptions API: a token each, kept only as its SHA-256.
        u"CREATE TABLE consumers (name TEXT PRIMARY KEY, token_hash TEXT NOT NULL UNIQUE,"
        u" allowed_types TEXT NOT NULL, max_subscriptions INTEGER NOT NULL DEFAULT 0,"
        u" created_at BIGINT NOT NULL, token_at BIGINT NOT NULL, revoked_at BIGINT, used_at BIGINT)"_s,
    },
    {
        // Polled subscriptions: how far retention removed (older cursors expire), how far the
        // consumer read, and when it last asked.
        u"CREATE TABLE poll_state (subscription TEXT PRIMARY KEY, removed_through BIGINT NOT NULL DEFAULT 0,"
        u" acked_through BIGINT NOT NULL DEFAULT 0, polled_at BIGINT)"_s,
    },
    {
        // Replays: a delivery made by one is marked with its job, and goes out as a replay.
        u"ALTER TABLE deliveries ADD COLUMN replay TEXT"_s,
    },
    {
        // Why a delivery stands where it is, as a stable code (shared/deliverystatus.h): a
        // console says it in its reader's language.
        u"ALTER TABLE deliveries ADD COLUMN last_reason TEXT"_s,
    },
    {
        // Each agent's attempts per subscription and minute, for the subscription's health over
        // the last hour (latency: counts per duration bucket, shared/subscriptionhealth.h).
        u"CREATE TABLE subscription_health (subscription TEXT NOT NULL, agent TEXT NOT NULL,"
        u" minute BIGINT NOT NULL, attempts BIGINT NOT NULL, succeeded BIGINT NOT NULL, latency TEXT NOT NULL,"
        u" PRIMARY KEY (subscription, agent, minute))"_s,
        // Why a message was quarantined as a stable code and its params (shared/quarantinereason.h),
        // beside the English text, so a console says it in its reader's language.
        u"ALTER TABLE quarantine ADD COLUMN reason_code TEXT"_s,
        u"ALTER TABLE quarantine ADD COLUMN reason_params TEXT"_s,
    },
};

// The advisory lock that serialises migrations: agents starting at the same moment take turns,
// and the second finds the schema current. The number is ours ("sluice" in ASCII).
constexpr qint64 kMigrationLock = 0x736c75696365;

} // namespace

int PostgresDatabase::schemaVersion()
{
    return int(kMigrations.size());
}

QString PostgresDatabase::location() const
{
    return u"the PostgreSQL database \"%1\" at %2:%3"_s.arg(m_config.database, m_config.host).arg(m_config.port);
}

std::optional<QString> PostgresDatabase::password(const PostgresConfig &config, QString *error)
{
    if (!config.passwordFile.isEmpty()) {
        QFile file(config.passwordFile);
        if (!file.open(QIODevice::ReadOnly)) {
            if (error)
                *error = u"cannot read the PostgreSQL password file \"%1\": %2"_s.arg(config.passwordFile,
                                                                                      file.errorString());
            return std::nullopt;
        }
        return QString::fromUtf8(file.readAll()).trimmed();
    }
    if (!config.passwordEnv.isEmpty()) {
        if (!qEnvironmentVariableIsSet(config.passwordEnv.toLocal8Bit().constData())) {
            if (error)
                *error = u"the environment variable %1, which should hold the PostgreSQL password, is not set"_s.arg(
                    config.passwordEnv);
            return std::nullopt;
        }
        return qEnvironmentVariable(config.passwordEnv.toLocal8Bit().constData());
    }
    return QString(); // none: libpq may still find one in ~/.pgpass or PGPASSWORD
}

// The driver, the connection: what open() and check() both need first.
bool PostgresDatabase::attach(const PostgresConfig &config, QString *error)
{
    m_config = config;
    if (!QSqlDatabase::isDriverAvailable(u"QPSQL"_s)) {
        if (error)
            *error = u"the PostgreSQL driver for Qt is not installed (Debian: apt install libqt6sql6-psql)"_s;
        return false;
    }
    m_db = QSqlDatabase::addDatabase(u"QPSQL"_s, m_connectionName);
    return connect(error);
}

bool PostgresDatabase::open(const PostgresConfig &config, QString *error)
{
    if (!attach(config, error) || !run(u"SELECT pg_advisory_lock(%1)"_s.arg(kMigrationLock), error))
        return false;
    const bool migrated = migrate(kMigrations, error);
    run(u"SELECT pg_advisory_unlock(%1)"_s.arg(kMigrationLock), nullptr);
    return migrated;
}

int PostgresDatabase::check(const PostgresConfig &config, QString *error)
{
    if (!attach(config, error))
        return -1;
    if (scalar(u"SELECT COUNT(*) FROM pg_tables WHERE tablename = 'schema_version'"
               u" AND schemaname = current_schema()"_s) == 0)
        return 0;
    const int version = int(scalar(u"SELECT COALESCE(MAX(version), 0) FROM schema_version"_s));
    if (version > schemaVersion()) {
        if (error)
            *error = newerSchema(version, schemaVersion());
        return -1;
    }
    return version;
}

PostgresDatabase::~PostgresDatabase()
{
    if (m_listener.isValid()) {
        const QString name = m_listener.connectionName();
        m_listener.close();
        m_listener = QSqlDatabase();
        QSqlDatabase::removeDatabase(name);
    }
}

bool PostgresDatabase::connect(QSqlDatabase &db, QString *error) const
{
    const std::optional<QString> secret = password(m_config, error);
    if (!secret)
        return false;
    db.setHostName(m_config.host);
    db.setPort(m_config.port);
    db.setDatabaseName(m_config.database);
    db.setUserName(m_config.user);
    db.setPassword(*secret);
    QStringList options = {
        u"sslmode=%1"_s.arg(m_config.sslMode),
        u"connect_timeout=%1"_s.arg(std::max<qint64>(1, m_config.connectTimeout.count() / 1000)),
        u"application_name=sluice-agent"_s,
    };
    if (!m_config.caFile.isEmpty())
        options.append(u"sslrootcert=%1"_s.arg(m_config.caFile));
    db.setConnectOptions(options.join(u';'));
    if (!db.open()) {
        if (error)
            *error = u"cannot connect to %1 as \"%2\": %3"_s.arg(location(), m_config.user,
                                                                 db.lastError().text().simplified());
        return false;
    }
    // Notices such as "relation already exists, skipping" are not for the agent's log.
    QSqlQuery(db).exec(u"SET client_min_messages TO warning"_s);
    return true;
}

bool PostgresDatabase::connect(QString *error)
{
    if (!connect(m_db, error))
        return false;
    subscribe();
    return true;
}

void PostgresDatabase::failed()
{
    m_suspect = true;
}

// After a failure, and outside a transaction (an aborted one answers nothing until it ends): a
// cheap question tells a refused statement from a lost connection, which is opened again.
void PostgresDatabase::beforeStatement()
{
    if (!m_suspect || m_inTransaction)
        return;
    m_suspect = false;
    {
        QSqlQuery probe(m_db);
        if (probe.exec(u"SELECT 1"_s))
            return;
    }
    qCWarning(lcStore).noquote() << "lost the connection to" << location() << "; connecting again";
    forgetStatements(); // Qt warns "Unable to free statement" for each: the server is gone
    m_db.close();
    QString error;
    if (connect(&error))
        qCInfo(lcStore).noquote() << "connected again to" << location();
    else
        m_suspect = true; // try again at the next statement
}

bool PostgresDatabase::begin(QString *error)
{
    beforeStatement();
    if (!m_db.transaction()) {
        m_suspect = true;
        if (error)
            *error =
                u"store: cannot begin a transaction on %1: %2"_s.arg(location(), m_db.lastError().text().simplified());
        return false;
    }
    m_inTransaction = true;
    return true;
}

bool PostgresDatabase::commit(QString *error)
{
    if (m_db.commit()) {
        m_inTransaction = false;
        return true;
    }
    m_suspect = true;
    if (error)
        *error = u"store: cannot commit on %1: %2"_s.arg(location(), m_db.lastError().text().simplified());
    return false; // still open: the caller rolls back
}

void PostgresDatabase::rollback()
{
    m_db.rollback();
    m_inTransaction = false;
}

bool PostgresDatabase::notify(const QString &channel, const QString &payload, QString *error)
{
    QSqlQuery &query = statement(u"SELECT pg_notify(?, ?)"_s);
    query.addBindValue(channel);
    query.addBindValue(payload);
    const bool ok = exec(query, error);
    query.finish();
    return ok;
}

qint64 PostgresDatabase::sizeBytes()
{
    return scalar(u"SELECT pg_database_size(current_database())"_s);
}

// An agent is alive while it says so every few seconds; one silent for kRosterSilence is gone (its
// part of every rate limit goes to the others).
int PostgresDatabase::roster(const QString &owner, qint64 now, QString *error)
{
    constexpr qint64 kRosterSilence = 10'000;
    QSqlQuery &beat = statement(u"INSERT INTO agents (instance, started_at, seen_at) VALUES (?, ?, ?)"
                                u" ON CONFLICT (instance) DO UPDATE SET seen_at = excluded.seen_at"_s);
    beat.addBindValue(owner);
    beat.addBindValue(now);
    beat.addBindValue(now);
    if (!exec(beat, error))
        return 0;
    QSqlQuery &forget = statement(u"DELETE FROM agents WHERE seen_at < ?"_s);
    forget.addBindValue(now - 6 * kRosterSilence);
    exec(forget, nullptr);
    QSqlQuery &count = statement(u"SELECT COUNT(*) FROM agents WHERE seen_at >= ?"_s);
    count.addBindValue(now - kRosterSilence);
    const int agents = exec(count, nullptr) && count.next() ? count.value(0).toInt() : 1;
    count.finish();
    return std::max(1, agents);
}

void PostgresDatabase::listen(const QStringList &channels, QObject *receiver, Announced handler)
{
    m_channels = channels;
    m_receiver = receiver;
    m_handler = std::move(handler);
    subscribe();
}

bool PostgresDatabase::subscribe()
{
    if (!m_receiver)
        return true;
    if (!m_listener.isValid()) {
        m_listener = QSqlDatabase::addDatabase(u"QPSQL"_s, m_connectionName + u"-listen"_s);
        // The driver stays when the connection is opened again: connected once.
        QObject::connect(m_listener.driver(), &QSqlDriver::notification, m_receiver,
                         [handler = m_handler](const QString &name, QSqlDriver::NotificationSource,
                                               const QVariant &payload) { handler(name, payload.toString()); });
    }
    if (m_listener.isOpen()) {
        QSqlQuery probe(m_listener);
        if (probe.exec(u"SELECT 1"_s))
            return true; // still there, still listening
        m_listener.close();
    }
    QString error;
    if (!connect(m_listener, &error)) {
        qCWarning(lcStore).noquote() << "cannot listen for other agents' announcements:" << error;
        return false;
    }
    QSqlDriver *driver = m_listener.driver();
    bool ok = true;
    for (const QString &channel : std::as_const(m_channels)) {
        if (!driver->subscribeToNotification(channel)) {
            qCWarning(lcStore).noquote() << "cannot listen on" << channel << ":" << driver->lastError().text();
            ok = false;
        }
    }
    return ok;
}

} // namespace sluice::agent
