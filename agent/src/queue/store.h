#pragma once

#include "cloudevent.h"
#include "ingest/decoder.h"

#include <QHash>
#include <QJsonArray>
#include <QMap>
#include <QMutex>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>

#include <functional>
#include <optional>

namespace sluice::agent {

// Superseded: replaced by a newer event with the same coalescing key while it was still waiting.
// Discarded: an administrator gave up on it (admin API); it is kept, never sent.
enum class DeliveryState { Pending, Sending, Delivered, Dead, Superseded, Discarded };
QString deliveryStateName(DeliveryState state);

// One delivery an event causes: stored in the same transaction as the event.
struct NewDelivery {
    QString subscription;
    int priority = 1;
    qint64 notBefore = 0;
    QString coalescingKey;
    QString orderingKey; // set: delivered after every earlier delivery with this key is settled
};

// The newest event of one type and subject, kept for subscriptions that ask for initial events.
struct LatestItem {
    CloudEvent event;
    QByteArray structured;
};

struct IngestItem {
    CloudEvent event;
    KafkaRecord origin; // value left empty: the event payload is what is kept
    QList<NewDelivery> deliveries;
    QByteArray structured; // the event in structured JSON if already at hand; else serialised here
};

struct QuarantineItem {
    KafkaRecord record;
    QString reason;
};

struct IngestResult {
    int eventsStored = 0;
    int deliveriesCreated = 0;
    int duplicates = 0; // events already stored (same source and id), typically re-read after a crash
    int quarantined = 0;
    int superseded = 0; // waiting deliveries replaced by newer events (coalescing)
};

// What the agent knows about a subscription beyond its configuration.
struct SubscriptionState {
    QString name;
    EndpointState state = EndpointState::Pending;
    QString reason;
    QString validatedEndpoint; // the URL that confirmed the handshake
    double allowedRate = 0;    // events per second the endpoint allowed in the handshake; 0: no limit
};

// A delivery handed to the dispatcher.
struct ClaimedDelivery {
    qint64 row = 0;
    QString deliveryId;
    QString subscription;
    int attempts = 0;
    QByteArray payload; // the event in structured JSON
    qint64 kafkaTimestamp = -1;
};

struct DeliveryOutcome {
    qint64 row = 0;
    DeliveryState state = DeliveryState::Pending;
    int attempts = 0;
    qint64 nextAttemptAt = 0;
    qint64 startedAt = 0;
    int durationMs = 0;
    int httpStatus = 0; // 0: no response
    QString error;      // transport error, or the reason for a dead letter
    QByteArray responseExcerpt;
};

struct AttemptRecord {
    qint64 at = 0;
    int httpStatus = 0;
    QString error;
    int durationMs = 0;
    QByteArray responseExcerpt;
};

struct DeliveryRecord {
    QString deliveryId;
    QString subscription;
    QString eventId;
    QString type;
    DeliveryState state = DeliveryState::Pending;
    int attempts = 0;
    QString lastError;
    QList<AttemptRecord> history;
};

struct QuarantineRecord {
    QString topic;
    int partition = 0;
    qint64 offset = 0;
    QString reason;
    QByteArray value;
};

// The agent's durable state in SQLite (WAL). One Store per thread: each opens its own connection.
class Store {
public:
    explicit Store(QString connectionName);
    ~Store();
    Store(const Store &) = delete;
    Store &operator=(const Store &) = delete;

    bool open(const QString &path, bool fullSync, QString *error);
    static int schemaVersion();

    // Stores events with their deliveries and quarantined messages in one transaction.
    std::optional<IngestResult> ingest(const QList<IngestItem> &items, const QList<QuarantineItem> &quarantine,
                                       QString *error, const QList<LatestItem> &latest = {});

    // Deliveries left 'sending' by a stop or a crash go back to 'pending'.
    int resetSending();
    // Up to limit due deliveries of one subscription, marked 'sending': the `oldest` longest-waiting
    // first (so low priority is never starved), then the rest highest priority first. Ordered: only
    // deliveries with no earlier unsettled delivery of the same ordering key.
    QList<ClaimedDelivery> claim(const QString &subscription, int limit, qint64 now, int oldest = 0,
                                 bool ordered = false);
    bool record(const QList<DeliveryOutcome> &outcomes, QString *error);
    // Claimed deliveries that were not sent go back to 'pending'.
    bool release(const QList<qint64> &rows);
    // The earliest next-attempt time of a subscription's pending deliveries, if there is one.
    std::optional<qint64> nextAttemptAt(const QString &subscription);
    // Removes delivered deliveries older than the cut-off and events nothing refers to any more.
    int purgeDelivered(qint64 updatedBefore);

    QHash<QString, qint64> countByState();
    std::optional<DeliveryRecord> delivery(const QString &deliveryId);
    QList<DeliveryRecord> deliveries(const QString &subscription);
    QList<QuarantineRecord> quarantined();

    // Subscription state: handshake, disabling, and the subscriptions known before (for lifecycle events).
    QHash<QString, SubscriptionState> subscriptionStates();
    bool saveSubscriptionState(const SubscriptionState &state, QString *error = nullptr);
    // A subscription that is no longer configured: its state and secrets go; its waiting deliveries
    // become dead letters with the reason, so nothing disappears unseen.
    bool removeSubscription(const QString &name, QString *error = nullptr);

    // Signing secrets. Active: not expired, newest first.
    QStringList activeSecrets(const QString &subscription, qint64 now);
    bool addSecret(const QString &subscription, const QString &secret, bool revealed, QString *error = nullptr);
    // Starts using a new secret; the current ones keep signing until now + overlap. Returns the new one.
    std::optional<QString> rotateSecret(const QString &subscription, qint64 overlapMs, QString *error);
    // The newest secret if it was never shown, marked shown; std::nullopt otherwise.
    std::optional<QString> revealSecret(const QString &subscription);

    // Deliveries of the latest event of every (type, subject) the predicate accepts, for a
    // subscription asking for initial events. Returns how many were created.
    int enqueueLatest(const QString &subscription,
                      const std::function<std::optional<NewDelivery>(const CloudEvent &)> &accept, QString *error);

    // The event register: entries as JSON documents, and counts per type and minute.
    QList<QByteArray> registerEntries();
    QHash<QString, QMap<qint64, quint64>> registerCounts(qint64 sinceMinute);
    struct RegisterCount {
        QString type;
        qint64 minute = 0;
        quint64 count = 0;
    };
    bool saveRegister(const QList<std::pair<QString, QByteArray>> &entries, const QList<RegisterCount> &counts,
                      qint64 dropBeforeMinute, QString *error);

    // For the admin API (storeadmin.cpp): searches, retries, the quarantine, the audit log.
    struct DeliveryQuery {
        QString subscription;
        QString state;
        QString type; // exact, or a prefix ending in '*'
        QString subject;
        qint64 from = 0; // created at or after (ms); 0: no bound
        qint64 to = 0;   // created before
        int httpStatus = 0;
        int offset = 0;
        int limit = 100;
    };
    // Deliveries as the protocol shows them, newest first, and how many match in all.
    QJsonArray searchDeliveries(const DeliveryQuery &query, qint64 *total);
    // Rows of the deliveries matching the query that can be retried (pending or dead), oldest first.
    QList<qint64> retryableRows(const DeliveryQuery &query);
    QList<qint64> rowsOf(const QStringList &deliveryIds);
    // One delivery with its event and every attempt; empty when there is none.
    QJsonObject deliveryDetail(const QString &deliveryId);
    // Pending or dead deliveries become due now with a fresh retry schedule; returns how many.
    int retryRows(const QList<qint64> &rows, QString *error);
    // Pending or dead deliveries become discarded; returns how many.
    int discardRows(const QList<qint64> &rows, QString *error);
    QJsonArray quarantineList(int offset, int limit, qint64 *total);
    QJsonObject quarantineDetail(qint64 id);
    int discardQuarantined(const QList<qint64> &ids, QString *error);
    // Waiting (pending + sending), delivered, dead per subscription.
    QHash<QString, QHash<QString, qint64>> countsBySubscription();
    qint64 sizeBytes() const; // the database file and its write-ahead log
    struct StoredSubscription {
        QJsonObject definition; // Subscription::toStorageJson
        QString origin;         // "file" or "api"
    };
    QList<StoredSubscription> storedSubscriptions();
    bool saveSubscription(const QString &name, const QJsonObject &definition, const QString &origin,
                          QString *error = nullptr);
    bool deleteSubscription(const QString &name, QString *error = nullptr);

    bool audit(const QString &token, const QString &method, const QJsonObject &params, const QString &outcome,
               QString *error = nullptr);
    QJsonArray auditList(int offset, int limit, qint64 *total);

    static QString deliveryIdFor(const QString &subscription, const CloudEvent &event);

private:
    bool begin(QString *error);
    bool commit(QString *error);
    void rollback();
    bool commitOrRollback(QString *error);
    bool exec(QSqlQuery &query, QString *error);
    QList<DeliveryRecord> queryDeliveries(const QString &column, const QString &value);
    bool migrate(QString *error);

    QSqlQuery &statement(const QString &sql); // prepared once per connection

    QString m_connectionName;
    QSqlDatabase m_db;
    QHash<QString, QSqlQuery> m_statements;
    static QMutex s_writeLock;
};

} // namespace sluice::agent
