#include "queue/sqlite/sqlitedatabase.h"

#include <QLoggingCategory>
#include <QSqlError>
#include <QVariant>

using namespace Qt::Literals::StringLiterals;

Q_LOGGING_CATEGORY(lcStore, "sluice.agent.store")

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
};

} // namespace

SqliteDatabase::SqliteDatabase(QString connectionName)
    : m_connectionName(std::move(connectionName))
{
}

SqliteDatabase::~SqliteDatabase()
{
    m_statements.clear(); // queries go before their connection
    if (m_db.isValid()) {
        m_db.close();
        m_db = QSqlDatabase();
        QSqlDatabase::removeDatabase(m_connectionName);
    }
}

int SqliteDatabase::schemaVersion()
{
    return int(kMigrations.size());
}

QMutex &SqliteDatabase::writeLock()
{
    static QMutex lock;
    return lock;
}

QSqlQuery &SqliteDatabase::statement(const QString &sql)
{
    auto it = m_statements.find(sql);
    if (it == m_statements.end()) {
        it = m_statements.insert(sql, QSqlQuery(m_db));
        it->setForwardOnly(true);
        if (!it->prepare(sql))
            qCWarning(lcStore).noquote() << "store: cannot prepare" << sql.simplified().left(80) << ":"
                                         << it->lastError().text();
    }
    return *it;
}

QSqlQuery SqliteDatabase::query(const QString &sql)
{
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    if (!query.prepare(sql))
        qCWarning(lcStore).noquote() << "store: cannot prepare" << sql.simplified().left(80) << ":"
                                     << query.lastError().text();
    return query;
}

bool SqliteDatabase::exec(QSqlQuery &query, QString *error)
{
    if (query.exec())
        return true;
    const QString message =
        u"store: %1 (in: %2)"_s.arg(query.lastError().text(), query.lastQuery().simplified().left(120));
    qCWarning(lcStore).noquote() << message;
    if (error)
        *error = message;
    return false;
}

qint64 SqliteDatabase::scalar(const QString &sql)
{
    QSqlQuery q = query(sql);
    return exec(q, nullptr) && q.next() ? q.value(0).toLongLong() : 0;
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
        QSqlQuery statement = query(pragma);
        if (!exec(statement, error))
            return false;
    }
    return migrate(error);
}

bool SqliteDatabase::migrate(QString *error)
{
    QSqlQuery create = query(u"CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)"_s);
    if (!exec(create, error))
        return false;
    QSqlQuery current = query(u"SELECT COALESCE(MAX(version), 0) FROM schema_version"_s);
    if (!exec(current, error) || !current.next())
        return false;
    const int version = current.value(0).toInt();
    current.finish();
    if (version > schemaVersion()) {
        if (error)
            *error = u"the store was written by a newer Sluice (schema %1, this agent knows up to %2); "
                     u"upgrade the agent or point store.path elsewhere"_s.arg(version)
                         .arg(schemaVersion());
        return false;
    }
    for (int next = version + 1; next <= schemaVersion(); ++next) {
        Transaction transaction(*this, error);
        if (!transaction.ok())
            return false;
        for (const QString &sql : kMigrations.at(next - 1)) {
            QSqlQuery step = query(sql);
            if (!exec(step, error))
                return false;
        }
        QSqlQuery mark = query(u"INSERT INTO schema_version (version) VALUES (?)"_s);
        mark.addBindValue(next);
        if (!exec(mark, error) || !transaction.commit(error))
            return false;
        qCInfo(lcStore) << "store schema migrated to version" << next;
    }
    return true;
}

Transaction::Transaction(SqliteDatabase &db, QString *error)
    : m_db(db)
    , m_lock(&SqliteDatabase::writeLock())
{
    m_open = m_db.exec(m_db.statement(u"BEGIN IMMEDIATE"_s), error);
    if (!m_open)
        m_lock.unlock();
}

Transaction::~Transaction()
{
    if (m_open)
        m_db.exec(m_db.statement(u"ROLLBACK"_s), nullptr);
}

bool Transaction::commit(QString *error)
{
    if (!m_open)
        return false;
    if (!m_db.exec(m_db.statement(u"COMMIT"_s), error))
        return false; // the destructor rolls back
    m_open = false;
    m_lock.unlock();
    return true;
}

} // namespace sluice::agent
