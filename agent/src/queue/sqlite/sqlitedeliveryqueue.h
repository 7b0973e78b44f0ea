#pragma once

#include "queue/deliveryqueue.h"

#include <QHash>

namespace sluice::agent {

class SqliteDatabase;

// The delivery queue in SQLite. One agent owns the file, so a claim is a lease held in memory by
// the connection that claimed: nothing is written when work is claimed or given back, and after a
// crash every delivery not settled is simply still waiting (sent again, same webhook-id). Writes:
// the events and deliveries of a batch in a few multi-row statements; outcomes and their attempts
// in one transaction per flush (group commit).
class SqliteDeliveryQueue : public DeliveryQueue {
public:
    explicit SqliteDeliveryQueue(SqliteDatabase &db);

    std::optional<IngestResult> enqueue(const QList<IngestItem> &items, const QList<QuarantineItem> &quarantine,
                                        const QList<LatestItem> &latest, QString *error) override;
    QList<ClaimedDelivery> claim(const QString &subscription, int limit, qint64 now, int oldest, bool ordered) override;
    bool record(const QList<DeliveryOutcome> &outcomes, QString *error) override;
    void release(const QList<qint64> &rows) override;
    void setLease(std::chrono::milliseconds lease) override { m_lease = lease; }
    std::optional<qint64> nextAttemptAt(const QString &subscription) override;
    int purgeDelivered(qint64 updatedBefore) override;

    QHash<QString, qint64> countByState() override;
    QHash<QString, QHash<QString, qint64>> countsBySubscription() override;
    std::optional<DeliveryRecord> delivery(const QString &deliveryId) override;
    QList<DeliveryRecord> deliveries(const QString &subscription) override;

    // sqlitedeliverysearch.cpp
    QList<DeliverySummary> search(const DeliveryQuery &query, qint64 *total) override;
    std::optional<DeliveryDetail> detail(const QString &deliveryId) override;
    QList<qint64> retryableRows(const DeliveryQuery &query) override;
    QList<qint64> rowsOf(const QStringList &deliveryIds) override;
    int retry(const QList<qint64> &rows, QString *error) override;
    int discard(const QList<qint64> &rows, QString *error) override;
    QList<QuarantineRecord> quarantine(int offset, int limit, qint64 *total) override;
    std::optional<QuarantineRecord> quarantined(qint64 id) override;
    int discardQuarantined(const QList<qint64> &ids, QString *error) override;

private:
    struct Lease {
        QString subscription;
        qint64 until = 0;
    };

    bool insertEvents(const QList<IngestItem> &items, qint64 at, QList<qint64> *rows, IngestResult *result,
                      QString *error);
    bool insertDeliveries(const QList<IngestItem> &items, const QList<qint64> &eventRows, qint64 at,
                          IngestResult *result, QString *error);
    bool saveLatest(const QList<LatestItem> &latest, qint64 at, QString *error);
    bool saveQuarantine(const QList<QuarantineItem> &quarantine, qint64 at, IngestResult *result, QString *error);
    // The rows of a subscription under an unexpired lease, as a JSON array for json_each.
    QByteArray leasedRows(const QString &subscription, qint64 now);
    QList<DeliveryRecord> records(const QString &column, const QString &value);
    int updateRows(const QString &sql, const QList<qint64> &rows, QString *error);

    SqliteDatabase &m_db;
    QHash<qint64, Lease> m_leases;
    std::chrono::milliseconds m_lease{std::chrono::minutes(5)};
};

} // namespace sluice::agent
