#pragma once

#include "cloudevent.h"
#include "ingest/decoder.h"

#include <QHash>
#include <QList>
#include <QString>

#include <chrono>
#include <optional>

namespace sluice::agent {

// Superseded: replaced by a newer event with the same coalescing key while it was still waiting.
// Discarded: an administrator gave up on it (admin API); it is kept, never sent. Sending: only in
// stores written by agents before claims became leases; read as pending.
enum class DeliveryState { Pending, Sending, Delivered, Dead, Superseded, Discarded };
QString deliveryStateName(DeliveryState state);
DeliveryState deliveryStateFromName(QStringView name);

// One delivery an event causes: stored in the same transaction as the event.
struct NewDelivery {
    QString subscription;
    int priority = 1;
    qint64 notBefore = 0;
    QString coalescingKey;
    QString orderingKey; // set: delivered after every earlier delivery with this key is settled
    QString replay;      // set: made by this replay job (docs/operations.md#replay)
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
    QuarantineReason reason;
};

struct IngestResult {
    int eventsStored = 0;
    int deliveriesCreated = 0;
    int duplicates = 0; // events already stored (same source and id), typically re-read after a crash
    int quarantined = 0;
    int superseded = 0; // waiting deliveries replaced by newer events (coalescing)
};

// A delivery handed to the dispatcher, leased: no one else claims it until it is settled,
// released, or the lease runs out.
struct ClaimedDelivery {
    qint64 row = 0;
    QString deliveryId;
    QString subscription;
    int attempts = 0;
    QByteArray payload; // the event in structured JSON
    qint64 kafkaTimestamp = -1;
    QString replay; // the replay job that made it; empty: the live pipeline
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
    bool attempted = true; // false: settled without a request (cannot be encoded): no attempt row
    QString reason;        // the code of the reason it stands where it does (shared/deliverystatus.h)
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
    QString lastReason; // its code (shared/deliverystatus.h)
    QList<AttemptRecord> history;
};

// A search over deliveries (the admin API's deliveries.list and retryAll).
struct DeliveryQuery {
    QString subscription;
    QString state; // a stored state, or a phase: "waiting", "held", "attention" (dead and held)
    // What holds deliveries back now (the dispatcher's to say), for the phases: subscriptions whose
    // due deliveries are held, and those whose every waiting delivery is (disabled).
    QStringList holding;
    QStringList stopped;
    QStringList sending; // delivery ids whose requests run now: never held (their phase is sending)
    qint64 now = 0;
    QString type; // exact, or a prefix ending in '*'
    QString subject;
    qint64 from = 0; // created at or after (ms); 0: no bound
    qint64 to = 0;   // created before
    int httpStatus = 0;
    int offset = 0;
    int limit = 100;
};

// One delivery as a list shows it.
struct DeliverySummary {
    QString deliveryId;
    QString subscription;
    DeliveryState state = DeliveryState::Pending;
    int attempts = 0; // requests that went out: its history's length
    QString eventId;
    QString source;
    QString type;
    QString subject;
    qint64 createdAt = 0;
    qint64 updatedAt = 0;
    int lastStatus = 0;
    QString lastError;
    QString lastReason; // its code (shared/deliverystatus.h); empty in rows older than the codes
    qint64 nextAttemptAt = 0;
    bool orderedBehind = false; // an earlier delivery with its ordering key still waits
};

struct DeliveryDetail {
    DeliverySummary summary;
    QByteArray event; // structured JSON, as sent
    QList<AttemptRecord> history;
};

struct QuarantineRecord {
    qint64 id = 0;
    QString topic;
    int partition = 0;
    qint64 offset = 0;
    QString reason;         // in English, as it was stored
    QuarantineReason cause; // its code and params (empty for messages an older version kept)
    qint64 receivedAt = 0;
    qint64 kafkaTimestamp = -1;
    QByteArray value;
    QByteArray key;
    bool hasKey = false;
    QList<std::pair<QByteArray, QByteArray>> headers;
    qint64 size = 0;
};

// What waits for a polled subscription: each event with its cursor (the delivery's row, in the
// order events were stored), and where the subscription stands.
struct PolledEvent {
    qint64 cursor = 0;
    QByteArray payload; // the event in structured JSON
};
struct PollPage {
    QList<PolledEvent> events;
    qint64 oldestCursor = 0; // older cursors point at events retention removed
    bool expired = false;    // the cursor asked for was older than that: nothing was read
};
struct PollFigures {
    qint64 unread = 0;
    qint64 oldestUnreadAt = 0; // when the oldest unread event was stored; 0: none
    qint64 polledAt = 0;       // the last poll; 0: never
};

// The durable queue: events with the deliveries they cause, leases on what is being sent, outcomes
// and attempts, the quarantine. At least once: a delivery leaves the queue only once its outcome is
// stored; a lease that is neither settled nor released (the agent died) runs out, and the delivery
// is sent again with the same webhook-id.
class DeliveryQueue {
public:
    virtual ~DeliveryQueue() = default;

    // Events with their deliveries, the latest event per subject and quarantined messages, durable
    // together (one transaction) or not at all.
    virtual std::optional<IngestResult> enqueue(const QList<IngestItem> &items, const QList<QuarantineItem> &quarantine,
                                                const QList<LatestItem> &latest, QString *error) = 0;

    // Up to limit due deliveries of one subscription, leased: the `oldest` longest-waiting first (so
    // low priority is never starved), then the rest highest priority first. Ordered: only deliveries
    // with no earlier unsettled delivery of the same ordering key.
    virtual QList<ClaimedDelivery> claim(const QString &subscription, int limit, qint64 now, int oldest = 0,
                                         bool ordered = false) = 0;
    // Outcomes of leased deliveries, stored together (group commit); their leases end.
    virtual bool record(const QList<DeliveryOutcome> &outcomes, QString *error) = 0;
    // Leased deliveries that were not sent: due again at once, for anyone.
    virtual void release(const QList<qint64> &rows) = 0;
    // How long a lease lasts before its delivery may be claimed again.
    virtual void setLease(std::chrono::milliseconds lease) = 0;
    // The earliest next-attempt time of a subscription's waiting deliveries, if there is one.
    virtual std::optional<qint64> nextAttemptAt(const QString &subscription) = 0;
    // Removes delivered deliveries older than the cut-off and events nothing refers to any more;
    // returns how many deliveries went. Polled subscriptions' are left to purgePolled.
    virtual int purgeDelivered(qint64 updatedBefore, const QStringList &polled = {}) = 0;

    // Polled subscriptions (sqlpollqueue.cpp). poll: acknowledges everything up to cursor (-1: none,
    // start at the oldest kept), then reads up to limit events after it, in the order they were
    // stored; with several agents, only what no transaction still in flight can come before.
    virtual std::optional<PollPage> poll(const QString &subscription, qint64 cursor, int limit, qint64 now,
                                         QString *error) = 0;
    // Removes a polled subscription's events stored before the cut-off, read or not; older cursors expire.
    virtual int purgePolled(const QString &subscription, qint64 storedBefore) = 0;
    virtual PollFigures pollFigures(const QString &subscription) = 0;

    virtual QHash<QString, qint64> countByState() = 0; // and "quarantined"
    // Waiting (pending), delivered, dead per subscription, and delivered and dead in the last hour.
    virtual QHash<QString, QHash<QString, qint64>> countsBySubscription() = 0;
    virtual std::optional<DeliveryRecord> delivery(const QString &deliveryId) = 0;
    virtual QList<DeliveryRecord> deliveries(const QString &subscription) = 0;

    // Searches for the admin API, newest first, and how many match in all.
    virtual QList<DeliverySummary> search(const DeliveryQuery &query, qint64 *total) = 0;
    virtual std::optional<DeliveryDetail> detail(const QString &deliveryId) = 0;
    // Rows of the deliveries matching the query that can be retried (pending or dead), oldest first.
    virtual QList<qint64> retryableRows(const DeliveryQuery &query) = 0;
    virtual QList<qint64> rowsOf(const QStringList &deliveryIds) = 0;
    // Pending or dead deliveries become due now with a fresh retry schedule; returns how many, -1 on failure.
    virtual int retry(const QList<qint64> &rows, QString *error) = 0;
    // Pending or dead deliveries become discarded; returns how many, -1 on failure.
    virtual int discard(const QList<qint64> &rows, QString *error) = 0;

    // Newest first, without the messages' bytes, key and headers (quarantined() has them).
    virtual QList<QuarantineRecord> quarantine(int offset, int limit, qint64 *total) = 0;
    virtual std::optional<QuarantineRecord> quarantined(qint64 id) = 0;
    virtual int discardQuarantined(const QList<qint64> &ids, QString *error) = 0;

    // The delivery id of an event for a subscription. Derived, not counted: an event read twice
    // (after a crash) gets the same id, so receivers can de-duplicate and the queue refuses the copy.
    static QString deliveryIdFor(const QString &subscription, const CloudEvent &event);
    // A replay's delivery of the same: derived from that id and the replay, so a replay sends it
    // once under a webhook-id of its own.
    static QString replayDeliveryIdFor(const QString &deliveryId, const QString &replay);
};

} // namespace sluice::agent
