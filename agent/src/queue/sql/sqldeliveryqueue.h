#pragma once

#include "queue/deliveryqueue.h"

#include <QHash>
#include <QSet>
#include <QSqlQuery>

namespace sluice::agent {

class SqlDatabase;

// The delivery queue in SQL, shared by the backends. Writes: the events and deliveries of a batch
// in a few multi-row statements; outcomes and their attempts in one transaction per flush (group
// commit). How a claim is leased is the backend's: held in memory by the one agent that owns a
// SQLite file, or written to the rows of a PostgreSQL queue shared by several agents.
class SqlDeliveryQueue : public DeliveryQueue {
public:
    explicit SqlDeliveryQueue(SqlDatabase &db);

    // What a claim picks, as two CTEs of (id, k): "oldest", the longest-waiting share, and
    // "urgent", the rest by priority, each walking an index of waiting deliveries in the order
    // wanted and stopping at its limit (parameters per part: subscription, now, the backend's
    // notLeased parameters, limit). notLeased leaves out what is leased; hint follows "FROM
    // deliveries d" (an index to walk); lock follows each LIMIT. Ordered: only deliveries with no
    // earlier pending one of the same ordering key, leased or not.
    static QString claimCandidates(bool ordered, const QString &notLeased, const QString &oldestHint,
                                   const QString &urgentHint, const QString &lock);

    std::optional<IngestResult> enqueue(const QList<IngestItem> &items, const QList<QuarantineItem> &quarantine,
                                        const QList<LatestItem> &latest, QString *error) override;
    bool record(const QList<DeliveryOutcome> &outcomes, QString *error) override;
    void setLease(std::chrono::milliseconds lease) override { m_lease = lease; }
    int purgeDelivered(qint64 updatedBefore, const QStringList &polled) override;

    // sqlpollqueue.cpp
    std::optional<PollPage> poll(const QString &subscription, qint64 cursor, int limit, qint64 now,
                                 QString *error) override;
    int purgePolled(const QString &subscription, qint64 storedBefore) override;
    PollFigures pollFigures(const QString &subscription) override;

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

protected:
    // The rows a claim's SELECT answers: id, delivery_id, attempts, payload, kafka_timestamp.
    static QList<ClaimedDelivery> readClaimed(QSqlQuery &select, const QString &subscription);
    // More columns an outcome sets (", column = value"): the backend's lease ends with it.
    virtual QString settleColumns() const { return QString(); }
    // After the outcomes of these rows are durable: their leases end.
    virtual void settled(const QList<DeliveryOutcome> &outcomes) { Q_UNUSED(outcomes) }
    // Inside a transaction that inserts deliveries, before it does; and inside a poll's, the
    // highest row every transaction that could still insert one below it has finished with. One
    // writer at a time (SQLite): simply the highest row.
    virtual bool beforeInsertingDeliveries(QString *error)
    {
        Q_UNUSED(error)
        return true;
    }
    virtual std::optional<qint64> pollHorizon(QString *error);

    SqlDatabase &m_db;
    std::chrono::milliseconds m_lease{std::chrono::minutes(5)};

private:
    bool insertEvents(const QList<IngestItem> &items, qint64 at, QList<qint64> *rows, IngestResult *result,
                      QString *error);
    bool insertDeliveries(const QList<IngestItem> &items, const QList<qint64> &eventRows, qint64 at,
                          IngestResult *result, QString *error);
    bool saveLatest(const QList<LatestItem> &latest, qint64 at, QString *error);
    bool saveQuarantine(const QList<QuarantineItem> &quarantine, qint64 at, IngestResult *result, QString *error);
    QList<DeliveryRecord> records(const QString &column, const QString &value);
    QList<AttemptRecord> attemptsOf(qint64 row);
    bool updateOutcomes(const QList<DeliveryOutcome> &chunk, qint64 at, QString *error);
    int updateRows(const QString &sql, const QList<qint64> &rows, QString *error);
    struct PollState {
        qint64 removedThrough = 0;
        qint64 ackedThrough = 0;
    };
    std::optional<PollState> pollState(const QString &subscription, QString *error);
    bool savePollState(const QString &subscription, const QString &column, qint64 value, QString *error);
};

} // namespace sluice::agent
