#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

#include <chrono>

namespace sluice::agent {

// What came back from one attempt: a response (status > 0) or a transport error.
struct AttemptResult {
    int status = 0;
    QByteArray reasonPhrase;
    QByteArray retryAfter; // the Retry-After header as sent; empty when absent
    QString transportError;

    // "HTTP 503 Service Unavailable", or the transport error.
    QString describe() const;
};

// What one attempt means for the delivery, and for its endpoint.
struct Verdict {
    enum class Delivery {
        Delivered,
        Retry, // pending again, due at retryAt
        Dead,  // a dead letter, with the reason
        Gone,  // the receiver unsubscribed (410): the delivery waits, uncounted, for the subscription
    };
    enum class Endpoint {
        Healthy,      // it answered 2xx: failures are forgotten, an open circuit closes
        Paused,       // it is alive and said when to come back (Retry-After): pause until pauseUntil
        Failing,      // counts towards the circuit breaker and disabling
        Unsubscribed, // 410 Gone: disable the subscription
        Untouched,    // a final refusal of this event: the endpoint is up and answering
    };
    Delivery delivery = Delivery::Delivered;
    Endpoint endpoint = Endpoint::Healthy;
    int attempts = 0;      // the delivery's attempt count after this one
    qint64 retryAt = 0;    // Retry: when it is due again
    qint64 pauseUntil = 0; // Paused: until when the endpoint gets nothing
    QString reason;        // empty when delivered
    QString code;          // the reason's code (shared/deliverystatus.h)
    QString last;          // what this attempt got, in short ("HTTP 503 Service Unavailable"): stored
};

struct RetryRules {
    QList<std::chrono::milliseconds> schedule; // delay before attempt 2, 3, …; its length is the attempts allowed
    double jitter = 0;                         // each delay varies by up to this fraction either way
    std::chrono::milliseconds maxRetryAfter{std::chrono::hours(1)};
};

// The one place that decides delivered, retry (when), dead letter (why) or gone. Pure: the time and
// the jitter's random draw are parameters, so every row of the decision can be tested alone.
class DeliveryPolicy {
public:
    explicit DeliveryPolicy(RetryRules rules);

    // attemptsBefore: attempts already recorded for the delivery. random: a draw from [0, 1) that
    // places the retry inside the jitter's spread (0.5 is the schedule's own delay).
    Verdict judge(const AttemptResult &result, int attemptsBefore, qint64 at, double random) const;
    // The event cannot be encoded for HTTP: a dead letter, not the receiver's problem.
    Verdict unencodable(const QString &why, int attemptsBefore) const;
    // Why the waiting deliveries of a deleted subscription are dead letters.
    static QString subscriptionDeleted() { return QStringLiteral("the subscription was deleted"); }

    // 400, 401, 403, 404 and 413: the endpoint refuses this event; trying again changes nothing.
    static bool isFinalRefusal(int status);
    // Retry-After as delta-seconds or an HTTP date; in ms from at, or -1 when absent or unreadable.
    static qint64 retryAfterMs(const QByteArray &value, qint64 at);

    const RetryRules &rules() const { return m_rules; }

private:
    qint64 retryDelay(int attemptsMade, double random) const;

    RetryRules m_rules;
};

} // namespace sluice::agent
