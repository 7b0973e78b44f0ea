#include "dispatcher.h"

#include "httpbinding.h"

#include <QDateTime>
#include <QLoggingCategory>
#include <QRandomGenerator>
#include <QScopeGuard>

using namespace Qt::Literals::StringLiterals;

Q_LOGGING_CATEGORY(lcDelivery, "sluice.agent.delivery")

namespace sluice::agent {

namespace {

constexpr int kResponseExcerptBytes = 4096;
constexpr int kOutcomeBatch = 500;
// Deliveries are claimed from the store in batches of up to this many times the concurrency, so the
// store sees one claim per batch instead of one per request.
constexpr int kBacklogFactor = 4;

bool isFinalRefusal(int status)
{
    return status == 400 || status == 401 || status == 403 || status == 404 || status == 413;
}

qint64 now()
{
    return QDateTime::currentMSecsSinceEpoch();
}

} // namespace

struct Dispatcher::Endpoint {
    Subscription subscription;
    std::vector<std::unique_ptr<HttpConnection>> connections; // one per unit of concurrency
    QList<ClaimedDelivery> backlog;                           // claimed ('sending' in the store), not yet sent
    int inFlight = 0;
    int capacity = 1;
};

struct Dispatcher::InFlight {
    Endpoint *endpoint = nullptr;
    ClaimedDelivery delivery;
    qint64 startedAt = 0;
    QElapsedTimer elapsed;
};

Dispatcher::Dispatcher(Store *store, const DeliveryConfig &config, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_config(config)
{
    m_fillTimer.setSingleShot(true);
    m_fillTimer.setInterval(0);
    connect(&m_fillTimer, &QTimer::timeout, this, &Dispatcher::fill);
    m_retryTimer.setSingleShot(true);
    connect(&m_retryTimer, &QTimer::timeout, this, &Dispatcher::fill);
    m_flushTimer.setSingleShot(true);
    m_flushTimer.setInterval(10);
    connect(&m_flushTimer, &QTimer::timeout, this, &Dispatcher::flushOutcomes);
    m_graceTimer.setSingleShot(true);
    connect(&m_graceTimer, &QTimer::timeout, this, [this] {
        qCWarning(lcDelivery) << m_inFlight.size() << "requests still running after the shutdown grace period;"
                              << "they will be sent again after the restart";
        for (auto &[connection, flight] : m_inFlight) {
            connection->abandon();
            --flight->endpoint->inFlight;
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
}

void Dispatcher::setSubscriptions(const QList<Subscription> &subscriptions)
{
    // Endpoints are never destroyed while running: requests in flight still point at them.
    for (auto &endpoint : m_endpoints)
        endpoint->subscription.enabled = false;
    auto releaseDisabled = qScopeGuard([this] {
        for (auto &endpoint : m_endpoints) {
            if (!endpoint->subscription.enabled)
                releaseBacklog(*endpoint);
        }
    });
    for (const Subscription &sub : subscriptions) {
        // A subscription whose URL changed gets a fresh endpoint; the old one finishes what it has.
        auto it = std::find_if(m_endpoints.begin(), m_endpoints.end(), [&](const auto &e) {
            return e->subscription.name == sub.name && e->subscription.endpoint == sub.endpoint;
        });
        Endpoint *endpoint =
            it != m_endpoints.end() ? it->get() : m_endpoints.emplace_back(std::make_unique<Endpoint>()).get();
        endpoint->subscription = sub;
        endpoint->capacity = sub.concurrency > 0 ? sub.concurrency : m_config.concurrency;
    }
    wake();
}

void Dispatcher::wake()
{
    if (!m_stopping && !m_fillTimer.isActive())
        m_fillTimer.start();
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
    bool spareCapacity = false;
    for (auto &endpoint : m_endpoints) {
        if (!endpoint->subscription.enabled)
            continue;
        // Refill when half the backlog is used up; a claim is one store transaction.
        const int wanted = endpoint->capacity * kBacklogFactor - int(endpoint->backlog.size());
        if (endpoint->backlog.size() <= endpoint->capacity * kBacklogFactor / 2) {
            const QList<ClaimedDelivery> claimed = m_store->claim(endpoint->subscription.name, wanted, at);
            spareCapacity = spareCapacity || claimed.size() < wanted;
            endpoint->backlog.append(claimed);
        }
        while (endpoint->inFlight < endpoint->capacity && !endpoint->backlog.isEmpty())
            send(*endpoint, endpoint->backlog.takeFirst());
    }
    if (spareCapacity)
        armRetryTimer();
}

void Dispatcher::armRetryTimer()
{
    const std::optional<qint64> next = m_store->nextAttemptAt();
    if (!next)
        return;
    // Work that is due but waiting for a busy or disabled endpoint is looked at again shortly,
    // not in a tight loop; a completion wakes the dispatcher sooner anyway.
    const qint64 delay = std::clamp<qint64>(*next - now(), 100, 60'000);
    if (!m_retryTimer.isActive() || m_retryTimer.remainingTime() > delay)
        m_retryTimer.start(int(delay));
}

void Dispatcher::send(Endpoint &endpoint, ClaimedDelivery delivery)
{
    const Subscription &sub = endpoint.subscription;
    QString error;
    const std::optional<HttpMessage> message = encodeHttp(sub.mode, delivery.payload, &error);
    if (!message) {
        // The store only holds events that decoded once; this is a bug, not a receiver problem.
        m_outcomes.append({delivery.row,
                           DeliveryState::Dead,
                           delivery.attempts,
                           now(),
                           now(),
                           0,
                           0,
                           u"cannot encode the event for HTTP: %1"_s.arg(error),
                           {}});
        m_flushTimer.start();
        return;
    }

    QList<std::pair<QByteArray, QByteArray>> headers = message->headers;
    headers.append({QByteArrayLiteral("user-agent"), QByteArrayLiteral("Sluice/" SLUICE_VERSION)});
    headers.append({QByteArrayLiteral("webhook-id"), delivery.deliveryId.toLatin1()});
    headers.append({QByteArrayLiteral("sluice-attempt"), QByteArray::number(delivery.attempts + 1)});
    headers.append(sub.headers);
    const QByteArray request = HttpConnection::buildRequest(sub.endpoint, headers, message->body);

    auto idle = std::find_if(endpoint.connections.begin(), endpoint.connections.end(),
                             [](const auto &c) { return !c->isBusy(); });
    HttpConnection *connection =
        idle != endpoint.connections.end()
            ? idle->get()
            : endpoint.connections
                  .emplace_back(std::make_unique<HttpConnection>(sub.endpoint, m_config.connectTimeout,
                                                                 m_config.responseTimeout, kResponseExcerptBytes))
                  .get();
    auto flight = std::make_unique<InFlight>(InFlight{&endpoint, std::move(delivery), now(), {}});
    flight->elapsed.start();
    m_inFlight.insert_or_assign(connection, std::move(flight));
    ++endpoint.inFlight;
    connection->send(request, [this, connection](const HttpResponse &response) { finished(connection, response); });
}

qint64 Dispatcher::retryDelay(const Endpoint &endpoint, int attemptsMade) const
{
    const QList<milliseconds> &schedule = endpoint.subscription.retrySchedule.value_or(m_config.retrySchedule);
    const qint64 base = schedule.at(attemptsMade).count();
    if (base <= 0 || m_config.jitter <= 0)
        return base;
    // Spread retries so endpoints recovering from an outage are not hit by a synchronised wave.
    const qint64 spread = qint64(double(base) * m_config.jitter);
    return base - spread + qint64(QRandomGenerator::global()->bounded(quint64(2 * spread + 1)));
}

void Dispatcher::finished(HttpConnection *connection, const HttpResponse &response)
{
    auto node = m_inFlight.extract(connection);
    if (node.empty())
        return;
    const std::unique_ptr<InFlight> flight = std::move(node.mapped());
    --flight->endpoint->inFlight;

    const Subscription &sub = flight->endpoint->subscription;
    const QList<milliseconds> &schedule = sub.retrySchedule.value_or(m_config.retrySchedule);
    const int status = response.status;
    DeliveryOutcome outcome;
    outcome.row = flight->delivery.row;
    outcome.attempts = flight->delivery.attempts + 1;
    outcome.startedAt = flight->startedAt;
    outcome.durationMs = int(flight->elapsed.elapsed());
    outcome.httpStatus = status;
    outcome.responseExcerpt = response.excerpt;
    ++m_counters.attempts;

    if (status >= 200 && status < 300) {
        outcome.state = DeliveryState::Delivered;
        ++m_counters.delivered;
    } else {
        QString reason;
        if (status > 0)
            reason = u"HTTP %1 %2"_s.arg(status).arg(QString::fromLatin1(response.reason));
        else
            reason = response.error;
        if (isFinalRefusal(status)) {
            outcome.state = DeliveryState::Dead;
            outcome.error =
                reason + u": not retried, the endpoint refuses this event (400, 401, 403, 404 and 413 are final)"_s;
            ++m_counters.dead;
        } else if (outcome.attempts < schedule.size()) {
            outcome.state = DeliveryState::Pending;
            outcome.error = reason;
            outcome.nextAttemptAt = now() + retryDelay(*flight->endpoint, outcome.attempts);
            ++m_counters.retried;
        } else {
            outcome.state = DeliveryState::Dead;
            outcome.error = u"gave up after %1 attempts; last: %2"_s.arg(outcome.attempts).arg(reason);
            ++m_counters.dead;
        }
        qCDebug(lcDelivery).noquote() << sub.name << flight->delivery.deliveryId << "attempt" << outcome.attempts
                                      << "failed:" << reason;
    }
    m_outcomes.append(std::move(outcome));
    if (m_outcomes.size() >= kOutcomeBatch)
        flushOutcomes();
    else if (!m_flushTimer.isActive())
        m_flushTimer.start();
    if (m_stopping)
        finishStopIfIdle();
    else
        wake();
}

void Dispatcher::flushOutcomes()
{
    if (m_outcomes.isEmpty())
        return;
    QString error;
    if (!m_store->record(m_outcomes, &error)) {
        // Kept in memory and tried again; if the agent dies first, the deliveries are still
        // 'sending' in the store and go out again after the restart (at least once).
        qCWarning(lcDelivery).noquote() << "cannot record delivery outcomes, will retry:" << error;
        m_flushTimer.start(1000);
        return;
    }
    // A failed attempt is 'pending' only from now on, so the next retry can be scheduled only now.
    const bool retries = std::any_of(m_outcomes.begin(), m_outcomes.end(),
                                     [](const DeliveryOutcome &o) { return o.state == DeliveryState::Pending; });
    m_outcomes.clear();
    if (retries && !m_stopping)
        armRetryTimer();
}

void Dispatcher::releaseBacklog(Endpoint &endpoint)
{
    if (endpoint.backlog.isEmpty())
        return;
    QList<qint64> rows;
    for (const ClaimedDelivery &d : std::as_const(endpoint.backlog))
        rows.append(d.row);
    endpoint.backlog.clear();
    // If this fails the rows stay 'sending' and go back to 'pending' at the next start.
    m_store->release(rows);
}

void Dispatcher::stop()
{
    if (m_stopping)
        return;
    m_stopping = true;
    m_fillTimer.stop();
    m_retryTimer.stop();
    for (auto &endpoint : m_endpoints)
        releaseBacklog(*endpoint);
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
    Q_EMIT stopped();
}

} // namespace sluice::agent
