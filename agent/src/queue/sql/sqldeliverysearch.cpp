// The delivery queue's searches and operator actions, for the admin API: finding deliveries,
// retrying and discarding them, the quarantine. Typed records; the protocol's JSON is the admin
// handlers' to make.
#include "protocol.h"
#include "queue/sql/sqldatabase.h"
#include "queue/sql/sqldeliveryqueue.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QVariant>

using namespace Qt::Literals::StringLiterals;

namespace sluice::agent {

namespace {

const QString kOrderedBehind =
    u"(d.ordering_key IS NOT NULL AND EXISTS (SELECT 1 FROM deliveries o WHERE o.subscription = d.subscription"
    u" AND o.ordering_key = d.ordering_key AND o.state = 'pending' AND o.id < d.id))"_s;

// WHERE clauses and their values for a delivery query; the names are ours, the values bound.
struct Where {
    QStringList clauses;
    QVariantList values;

    QString sql() const { return clauses.isEmpty() ? QString() : u" WHERE "_s + clauses.join(u" AND "_s); }
    QString inList(const QString &column, const QStringList &names)
    {
        if (names.isEmpty())
            return u"1 = 0"_s;
        for (const QString &name : names)
            values.append(name);
        return u"%1 IN (%2)"_s.arg(column, QStringList(names.size(), u"?"_s).join(u','));
    }
    // Held: waiting and not being sent, and either its subscription is stopped, or it is due and its
    // endpoint holds it back or an earlier delivery of its ordering key waits (statusOf says the
    // same of one).
    void addPhase(const DeliveryQuery &q)
    {
        QString held = u"(d.state = 'pending' AND NOT %1 AND (%2 OR (d.next_attempt_at <= ? AND (%3 OR %4))))"_s;
        held = held.arg(inList(u"d.delivery_id"_s, q.sending));
        held = held.arg(inList(u"d.subscription"_s, q.stopped));
        values.append(q.now);
        held = held.arg(inList(u"d.subscription"_s, q.holding), kOrderedBehind);
        if (q.state == protocol::deliveryquery::Held)
            clauses.append(held);
        else if (q.state == protocol::deliveryquery::Waiting)
            clauses.append(u"d.state = 'pending' AND NOT "_s + held);
        else
            clauses.append(u"(d.state = 'dead' OR "_s + held + u")"_s);
    }
    void bind(QSqlQuery &query) const
    {
        for (const QVariant &v : values)
            query.addBindValue(v);
    }
};

Where whereOf(const DeliveryQuery &q)
{
    Where w;
    auto add = [&](const QString &clause, const QVariant &value) {
        w.clauses.append(clause);
        w.values.append(value);
    };
    if (!q.subscription.isEmpty())
        add(u"d.subscription = ?"_s, q.subscription);
    if (q.state == protocol::deliveryquery::Held || q.state == protocol::deliveryquery::Waiting ||
        q.state == protocol::deliveryquery::Attention)
        w.addPhase(q);
    else if (!q.state.isEmpty())
        add(u"d.state = ?"_s, q.state);
    if (q.type.endsWith(u'*')) {
        // Counted in characters, as both backends count them; the length is bound as a number
        // so that no backend has to guess the type of a parameter.
        const QString prefix = q.type.chopped(1);
        add(u"substr(e.type, 1, ?) = ?"_s, qsizetype(prefix.toUcs4().size()));
        w.values.append(prefix);
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

// A delivery's attempts are its requests: the rows of its history (d.attempts is the retry
// schedule's position, which a retry resets).
const QString kSummaryColumns =
    u"d.id, d.delivery_id, d.subscription, d.state, (SELECT COUNT(*) FROM attempts a WHERE a.delivery = d.id),"
    u" e.ce_id, e.source, e.type, e.subject, d.created_at, d.updated_at, d.last_status, d.last_error,"
    u" d.next_attempt_at, d.last_reason, "_s +
    kOrderedBehind;
constexpr int kSummaryColumnCount = 16;

// Columns as selected by kSummaryColumns.
DeliverySummary summaryOf(const QSqlQuery &r)
{
    DeliverySummary s;
    s.deliveryId = r.value(1).toString();
    s.subscription = r.value(2).toString();
    s.state = deliveryStateFromName(r.value(3).toString());
    s.attempts = r.value(4).toInt();
    s.eventId = r.value(5).toString();
    s.source = r.value(6).toString();
    s.type = r.value(7).toString();
    s.subject = r.value(8).toString();
    s.createdAt = r.value(9).toLongLong();
    s.updatedAt = r.value(10).toLongLong();
    s.lastStatus = r.value(11).toInt();
    s.lastError = r.value(12).toString();
    s.nextAttemptAt = r.value(13).toLongLong();
    s.lastReason = r.value(14).toString();
    s.orderedBehind = r.value(15).toBool();
    return s;
}

QList<std::pair<QByteArray, QByteArray>> headersOf(const QByteArray &json)
{
    QList<std::pair<QByteArray, QByteArray>> headers;
    for (const QJsonValue &pair : QJsonDocument::fromJson(json).array()) {
        const QJsonArray a = pair.toArray();
        headers.append({a.at(0).toString().toUtf8(), QByteArray::fromBase64(a.at(1).toString().toLatin1())});
    }
    return headers;
}

} // namespace

QList<DeliverySummary> SqlDeliveryQueue::search(const DeliveryQuery &q, qint64 *total)
{
    const Where where = whereOf(q);
    QList<DeliverySummary> out;
    QSqlQuery count =
        m_db.query(u"SELECT COUNT(*) FROM deliveries d JOIN events e ON e.id = d.event_id"_s + where.sql());
    where.bind(count);
    if (total)
        *total = m_db.exec(count, nullptr) && count.next() ? count.value(0).toLongLong() : 0;
    QSqlQuery query = m_db.query(
        u"SELECT %1 FROM deliveries d JOIN events e ON e.id = d.event_id%2 ORDER BY d.id DESC LIMIT ? OFFSET ?"_s.arg(
            kSummaryColumns, where.sql()));
    where.bind(query);
    query.addBindValue(q.limit);
    query.addBindValue(q.offset);
    if (!m_db.exec(query, nullptr))
        return out;
    while (query.next())
        out.append(summaryOf(query));
    return out;
}

QList<qint64> SqlDeliveryQueue::retryableRows(const DeliveryQuery &q)
{
    Where where = whereOf(q);
    where.clauses.append(u"d.state IN ('pending', 'dead')"_s);
    QList<qint64> rows;
    QSqlQuery query = m_db.query(
        u"SELECT d.id FROM deliveries d JOIN events e ON e.id = d.event_id%1 ORDER BY d.id"_s.arg(where.sql()));
    where.bind(query);
    if (!m_db.exec(query, nullptr))
        return rows;
    while (query.next())
        rows.append(query.value(0).toLongLong());
    return rows;
}

QList<qint64> SqlDeliveryQueue::rowsOf(const QStringList &deliveryIds)
{
    QList<qint64> rows;
    QSqlQuery &query = m_db.statement(u"SELECT id FROM deliveries WHERE delivery_id = ?"_s);
    for (const QString &id : deliveryIds) {
        query.addBindValue(id);
        if (m_db.exec(query, nullptr) && query.next())
            rows.append(query.value(0).toLongLong());
        query.finish();
    }
    return rows;
}

std::optional<DeliveryDetail> SqlDeliveryQueue::detail(const QString &deliveryId)
{
    QSqlQuery query = m_db.query(
        u"SELECT %1, e.payload FROM deliveries d JOIN events e ON e.id = d.event_id WHERE d.delivery_id = ?"_s.arg(
            kSummaryColumns));
    query.addBindValue(deliveryId);
    if (!m_db.exec(query, nullptr) || !query.next())
        return std::nullopt;
    DeliveryDetail detail{summaryOf(query), query.value(kSummaryColumnCount).toByteArray(), {}};
    const qint64 row = query.value(0).toLongLong();
    query.finish();
    detail.history = attemptsOf(row);
    return detail;
}

int SqlDeliveryQueue::updateRows(const QString &sql, const QList<qint64> &rows, QString *error)
{
    if (rows.isEmpty())
        return 0;
    Transaction transaction(m_db, error);
    if (!transaction.ok())
        return -1;
    QSqlQuery &update = m_db.statement(sql);
    const qint64 at = QDateTime::currentMSecsSinceEpoch();
    const qsizetype times = sql.count(u'?') - 1; // every placeholder but the last is the time
    int changed = 0;
    for (qint64 row : rows) {
        for (qsizetype i = 0; i < times; ++i)
            update.addBindValue(at);
        update.addBindValue(row);
        if (!m_db.exec(update, error))
            return -1;
        changed += update.numRowsAffected();
    }
    return transaction.commit(error) ? changed : -1;
}

int SqlDeliveryQueue::retry(const QList<qint64> &rows, QString *error)
{
    return updateRows(
        u"UPDATE deliveries SET state = 'pending', attempts = 0, next_attempt_at = ?,"
        u" not_before = NULL, last_reason = NULL, updated_at = ? WHERE id = ? AND state IN ('pending', 'dead')"_s,
        rows, error);
}

int SqlDeliveryQueue::discard(const QList<qint64> &rows, QString *error)
{
    return updateRows(u"UPDATE deliveries SET state = 'discarded', updated_at = ?, last_reason = 'discarded'"
                      u" WHERE id = ? AND state IN ('pending', 'dead')"_s,
                      rows, error);
}

namespace {

QuarantineReason causeOf(const QVariant &code, const QVariant &params)
{
    if (code.isNull())
        return {}; // kept by a version that stored the English text only
    return {code.toString(), QJsonDocument::fromJson(params.toByteArray()).object()};
}

} // namespace

QList<QuarantineRecord> SqlDeliveryQueue::quarantine(int offset, int limit, qint64 *total)
{
    QList<QuarantineRecord> out;
    if (total)
        *total = m_db.scalar(u"SELECT COUNT(*) FROM quarantine"_s);
    // A page of summaries: the messages themselves (up to decoding.maxEventBytes each) stay in the
    // store until one is asked for.
    QSqlQuery query = m_db.query(u"SELECT id, topic, partition, kafka_offset, reason, received_at, LENGTH(value),"
                                 u" reason_code, reason_params FROM quarantine ORDER BY id DESC LIMIT ? OFFSET ?"_s);
    query.addBindValue(limit);
    query.addBindValue(offset);
    if (!m_db.exec(query, nullptr))
        return out;
    while (query.next()) {
        QuarantineRecord r;
        r.id = query.value(0).toLongLong();
        r.topic = query.value(1).toString();
        r.partition = query.value(2).toInt();
        r.offset = query.value(3).toLongLong();
        r.reason = query.value(4).toString();
        r.receivedAt = query.value(5).toLongLong();
        r.size = query.value(6).toLongLong();
        r.cause = causeOf(query.value(7), query.value(8));
        out.append(std::move(r));
    }
    return out;
}

std::optional<QuarantineRecord> SqlDeliveryQueue::quarantined(qint64 id)
{
    QSqlQuery &query = m_db.statement(u"SELECT id, topic, partition, kafka_offset, reason, received_at, value,"
                                      u" message_key, headers, kafka_timestamp, reason_code, reason_params"
                                      u" FROM quarantine WHERE id = ?"_s);
    query.addBindValue(id);
    if (!m_db.exec(query, nullptr) || !query.next())
        return std::nullopt;
    QuarantineRecord r;
    r.id = query.value(0).toLongLong();
    r.topic = query.value(1).toString();
    r.partition = query.value(2).toInt();
    r.offset = query.value(3).toLongLong();
    r.reason = query.value(4).toString();
    r.receivedAt = query.value(5).toLongLong();
    r.value = query.value(6).toByteArray();
    r.size = r.value.size();
    r.hasKey = !query.value(7).isNull();
    r.key = query.value(7).toByteArray();
    r.headers = headersOf(query.value(8).toByteArray());
    r.kafkaTimestamp = query.value(9).toLongLong();
    r.cause = causeOf(query.value(10), query.value(11));
    query.finish();
    return r;
}

int SqlDeliveryQueue::discardQuarantined(const QList<qint64> &ids, QString *error)
{
    if (ids.isEmpty())
        return 0;
    Transaction transaction(m_db, error);
    if (!transaction.ok())
        return -1;
    QSqlQuery &remove = m_db.statement(u"DELETE FROM quarantine WHERE id = ?"_s);
    int removed = 0;
    for (qint64 id : ids) {
        remove.addBindValue(id);
        if (!m_db.exec(remove, error))
            return -1;
        removed += remove.numRowsAffected();
    }
    return transaction.commit(error) ? removed : -1;
}

} // namespace sluice::agent
