#pragma once

#include "config.h"
#include "delivery/deliverypolicy.h"
#include "delivery/deliverystatuses.h"
#include "delivery/egress.h"
#include "delivery/endpoint.h"
#include "delivery/healthlog.h"
#include "delivery/proxy.h"
#include "queue/store.h"

#include <QElapsedTimer>
#include <QJsonObject>
#include <QObject>
#include <QTimer>

#include <array>
#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <unordered_map>
#include <vector>

namespace sluice::agent {

class SubscriptionRegistry;

// How long attempts took, in the buckets /metrics exposes (seconds, upper bounds; the last is +Inf).
struct AttemptHistogram {
    static constexpr std::array<double, 11> kBounds{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
    std::array<quint64, kBounds.size() + 1> counts{}; // per bucket, not cumulative
    double sumSeconds = 0;
    quint64 count = 0;

    void add(double seconds);
};

// Outcomes count once they are durable in the store, so figures and queries agree.
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
    EndpointState state = EndpointState::Pending;
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
// It claims due work per endpoint and keeps to delivery windows and the concurrency; what an
// attempt means is DeliveryPolicy's to say, how the endpoint is doing EndpointHealth's, the pace
// RateLimiter's, the request RequestBuilder's and the validation handshake Handshake's
// (docs/delivery.md).
class Dispatcher : public QObject {
    Q_OBJECT

public:
    // Follows the registry: its subscriptions, their endpoint states and signing secrets.
    Dispatcher(Store *store, SubscriptionRegistry *registry, const DeliveryConfig &config, QObject *parent = nullptr);
    ~Dispatcher() override;

    // The subscriptions to deliver for; endpoints of subscriptions no longer listed are removed
    // (requests they have running finish and are recorded).
    void setSubscriptions(const QList<Subscription> &subscriptions);
    // How many agents send from the shared store (each takes its part of every rate limit).
    void setSharers(int agents);
    // New deliveries were stored, others became due, or a slot came free: look for due work soon.
    void wake();
    // Stops taking work; in-flight requests get until the grace period ends, then are abandoned
    // (they stay claimed in the store and are sent again after a restart). Emits stopped().
    void stop();

    // Sends one event to the subscription's endpoint now, signed and authenticated like any
    // delivery but outside the queue, and reports the whole attempt (request with secrets masked,
    // response or transport error, duration). False, with the reason, if it cannot be sent.
    bool test(const QString &subscription, const CloudEvent &event, std::function<void(const QJsonObject &)> done,
              QString *error);

    int inFlight() const;
    const DispatchCounters &counters() const { return m_counters; }
    const AttemptHistogram &attemptDurations() const { return m_durations; }
    // How each subscription's attempts went over the last hour (this agent's and the others').
    const HealthLog &health() const { return *m_health; }
    QList<EndpointStatus> endpoints() const;
    // What holds each subscription's deliveries back now (subscriptions with nothing holding them
    // are left out), and the deliveries whose requests are running: for delivery statuses.
    QHash<QString, Hold> holds() const;
    QSet<QString> sending() const;

Q_SIGNALS:
    void stopped();
    // Each attempt's outcome, for live views; emitted only while something is connected.
    void outcome(const QString &deliveryId, const QString &subscription, const DeliveryStatus &status, int httpStatus);
    // A subscription that lasts until its first successful delivery has had it (recorded in the
    // store already); nothing more is sent to it.
    void checkpointReached(const QString &subscription);

private:
    struct InFlight {
        QString endpoint;
        quint64 generation = 0;
        DeliveryPolicy policy;
        QList<ClaimedDelivery> deliveries;
        qint64 startedAt = 0;
        QElapsedTimer elapsed;
    };

    Endpoint &configure(const Subscription &sub, const SubscriptionState &stored);
    void retire(std::unique_ptr<Endpoint> endpoint);
    Endpoint *find(const QString &name, quint64 generation);
    void fill();
    bool fillEndpoint(Endpoint &endpoint, qint64 at);
    void send(Endpoint &endpoint, QList<ClaimedDelivery> deliveries);
    void finished(HttpConnection *connection, const HttpResponse &response);
    void record(const InFlight &flight, const ClaimedDelivery &delivery, const Verdict &verdict,
                const HttpResponse &response, Endpoint *endpoint);
    void applyToEndpoint(Endpoint &endpoint, const Verdict &verdict, qint64 startedAt, const QString &reason);
    void handshake(Endpoint &endpoint);
    void handshakeDone(const QString &name, quint64 generation, const HttpResponse &response);
    void setState(Endpoint &endpoint, EndpointState state, const QString &reason);
    void stateChanged(const QString &name, EndpointState state, const QString &reason);
    void loadKeys(Endpoint &endpoint);
    DeliveryPolicy policyFor(const Subscription &sub) const;
    HttpConnection *connectionFor(Endpoint &endpoint);
    std::unique_ptr<HttpConnection> newConnection(const Endpoint &endpoint) const;
    void flushOutcomes();
    void scheduleFlush();
    void wakeAt(qint64 at);
    // This agent's part of an endpoint's rate limit (see setSharers).
    double rateShare(double configured, double allowed) const;
    void finishStopIfIdle();
    void releaseBacklog(Endpoint &endpoint);

    Store *m_store;
    SubscriptionRegistry *m_registry;
    DeliveryConfig m_config;
    EgressPolicy m_egress;
    ProxyPolicy m_proxy;
    QByteArray m_origin;
    std::map<QString, std::unique_ptr<Endpoint>> m_endpoints; // by subscription name
    int m_sharers = 1;
    quint64 m_generations = 0;
    // Connections of removed or replaced endpoints whose last request is still running.
    std::unordered_map<HttpConnection *, std::unique_ptr<HttpConnection>> m_retiring;
    std::unordered_map<HttpConnection *, InFlight> m_inFlight;
    QList<DeliveryOutcome> m_outcomes;
    struct Attempted { // for the health log, once stored
        QString subscription;
        qint64 at = 0;
        int durationMs = 0;
        bool delivered = false;
    };
    struct Unrecorded { // counts of m_outcomes, added to m_counters once they are stored
        quint64 attempts = 0, delivered = 0, retried = 0, dead = 0;
        QList<Attempted> attempted;
    } m_unrecorded;
    QTimer m_fillTimer;
    QTimer m_retryTimer;
    QTimer m_flushTimer;
    QTimer m_graceTimer;
    bool m_stopping = false;
    bool m_stopped = false;
    DispatchCounters m_counters;
    AttemptHistogram m_durations;
    std::unique_ptr<HealthLog> m_health;
};

} // namespace sluice::agent
