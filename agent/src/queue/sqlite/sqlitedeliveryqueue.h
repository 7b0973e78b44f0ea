#pragma once

#include "queue/sql/sqldeliveryqueue.h"

namespace sluice::agent {

class SqliteDatabase;

// The queue in the embedded SQLite file. One agent owns the file, so a claim is a lease held in
// memory by the connection that claimed: nothing is written when work is claimed or given back,
// and after a crash every delivery not settled is simply still waiting (sent again, same
// webhook-id).
class SqliteDeliveryQueue : public SqlDeliveryQueue {
public:
    explicit SqliteDeliveryQueue(SqliteDatabase &db);

    QList<ClaimedDelivery> claim(const QString &subscription, int limit, qint64 now, int oldest, bool ordered) override;
    void release(const QList<qint64> &rows) override;
    std::optional<qint64> nextAttemptAt(const QString &subscription) override;

protected:
    void settled(const QList<DeliveryOutcome> &outcomes) override;

private:
    struct Lease {
        QString subscription;
        qint64 until = 0;
    };

    // The rows of a subscription under an unexpired lease, as a JSON array for json_each.
    QByteArray leasedRows(const QString &subscription, qint64 now);

    QHash<qint64, Lease> m_leases;
    const QString m_claimSql[2]; // plain, ordered
};

} // namespace sluice::agent
