#include "queue/postgresql/postgresdeliveryqueue.h"

#include "queue/postgresql/postgresdatabase.h"

#include <QDateTime>
#include <QVariant>

using namespace Qt::Literals::StringLiterals;

namespace sluice::agent {

namespace {

// The claim, one statement: the longest-waiting share, then the rest by priority, rows another
// agent holds (locked by its claim, or leased) left out; the rows taken get this agent's lease.
// Ordered: only deliveries with no earlier pending one of the same ordering key, leased or not,
// so two agents never send one subject's events side by side. Built once.
QString buildClaimSql(bool ordered)
{
    const QString due = u" WHERE d.subscription = ? AND d.state = 'pending' AND d.next_attempt_at <= ?"
                        u" AND (d.lease_until IS NULL OR d.lease_until <= ?)"_s +
                        SqlDeliveryQueue::inOrder(ordered);
    return u"WITH oldest AS (SELECT d.id, 0 AS k FROM deliveries d"_s + due +
           u" ORDER BY d.id LIMIT ? FOR UPDATE SKIP LOCKED),"
           u" urgent AS (SELECT d.id, 1 AS k FROM deliveries d"_s +
           due +
           u" AND d.id NOT IN (SELECT id FROM oldest) ORDER BY d.priority DESC, d.id LIMIT ? FOR UPDATE SKIP LOCKED),"
           u" taken AS (UPDATE deliveries d SET lease_until = ?, leased_by = ?"
           u" FROM (SELECT id, k FROM oldest UNION ALL SELECT id, k FROM urgent) c WHERE d.id = c.id"
           u" RETURNING d.id, d.delivery_id, d.attempts, d.event_id, d.priority, c.k)"
           u" SELECT t.id, t.delivery_id, t.attempts, e.payload, e.kafka_timestamp"
           u" FROM taken t JOIN events e ON e.id = t.event_id ORDER BY t.k, t.priority DESC, t.id"_s;
}

const QString &claimSql(bool ordered)
{
    static const QString plain = buildClaimSql(false);
    static const QString inOrder = buildClaimSql(true);
    return ordered ? inOrder : plain;
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
{
}

QList<ClaimedDelivery> PostgresDeliveryQueue::claim(const QString &subscription, int limit, qint64 at, int oldest,
                                                    bool ordered)
{
    QList<ClaimedDelivery> claimed;
    if (limit <= 0)
        return claimed;
    QSqlQuery &select = m_db.statement(claimSql(ordered));
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

} // namespace sluice::agent
