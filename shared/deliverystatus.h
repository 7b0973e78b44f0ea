#pragma once

// Where a delivery stands, as the admin protocol tells it (docs/protocol.md#delivery-status): a
// phase, and a reason with a stable code and parameters, so that every client can say it in its own
// language. The agent computes it from the store and from what its dispatcher knows now (an open
// circuit, a rate limit, a delivery window); the console shows it in Failures, Live events and
// Subscriptions.

#include "reasontext.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

namespace sluice {

// Waiting: will go out when due. Held: due, but something keeps it back. Sending: a request is
// running. Dead: given up (a dead letter, can be retried). Discarded: an administrator gave up on it.
// Superseded: a newer event of the same coalescing key replaced it while it waited.
enum class DeliveryPhase { Waiting, Held, Sending, Delivered, Dead, Discarded, Superseded };

QString deliveryPhaseName(DeliveryPhase phase);
std::optional<DeliveryPhase> deliveryPhaseFromName(QStringView name);

// The reasons' codes. Append-only: clients match on them, and dead letters keep theirs in the store.
namespace reason {
// waiting
inline const QString Due = QStringLiteral("due");                       // goes out as soon as a slot is free
inline const QString Scheduled = QStringLiteral("scheduled");           // at: not before then (a delay)
inline const QString RetryScheduled = QStringLiteral("retryScheduled"); // at, last
inline const QString AwaitingPoll = QStringLiteral("awaitingPoll");     // kept until its consumer fetches it
// held
inline const QString CircuitOpen = QStringLiteral("circuitOpen");           // since, failures, last, probeAt
inline const QString EndpointPaused = QStringLiteral("endpointPaused");     // until (its Retry-After)
inline const QString RateLimited = QStringLiteral("rateLimited");           // rate (events per second)
inline const QString HandshakePending = QStringLiteral("handshakePending"); // endpoint
inline const QString OutsideWindow = QStringLiteral("outsideWindow");       // opensAt
inline const QString OrderedBehind = QStringLiteral("orderedBehind");       // subject
inline const QString EndpointDisabled = QStringLiteral("endpointDisabled"); // why
inline const QString SubscriptionDisabled = QStringLiteral("subscriptionDisabled");
// sending
inline const QString Sending = QStringLiteral("sending");
// delivered
inline const QString Delivered = QStringLiteral("delivered"); // status
// dead
inline const QString GaveUp = QStringLiteral("gaveUp");           // last
inline const QString Refused = QStringLiteral("refused");         // status, last
inline const QString Unencodable = QStringLiteral("unencodable"); // why
inline const QString SubscriptionDeleted = QStringLiteral("subscriptionDeleted");
inline const QString Gone = QStringLiteral("gone"); // last: the receiver unsubscribed (410)
// discarded, superseded
inline const QString Discarded = QStringLiteral("discarded");
inline const QString Superseded = QStringLiteral("superseded");
} // namespace reason

// The parameters' keys.
namespace reasonparam {
inline const QString At = QStringLiteral("at");       // RFC 3339
inline const QString Last = QStringLiteral("last");   // "HTTP 503 Service Unavailable", or the transport error
inline const QString Since = QStringLiteral("since"); // RFC 3339
inline const QString Failures = QStringLiteral("failures");
inline const QString ProbeAt = QStringLiteral("probeAt"); // RFC 3339
inline const QString Until = QStringLiteral("until");     // RFC 3339
inline const QString Rate = QStringLiteral("rate");
inline const QString Url = QStringLiteral("endpoint");
inline const QString OpensAt = QStringLiteral("opensAt"); // RFC 3339
inline const QString Subject = QStringLiteral("subject");
inline const QString Why = QStringLiteral("why");
inline const QString Status = QStringLiteral("status"); // an HTTP status
} // namespace reasonparam

struct DeliveryStatus {
    DeliveryPhase phase = DeliveryPhase::Waiting;
    QString reason; // a code from reason::
    QJsonObject params;

    // {phase, reason, params, text}: text is the English sentence, for clients that know no codes.
    QJsonObject toJson() const;
    static DeliveryStatus fromJson(const QJsonObject &json);

    // The reason as a sentence ("circuit open since 10:02:11 after 5 failures; last: HTTP 503 …").
    QString text(const ReasonStyle &style = {}) const;
    // Every code, each with its English pattern (marked for translation in the context
    // "sluice::DeliveryStatus"), so a test can require a translation of each.
    static QStringList reasons();
    static const char *pattern(const QString &reason);
    // Needs an administrator's look: dead letters, and deliveries held back.
    bool needsAttention() const { return phase == DeliveryPhase::Dead || phase == DeliveryPhase::Held; }

    friend bool operator==(const DeliveryStatus &, const DeliveryStatus &) = default;
};

} // namespace sluice
