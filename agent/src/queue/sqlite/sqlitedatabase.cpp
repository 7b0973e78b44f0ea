#include "queue/sqlite/sqlitedatabase.h"

#include <QFileInfo>
#include <QMutex>
#include <QSqlError>

using namespace Qt::Literals::StringLiterals;

namespace sluice::agent {

namespace {

// Each entry is one schema version; entries are never edited once released, only appended.
const QList<QStringList> kMigrations = {
    {
        u"CREATE TABLE events ("
        u" id INTEGER PRIMARY KEY, ce_id TEXT NOT NULL, source TEXT NOT NULL, type TEXT NOT NULL,"
        u" subject TEXT, time TEXT, payload BLOB NOT NULL,"
        u" kafka_topic TEXT, kafka_partition INTEGER, kafka_offset INTEGER, kafka_timestamp INTEGER,"
        u" received_at INTEGER NOT NULL, UNIQUE (source, ce_id))"_s,
        u"CREATE TABLE deliveries ("
        u" id INTEGER PRIMARY KEY, delivery_id TEXT NOT NULL UNIQUE,"
        u" event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,"
        u" subscription TEXT NOT NULL, state TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,"
        u" next_attempt_at INTEGER NOT NULL, priority INTEGER NOT NULL DEFAULT 1, not_before INTEGER,"
        u" coalescing_key TEXT, ordering_key TEXT, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,"
        u" last_status INTEGER, last_error TEXT)"_s,
        u"CREATE INDEX deliveries_due ON deliveries (subscription, state, priority DESC, id)"_s,
        u"CREATE INDEX deliveries_event ON deliveries (event_id)"_s,
        u"CREATE INDEX deliveries_state_updated ON deliveries (state, updated_at)"_s,
        u"CREATE TABLE attempts ("
        u" id INTEGER PRIMARY KEY, delivery INTEGER NOT NULL REFERENCES deliveries(id) ON DELETE CASCADE,"
        u" at INTEGER NOT NULL, http_status INTEGER, error TEXT, duration_ms INTEGER, response_excerpt BLOB)"_s,
        u"CREATE INDEX attempts_delivery ON attempts (delivery)"_s,
        u"CREATE TABLE quarantine ("
        u" id INTEGER PRIMARY KEY, topic TEXT NOT NULL, partition INTEGER NOT NULL, kafka_offset INTEGER NOT "
        u"NULL,"
        u" kafka_timestamp INTEGER, message_key BLOB, headers TEXT, value BLOB, reason TEXT NOT NULL,"
        u" received_at INTEGER NOT NULL, UNIQUE (topic, partition, kafka_offset))"_s,
    },
    {
        // Delivery you can trust: wake-up times, fair share, coalescing, ordering, endpoint state,
        // signing secrets and the latest event per subject for initial events.
        u"CREATE INDEX deliveries_next ON deliveries (subscription, state, next_attempt_at)"_s,
        u"CREATE INDEX deliveries_oldest ON deliveries (subscription, state, id)"_s,
        u"CREATE INDEX deliveries_coalesce ON deliveries (subscription, coalescing_key, state)"
        u" WHERE coalescing_key IS NOT NULL"_s,
        u"CREATE INDEX deliveries_order ON deliveries (subscription, ordering_key, id)"
        u" WHERE ordering_key IS NOT NULL"_s,
        u"CREATE TABLE subscription_state ("
        u" name TEXT PRIMARY KEY, state TEXT NOT NULL, reason TEXT, validated_endpoint TEXT,"
        u" allowed_rate REAL NOT NULL DEFAULT 0, updated_at INTEGER NOT NULL)"_s,
        u"CREATE TABLE secrets ("
        u" id INTEGER PRIMARY KEY, subscription TEXT NOT NULL, secret TEXT NOT NULL,"
        u" created_at INTEGER NOT NULL, expires_at INTEGER, revealed INTEGER NOT NULL DEFAULT 0)"_s,
        u"CREATE INDEX secrets_subscription ON secrets (subscription, id)"_s,
        u"CREATE TABLE latest ("
        u" type TEXT NOT NULL, subject TEXT NOT NULL, source TEXT NOT NULL, ce_id TEXT NOT NULL,"
        u" payload BLOB NOT NULL, received_at INTEGER NOT NULL, PRIMARY KEY (type, subject))"_s,
    },
    {
        // The event register: one JSON document per type (see RegisterEntry::toJson), and how many
        // events of each type were seen per minute, for the last hour and day.
        u"CREATE TABLE register_entries (type TEXT PRIMARY KEY, entry TEXT NOT NULL, updated_at INTEGER NOT NULL)"_s,
        u"CREATE TABLE register_counts ("
        u" type TEXT NOT NULL, minute INTEGER NOT NULL, count INTEGER NOT NULL, PRIMARY KEY (type, minute))"_s,
    },
    {
        // The admin API: who changed what, and searching deliveries by time.
        u"CREATE TABLE audit (id INTEGER PRIMARY KEY, at INTEGER NOT NULL, token TEXT NOT NULL,"
        u" method TEXT NOT NULL, params TEXT, outcome TEXT NOT NULL)"_s,
        u"CREATE INDEX deliveries_created ON deliveries (created_at)"_s,
        // Subscriptions: from the configuration file (origin 'file', imported at every start) and
        // made through the admin API (origin 'api'). The definition includes credentials.
        u"CREATE TABLE subscriptions (name TEXT PRIMARY KEY, definition TEXT NOT NULL, origin TEXT NOT NULL,"
        u" created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL)"_s,
    },
    {
        // Claims are leases held by the claiming agent, not rows rewritten: the indexes that find
        // due work cover only waiting deliveries, so a delivery leaves them once, when it settles.
        u"UPDATE deliveries SET state = 'pending' WHERE state = 'sending'"_s,
        u"DROP INDEX deliveries_due"_s,
        u"DROP INDEX deliveries_next"_s,
        u"DROP INDEX deliveries_oldest"_s,
        u"DROP INDEX deliveries_order"_s,
        u"DROP INDEX deliveries_state_updated"_s,
        u"CREATE INDEX deliveries_waiting ON deliveries (subscription, priority DESC, id) WHERE state = 'pending'"_s,
        u"CREATE INDEX deliveries_waiting_oldest ON deliveries (subscription, id) WHERE state = 'pending'"_s,
        u"CREATE INDEX deliveries_waiting_next ON deliveries (subscription, next_attempt_at) WHERE state = 'pending'"_s,
        u"CREATE INDEX deliveries_order ON deliveries (subscription, ordering_key, id)"
        u" WHERE ordering_key IS NOT NULL AND state = 'pending'"_s,
        u"CREATE INDEX deliveries_settled ON deliveries (state, updated_at) WHERE state <> 'pending'"_s,
    },
    {
        // Consumers of the Subscriptions API: a token each, kept only as its SHA-256.
        u"CREATE TABLE consumers (name TEXT PRIMARY KEY, token_hash TEXT NOT NULL UNIQUE,"
        u" allowed_types TEXT NOT NULL, max_subscriptions INTEGER NOT NULL DEFAULT 0,"
        u" created_at INTEGER NOT NULL, token_at INTEGER NOT NULL, revoked_at INTEGER, used_at INTEGER)"_s,
    },
    {
        // Polled subscriptions: how far retention removed (older cursors expire), how far the
        // consumer read, and when it last asked.
        u"CREATE TABLE poll_state (subscription TEXT PRIMARY KEY, removed_through INTEGER NOT NULL DEFAULT 0,"
        u" acked_through INTEGER NOT NULL DEFAULT 0, polled_at INTEGER)"_s,
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
        u" minute INTEGER NOT NULL, attempts INTEGER NOT NULL, succeeded INTEGER NOT NULL, latency TEXT NOT NULL,"
        u" PRIMARY KEY (subscription, agent, minute))"_s,
        // Why a message was quarantined as a stable code and its params (shared/quarantinereason.h),
        // beside the English text, so a console says it in its reader's language.
        u"ALTER TABLE quarantine ADD COLUMN reason_code TEXT"_s,
        u"ALTER TABLE quarantine ADD COLUMN reason_params TEXT"_s,
    },
};

QMutex &writeLock()
{
    static QMutex lock;
    return lock;
}

} // namespace

int SqliteDatabase::schemaVersion()
{
    return int(kMigrations.size());
}

QString SqliteDatabase::location() const
{
    return u"the store \"%1\""_s.arg(path());
}

qint64 SqliteDatabase::sizeBytes()
{
    return QFileInfo(path()).size() + QFileInfo(path() + u"-wal"_s).size();
}

bool SqliteDatabase::open(const QString &path, bool fullSync, QString *error)
{
    m_db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_connectionName);
    m_db.setDatabaseName(path);
    // Agent threads share the file; a writer waits for another rather than failing.
    m_db.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=30000"_s);
    if (!m_db.open()) {
        if (error)
            *error = u"cannot open the store \"%1\": %2"_s.arg(path, m_db.lastError().text());
        return false;
    }
    const QStringList pragmas = {
        u"PRAGMA journal_mode=WAL"_s,
        fullSync ? u"PRAGMA synchronous=FULL"_s : u"PRAGMA synchronous=NORMAL"_s,
        u"PRAGMA foreign_keys=ON"_s,
    };
    for (const QString &pragma : pragmas) {
        if (!run(pragma, error))
            return false;
    }
    return migrate(kMigrations, error);
}

bool SqliteDatabase::begin(QString *error)
{
    writeLock().lock();
    if (exec(statement(u"BEGIN IMMEDIATE"_s), error))
        return true;
    writeLock().unlock();
    return false;
}

bool SqliteDatabase::commit(QString *error)
{
    if (!exec(statement(u"COMMIT"_s), error))
        return false; // still open: the caller rolls back
    writeLock().unlock();
    return true;
}

void SqliteDatabase::rollback()
{
    exec(statement(u"ROLLBACK"_s), nullptr);
    writeLock().unlock();
}

} // namespace sluice::agent
