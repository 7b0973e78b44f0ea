#include "queue/sql/sqlhealthstore.h"

#include "queue/sql/sqldatabase.h"

using namespace Qt::Literals::StringLiterals;

namespace sluice::agent {

SqlHealthStore::SqlHealthStore(SqlDatabase &db)
    : m_db(db)
{
}

bool SqlHealthStore::save(const QList<HealthRow> &rows, qint64 dropBefore, QString *error)
{
    Transaction transaction(m_db, error);
    if (!transaction.ok())
        return false;
    QSqlQuery &upsert = m_db.statement(
        u"INSERT INTO subscription_health (subscription, agent, minute, attempts, succeeded, latency)"
        u" VALUES (?,?,?,?,?,?) ON CONFLICT (subscription, agent, minute) DO UPDATE SET"
        u" attempts = excluded.attempts, succeeded = excluded.succeeded, latency = excluded.latency"_s);
    for (const HealthRow &row : rows) {
        upsert.addBindValue(row.subscription);
        upsert.addBindValue(row.agent);
        upsert.addBindValue(row.minute.minute);
        upsert.addBindValue(qint64(row.minute.attempts));
        upsert.addBindValue(qint64(row.minute.succeeded));
        upsert.addBindValue(row.minute.latency.toText());
        if (!m_db.exec(upsert, error))
            return false;
    }
    QSqlQuery &drop = m_db.statement(u"DELETE FROM subscription_health WHERE minute < ?"_s);
    drop.addBindValue(dropBefore);
    return m_db.exec(drop, error) && transaction.commit(error);
}

QList<HealthRow> SqlHealthStore::since(qint64 minute, QString *error)
{
    QList<HealthRow> rows;
    QSqlQuery query = m_db.query(
        u"SELECT subscription, agent, minute, attempts, succeeded, latency FROM subscription_health WHERE minute >= ?"_s);
    query.addBindValue(minute);
    if (!m_db.exec(query, error))
        return rows;
    while (query.next()) {
        // A row another version wrote in a shape this one cannot read counts without its durations.
        const auto latency = LatencyBuckets::fromText(query.value(5).toString());
        rows.append({query.value(0).toString(), query.value(1).toString(),
                     {query.value(2).toLongLong(), query.value(3).toULongLong(), query.value(4).toULongLong(),
                      latency.value_or(LatencyBuckets())}});
    }
    return rows;
}

} // namespace sluice::agent
