#pragma once

#include "config.h"
#include "httpconnection.h"
#include "store.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QTimer>

#include <atomic>
#include <memory>
#include <unordered_map>
#include <vector>

namespace sluice::agent {

struct DispatchCounters {
    std::atomic<quint64> attempts{0};
    std::atomic<quint64> delivered{0};
    std::atomic<quint64> retried{0};
    std::atomic<quint64> dead{0};
};

// Sends stored deliveries to their endpoints and records every attempt. Lives on the main thread.
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

    int inFlight() const;
    const DispatchCounters &counters() const { return m_counters; }

Q_SIGNALS:
    void stopped();

private:
    struct Endpoint;
    struct InFlight;

    void fill();
    void send(Endpoint &endpoint, ClaimedDelivery delivery);
    void finished(HttpConnection *connection, const HttpResponse &response);
    void flushOutcomes();
    void armRetryTimer();
    qint64 retryDelay(const Endpoint &endpoint, int attemptsMade) const;
    void finishStopIfIdle();
    void releaseBacklog(Endpoint &endpoint);

    Store *m_store;
    DeliveryConfig m_config;
    std::vector<std::unique_ptr<Endpoint>> m_endpoints;
    std::unordered_map<HttpConnection *, std::unique_ptr<InFlight>> m_inFlight;
    QList<DeliveryOutcome> m_outcomes;
    QTimer m_fillTimer;
    QTimer m_retryTimer;
    QTimer m_flushTimer;
    QTimer m_graceTimer;
    bool m_stopping = false;
    bool m_stopped = false;
    DispatchCounters m_counters;
};

} // namespace sluice::agent
