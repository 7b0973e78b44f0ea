#include "queue/store.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
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
};

qint64 now()
{
    return QDateTime::currentMSecsSinceEpoch();
}

DeliveryState stateFromName(const QString &name)
{
    if (name == u"sending")
        return DeliveryState::Sending;
    if (name == u"delivered")
        return DeliveryState::Delivered;
    if (name == u"dead")
        return DeliveryState::Dead;
    if (name == u"superseded")
        return DeliveryState::Superseded;
    if (name == u"discarded")
        return DeliveryState::Discarded;
    return DeliveryState::Pending;
}

QString headersJson(const KafkaRecord &record)
{
    QJsonArray headers;
    for (const auto &[name, value] : record.headers)
        headers.append(QJsonArray{QString::fromUtf8(name), QString::fromLatin1(value.toBase64())});
    return QString::fromUtf8(QJsonDocument(headers).toJson(QJsonDocument::Compact));
}

} // namespace

QString deliveryStateName(DeliveryState state)
{
    switch (state) {
    case DeliveryState::Pending: return u"pending"_s;
    case DeliveryState::Sending: return u"sending"_s;
    case DeliveryState::Delivered: return u"delivered"_s;
    case DeliveryState::Dead: return u"dead"_s;
    case DeliveryState::Superseded: return u"superseded"_s;
    case DeliveryState::Discarded: return u"discarded"_s;
    }
    return u"pending"_s;
}

Store::Store(QString connectionName)
    : m_connectionName(std::move(connectionName))
{
}

Store::~Store()
{
    m_statements.clear(); // queries go before their connection
    if (m_db.isValid()) {
        m_db.close();
        m_db = QSqlDatabase();
        QSqlDatabase::removeDatabase(m_connectionName);
    }
}

int Store::schemaVersion()
{
    return int(kMigrations.size());
}

QMutex Store::s_writeLock;

QSqlQuery &Store::statement(const QString &sql)
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

bool Store::begin(QString *error)
{
    // Writers in this process take turns on a mutex: a waiting thread wakes the moment the other
    // commits, where SQLite's own busy handler would sleep and poll. IMMEDIATE then takes the write
    // lock up front; a deferred transaction that reads first cannot upgrade once another connection
    // has written, and fails with "database is locked".
    s_writeLock.lock();
    if (exec(statement(u"BEGIN IMMEDIATE"_s), error))
        return true;
    s_writeLock.unlock();
    return false;
}

bool Store::commit(QString *error)
{
    const bool ok = exec(statement(u"COMMIT"_s), error);
    if (ok)
        s_writeLock.unlock();
    return ok; // on failure the caller rolls back, which releases the lock
}

bool Store::commitOrRollback(QString *error)
{
    if (commit(error))
        return true;
    rollback();
    return false;
}

void Store::rollback()
{
    exec(statement(u"ROLLBACK"_s), nullptr);
    s_writeLock.unlock();
}

bool Store::exec(QSqlQuery &query, QString *error)
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

bool Store::open(const QString &path, bool fullSync, QString *error)
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
        QSqlQuery query(m_db);
        query.prepare(pragma);
        if (!exec(query, error))
            return false;
    }
    return migrate(error);
}

bool Store::migrate(QString *error)
{
    QSqlQuery query(m_db);
    query.prepare(u"CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)"_s);
    if (!exec(query, error))
        return false;
    query.prepare(u"SELECT COALESCE(MAX(version), 0) FROM schema_version"_s);
    if (!exec(query, error) || !query.next())
        return false;
    const int current = query.value(0).toInt();
    if (current > schemaVersion()) {
        if (error)
            *error = u"the store was written by a newer Sluice (schema %1, this agent knows up to %2); "
                     u"upgrade the agent or point store.path elsewhere"_s.arg(current)
                         .arg(schemaVersion());
        return false;
    }
    for (int version = current + 1; version <= schemaVersion(); ++version) {
        if (!begin(error))
            return false;
        for (const QString &statement : kMigrations.at(version - 1)) {
            QSqlQuery step(m_db);
            step.prepare(statement);
            if (!exec(step, error)) {
                rollback();
                return false;
            }
        }
        QSqlQuery mark(m_db);
        mark.prepare(u"INSERT INTO schema_version (version) VALUES (?)"_s);
        mark.addBindValue(version);
        if (!exec(mark, error) || !commit(error)) {
            rollback();
            return false;
        }
        qCInfo(lcStore) << "store schema migrated to version" << version;
    }
    return true;
}

QString Store::deliveryIdFor(const QString &subscription, const CloudEvent &event)
{
    // Derived, not counted: an event read twice (after a crash) gets the same id, so receivers can
    // de-duplicate and the store refuses the second copy.
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(subscription.toUtf8());
    hash.addData(QByteArrayView("\n", 1));
    hash.addData(event.source.toUtf8());
    hash.addData(QByteArrayView("\n", 1));
    hash.addData(event.id.toUtf8());
    return u"dlv_"_s + QString::fromLatin1(hash.result().toHex().left(32));
}

std::optional<IngestResult> Store::ingest(const QList<IngestItem> &items, const QList<QuarantineItem> &quarantine,
                                          QString *error, const QList<LatestItem> &latest)
{
    IngestResult result;
    if (items.isEmpty() && quarantine.isEmpty() && latest.isEmpty())
        return result;
    const qint64 at = now();
    if (!begin(error))
        return std::nullopt;
    auto abort = [&]() -> std::optional<IngestResult> {
        rollback();
        return std::nullopt;
    };

    QSqlQuery &insertEvent =
        statement(u"INSERT OR IGNORE INTO events (ce_id, source, type, subject, time, payload, kafka_topic,"
                  u" kafka_partition, kafka_offset, kafka_timestamp, received_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)"_s);
    QSqlQuery &findEvent = statement(u"SELECT id FROM events WHERE source = ? AND ce_id = ?"_s);
    QSqlQuery &supersede =
        statement(u"UPDATE deliveries SET state = 'superseded', updated_at = ?, last_error = ?"
                  u" WHERE subscription = ? AND coalescing_key = ? AND state = 'pending' AND id != ?"_s);
    QSqlQuery &insertDelivery =
        statement(u"INSERT OR IGNORE INTO deliveries (delivery_id, event_id, subscription, state, attempts,"
                  u" next_attempt_at, priority, not_before, coalescing_key, ordering_key, created_at, updated_at)"
                  u" VALUES (?, ?, ?, 'pending', 0, ?, ?, ?, ?, ?, ?, ?)"_s);

    for (const IngestItem &item : items) {
        const CloudEvent &e = item.event;
        insertEvent.addBindValue(e.id);
        insertEvent.addBindValue(e.source);
        insertEvent.addBindValue(e.type);
        insertEvent.addBindValue(e.subject.isEmpty() ? QVariant() : QVariant(e.subject));
        insertEvent.addBindValue(e.time.isEmpty() ? QVariant() : QVariant(e.time));
        insertEvent.addBindValue(item.structured.isNull() ? e.toStructuredBytes() : item.structured);
        insertEvent.addBindValue(item.origin.topic);
        insertEvent.addBindValue(item.origin.partition);
        insertEvent.addBindValue(item.origin.offset);
        insertEvent.addBindValue(item.origin.timestampMs);
        insertEvent.addBindValue(at);
        if (!exec(insertEvent, error))
            return abort();
        qint64 eventRow = 0;
        if (insertEvent.numRowsAffected() == 1) {
            eventRow = insertEvent.lastInsertId().toLongLong();
            ++result.eventsStored;
        } else {
            findEvent.addBindValue(e.source);
            findEvent.addBindValue(e.id);
            if (!exec(findEvent, error) || !findEvent.next())
                return abort();
            eventRow = findEvent.value(0).toLongLong();
            findEvent.finish();
            ++result.duplicates;
        }
        for (const NewDelivery &d : item.deliveries) {
            insertDelivery.addBindValue(deliveryIdFor(d.subscription, e));
            insertDelivery.addBindValue(eventRow);
            insertDelivery.addBindValue(d.subscription);
            insertDelivery.addBindValue(std::max(at, d.notBefore));
            insertDelivery.addBindValue(d.priority);
            insertDelivery.addBindValue(d.notBefore > 0 ? QVariant(d.notBefore) : QVariant());
            insertDelivery.addBindValue(d.coalescingKey.isEmpty() ? QVariant() : QVariant(d.coalescingKey));
            insertDelivery.addBindValue(d.orderingKey.isEmpty() ? QVariant() : QVariant(d.orderingKey));
            insertDelivery.addBindValue(at);
            insertDelivery.addBindValue(at);
            if (!exec(insertDelivery, error))
                return abort();
            if (insertDelivery.numRowsAffected() != 1)
                continue; // read again after a crash: it exists, and supersedes nothing a second time
            ++result.deliveriesCreated;
            if (d.coalescingKey.isEmpty())
                continue;
            // Across the whole queue: every waiting delivery with this key gives way to the new one.
            const qint64 newRow = insertDelivery.lastInsertId().toLongLong();
            supersede.addBindValue(at);
            supersede.addBindValue(u"superseded by %1"_s.arg(deliveryIdFor(d.subscription, e)));
            supersede.addBindValue(d.subscription);
            supersede.addBindValue(d.coalescingKey);
            supersede.addBindValue(newRow);
            if (!exec(supersede, error))
                return abort();
            result.superseded += supersede.numRowsAffected();
        }
    }

    QSqlQuery &upsertLatest =
        statement(u"INSERT INTO latest (type, subject, source, ce_id, payload, received_at) VALUES (?,?,?,?,?,?)"
                  u" ON CONFLICT (type, subject) DO UPDATE SET source = excluded.source, ce_id = excluded.ce_id,"
                  u" payload = excluded.payload, received_at = excluded.received_at"_s);
    for (const LatestItem &l : latest) {
        upsertLatest.addBindValue(l.event.type);
        upsertLatest.addBindValue(l.event.subject);
        upsertLatest.addBindValue(l.event.source);
        upsertLatest.addBindValue(l.event.id);
        upsertLatest.addBindValue(l.structured.isNull() ? l.event.toStructuredBytes() : l.structured);
        upsertLatest.addBindValue(at);
        if (!exec(upsertLatest, error))
            return abort();
    }

    QSqlQuery &insertQuarantine =
        statement(u"INSERT OR IGNORE INTO quarantine (topic, partition, kafka_offset, kafka_timestamp,"
                  u" message_key, headers, value, reason, received_at) VALUES (?,?,?,?,?,?,?,?,?)"_s);
    for (const QuarantineItem &q : quarantine) {
        insertQuarantine.addBindValue(q.record.topic);
        insertQuarantine.addBindValue(q.record.partition);
        insertQuarantine.addBindValue(q.record.offset);
        insertQuarantine.addBindValue(q.record.timestampMs);
        insertQuarantine.addBindValue(q.record.key);
        insertQuarantine.addBindValue(headersJson(q.record));
        insertQuarantine.addBindValue(q.record.valueIsNull ? QVariant() : QVariant(q.record.value));
        insertQuarantine.addBindValue(q.reason);
        insertQuarantine.addBindValue(at);
        if (!exec(insertQuarantine, error))
            return abort();
        ++result.quarantined;
    }

    if (!commit(error))
        return abort();
    return result;
}

int Store::resetSending()
{
    QSqlQuery query(m_db);
    query.prepare(u"UPDATE deliveries SET state = 'pending' WHERE state = 'sending'"_s);
    return exec(query, nullptr) ? query.numRowsAffected() : 0;
}

QList<ClaimedDelivery> Store::claim(const QString &subscription, int limit, qint64 at, int oldest, bool ordered)
{
    QList<ClaimedDelivery> claimed;
    if (limit <= 0)
        return claimed;
    if (!begin(nullptr))
        return {};
    // Two fixed statements per mode; the strings below are constants, never user input.
    // The index named walks the waiting deliveries in the order wanted and stops at the limit; left
    // to itself SQLite may take deliveries_next for the time range and sort every waiting row.
    auto head = [](const QString &index) {
        return u"SELECT d.id, d.delivery_id, d.attempts, e.payload, e.kafka_timestamp FROM deliveries d INDEXED BY "_s +
               index +
               u" JOIN events e ON e.id = d.event_id"
               u" WHERE d.subscription = ? AND d.state = 'pending' AND d.next_attempt_at <= ?"_s;
    };
    const QString inOrder = ordered
                                ? u" AND NOT EXISTS (SELECT 1 FROM deliveries p WHERE p.subscription = d.subscription"
                                  u" AND p.ordering_key = d.ordering_key AND p.id < d.id"
                                  u" AND p.state IN ('pending', 'sending'))"_s
                                : QString();
    QSqlQuery &mark = statement(u"UPDATE deliveries SET state = 'sending' WHERE id = ?"_s);
    auto take = [&](const QString &index, const QString &order, int count) {
        if (count <= 0)
            return true;
        QSqlQuery &select = statement(head(index) + inOrder + order + u" LIMIT ?"_s);
        select.addBindValue(subscription);
        select.addBindValue(at);
        select.addBindValue(count);
        if (!exec(select, nullptr))
            return false;
        const qsizetype first = claimed.size();
        while (select.next()) {
            claimed.append({select.value(0).toLongLong(), select.value(1).toString(), subscription,
                            select.value(2).toInt(), select.value(3).toByteArray(), select.value(4).toLongLong()});
        }
        select.finish();
        // Marked at once, so the second selection cannot pick them again.
        for (qsizetype i = first; i < claimed.size(); ++i) {
            mark.addBindValue(claimed.at(i).row);
            if (!exec(mark, nullptr))
                return false;
        }
        return true;
    };
    const int share = std::min(oldest, limit);
    if (!take(u"deliveries_oldest"_s, u" ORDER BY d.id"_s, share) ||
        !take(u"deliveries_due"_s, u" ORDER BY d.priority DESC, d.id"_s, limit - int(claimed.size())) ||
        !commit(nullptr)) {
        rollback();
        return {};
    }
    return claimed;
}

bool Store::record(const QList<DeliveryOutcome> &outcomes, QString *error)
{
    if (outcomes.isEmpty())
        return true;
    const qint64 at = now();
    if (!begin(error))
        return false;
    QSqlQuery &update = statement(u"UPDATE deliveries SET state = ?, attempts = ?, next_attempt_at = ?, updated_at = ?,"
                                  u" last_status = ?, last_error = ? WHERE id = ?"_s);
    QSqlQuery &attempt =
        statement(u"INSERT INTO attempts (delivery, at, http_status, error, duration_ms, response_excerpt)"
                  u" VALUES (?,?,?,?,?,?)"_s);
    for (const DeliveryOutcome &o : outcomes) {
        update.addBindValue(deliveryStateName(o.state));
        update.addBindValue(o.attempts);
        update.addBindValue(o.nextAttemptAt);
        update.addBindValue(at);
        update.addBindValue(o.httpStatus ? QVariant(o.httpStatus) : QVariant());
        update.addBindValue(o.error.isEmpty() ? QVariant() : QVariant(o.error));
        update.addBindValue(o.row);
        attempt.addBindValue(o.row);
        attempt.addBindValue(o.startedAt);
        attempt.addBindValue(o.httpStatus ? QVariant(o.httpStatus) : QVariant());
        attempt.addBindValue(o.error.isEmpty() ? QVariant() : QVariant(o.error));
        attempt.addBindValue(o.durationMs);
        attempt.addBindValue(o.responseExcerpt);
        if (!exec(update, error) || !exec(attempt, error)) {
            rollback();
            return false;
        }
    }
    return commitOrRollback(error);
}

bool Store::release(const QList<qint64> &rows)
{
    if (rows.isEmpty())
        return true;
    if (!begin(nullptr))
        return false;
    QSqlQuery &query = statement(u"UPDATE deliveries SET state = 'pending' WHERE id = ? AND state = 'sending'"_s);
    for (qint64 row : rows) {
        query.addBindValue(row);
        if (!exec(query, nullptr)) {
            rollback();
            return false;
        }
    }
    return commitOrRollback(nullptr);
}

std::optional<qint64> Store::nextAttemptAt(const QString &subscription)
{
    QSqlQuery &query =
        statement(u"SELECT MIN(next_attempt_at) FROM deliveries WHERE subscription = ? AND state = 'pending'"_s);
    query.addBindValue(subscription);
    std::optional<qint64> next;
    if (exec(query, nullptr) && query.next() && !query.value(0).isNull())
        next = query.value(0).toLongLong();
    query.finish();
    return next;
}

int Store::purgeDelivered(qint64 updatedBefore)
{
    if (!begin(nullptr))
        return 0;
    QSqlQuery deliveries(m_db);
    deliveries.prepare(u"DELETE FROM deliveries WHERE state IN ('delivered', 'superseded') AND updated_at < ?"_s);
    deliveries.addBindValue(updatedBefore);
    QSqlQuery events(m_db);
    events.prepare(u"DELETE FROM events WHERE NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.event_id = events.id)"_s);
    // SQLite reports the changes of the connection's last statement: read before the next runs.
    if (!exec(deliveries, nullptr)) {
        rollback();
        return 0;
    }
    const int removed = deliveries.numRowsAffected();
    if (!exec(events, nullptr)) {
        rollback();
        return 0;
    }
    if (!commit(nullptr)) {
        rollback();
        return 0;
    }
    return removed;
}

QHash<QString, qint64> Store::countByState()
{
    QHash<QString, qint64> counts;
    QSqlQuery query(m_db);
    query.prepare(u"SELECT state, COUNT(*) FROM deliveries GROUP BY state"_s);
    if (exec(query, nullptr)) {
        while (query.next())
            counts.insert(query.value(0).toString(), query.value(1).toLongLong());
    }
    QSqlQuery quarantine(m_db);
    quarantine.prepare(u"SELECT COUNT(*) FROM quarantine"_s);
    if (exec(quarantine, nullptr) && quarantine.next())
        counts.insert(u"quarantined"_s, quarantine.value(0).toLongLong());
    return counts;
}

QList<DeliveryRecord> Store::deliveries(const QString &subscription)
{
    return queryDeliveries(u"subscription"_s, subscription);
}

std::optional<DeliveryRecord> Store::delivery(const QString &deliveryId)
{
    const QList<DeliveryRecord> found = queryDeliveries(u"delivery_id"_s, deliveryId);
    if (found.isEmpty())
        return std::nullopt;
    return found.first();
}

QList<DeliveryRecord> Store::queryDeliveries(const QString &column, const QString &value)
{
    QList<DeliveryRecord> records;
    QSqlQuery query(m_db);
    // column is one of two fixed names chosen by the callers above, never user input.
    query.prepare(u"SELECT d.id, d.delivery_id, d.subscription, e.ce_id, e.type, d.state, d.attempts, d.last_error"
                  u" FROM deliveries d JOIN events e ON e.id = d.event_id"
                  u" %1 ORDER BY d.id"_s.arg(value.isEmpty() ? QString() : u"WHERE d.%1 = ?"_s.arg(column)));
    if (!value.isEmpty())
        query.addBindValue(value);
    if (!exec(query, nullptr))
        return records;
    QSqlQuery attempts(m_db);
    attempts.prepare(u"SELECT at, http_status, error, duration_ms, response_excerpt FROM attempts"
                     u" WHERE delivery = ? ORDER BY id"_s);
    while (query.next()) {
        DeliveryRecord r;
        r.deliveryId = query.value(1).toString();
        r.subscription = query.value(2).toString();
        r.eventId = query.value(3).toString();
        r.type = query.value(4).toString();
        r.state = stateFromName(query.value(5).toString());
        r.attempts = query.value(6).toInt();
        r.lastError = query.value(7).toString();
        attempts.addBindValue(query.value(0));
        if (exec(attempts, nullptr)) {
            while (attempts.next()) {
                r.history.append({attempts.value(0).toLongLong(), attempts.value(1).toInt(),
                                  attempts.value(2).toString(), attempts.value(3).toInt(),
                                  attempts.value(4).toByteArray()});
            }
        }
        records.append(r);
    }
    return records;
}

QList<QuarantineRecord> Store::quarantined()
{
    QList<QuarantineRecord> records;
    QSqlQuery query(m_db);
    query.prepare(u"SELECT topic, partition, kafka_offset, reason, value FROM quarantine ORDER BY id"_s);
    if (!exec(query, nullptr))
        return records;
    while (query.next()) {
        records.append({query.value(0).toString(), query.value(1).toInt(), query.value(2).toLongLong(),
                        query.value(3).toString(), query.value(4).toByteArray()});
    }
    return records;
}

} // namespace sluice::agent
