#pragma once

#include "queue/sql/sqldeliveryqueue.h"

namespace sluice::agent {

class PostgresDatabase;

// The queue in a PostgreSQL database that several agents share: any agent sends any waiting
// delivery, whichever agent consumed its event. A claim writes a lease to the rows it takes
// (FOR UPDATE SKIP LOCKED, so agents claiming at once take different rows); a lease ends with the
// outcome, when the work is given back, or when it runs out because its agent died. Ordering per
// subject holds across agents because a delivery waits while any earlier one of its key is still
// pending, leased by whichever agent. New work is announced with NOTIFY (SqlDatabase::kWorkChannel).
// Polled subscriptions read their rows in sequence order with no gaps (pollHorizon).
class PostgresDeliveryQueue : public SqlDeliveryQueue {
public:
    // The advisory lock between writers of deliveries and polls ("SLUICEPO").
    static constexpr qint64 kPollLock = 0x534C554943455030;

    PostgresDeliveryQueue(PostgresDatabase &db, QString owner);

    QList<ClaimedDelivery> claim(const QString &subscription, int limit, qint64 now, int oldest, bool ordered) override;
    void release(const QList<qint64> &rows) override;
    std::optional<qint64> nextAttemptAt(const QString &subscription) override;

protected:
    QString settleColumns() const override;
    // Rows come from one sequence but commit in any order: a poll must not pass a row whose
    // transaction is still in flight. Writers of deliveries hold a shared advisory lock for their
    // transaction; a poll takes it exclusively, which waits for them, and reads the sequence.
    bool beforeInsertingDeliveries(QString *error) override;
    std::optional<qint64> pollHorizon(QString *error) override;

private:
    QString m_owner;             // written to the rows this connection leases
    const QString m_claimSql[2]; // plain, ordered
};

} // namespace sluice::agent
