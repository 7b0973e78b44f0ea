#include "queue/sqlite/sqlitedeliveryqueue.h"

#include "queue/sqlite/sqlitedatabase.h"

#include <QDateTime>
#include <QVariant>

using namespace Qt::Literals::StringLiterals;

namespace sluice::agent {

namespace {

// The claim, one statement: the candidates (SqlDeliveryQueue::claimCandidates) with the rows this
// connection holds leased left out, read with their events.
QString claimSql(bool ordered)
{
    return u"WITH leased(id) AS (SELECT value FROM json_each(?)), "_s +
           SqlDeliveryQueue::claimCandidates(ordered, u" AND d.id NOT IN (SELECT id FROM leased)"_s,
                                             u" INDEXED BY deliveries_waiting_oldest"_s,
                                             u" INDEXED BY deliveries_waiting"_s, QString()) +
           u" SELECT d.id, d.delivery_id, d.attempts, e.payload, e.kafka_timestamp, d.replay"
           u" FROM (SELECT id, k FROM oldest UNION ALL SELECT id, k FROM urgent) c"
           u" JOIN deliveries d ON d.id = c.id JOIN events e ON e.id = d.event_id"
           u" ORDER BY c.k, d.priority DESC, d.id"_s;
}

} // namespace

SqliteDeliveryQueue::SqliteDeliveryQueue(SqliteDatabase &db)
    : SqlDeliveryQueue(db)
    , m_claimSql{claimSql(false), claimSql(true)}
{
}

QByteArray SqliteDeliveryQueue::leasedRows(const QString &subscription, qint64 at)
{
    QByteArray json = "[";
    for (auto it = m_leases.begin(); it != m_leases.end();) {
        if (it->until <= at) { // ran out: the delivery may be claimed again
            it = m_leases.erase(it);
            continue;
        }
        if (it->subscription == subscription) {
            if (json.size() > 1)
                json += ',';
            json += QByteArray::number(it.key());
        }
        ++it;
    }
    return json + ']';
}

QList<ClaimedDelivery> SqliteDeliveryQueue::claim(const QString &subscription, int limit, qint64 at, int oldest,
                                                  bool ordered)
{
    QList<ClaimedDelivery> claimed;
    if (limit <= 0)
        return claimed;
    QSqlQuery &select = m_db.statement(m_claimSql[ordered ? 1 : 0]);
    const int share = std::min(oldest, limit);
    select.addBindValue(QString::fromLatin1(leasedRows(subscription, at)));
    select.addBindValue(subscription);
    select.addBindValue(at);
    select.addBindValue(share);
    select.addBindValue(subscription);
    select.addBindValue(at);
    select.addBindValue(limit - share);
    if (!m_db.exec(select, nullptr))
        return claimed;
    claimed = readClaimed(select, subscription);
    const qint64 until = at + m_lease.count();
    for (const ClaimedDelivery &d : std::as_const(claimed))
        m_leases.insert(d.row, {subscription, until});
    select.finish();
    return claimed;
}

void SqliteDeliveryQueue::release(const QList<qint64> &rows)
{
    for (qint64 row : rows)
        m_leases.remove(row);
}

std::optional<qint64> SqliteDeliveryQueue::nextAttemptAt(const QString &subscription)
{
    QSqlQuery &query = m_db.statement(u"SELECT MIN(next_attempt_at) FROM deliveries WHERE subscription = ?"
                                      u" AND state = 'pending' AND id NOT IN (SELECT value FROM json_each(?))"_s);
    query.addBindValue(subscription);
    query.addBindValue(QString::fromLatin1(leasedRows(subscription, QDateTime::currentMSecsSinceEpoch())));
    std::optional<qint64> next;
    if (m_db.exec(query, nullptr) && query.next() && !query.value(0).isNull())
        next = query.value(0).toLongLong();
    query.finish();
    return next;
}

void SqliteDeliveryQueue::settled(const QList<DeliveryOutcome> &outcomes)
{
    for (const DeliveryOutcome &o : outcomes)
        m_leases.remove(o.row);
}

} // namespace sluice::agent
