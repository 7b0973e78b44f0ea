#pragma once

#include "config.h"
#include "egress.h"
#include "httpbinding.h"
#include "httpconnection.h"
#include "store.h"

#include <QElapsedTimer>
#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QTimer>

#include <array>
#include <atomic>
#include <functional>
#include <memory>
#include <unordered_map>
#include <vector>

namespace sluice::agent {

// How long attempts took, in the buckets /metrics exposes (seconds, upper bounds; the last is +Inf).
struct AttemptHistogram {
    static constexpr std::array<double, 11> kBounds{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
    std::array<quint64, kBounds.size() + 1> counts{}; // per bucket, not cumulative
    double sumSeconds = 0;
    quint64 count = 0;

    void add(double seconds);
};

struct DispatchCounters {
    std::atomic<quint64> attempts{0};
    std::atomic<quint64> delivered{0};
    std::atomic<quint64> retried{0};
    std::atomic<quint64> dead{0};
    std::atomic<quint64> breakerOpened{0};
};

// How one subscription's endpoint is doing, for status views and tests.
struct EndpointStatus {
    QString name;
    QString state; // "pending" (validation handshake), "active", "disabled"
    QString reason;
    bool breakerOpen = false;
    int consecutiveFailures = 0;
    qint64 pausedUntil = 0; // Retry-After or the breaker's cool-down; 0: not paused
    double rateLimit = 0;   // events per second in force; 0: none
    int signingSecrets = 0;
    quint64 delivered = 0; // since the agent started
    quint64 failedAttempts = 0;
    quint64 dead = 0;
};

// Sends stored deliveries to their endpoints and records every attempt. Lives on the main thread.
// Per endpoint it runs the validation handshake, signs, authenticates, keeps to delivery windows,
// the rate limit, the concurrency and Retry-After, and breaks the circuit of an endpoint that keeps
// failing (docs/delivery.md).
class Dispatcher : public QObject {
    Q_OBJECT

public:
    Dispatcher(Store *store, const DeliveryConfig &config, QObject *parent = nullptr);
    ~Dispatcher() override;

    void setSubscriptions(const QList<Subscription> &subscriptions);
    // New deliveries were stored or a slot came free: look for due work soon.
    void wake();
    // Stops taking work; in-flight requests get until the grace period ends, then are abandoned
    // (they stay 'sending' in the store and are sent again after a restart). Emits stopped().
    void stop();

    // Sends one event to the subscription's endpoint now, signed and authenticated like any
    // delivery but outside the queue, and reports the whole attempt (request with secrets masked,
    // response or transport error, duration). False, with the reason, if it cannot be sent.
    bool test(const QString &subscription, const CloudEvent &event, std::function<void(const QJsonObject &)> done,
              QString *error);

    int inFlight() const;
    const DispatchCounters &counters() const { return m_counters; }
    const AttemptHistogram &attemptDurations() const { return m_durations; }
    QList<EndpointStatus> endpoints() const;

Q_SIGNALS:
    void stopped();
    // A subscription became active (handshake confirmed), pending, or was disabled by its endpoint
    // (410 Gone) or for failing too long; the reason says which.
    void subscriptionStateChanged(const QString &name, const QString &state, const QString &reason);
    // Each attempt's outcome, for live views; emitted only while something is connected.
    void outcome(const QString &deliveryId, const QString &subscription, const QString &state, int httpStatus,
                 const QString &error);

private:
    struct Endpoint;
    struct InFlight;

    void fill();
    bool fillEndpoint(Endpoint &endpoint, qint64 at);
    void send(Endpoint &endpoint, QList<ClaimedDelivery> deliveries);
    QList<std::pair<QByteArray, QByteArray>> signedHeaders(const Endpoint &endpoint, const HttpMessage &message,
                                                           const QByteArray &id, int attempt, qint64 at) const;
    void finished(HttpConnection *connection, const HttpResponse &response);
    void endpointFailed(Endpoint &endpoint, const QString &reason, qint64 startedAt);
    void handshake(Endpoint &endpoint);
    void handshakeDone(Endpoint &endpoint, const HttpResponse &response);
    void setState(Endpoint &endpoint, const QString &state, const QString &reason);
    void refresh();
    void loadKeys(Endpoint &endpoint);
    HttpConnection *connectionFor(Endpoint &endpoint);
    std::unique_ptr<HttpConnection> newConnection(const Endpoint &endpoint) const;
    void flushOutcomes();
    void wakeAt(qint64 at);
    qint64 retryDelay(const Endpoint &endpoint, int attemptsMade) const;
    void finishStopIfIdle();
    void releaseBacklog(Endpoint &endpoint);

    Store *m_store;
    DeliveryConfig m_config;
    EgressPolicy m_egress;
    QByteArray m_origin;
    std::vector<std::unique_ptr<Endpoint>> m_endpoints;
    std::unordered_map<HttpConnection *, std::unique_ptr<InFlight>> m_inFlight;
    QList<DeliveryOutcome> m_outcomes;
    QTimer m_fillTimer;
    QTimer m_retryTimer;
    QTimer m_flushTimer;
    QTimer m_graceTimer;
    QTimer m_refreshTimer;
    bool m_stopping = false;
    bool m_stopped = false;
    DispatchCounters m_counters;
    AttemptHistogram m_durations;
};

} // namespace sluice::agent
