#include "queue/sql/sqldeliveryqueue.h"

#include "queue/sql/sqldatabase.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QVariant>

#include <algorithm>
#include <tuple>

using namespace Qt::Literals::StringLiterals;

namespace sluice::agent {

namespace {

// Rows per multi-row INSERT: 64, or for the rest of a batch the largest power of two that fits.
// Each distinct count is one prepared statement per connection: seven counts, not 64.
constexpr qsizetype kRowsPerInsert = 64;

qsizetype rowsInNextInsert(qsizetype remaining)
{
    qsizetype count = kRowsPerInsert;
    while (count > remaining)
        count /= 2;
    return count;
}

qint64 now()
{
    return QDateTime::currentMSecsSinceEpoch();
}

QVariant nullIfEmpty(const QString &value)
{
    return value.isEmpty() ? QVariant() : QVariant(value);
}

// "INSERT INTO table (columns) VALUES (row),(row)…" for count rows, then tail (ON CONFLICT, RETURNING).
QString multiRowInsert(const QString &head, const QString &row, qsizetype count, const QString &tail)
{
    QString sql = head + u" VALUES "_s;
    for (qsizetype i = 0; i < count; ++i)
        sql += (i ? u","_s : QString()) + row;
    return sql + tail;
}

QString eventKey(const QString &source, const QString &id)
{
    return source + u'\n' + id;
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

DeliveryState deliveryStateFromName(QStringView name)
{
    for (DeliveryState s :
         {DeliveryState::Delivered, DeliveryState::Dead, DeliveryState::Superseded, DeliveryState::Discarded}) {
        if (name == deliveryStateName(s))
            return s;
    }
    return DeliveryState::Pending;
}

QString DeliveryQueue::deliveryIdFor(const QString &subscription, const CloudEvent &event)
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(subscription.toUtf8());
    hash.addData(QByteArrayView("\n", 1));
    hash.addData(event.source.toUtf8());
    hash.addData(QByteArrayView("\n", 1));
    hash.addData(event.id.toUtf8());
    return u"dlv_"_s + QString::fromLatin1(hash.result().toHex().left(32));
}

QString DeliveryQueue::replayDeliveryIdFor(const QString &deliveryId, const QString &replay)
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(deliveryId.toUtf8());
    hash.addData(QByteArrayView("\nreplay\n"));
    hash.addData(replay.toUtf8());
    return u"dlv_"_s + QString::fromLatin1(hash.result().toHex().left(32));
}

SqlDeliveryQueue::SqlDeliveryQueue(SqlDatabase &db)
    : m_db(db)
{
}

std::optional<IngestResult> SqlDeliveryQueue::enqueue(const QList<IngestItem> &items,
                                                      const QList<QuarantineItem> &quarantine,
                                                      const QList<LatestItem> &latest, QString *error)
{
    IngestResult result;
    if (items.isEmpty() && quarantine.isEmpty() && latest.isEmpty())
        return result;
    const qint64 at = now();
    Transaction transaction(m_db, error);
    QList<qint64> eventRows;
    if (!transaction.ok() || !insertEvents(items, at, &eventRows, &result, error) ||
        !insertDeliveries(items, eventRows, at, &result, error) || !saveLatest(latest, at, error) ||
        !saveQuarantine(quarantine, at, &result, error) || !transaction.commit(error))
        return std::nullopt;
    return result;
}

// Every event's row: new ones inserted (a few statements for the whole batch), ones already stored
// (read again after a crash) looked up.
bool SqlDeliveryQueue::insertEvents(const QList<IngestItem> &items, qint64 at, QList<qint64> *rows,
                                    IngestResult *result, QString *error)
{
    QHash<QString, qint64> inserted;
    for (qsizetype first = 0, count = 0; first < items.size(); first += count) {
        count = rowsInNextInsert(items.size() - first);
        QSqlQuery &insert = m_db.statement(multiRowInsert(
            u"INSERT INTO events (ce_id, source, type, subject, time, payload, kafka_topic, kafka_partition,"
            u" kafka_offset, kafka_timestamp, received_at)"_s,
            u"(?,?,?,?,?,?,?,?,?,?,?)"_s, count,
            u" ON CONFLICT (source, ce_id) DO NOTHING RETURNING id, source, ce_id"_s));
        for (qsizetype i = first; i < first + count; ++i) {
            const IngestItem &item = items.at(i);
            const CloudEvent &e = item.event;
            insert.addBindValue(e.id);
            insert.addBindValue(e.source);
            insert.addBindValue(e.type);
            insert.addBindValue(nullIfEmpty(e.subject));
            insert.addBindValue(nullIfEmpty(e.time));
            insert.addBindValue(item.structured.isNull() ? e.toStructuredBytes() : item.structured);
            insert.addBindValue(item.origin.topic);
            insert.addBindValue(item.origin.partition);
            insert.addBindValue(item.origin.offset);
            insert.addBindValue(item.origin.timestampMs);
            insert.addBindValue(at);
        }
        if (!m_db.exec(insert, error))
            return false;
        while (insert.next())
            inserted.insert(eventKey(insert.value(1).toString(), insert.value(2).toString()),
                            insert.value(0).toLongLong());
        insert.finish();
    }
    result->eventsStored = int(inserted.size());
    result->duplicates = int(items.size() - inserted.size());
    QSqlQuery &find = m_db.statement(u"SELECT id FROM events WHERE source = ? AND ce_id = ?"_s);
    rows->reserve(items.size());
    for (const IngestItem &item : items) {
        const auto it = inserted.constFind(eventKey(item.event.source, item.event.id));
        if (it != inserted.constEnd()) {
            rows->append(*it);
            continue;
        }
        find.addBindValue(item.event.source);
        find.addBindValue(item.event.id);
        if (!m_db.exec(find, error) || !find.next())
            return false;
        rows->append(find.value(0).toLongLong());
        find.finish();
    }
    return true;
}

bool SqlDeliveryQueue::insertDeliveries(const QList<IngestItem> &items, const QList<qint64> &eventRows, qint64 at,
                                        IngestResult *result, QString *error)
{
    struct Row {
        QString id;
        qint64 event;
        const NewDelivery *delivery;
    };
    QList<Row> all;
    for (qsizetype i = 0; i < items.size(); ++i) {
        for (const NewDelivery &d : items.at(i).deliveries)
            all.append({d.replay.isEmpty()
                            ? deliveryIdFor(d.subscription, items.at(i).event)
                            : replayDeliveryIdFor(deliveryIdFor(d.subscription, items.at(i).event), d.replay),
                        eventRows.at(i), &d});
    }
    if (!all.isEmpty() && !beforeInsertingDeliveries(error))
        return false;
    QHash<QString, qint64> created; // delivery id → row, for those new (not read again after a crash)
    for (qsizetype first = 0, count = 0; first < all.size(); first += count) {
        count = rowsInNextInsert(all.size() - first);
        QSqlQuery &insert = m_db.statement(multiRowInsert(
            u"INSERT INTO deliveries (delivery_id, event_id, subscription, state, attempts, next_attempt_at,"
            u" priority, not_before, coalescing_key, ordering_key, created_at, updated_at, replay)"_s,
            u"(?,?,?,'pending',0,?,?,?,?,?,?,?,?)"_s, count,
            u" ON CONFLICT (delivery_id) DO NOTHING RETURNING id, delivery_id"_s));
        for (qsizetype i = first; i < first + count; ++i) {
            const NewDelivery &d = *all.at(i).delivery;
            insert.addBindValue(all.at(i).id);
            insert.addBindValue(all.at(i).event);
            insert.addBindValue(d.subscription);
            insert.addBindValue(std::max(at, d.notBefore));
            insert.addBindValue(d.priority);
            insert.addBindValue(d.notBefore > 0 ? QVariant(d.notBefore) : QVariant());
            insert.addBindValue(nullIfEmpty(d.coalescingKey));
            insert.addBindValue(nullIfEmpty(d.orderingKey));
            insert.addBindValue(at);
            insert.addBindValue(at);
            insert.addBindValue(nullIfEmpty(d.replay));
        }
        if (!m_db.exec(insert, error))
            return false;
        while (insert.next())
            created.insert(insert.value(1).toString(), insert.value(0).toLongLong());
        insert.finish();
    }
    result->deliveriesCreated = int(created.size());
    QSet<QString> woken;
    for (const Row &row : std::as_const(all)) {
        if (created.contains(row.id))
            woken.insert(row.delivery->subscription);
    }
    for (const QString &subscription : std::as_const(woken)) {
        if (!m_db.notify(SqlDatabase::kWorkChannel, subscription, error))
            return false;
    }

    // Across the whole queue: every waiting delivery with the same coalescing key gives way to the
    // newest, the batch's own included. A delivery read again after a crash exists already and
    // supersedes nothing again.
    struct Newest {
        qint64 row = 0;
        QString id;
    };
    QHash<std::pair<QString, QString>, Newest> newest; // (subscription, key)
    for (const Row &row : std::as_const(all)) {
        const auto it = created.constFind(row.id);
        if (row.delivery->coalescingKey.isEmpty() || it == created.constEnd())
            continue;
        Newest &n = newest[{row.delivery->subscription, row.delivery->coalescingKey}];
        if (*it > n.row)
            n = {*it, row.id};
    }
    QSqlQuery &supersede =
        m_db.statement(u"UPDATE deliveries SET state = 'superseded', updated_at = ?, last_error = ?"
                       u" WHERE subscription = ? AND coalescing_key = ? AND state = 'pending' AND id < ?"_s);
    // Keys in one order in every agent sharing the store (no deadlock between two batches).
    QList<std::pair<QString, QString>> keys = newest.keys();
    std::sort(keys.begin(), keys.end());
    for (const auto &key : std::as_const(keys)) {
        const auto it = newest.constFind(key);
        supersede.addBindValue(at);
        supersede.addBindValue(u"superseded by %1"_s.arg(it->id));
        supersede.addBindValue(it.key().first);
        supersede.addBindValue(it.key().second);
        supersede.addBindValue(it->row);
        if (!m_db.exec(supersede, error))
            return false;
        result->superseded += supersede.numRowsAffected();
    }
    return true;
}

bool SqlDeliveryQueue::saveLatest(const QList<LatestItem> &latest, qint64 at, QString *error)
{
    QSqlQuery &upsert =
        m_db.statement(u"INSERT INTO latest (type, subject, source, ce_id, payload, received_at) VALUES (?,?,?,?,?,?)"
                       u" ON CONFLICT (type, subject) DO UPDATE SET source = excluded.source, ce_id = excluded.ce_id,"
                       u" payload = excluded.payload, received_at = excluded.received_at"_s);
    QList<const LatestItem *> sorted;
    for (const LatestItem &l : latest)
        sorted.append(&l);
    std::sort(sorted.begin(), sorted.end(), [](const LatestItem *a, const LatestItem *b) {
        return std::tie(a->event.type, a->event.subject) < std::tie(b->event.type, b->event.subject);
    });
    for (const LatestItem *item : std::as_const(sorted)) {
        const LatestItem &l = *item;
        upsert.addBindValue(l.event.type);
        upsert.addBindValue(l.event.subject);
        upsert.addBindValue(l.event.source);
        upsert.addBindValue(l.event.id);
        upsert.addBindValue(l.structured.isNull() ? l.event.toStructuredBytes() : l.structured);
        upsert.addBindValue(at);
        if (!m_db.exec(upsert, error))
            return false;
    }
    return true;
}

bool SqlDeliveryQueue::saveQuarantine(const QList<QuarantineItem> &quarantine, qint64 at, IngestResult *result,
                                      QString *error)
{
    QSqlQuery &insert = m_db.statement(u"INSERT INTO quarantine (topic, partition, kafka_offset, kafka_timestamp,"
                                       u" message_key, headers, value, reason, reason_code, reason_params, received_at)"
                                       u" VALUES (?,?,?,?,?,?,?,?,?,?,?)"
                                       u" ON CONFLICT (topic, partition, kafka_offset) DO NOTHING"_s);
    for (const QuarantineItem &q : quarantine) {
        insert.addBindValue(q.record.topic);
        insert.addBindValue(q.record.partition);
        insert.addBindValue(q.record.offset);
        insert.addBindValue(q.record.timestampMs);
        insert.addBindValue(q.record.key);
        insert.addBindValue(headersJson(q.record));
        insert.addBindValue(q.record.valueIsNull ? QVariant() : QVariant(q.record.value));
        insert.addBindValue(q.reason.text());
        insert.addBindValue(q.reason.reason);
        insert.addBindValue(QString::fromUtf8(QJsonDocument(q.reason.params).toJson(QJsonDocument::Compact)));
        insert.addBindValue(at);
        if (!m_db.exec(insert, error))
            return false;
        ++result->quarantined;
    }
    return true;
}

// Outcomes in chunks: one UPDATE ... FROM (VALUES ...) and one multi-row INSERT of attempts per
// chunk of up to 64, not two statements per delivery (a statement is a round trip to a server).
bool SqlDeliveryQueue::record(const QList<DeliveryOutcome> &outcomes, QString *error)
{
    if (outcomes.isEmpty())
        return true;
    const qint64 at = now();
    Transaction transaction(m_db, error);
    if (!transaction.ok())
        return false;
    for (qsizetype first = 0, count = 0; first < outcomes.size(); first += count) {
        count = rowsInNextInsert(outcomes.size() - first);
        if (!updateOutcomes(outcomes.mid(first, count), at, error))
            return false;
    }
    QList<const DeliveryOutcome *> attempted;
    for (const DeliveryOutcome &o : outcomes) {
        if (o.attempted)
            attempted.append(&o);
    }
    for (qsizetype first = 0, count = 0; first < attempted.size(); first += count) {
        count = rowsInNextInsert(attempted.size() - first);
        QSqlQuery &insert = m_db.statement(
            multiRowInsert(u"INSERT INTO attempts (delivery, at, http_status, error, duration_ms, response_excerpt)"_s,
                           u"(?,?,?,?,?,?)"_s, count, QString()));
        for (qsizetype i = first; i < first + count; ++i) {
            const DeliveryOutcome &o = *attempted.at(i);
            insert.addBindValue(o.row);
            insert.addBindValue(o.startedAt);
            insert.addBindValue(o.httpStatus ? QVariant(o.httpStatus) : QVariant());
            insert.addBindValue(nullIfEmpty(o.error));
            insert.addBindValue(o.durationMs);
            insert.addBindValue(o.responseExcerpt);
        }
        if (!m_db.exec(insert, error))
            return false;
    }
    if (!transaction.commit(error))
        return false; // the leases stay: the outcomes are tried again, not claimed by someone else
    settled(outcomes);
    return true;
}

// Only a waiting delivery takes its outcome: one an administrator discarded, or whose subscription
// was deleted, while it was being sent keeps that state. The first row's casts type the VALUES
// columns for a server that would otherwise take unknown parameters for text.
bool SqlDeliveryQueue::updateOutcomes(const QList<DeliveryOutcome> &chunk, qint64 at, QString *error)
{
    QString sql =
        u"UPDATE deliveries SET state = v.column2, attempts = v.column3, next_attempt_at = v.column4,"
        u" updated_at = v.column5, last_status = v.column6, last_error = v.column7, last_reason = v.column8"_s +
        settleColumns() + u" FROM (VALUES"_s;
    for (qsizetype i = 0; i < chunk.size(); ++i) {
        sql += i ? u",(?,?,?,?,?,?,?,?)"_s
                 : u" (CAST(? AS BIGINT), CAST(? AS TEXT), CAST(? AS INTEGER), CAST(? AS BIGINT),"
                   u" CAST(? AS BIGINT), CAST(? AS INTEGER), CAST(? AS TEXT), CAST(? AS TEXT))"_s;
    }
    sql += u") AS v WHERE deliveries.id = v.column1 AND deliveries.state = 'pending'"_s;
    QSqlQuery &update = m_db.statement(sql);
    for (const DeliveryOutcome &o : chunk) {
        update.addBindValue(o.row);
        update.addBindValue(deliveryStateName(o.state));
        update.addBindValue(o.attempts);
        update.addBindValue(o.nextAttemptAt);
        update.addBindValue(at);
        update.addBindValue(o.httpStatus ? QVariant(o.httpStatus) : QVariant());
        update.addBindValue(nullIfEmpty(o.error));
        update.addBindValue(nullIfEmpty(o.reason));
    }
    return m_db.exec(update, error);
}

QList<AttemptRecord> SqlDeliveryQueue::attemptsOf(qint64 row)
{
    QList<AttemptRecord> history;
    QSqlQuery &attempts = m_db.statement(
        u"SELECT at, http_status, error, duration_ms, response_excerpt FROM attempts WHERE delivery = ? ORDER BY id"_s);
    attempts.addBindValue(row);
    if (m_db.exec(attempts, nullptr)) {
        while (attempts.next()) {
            history.append({attempts.value(0).toLongLong(), attempts.value(1).toInt(), attempts.value(2).toString(),
                            attempts.value(3).toInt(), attempts.value(4).toByteArray()});
        }
    }
    attempts.finish();
    return history;
}

QString SqlDeliveryQueue::claimCandidates(bool ordered, const QString &notLeased, const QString &oldestHint,
                                          const QString &urgentHint, const QString &lock)
{
    const QString inOrder = ordered
                                ? u" AND NOT EXISTS (SELECT 1 FROM deliveries p WHERE p.subscription = d.subscription"
                                  u" AND p.ordering_key = d.ordering_key AND p.state = 'pending' AND p.id < d.id)"_s
                                : QString();
    const QString due =
        u" WHERE d.subscription = ? AND d.state = 'pending' AND d.next_attempt_at <= ?"_s + notLeased + inOrder;
    return u"oldest AS (SELECT d.id, 0 AS k FROM deliveries d"_s + oldestHint + due + u" ORDER BY d.id LIMIT ?"_s +
           lock + u"), urgent AS (SELECT d.id, 1 AS k FROM deliveries d"_s + urgentHint + due +
           u" AND d.id NOT IN (SELECT id FROM oldest) ORDER BY d.priority DESC, d.id LIMIT ?"_s + lock + u")"_s;
}

QList<ClaimedDelivery> SqlDeliveryQueue::readClaimed(QSqlQuery &select, const QString &subscription)
{
    QList<ClaimedDelivery> claimed;
    while (select.next()) {
        claimed.append({select.value(0).toLongLong(), select.value(1).toString(), subscription, select.value(2).toInt(),
                        select.value(3).toByteArray(), select.value(4).toLongLong(), select.value(5).toString()});
    }
    return claimed;
}

int SqlDeliveryQueue::purgeDelivered(qint64 updatedBefore, const QStringList &polled)
{
    Transaction transaction(m_db, nullptr);
    if (!transaction.ok())
        return 0;
    QStringList marks(polled.size(), u"?"_s);
    const QString keep = polled.isEmpty() ? QString() : u" AND subscription NOT IN (%1)"_s.arg(marks.join(u','));
    QSqlQuery deliveries = m_db.query(u"DELETE FROM deliveries WHERE state <> 'pending'"
                                      u" AND state IN ('delivered', 'superseded') AND updated_at < ?"_s +
                                      keep);
    deliveries.addBindValue(updatedBefore);
    for (const QString &name : polled)
        deliveries.addBindValue(name);
    // SQLite reports the changes of the connection's last statement: read before the next runs.
    if (!m_db.exec(deliveries, nullptr))
        return 0;
    const int removed = deliveries.numRowsAffected();
    QSqlQuery events =
        m_db.query(u"DELETE FROM events WHERE NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.event_id = events.id)"_s);
    if (!m_db.exec(events, nullptr) || !transaction.commit(nullptr))
        return 0;
    return removed;
}

QHash<QString, qint64> SqlDeliveryQueue::countByState()
{
    QHash<QString, qint64> counts;
    QSqlQuery query = m_db.query(u"SELECT state, COUNT(*) FROM deliveries GROUP BY state"_s);
    if (m_db.exec(query, nullptr)) {
        while (query.next())
            counts.insert(query.value(0).toString(), query.value(1).toLongLong());
    }
    QSqlQuery quarantine = m_db.query(u"SELECT COUNT(*) FROM quarantine"_s);
    if (m_db.exec(quarantine, nullptr) && quarantine.next())
        counts.insert(u"quarantined"_s, quarantine.value(0).toLongLong());
    return counts;
}

QHash<QString, QHash<QString, qint64>> SqlDeliveryQueue::countsBySubscription()
{
    QHash<QString, QHash<QString, qint64>> counts;
    QSqlQuery query =
        m_db.query(u"SELECT subscription, state, COUNT(*) FROM deliveries GROUP BY subscription, state"_s);
    if (!m_db.exec(query, nullptr))
        return counts;
    while (query.next())
        counts[query.value(0).toString()].insert(query.value(1).toString(), query.value(2).toLongLong());
    // What ended in the last hour (the index of settled deliveries keeps this a range scan).
    QSqlQuery recent =
        m_db.query(u"SELECT subscription, state, COUNT(*) FROM deliveries WHERE state <> 'pending'"
                   u" AND state IN ('delivered', 'dead') AND updated_at >= ? GROUP BY subscription, state"_s);
    recent.addBindValue(now() - 3600 * 1000);
    if (!m_db.exec(recent, nullptr))
        return counts;
    while (recent.next())
        counts[recent.value(0).toString()].insert(recent.value(1).toString() + u"LastHour"_s,
                                                  recent.value(2).toLongLong());
    return counts;
}

std::optional<DeliveryRecord> SqlDeliveryQueue::delivery(const QString &deliveryId)
{
    const QList<DeliveryRecord> found = records(u"delivery_id"_s, deliveryId);
    if (found.isEmpty())
        return std::nullopt;
    return found.first();
}

QList<DeliveryRecord> SqlDeliveryQueue::deliveries(const QString &subscription)
{
    return records(u"subscription"_s, subscription);
}

QList<DeliveryRecord> SqlDeliveryQueue::records(const QString &column, const QString &value)
{
    QList<DeliveryRecord> list;
    // column is one of two fixed names chosen by the callers above, never input.
    QSqlQuery query =
        m_db.query(u"SELECT d.id, d.delivery_id, d.subscription, e.ce_id, e.type, d.state, d.attempts, d.last_error,"
                   u" d.last_reason FROM deliveries d JOIN events e ON e.id = d.event_id %1 ORDER BY d.id"_s.arg(
                       value.isEmpty() ? QString() : u"WHERE d.%1 = ?"_s.arg(column)));
    if (!value.isEmpty())
        query.addBindValue(value);
    if (!m_db.exec(query, nullptr))
        return list;
    // Read to the end before the attempts are asked for: a connection (PostgreSQL's) answers one
    // query at a time.
    QList<qint64> rows;
    while (query.next()) {
        DeliveryRecord r;
        rows.append(query.value(0).toLongLong());
        r.deliveryId = query.value(1).toString();
        r.subscription = query.value(2).toString();
        r.eventId = query.value(3).toString();
        r.type = query.value(4).toString();
        r.state = deliveryStateFromName(query.value(5).toString());
        r.attempts = query.value(6).toInt();
        r.lastError = query.value(7).toString();
        r.lastReason = query.value(8).toString();
        list.append(r);
    }
    query.finish();
    for (qsizetype i = 0; i < list.size(); ++i)
        list[i].history = attemptsOf(rows.at(i));
    return list;
}

} // namespace sluice::agent
