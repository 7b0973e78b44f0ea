// The store's queries for the admin API: searching deliveries, retrying and discarding them, the
// quarantine, the audit log. The shapes returned are the protocol's (docs/protocol.md).
#include "queue/store.h"

#include <QDateTime>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>
#include <QVariant>

using namespace Qt::Literals::StringLiterals;

namespace sluice::agent {

namespace {

// WHERE clauses and their values for a delivery query; the names are ours, the values bound.
struct Where {
    QStringList clauses;
    QVariantList values;

    QString sql() const { return clauses.isEmpty() ? QString() : u" WHERE "_s + clauses.join(u" AND "_s); }
    void bind(QSqlQuery &query) const
    {
        for (const QVariant &v : values)
            query.addBindValue(v);
    }
};

Where whereOf(const Store::DeliveryQuery &q)
{
    Where w;
    auto add = [&](const QString &clause, const QVariant &value) {
        w.clauses.append(clause);
        w.values.append(value);
    };
    if (!q.subscription.isEmpty())
        add(u"d.subscription = ?"_s, q.subscription);
    if (!q.state.isEmpty())
        add(u"d.state = ?"_s, q.state);
    if (q.type.endsWith(u'*')) {
        add(u"substr(e.type, 1, length(?)) = ?"_s, q.type.chopped(1));
        w.values.append(q.type.chopped(1));
    } else if (!q.type.isEmpty()) {
        add(u"e.type = ?"_s, q.type);
    }
    if (!q.subject.isEmpty())
        add(u"e.subject = ?"_s, q.subject);
    if (q.from > 0)
        add(u"d.created_at >= ?"_s, q.from);
    if (q.to > 0)
        add(u"d.created_at < ?"_s, q.to);
    if (q.httpStatus > 0)
        add(u"d.last_status = ?"_s, q.httpStatus);
    return w;
}

QJsonObject deliveryJson(const QSqlQuery &r)
{
    // Columns as selected by kDeliveryColumns.
    QJsonObject json{
        {u"id"_s, r.value(1).toString()},
        {u"subscription"_s, r.value(2).toString()},
        {u"state"_s, r.value(3).toString()},
        {u"attempts"_s, r.value(4).toInt()},
        {u"eventId"_s, r.value(5).toString()},
        {u"source"_s, r.value(6).toString()},
        {u"type"_s, r.value(7).toString()},
        {u"createdAt"_s, CloudEvent::rfc3339(r.value(9).toLongLong())},
        {u"updatedAt"_s, CloudEvent::rfc3339(r.value(10).toLongLong())},
    };
    if (!r.value(8).isNull())
        json.insert(u"subject"_s, r.value(8).toString());
    if (!r.value(11).isNull())
        json.insert(u"lastStatus"_s, r.value(11).toInt());
    if (!r.value(12).isNull())
        json.insert(u"lastError"_s, r.value(12).toString());
    if (r.value(3).toString() == u"pending")
        json.insert(u"nextAttemptAt"_s, CloudEvent::rfc3339(r.value(13).toLongLong()));
    return json;
}

const QString kDeliveryColumns =
    u"d.id, d.delivery_id, d.subscription, d.state, d.attempts, e.ce_id, e.source, e.type, e.subject, d.created_at,"
    u" d.updated_at, d.last_status, d.last_error, d.next_attempt_at"_s;

} // namespace

QJsonArray Store::searchDeliveries(const DeliveryQuery &q, qint64 *total)
{
    const Where where = whereOf(q);
    QJsonArray out;
    QSqlQuery count(m_db);
    count.prepare(u"SELECT COUNT(*) FROM deliveries d JOIN events e ON e.id = d.event_id"_s + where.sql());
    where.bind(count);
    if (total)
        *total = exec(count, nullptr) && count.next() ? count.value(0).toLongLong() : 0;
    QSqlQuery query(m_db);
    query.prepare(
        u"SELECT %1 FROM deliveries d JOIN events e ON e.id = d.event_id%2 ORDER BY d.id DESC LIMIT ? OFFSET ?"_s.arg(
            kDeliveryColumns, where.sql()));
    where.bind(query);
    query.addBindValue(q.limit);
    query.addBindValue(q.offset);
    if (!exec(query, nullptr))
        return out;
    while (query.next())
        out.append(deliveryJson(query));
    return out;
}

QList<qint64> Store::retryableRows(const DeliveryQuery &q)
{
    Where where = whereOf(q);
    where.clauses.append(u"d.state IN ('pending', 'dead')"_s);
    QList<qint64> rows;
    QSqlQuery query(m_db);
    query.prepare(
        u"SELECT d.id FROM deliveries d JOIN events e ON e.id = d.event_id%1 ORDER BY d.id"_s.arg(where.sql()));
    where.bind(query);
    if (!exec(query, nullptr))
        return rows;
    while (query.next())
        rows.append(query.value(0).toLongLong());
    return rows;
}

QList<qint64> Store::rowsOf(const QStringList &deliveryIds)
{
    QList<qint64> rows;
    QSqlQuery &query = statement(u"SELECT id FROM deliveries WHERE delivery_id = ?"_s);
    for (const QString &id : deliveryIds) {
        query.addBindValue(id);
        if (exec(query, nullptr) && query.next())
            rows.append(query.value(0).toLongLong());
        query.finish();
    }
    return rows;
}

QJsonObject Store::deliveryDetail(const QString &deliveryId)
{
    QSqlQuery query(m_db);
    query.prepare(
        u"SELECT %1, e.payload FROM deliveries d JOIN events e ON e.id = d.event_id WHERE d.delivery_id = ?"_s.arg(
            kDeliveryColumns));
    query.addBindValue(deliveryId);
    if (!exec(query, nullptr) || !query.next())
        return {};
    QJsonObject json = deliveryJson(query);
    json.insert(u"event"_s, QJsonDocument::fromJson(query.value(14).toByteArray()).object());
    QSqlQuery attempts(m_db);
    attempts.prepare(u"SELECT at, http_status, error, duration_ms, response_excerpt FROM attempts"
                     u" WHERE delivery = ? ORDER BY id"_s);
    attempts.addBindValue(query.value(0));
    QJsonArray history;
    if (exec(attempts, nullptr)) {
        while (attempts.next()) {
            QJsonObject attempt{{u"at"_s, CloudEvent::rfc3339(attempts.value(0).toLongLong())},
                                {u"durationMs"_s, attempts.value(3).toInt()}};
            if (!attempts.value(1).isNull() && attempts.value(1).toInt() > 0)
                attempt.insert(u"httpStatus"_s, attempts.value(1).toInt());
            if (!attempts.value(2).toString().isEmpty())
                attempt.insert(u"error"_s, attempts.value(2).toString());
            const QByteArray excerpt = attempts.value(4).toByteArray();
            if (!excerpt.isEmpty())
                attempt.insert(u"responseExcerpt"_s, QString::fromUtf8(excerpt));
            history.append(attempt);
        }
    }
    json.insert(u"history"_s, history);
    return json;
}

int Store::retryRows(const QList<qint64> &rows, QString *error)
{
    if (rows.isEmpty())
        return 0;
    if (!begin(error))
        return -1;
    QSqlQuery &retry = statement(u"UPDATE deliveries SET state = 'pending', attempts = 0, next_attempt_at = ?,"
                                 u" not_before = NULL, updated_at = ? WHERE id = ? AND state IN ('pending', 'dead')"_s);
    const qint64 at = QDateTime::currentMSecsSinceEpoch();
    int changed = 0;
    for (qint64 row : rows) {
        retry.addBindValue(at);
        retry.addBindValue(at);
        retry.addBindValue(row);
        if (!exec(retry, error)) {
            rollback();
            return -1;
        }
        changed += retry.numRowsAffected();
    }
    return commitOrRollback(error) ? changed : -1;
}

int Store::discardRows(const QList<qint64> &rows, QString *error)
{
    if (rows.isEmpty())
        return 0;
    if (!begin(error))
        return -1;
    QSqlQuery &discard = statement(u"UPDATE deliveries SET state = 'discarded', updated_at = ?, last_error ="
                                   u" COALESCE(last_error, '') || ' (discarded)' WHERE id = ?"
                                   u" AND state IN ('pending', 'dead')"_s);
    const qint64 at = QDateTime::currentMSecsSinceEpoch();
    int changed = 0;
    for (qint64 row : rows) {
        discard.addBindValue(at);
        discard.addBindValue(row);
        if (!exec(discard, error)) {
            rollback();
            return -1;
        }
        changed += discard.numRowsAffected();
    }
    return commitOrRollback(error) ? changed : -1;
}

QJsonArray Store::quarantineList(int offset, int limit, qint64 *total)
{
    QJsonArray out;
    QSqlQuery count(m_db);
    count.prepare(u"SELECT COUNT(*) FROM quarantine"_s);
    if (total)
        *total = exec(count, nullptr) && count.next() ? count.value(0).toLongLong() : 0;
    QSqlQuery query(m_db);
    query.prepare(u"SELECT id, topic, partition, kafka_offset, reason, received_at, LENGTH(value) FROM quarantine"
                  u" ORDER BY id DESC LIMIT ? OFFSET ?"_s);
    query.addBindValue(limit);
    query.addBindValue(offset);
    if (!exec(query, nullptr))
        return out;
    while (query.next()) {
        out.append(QJsonObject{{u"id"_s, query.value(0).toLongLong()},
                               {u"topic"_s, query.value(1).toString()},
                               {u"partition"_s, query.value(2).toInt()},
                               {u"offset"_s, query.value(3).toLongLong()},
                               {u"reason"_s, query.value(4).toString()},
                               {u"receivedAt"_s, CloudEvent::rfc3339(query.value(5).toLongLong())},
                               {u"size"_s, query.value(6).toLongLong()}});
    }
    return out;
}

QJsonObject Store::quarantineDetail(qint64 id)
{
    QSqlQuery query(m_db);
    query.prepare(u"SELECT id, topic, partition, kafka_offset, reason, received_at, value, message_key, headers,"
                  u" kafka_timestamp FROM quarantine WHERE id = ?"_s);
    query.addBindValue(id);
    if (!exec(query, nullptr) || !query.next())
        return {};
    const QByteArray value = query.value(6).toByteArray();
    QJsonObject json{{u"id"_s, query.value(0).toLongLong()},
                     {u"topic"_s, query.value(1).toString()},
                     {u"partition"_s, query.value(2).toInt()},
                     {u"offset"_s, query.value(3).toLongLong()},
                     {u"reason"_s, query.value(4).toString()},
                     {u"receivedAt"_s, CloudEvent::rfc3339(query.value(5).toLongLong())},
                     {u"size"_s, value.size()},
                     // The bytes as received, so nothing is lost in showing them.
                     {u"valueBase64"_s, QString::fromLatin1(value.toBase64())},
                     {u"headers"_s, QJsonDocument::fromJson(query.value(8).toByteArray()).array()}};
    if (const QString text = QString::fromUtf8(value); text.toUtf8() == value)
        json.insert(u"valueText"_s, text);
    if (!query.value(7).isNull())
        json.insert(u"key"_s, QString::fromUtf8(query.value(7).toByteArray()));
    if (query.value(9).toLongLong() > 0)
        json.insert(u"kafkaTimestamp"_s, CloudEvent::rfc3339(query.value(9).toLongLong()));
    return json;
}

int Store::discardQuarantined(const QList<qint64> &ids, QString *error)
{
    if (ids.isEmpty())
        return 0;
    if (!begin(error))
        return -1;
    QSqlQuery &remove = statement(u"DELETE FROM quarantine WHERE id = ?"_s);
    int removed = 0;
    for (qint64 id : ids) {
        remove.addBindValue(id);
        if (!exec(remove, error)) {
            rollback();
            return -1;
        }
        removed += remove.numRowsAffected();
    }
    return commitOrRollback(error) ? removed : -1;
}

QHash<QString, QHash<QString, qint64>> Store::countsBySubscription()
{
    QHash<QString, QHash<QString, qint64>> counts;
    QSqlQuery query(m_db);
    query.prepare(u"SELECT subscription, state, COUNT(*) FROM deliveries GROUP BY subscription, state"_s);
    if (!exec(query, nullptr))
        return counts;
    while (query.next())
        counts[query.value(0).toString()].insert(query.value(1).toString(), query.value(2).toLongLong());
    // What ended in the last hour (the state/updated_at index keeps this a range scan).
    query.prepare(u"SELECT subscription, state, COUNT(*) FROM deliveries WHERE state IN ('delivered', 'dead')"
                  u" AND updated_at >= ? GROUP BY subscription, state"_s);
    query.addBindValue(QDateTime::currentMSecsSinceEpoch() - 3600 * 1000);
    if (!exec(query, nullptr))
        return counts;
    while (query.next())
        counts[query.value(0).toString()].insert(query.value(1).toString() + u"LastHour"_s,
                                                 query.value(2).toLongLong());
    return counts;
}

qint64 Store::sizeBytes() const
{
    const QString path = m_db.databaseName();
    return QFileInfo(path).size() + QFileInfo(path + u"-wal"_s).size();
}

QList<Store::StoredSubscription> Store::storedSubscriptions()
{
    QList<StoredSubscription> list;
    QSqlQuery query(m_db);
    query.prepare(u"SELECT definition, origin FROM subscriptions ORDER BY created_at, name"_s);
    if (!exec(query, nullptr))
        return list;
    while (query.next())
        list.append({QJsonDocument::fromJson(query.value(0).toByteArray()).object(), query.value(1).toString()});
    return list;
}

bool Store::saveSubscription(const QString &name, const QJsonObject &definition, const QString &origin, QString *error)
{
    if (!begin(error))
        return false;
    QSqlQuery &save = statement(u"INSERT INTO subscriptions (name, definition, origin, created_at, updated_at)"
                                u" VALUES (?, ?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET"
                                u" definition = excluded.definition, origin = excluded.origin,"
                                u" updated_at = excluded.updated_at"_s);
    const qint64 at = QDateTime::currentMSecsSinceEpoch();
    save.addBindValue(name);
    save.addBindValue(QString::fromUtf8(QJsonDocument(definition).toJson(QJsonDocument::Compact)));
    save.addBindValue(origin);
    save.addBindValue(at);
    save.addBindValue(at);
    if (!exec(save, error)) {
        rollback();
        return false;
    }
    return commitOrRollback(error);
}

bool Store::deleteSubscription(const QString &name, QString *error)
{
    if (!begin(error))
        return false;
    QSqlQuery &remove = statement(u"DELETE FROM subscriptions WHERE name = ?"_s);
    remove.addBindValue(name);
    if (!exec(remove, error)) {
        rollback();
        return false;
    }
    return commitOrRollback(error);
}

bool Store::audit(const QString &token, const QString &method, const QJsonObject &params, const QString &outcome,
                  QString *error)
{
    if (!begin(error))
        return false;
    QSqlQuery &insert = statement(u"INSERT INTO audit (at, token, method, params, outcome) VALUES (?, ?, ?, ?, ?)"_s);
    insert.addBindValue(QDateTime::currentMSecsSinceEpoch());
    insert.addBindValue(token);
    insert.addBindValue(method);
    insert.addBindValue(QString::fromUtf8(QJsonDocument(params).toJson(QJsonDocument::Compact)));
    insert.addBindValue(outcome);
    if (!exec(insert, error)) {
        rollback();
        return false;
    }
    return commitOrRollback(error);
}

QJsonArray Store::auditList(int offset, int limit, qint64 *total)
{
    QJsonArray out;
    QSqlQuery count(m_db);
    count.prepare(u"SELECT COUNT(*) FROM audit"_s);
    if (total)
        *total = exec(count, nullptr) && count.next() ? count.value(0).toLongLong() : 0;
    QSqlQuery query(m_db);
    query.prepare(u"SELECT at, token, method, params, outcome FROM audit ORDER BY id DESC LIMIT ? OFFSET ?"_s);
    query.addBindValue(limit);
    query.addBindValue(offset);
    if (!exec(query, nullptr))
        return out;
    while (query.next()) {
        out.append(QJsonObject{{u"at"_s, CloudEvent::rfc3339(query.value(0).toLongLong())},
                               {u"token"_s, query.value(1).toString()},
                               {u"method"_s, query.value(2).toString()},
                               {u"params"_s, QJsonDocument::fromJson(query.value(3).toByteArray()).object()},
                               {u"outcome"_s, query.value(4).toString()}});
    }
    return out;
}

} // namespace sluice::agent
