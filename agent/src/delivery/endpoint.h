#pragma once

#include "delivery/endpointhealth.h"
#include "delivery/httpconnection.h"
#include "delivery/ratelimiter.h"
#include "delivery/requestbuilder.h"
#include "queue/store.h"
#include "subscription.h"

#include <QSslConfiguration>

#include <memory>
#include <optional>
#include <vector>

namespace sluice::agent {

// Everything the dispatcher keeps for one subscription's endpoint. Held by name; a subscription
// whose URL changes gets a new Endpoint (a new generation), and requests still running for the old
// one are recognised by theirs.
struct Endpoint {
    Subscription subscription;
    quint64 generation = 0;
    EndpointState state = EndpointState::Active;
    QString reason;
    double allowedRate = 0; // from the handshake, events per second
    RequestBuilder requests;
    EndpointHealth health;
    RateLimiter limiter;
    std::optional<QSslConfiguration> ssl;
    std::vector<std::unique_ptr<HttpConnection>> connections; // one per unit of concurrency
    std::unique_ptr<HttpConnection> handshake;
    qint64 nextHandshakeAt = 0;
    QList<ClaimedDelivery> backlog; // claimed, not yet sent
    int inFlight = 0;
    int capacity = 1;
    bool ended = false;   // a checkpoint subscription delivered once: nothing more is sent
    int oldestCredit = 0; // claimed slots since the last one given to the longest-waiting delivery
    // Since the agent started, for rates per subscription.
    quint64 delivered = 0;
    quint64 failedAttempts = 0;
    quint64 dead = 0;

    bool dispatching() const { return subscription.enabled && state == EndpointState::Active && !ended; }
};

} // namespace sluice::agent
