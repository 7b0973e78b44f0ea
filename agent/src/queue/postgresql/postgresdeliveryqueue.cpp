#include "queue/postgresql/postgresdeliveryqueue.h"

#include "queue/postgresql/postgresdatabase.h"

#include <QVariant>

using namespace Qt::Literals::StringLiterals;

namespace sluice::agent {

namespace {

// The claim, one statement: the candidates (SqlDeliveryQueue::claimCandidates) without the rows
// another agent holds (locked by its claim at this moment, or leased), and the rows taken get this
// agent's lease. Ordering holds across agents: an earlier pending delivery of a key, whoever holds
// it, keeps the later ones back.
QString claimSql(bool ordered)
{
    return u"WITH "_s +
           SqlDeliveryQueue::claimCandidates(ordered, u" AND (d.lease_until IS NULL OR d.lease_until <= ?)"_s,
                                             QString(), QString(), u" FOR UPDATE SKIP LOCKED"_s) +
           u", taken AS (UPDATE deliveries d SET lease_until = ?, leased_by = ?"
           u" FROM (SELECT id, k FROM oldest UNION ALL SELECT id, k FROM urgent) c WHERE d.id = c.id"
           u" RETURNING d.id, d.delivery_id, d.attempts, d.event_id, d.priority, c.k, d.replay)"
           u" SELECT t.id, t.delivery_id, t.attempts, e.payload, e.kafka_timestamp, t.replay"
           u" FROM taken t JOIN events e ON e.id = t.event_id ORDER BY t.k, t.priority DESC, t.id"_s;
}

QString arrayLiteral(const QList<qint64> &rows)
{
    QString literal = u"{"_s;
    for (qsizetype i = 0; i < rows.size(); ++i)
        literal += (i ? u","_s : QString()) + QString::number(rows.at(i));
    return literal + u'}';
}

} // namespace

PostgresDeliveryQueue::PostgresDeliveryQueue(PostgresDatabase &db, QString owner)
    : SqlDeliveryQueue(db)
    , m_owner(std::move(owner))
    , m_claimSql{claimSql(false), claimSql(true)}
{
}

QList<ClaimedDelivery> PostgresDeliveryQueue::claim(const QString &subscription, int limit, qint64 at, int oldest,
                                                    bool ordered)
{
    QList<ClaimedDelivery> claimed;
    if (limit <= 0)
        return claimed;
    QSqlQuery &select = m_db.statement(m_claimSql[ordered ? 1 : 0]);
    const int share = std::min(oldest, limit);
    for (int limitOfPart : {share, limit - share}) {
        select.addBindValue(subscription);
        select.addBindValue(at);
        select.addBindValue(at);
        select.addBindValue(limitOfPart);
    }
    select.addBindValue(at + m_lease.count());
    select.addBindValue(m_owner);
    if (!m_db.exec(select, nullptr))
        return claimed;
    claimed = readClaimed(select, subscription);
    select.finish();
    return claimed;
}

void PostgresDeliveryQueue::release(const QList<qint64> &rows)
{
    if (rows.isEmpty())
        return;
    QSqlQuery &update = m_db.statement(u"UPDATE deliveries SET lease_until = NULL, leased_by = NULL"
                                       u" WHERE id = ANY (CAST(? AS BIGINT[])) AND leased_by = ?"_s);
    update.addBindValue(arrayLiteral(rows));
    update.addBindValue(m_owner);
    // If this fails the leases simply run out.
    m_db.exec(update, nullptr);
}

std::optional<qint64> PostgresDeliveryQueue::nextAttemptAt(const QString &subscription)
{
    // What this agent has leased it settles or gives back itself; what another agent leased is due
    // again, for anyone, when the lease runs out (that agent died).
    QSqlQuery &query = m_db.statement(u"SELECT MIN(GREATEST(next_attempt_at, COALESCE(lease_until, 0)))"
                                      u" FROM deliveries WHERE subscription = ? AND state = 'pending'"
                                      u" AND leased_by IS DISTINCT FROM ?"_s);
    query.addBindValue(subscription);
    query.addBindValue(m_owner);
    std::optional<qint64> next;
    if (m_db.exec(query, nullptr) && query.next() && !query.value(0).isNull())
        next = query.value(0).toLongLong();
    query.finish();
    return next;
}

QString PostgresDeliveryQueue::settleColumns() const
{
    return u", lease_until = NULL, leased_by = NULL"_s;
}

bool PostgresDeliveryQueue::beforeInsertingDeliveries(QString *error)
{
    QSqlQuery &lock = m_db.statement(u"SELECT pg_advisory_xact_lock_shared(?)"_s);
    lock.addBindValue(kPollLock);
    const bool ok = m_db.exec(lock, error);
    lock.finish();
    return ok;
}

std::optional<qint64> PostgresDeliveryQueue::pollHorizon(QString *error)
{
    // Held to the poll's commit: writers wait that long (a poll's transaction is short).
    QSqlQuery &lock = m_db.statement(u"SELECT pg_advisory_xact_lock(?)"_s);
    lock.addBindValue(kPollLock);
    if (!m_db.exec(lock, error))
        return std::nullopt;
    lock.finish();
    QSqlQuery &sequence = m_db.statement(u"SELECT CASE WHEN is_called THEN last_value ELSE 0 END"
                                         u" FROM deliveries_id_seq"_s);
    if (!m_db.exec(sequence, error) || !sequence.next())
        return std::nullopt;
    const qint64 horizon = sequence.value(0).toLongLong();
    sequence.finish();
    return horizon;
}

} // namespace sluice::agent
