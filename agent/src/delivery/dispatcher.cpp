#include "delivery/dispatcher.h"

#include "subscriptions/subscriptionregistry.h"

#include <QDateTime>
#include <QHostInfo>
#include <QLoggingCategory>
#include <QMetaMethod>
#include <QRandomGenerator>

using namespace Qt::Literals::StringLiterals;

Q_LOGGING_CATEGORY(lcDelivery, "sluice.agent.delivery")

namespace sluice::agent {

namespace {

constexpr int kOutcomeBatch = 500;
// Deliveries are claimed from the store in batches of up to this many times the concurrency, so the
// store sees one claim per batch instead of one per request.
constexpr int kBacklogFactor = 4;

qint64 now()
{
    return QDateTime::currentMSecsSinceEpoch();
}

DeliveryState stateOf(Verdict::Delivery delivery)
{
    switch (delivery) {
    case Verdict::Delivery::Delivered: return DeliveryState::Delivered;
    case Verdict::Delivery::Dead: return DeliveryState::Dead;
    case Verdict::Delivery::Retry:
    case Verdict::Delivery::Gone: return DeliveryState::Pending;
    }
    return DeliveryState::Pending;
}

} // namespace

void AttemptHistogram::add(double seconds)
{
    const auto bucket = std::lower_bound(kBounds.begin(), kBounds.end(), seconds);
    ++counts[std::size_t(bucket - kBounds.begin())];
    sumSeconds += seconds;
    ++count;
}

Dispatcher::Dispatcher(Store *store, SubscriptionRegistry *registry, const DeliveryConfig &config, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_registry(registry)
    , m_config(config)
    , m_egress(EgressPolicy::parse(config.egressAllow, nullptr).value_or(EgressPolicy()))
    , m_proxy(ProxyPolicy::parse(config.proxy, config.noProxy, nullptr).value_or(ProxyPolicy()))
    , m_origin((config.origin.isEmpty() ? QHostInfo::localHostName() : config.origin).toUtf8())
    , m_health(std::make_unique<HealthLog>(store))
{
    m_fillTimer.setSingleShot(true);
    m_fillTimer.setInterval(0);
    connect(&m_fillTimer, &QTimer::timeout, this, &Dispatcher::fill);
    m_retryTimer.setSingleShot(true);
    connect(&m_retryTimer, &QTimer::timeout, this, &Dispatcher::wake);
    m_flushTimer.setSingleShot(true);
    m_flushTimer.setInterval(10);
    connect(&m_flushTimer, &QTimer::timeout, this, &Dispatcher::flushOutcomes);
    // Changes reach us the moment the registry knows of them.
    connect(registry, &SubscriptionRegistry::changed, this, [this] { setSubscriptions(m_registry->all()); });
    connect(registry, &SubscriptionRegistry::stateChanged, this, &Dispatcher::stateChanged);
    connect(registry, &SubscriptionRegistry::secretsChanged, this, [this](const QString &name) {
        if (const auto it = m_endpoints.find(name); it != m_endpoints.end())
            loadKeys(*it->second);
    });
    m_graceTimer.setSingleShot(true);
    connect(&m_graceTimer, &QTimer::timeout, this, [this] {
        qCWarning(lcDelivery) << m_inFlight.size() << "requests still running after the shutdown grace period;"
                              << "they will be sent again after the restart";
        for (auto &[connection, flight] : m_inFlight) {
            connection->abandon();
            if (Endpoint *endpoint = find(flight.endpoint, flight.generation))
                --endpoint->inFlight;
        }
        m_inFlight.clear();
        finishStopIfIdle();
    });
}

Dispatcher::~Dispatcher()
{
    for (auto &[connection, flight] : m_inFlight)
        connection->abandon();
    m_inFlight.clear();
    flushOutcomes();
    m_health->close();
}

void Dispatcher::wake()
{
    if (!m_stopping && !m_fillTimer.isActive())
        m_fillTimer.start();
}

void Dispatcher::wakeAt(qint64 at)
{
    if (m_stopping)
        return;
    const qint64 delay = std::clamp<qint64>(at - now(), 5, 60'000);
    if (!m_retryTimer.isActive() || m_retryTimer.remainingTime() > delay)
        m_retryTimer.start(int(delay));
}

int Dispatcher::inFlight() const
{
    return int(m_inFlight.size());
}

void Dispatcher::fill()
{
    if (m_stopping)
        return;
    const qint64 at = now();
    for (auto &[name, endpoint] : m_endpoints) {
        if (fillEndpoint(*endpoint, at)) {
            // Due work may be waiting for a busy endpoint or behind an earlier delivery of the same
            // subject: looked at again shortly, not in a tight loop; a completion wakes sooner anyway.
            if (const std::optional<qint64> next = m_store->queue().nextAttemptAt(name))
                wakeAt(std::max(*next, at + 100));
        }
    }
}

// Returns true when the endpoint could take more than the store had due for it.
bool Dispatcher::fillEndpoint(Endpoint &endpoint, qint64 at)
{
    const Subscription &sub = endpoint.subscription;
    if (!sub.enabled || endpoint.state == EndpointState::Disabled)
        return false;
    if (endpoint.state == EndpointState::Pending) {
        if (!endpoint.handshake) {
            if (at >= endpoint.nextHandshakeAt)
                handshake(endpoint);
            else
                wakeAt(endpoint.nextHandshakeAt);
        }
        return false;
    }
    if (endpoint.health.pausedAt(at)) { // Retry-After, or the circuit breaker cooling down
        wakeAt(endpoint.health.pausedUntil());
        return false;
    }
    if (!sub.schedule.isOpen(QDateTime::fromMSecsSinceEpoch(at))) {
        releaseBacklog(endpoint);
        const QDateTime open = sub.schedule.nextOpen(QDateTime::fromMSecsSinceEpoch(at));
        if (open.isValid())
            wakeAt(open.toMSecsSinceEpoch());
        return false;
    }
    int requests = endpoint.health.allowance(endpoint.capacity - endpoint.inFlight, at);
    if (requests <= 0)
        return false;

    const int perRequest = sub.mode == DeliveryMode::Batch ? sub.batchSize : 1;
    const int target = endpoint.capacity * kBacklogFactor * perRequest;
    bool spare = false;
    // Refill when half the backlog is used up; a claim is one statement.
    if (endpoint.backlog.size() <= target / 2) {
        const int wanted = target - int(endpoint.backlog.size());
        // One slot in eight goes to the longest-waiting delivery, whatever its priority.
        endpoint.oldestCredit += wanted;
        const int oldest = endpoint.oldestCredit / 8;
        endpoint.oldestCredit %= 8;
        const QList<ClaimedDelivery> claimed = m_store->queue().claim(sub.name, wanted, at, oldest, sub.ordered);
        spare = claimed.size() < wanted;
        endpoint.backlog.append(claimed);
    }

    while (requests > 0 && !endpoint.backlog.isEmpty()) {
        qint64 nextAt = 0;
        const int take = endpoint.limiter.take(std::min<int>(perRequest, int(endpoint.backlog.size())), at, &nextAt);
        if (take == 0) {
            wakeAt(nextAt);
            return false;
        }
        send(endpoint, endpoint.backlog.mid(0, take));
        endpoint.backlog.remove(0, take);
        --requests;
        if (endpoint.health.breakerOpen()) { // half open: this request is the probe
            endpoint.health.setProbing(true);
            break;
        }
    }
    return spare;
}

void Dispatcher::send(Endpoint &endpoint, QList<ClaimedDelivery> deliveries)
{
    const qint64 at = now();
    int attemptsBefore = 0;
    for (const ClaimedDelivery &d : std::as_const(deliveries))
        attemptsBefore = std::max(attemptsBefore, d.attempts);
    InFlight flight{endpoint.subscription.name,
                    endpoint.generation,
                    policyFor(endpoint.subscription),
                    std::move(deliveries),
                    at,
                    {}};
    QString error;
    const std::optional<OutgoingRequest> request =
        endpoint.requests.build(flight.deliveries, attemptsBefore + 1, at, &error);
    if (!request) {
        // The store only holds events that decoded once; this is a bug, not a receiver problem.
        for (const ClaimedDelivery &delivery : std::as_const(flight.deliveries))
            record(flight, delivery, flight.policy.unencodable(error, delivery.attempts), {}, &endpoint);
        scheduleFlush();
        return;
    }
    HttpConnection *connection = connectionFor(endpoint);
    flight.elapsed.start();
    m_inFlight.insert_or_assign(connection, std::move(flight));
    ++endpoint.inFlight;
    connection->send(request->bytes,
                     [this, connection](const HttpResponse &response) { finished(connection, response); });
}

void Dispatcher::finished(HttpConnection *connection, const HttpResponse &response)
{
    auto node = m_inFlight.extract(connection);
    if (node.empty())
        return;
    const InFlight flight = std::move(node.mapped());
    if (auto retired = m_retiring.extract(connection); !retired.empty())
        retired.mapped().release()->deleteLater(); // we are inside its callback
    // Null when the subscription was removed or its URL changed meanwhile: the outcome still counts.
    Endpoint *endpoint = find(flight.endpoint, flight.generation);
    if (endpoint) {
        --endpoint->inFlight;
        endpoint->health.setProbing(false);
    }
    m_durations.add(double(flight.elapsed.nsecsElapsed()) / 1e9);

    const qint64 at = now();
    const AttemptResult result{response.status, response.reason, response.header("retry-after"), response.error};
    Verdict last;
    for (const ClaimedDelivery &delivery : flight.deliveries) {
        last = flight.policy.judge(result, delivery.attempts, at, QRandomGenerator::global()->generateDouble());
        record(flight, delivery, last, response, endpoint);
    }
    if (last.delivery != Verdict::Delivery::Delivered)
        qCDebug(lcDelivery).noquote() << flight.endpoint << "attempt failed:" << result.describe();
    if (endpoint)
        applyToEndpoint(*endpoint, last, flight.startedAt, result.describe());
    if (endpoint && last.delivery == Verdict::Delivery::Delivered &&
        endpoint->subscription.until == Until::FirstDelivery && !endpoint->ended) {
        endpoint->ended = true;
        flushOutcomes(); // delivered in the store before the subscription goes
        Q_EMIT checkpointReached(endpoint->subscription.name);
    }

    if (m_outcomes.size() >= kOutcomeBatch)
        flushOutcomes();
    else
        scheduleFlush();
    if (m_stopping)
        finishStopIfIdle();
    else
        wake();
}

void Dispatcher::record(const InFlight &flight, const ClaimedDelivery &delivery, const Verdict &verdict,
                        const HttpResponse &response, Endpoint *endpoint)
{
    DeliveryOutcome outcome;
    outcome.row = delivery.row;
    outcome.state = stateOf(verdict.delivery);
    outcome.attempts = verdict.attempts;
    outcome.nextAttemptAt = verdict.retryAt;
    outcome.startedAt = flight.startedAt;
    outcome.durationMs = flight.elapsed.isValid() ? int(flight.elapsed.elapsed()) : 0;
    outcome.httpStatus = response.status;
    outcome.error = verdict.last; // the sentence is the status's to make, from the code
    outcome.reason = verdict.code;
    outcome.responseExcerpt = response.excerpt;
    outcome.attempted = flight.elapsed.isValid(); // it went out
    if (outcome.attempted) {
        ++m_unrecorded.attempts;
        m_unrecorded.attempted.append({flight.endpoint, outcome.startedAt, outcome.durationMs,
                                       verdict.delivery == Verdict::Delivery::Delivered});
    }
    switch (verdict.delivery) {
    case Verdict::Delivery::Delivered: ++m_unrecorded.delivered; break;
    case Verdict::Delivery::Retry: ++m_unrecorded.retried; break;
    case Verdict::Delivery::Dead: ++m_unrecorded.dead; break;
    case Verdict::Delivery::Gone: break;
    }
    if (endpoint) {
        if (verdict.delivery == Verdict::Delivery::Delivered)
            ++endpoint->delivered;
        else if (verdict.delivery != Verdict::Delivery::Gone)
            ++endpoint->failedAttempts;
        if (verdict.delivery == Verdict::Delivery::Dead)
            ++endpoint->dead;
    }
    static const QMetaMethod outcomeSignal = QMetaMethod::fromSignal(&Dispatcher::outcome);
    if (isSignalConnected(outcomeSignal))
        Q_EMIT this->outcome(
            delivery.deliveryId, flight.endpoint,
            settledStatus(outcome.state, outcome.reason, response.status, outcome.error, outcome.nextAttemptAt),
            response.status);
    m_outcomes.append(std::move(outcome));
}

void Dispatcher::applyToEndpoint(Endpoint &endpoint, const Verdict &verdict, qint64 startedAt, const QString &reason)
{
    const QString &name = endpoint.subscription.name;
    switch (verdict.endpoint) {
    case Verdict::Endpoint::Healthy:
        if (endpoint.health.succeeded() == EndpointHealth::Change::Closed)
            qCInfo(lcDelivery).noquote() << name << "answers again; its circuit is closed";
        break;
    case Verdict::Endpoint::Unsubscribed:
        setState(endpoint, EndpointState::Disabled,
                 u"the endpoint answered 410 Gone on %1: the receiver unsubscribed"_s.arg(
                     QDateTime::currentDateTimeUtc().toString(Qt::ISODate)));
        break;
    case Verdict::Endpoint::Paused:
        // The endpoint is alive and said when to come back: a pause, not a failure.
        endpoint.health.pauseUntil(verdict.pauseUntil);
        releaseBacklog(endpoint);
        break;
    case Verdict::Endpoint::Failing:
        switch (endpoint.health.failed(startedAt, now(), reason)) {
        case EndpointHealth::Change::Disabled:
            setState(endpoint, EndpointState::Disabled, endpoint.health.disabledReason());
            return;
        case EndpointHealth::Change::Opened:
            ++m_counters.breakerOpened;
            qCWarning(lcDelivery).noquote()
                << name << "failed" << endpoint.health.failures() << "times in a row; circuit open, probing again in"
                << m_config.breakerCooldown.count() << "ms; last:" << reason;
            break;
        default: break;
        }
        if (endpoint.health.breakerOpen())
            releaseBacklog(endpoint);
        break;
    case Verdict::Endpoint::Untouched:
        // A final refusal is about this event: the endpoint is up and answering, nothing is retried,
        // so it neither opens the breaker nor counts towards disableAfter.
        break;
    }
}

void Dispatcher::scheduleFlush()
{
    if (!m_flushTimer.isActive())
        m_flushTimer.start();
}

void Dispatcher::flushOutcomes()
{
    if (m_outcomes.isEmpty())
        return;
    QString error;
    if (!m_store->queue().record(m_outcomes, &error)) {
        // Kept in memory and tried again; if the agent dies first, the deliveries are still
        // claimed in the store and go out again after the restart (at least once).
        qCWarning(lcDelivery).noquote() << "cannot record delivery outcomes, will retry:" << error;
        m_flushTimer.start(1000);
        return;
    }
    m_outcomes.clear();
    m_counters.attempts += m_unrecorded.attempts;
    m_counters.delivered += m_unrecorded.delivered;
    m_counters.retried += m_unrecorded.retried;
    m_counters.dead += m_unrecorded.dead;
    for (const Attempted &a : std::as_const(m_unrecorded.attempted))
        m_health->add(a.subscription, a.at, a.durationMs, a.delivered);
    m_unrecorded = {};
    // Failed attempts are due only from now on, and ordered deliveries behind a settled one are
    // free only now: look for due work again.
    if (!m_stopping)
        wake();
}

void Dispatcher::releaseBacklog(Endpoint &endpoint)
{
    if (endpoint.backlog.isEmpty())
        return;
    QList<qint64> rows;
    rows.reserve(endpoint.backlog.size());
    for (const ClaimedDelivery &d : std::as_const(endpoint.backlog))
        rows.append(d.row);
    endpoint.backlog.clear();
    m_store->queue().release(rows); // due again at once, for the next claim
}

void Dispatcher::stop()
{
    if (m_stopping)
        return;
    m_stopping = true;
    m_fillTimer.stop();
    m_retryTimer.stop();
    for (auto &[name, endpoint] : m_endpoints) {
        releaseBacklog(*endpoint);
        if (endpoint->handshake)
            endpoint->handshake->abandon();
    }
    if (!m_inFlight.empty()) {
        qCInfo(lcDelivery) << "waiting up to" << m_config.shutdownGrace.count() << "ms for" << m_inFlight.size()
                           << "requests in flight";
        m_graceTimer.start(m_config.shutdownGrace);
    }
    QTimer::singleShot(0, this, &Dispatcher::finishStopIfIdle);
}

void Dispatcher::finishStopIfIdle()
{
    if (!m_stopping || !m_inFlight.empty() || m_stopped)
        return;
    m_stopped = true;
    m_graceTimer.stop();
    flushOutcomes();
    m_flushTimer.stop();
    m_health->close();
    Q_EMIT stopped();
}

} // namespace sluice::agent
