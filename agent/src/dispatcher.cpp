#include "dispatcher.h"

#include "httpbinding.h"
#include "pemfiles.h"
#include "webhooksignature.h"

#include <QDateTime>
#include <QHostInfo>
#include <QJsonArray>
#include <QLocale>
#include <QLoggingCategory>
#include <QMetaMethod>
#include <QRandomGenerator>
#include <QScopeGuard>
#include <QUuid>

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

// Retry-After as delta-seconds or an HTTP date; in ms from now, or -1 when absent or unreadable.
qint64 retryAfterMs(const QByteArray &value, qint64 at)
{
    if (value.isEmpty())
        return -1;
    bool ok = false;
    const qint64 seconds = value.trimmed().toLongLong(&ok);
    if (ok)
        return seconds >= 0 ? seconds * 1000 : -1;
    QDateTime date =
        QLocale::c().toDateTime(QString::fromLatin1(value.trimmed()), u"ddd, dd MMM yyyy HH:mm:ss 'GMT'"_s);
    if (!date.isValid())
        return -1;
    date.setTimeSpec(Qt::UTC);
    return std::max<qint64>(0, date.toMSecsSinceEpoch() - at);
}

QString describe(const HttpResponse &response)
{
    if (response.status > 0)
        return u"HTTP %1 %2"_s.arg(response.status).arg(QString::fromLatin1(response.reason));
    return response.error;
}

const QString kPending = u"pending"_s;
const QString kActive = u"active"_s;
const QString kDisabled = u"disabled"_s;

} // namespace

struct Dispatcher::Endpoint {
    Subscription subscription;
    QString state = kActive;
    QString reason;
    double allowedRate = 0;                                   // from the handshake, events per second
    std::vector<std::unique_ptr<HttpConnection>> connections; // one per unit of concurrency
    std::unique_ptr<HttpConnection> handshake;
    qint64 nextHandshakeAt = 0;
    QList<ClaimedDelivery> backlog; // claimed ('sending' in the store), not yet sent
    int inFlight = 0;
    int capacity = 1;
    QList<QByteArray> keys;
    QByteArray authorization;
    std::optional<QSslConfiguration> ssl;
    // Rate limit: a token bucket holding up to one second of events.
    double tokens = 0;
    qint64 tokensAt = 0;
    // Back-pressure
    qint64 pausedUntil = 0;
    int failures = 0; // consecutive
    qint64 failingSince = 0;
    bool breakerOpen = false;
    bool probing = false;
    int oldestCredit = 0; // claimed slots since the last one given to the longest-waiting delivery
    // Since the agent started, for rates per subscription.
    quint64 delivered = 0;
    quint64 failedAttempts = 0;
    quint64 dead = 0;

    bool dispatching() const { return subscription.enabled && state == kActive; }
    double rate() const
    {
        const double configured = subscription.rateLimit;
        if (configured > 0 && allowedRate > 0)
            return std::min(configured, allowedRate);
        return configured > 0 ? configured : allowedRate;
    }
};

struct Dispatcher::InFlight {
    Endpoint *endpoint = nullptr;
    QList<ClaimedDelivery> deliveries;
    qint64 startedAt = 0;
    QElapsedTimer elapsed;
};

Dispatcher::Dispatcher(Store *store, const DeliveryConfig &config, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_config(config)
    , m_egress(EgressPolicy::parse(config.egressAllow, nullptr).value_or(EgressPolicy()))
    , m_origin((config.origin.isEmpty() ? QHostInfo::localHostName() : config.origin).toUtf8())
{
    m_fillTimer.setSingleShot(true);
    m_fillTimer.setInterval(0);
    connect(&m_fillTimer, &QTimer::timeout, this, &Dispatcher::fill);
    m_retryTimer.setSingleShot(true);
    connect(&m_retryTimer, &QTimer::timeout, this, &Dispatcher::fill);
    m_flushTimer.setSingleShot(true);
    m_flushTimer.setInterval(10);
    connect(&m_flushTimer, &QTimer::timeout, this, &Dispatcher::flushOutcomes);
    m_refreshTimer.setInterval(2000);
    connect(&m_refreshTimer, &QTimer::timeout, this, &Dispatcher::refresh);
    m_refreshTimer.start();
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
    const QHash<QString, SubscriptionState> stored = m_store->subscriptionStates();
    // Endpoints are never destroyed while running: requests in flight still point at them.
    for (auto &endpoint : m_endpoints)
        endpoint->subscription.enabled = false;
    auto releaseIdle = qScopeGuard([this] {
        for (auto &endpoint : m_endpoints) {
            if (!endpoint->dispatching())
                releaseBacklog(*endpoint);
        }
    });
    for (const Subscription &sub : subscriptions) {
        // A subscription whose URL changed gets a fresh endpoint; the old one finishes what it has.
        auto it = std::find_if(m_endpoints.begin(), m_endpoints.end(), [&](const auto &e) {
            return e->subscription.name == sub.name && e->subscription.endpoint == sub.endpoint;
        });
        const bool fresh = it == m_endpoints.end();
        Endpoint *endpoint = fresh ? m_endpoints.emplace_back(std::make_unique<Endpoint>()).get() : it->get();
        endpoint->subscription = sub;
        endpoint->capacity = sub.concurrency > 0 ? sub.concurrency : m_config.concurrency;
        // TLS or authentication may have changed: idle connections go, busy ones finish first.
        std::erase_if(endpoint->connections, [](const auto &c) { return !c->isBusy(); });
        endpoint->ssl.reset();
        if (sub.endpoint.scheme() == u"https" && !sub.tls.isEmpty()) {
            // The files were checked when the configuration was read; one changed since is reported.
            QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
            if (!sub.tls.caCertificates.isEmpty())
                ssl.setCaCertificates(QSslCertificate::fromPath(sub.tls.caCertificates));
            if (QString why; !sub.tls.clientCertificate.isEmpty() &&
                             !setTlsIdentity(ssl, sub.tls.clientCertificate, sub.tls.clientKey, &why))
                qCWarning(lcDelivery).noquote() << sub.name << ": no client certificate for mutual TLS:" << why;
            endpoint->ssl = ssl;
        }
        endpoint->authorization.clear();
        if (sub.auth.kind == EndpointAuth::Kind::Basic)
            endpoint->authorization = "Basic " + (sub.auth.username + u':' + sub.auth.password).toUtf8().toBase64();
        else if (sub.auth.kind == EndpointAuth::Kind::Bearer)
            endpoint->authorization = "Bearer " + sub.auth.token.toUtf8();
        loadKeys(*endpoint);

        const SubscriptionState state = stored.value(sub.name);
        if (state.state == kDisabled) {
            endpoint->state = kDisabled;
            endpoint->reason = state.reason;
        } else if (!sub.handshake) {
            if (state.state != kActive) {
                endpoint->state = kPending; // so that setState records the change
                setState(*endpoint, kActive, QString());
            }
            endpoint->state = kActive;
            endpoint->reason.clear();
        } else if (state.validatedEndpoint == sub.endpoint.toString()) {
            endpoint->state = kActive;
            endpoint->allowedRate = state.allowedRate;
        } else if (fresh || endpoint->state != kPending) {
            endpoint->state = kPending;
            endpoint->reason = u"waiting for the validation handshake"_s;
            endpoint->nextHandshakeAt = 0;
        }
    }
    wake();
}

void Dispatcher::loadKeys(Endpoint &endpoint)
{
    const QStringList secrets = endpoint.subscription.secrets.isEmpty()
                                    ? m_store->activeSecrets(endpoint.subscription.name, now())
                                    : endpoint.subscription.secrets;
    endpoint.keys.clear();
    for (const QString &secret : secrets) {
        if (const auto key = webhooks::secretKey(secret, nullptr))
            endpoint.keys.append(*key);
    }
}

void Dispatcher::refresh()
{
    // Secrets rotated and subscriptions re-enabled from the command line reach the running agent here.
    const QHash<QString, SubscriptionState> stored = m_store->subscriptionStates();
    for (auto &endpoint : m_endpoints) {
        if (!endpoint->subscription.enabled)
            continue;
        loadKeys(*endpoint);
        const SubscriptionState state = stored.value(endpoint->subscription.name);
        if (endpoint->state == kDisabled && state.state != kDisabled) {
            endpoint->nextHandshakeAt = 0;
            endpoint->failures = 0;
            endpoint->failingSince = 0;
            endpoint->breakerOpen = false;
            endpoint->pausedUntil = 0;
            qCInfo(lcDelivery).noquote() << endpoint->subscription.name << "is enabled again";
            if (endpoint->subscription.handshake)
                setState(*endpoint, kPending, u"enabled again; waiting for the validation handshake"_s);
            else
                setState(*endpoint, kActive, QString());
            wake();
        } else if (endpoint->state != kDisabled && state.state == kDisabled) {
            setState(*endpoint, kDisabled, state.reason);
        }
    }
}

void AttemptHistogram::add(double seconds)
{
    const auto bucket = std::lower_bound(kBounds.begin(), kBounds.end(), seconds);
    ++counts[std::size_t(bucket - kBounds.begin())];
    sumSeconds += seconds;
    ++count;
}

QList<EndpointStatus> Dispatcher::endpoints() const
{
    QList<EndpointStatus> list;
    for (const auto &endpoint : m_endpoints) {
        if (!endpoint->subscription.enabled)
            continue;
        const bool paused = endpoint->pausedUntil > now();
        list.append({endpoint->subscription.name, endpoint->state, endpoint->reason, endpoint->breakerOpen,
                     endpoint->failures, paused ? endpoint->pausedUntil : 0, endpoint->rate(),
                     int(endpoint->keys.size()), endpoint->delivered, endpoint->failedAttempts, endpoint->dead});
    }
    return list;
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
    for (auto &endpoint : m_endpoints) {
        if (fillEndpoint(*endpoint, at)) {
            // Due work may be waiting for a busy endpoint or behind an earlier delivery of the same
            // subject: looked at again shortly, not in a tight loop; a completion wakes sooner anyway.
            if (const std::optional<qint64> next = m_store->nextAttemptAt(endpoint->subscription.name))
                wakeAt(std::max(*next, at + 100));
        }
    }
}

// Returns true when the endpoint could take more than the store had due for it.
bool Dispatcher::fillEndpoint(Endpoint &endpoint, qint64 at)
{
    const Subscription &sub = endpoint.subscription;
    if (!sub.enabled || endpoint.state == kDisabled)
        return false;
    if (endpoint.state == kPending) {
        if (!endpoint.handshake) {
            if (at >= endpoint.nextHandshakeAt)
                handshake(endpoint);
            else
                wakeAt(endpoint.nextHandshakeAt);
        }
        return false;
    }
    if (at < endpoint.pausedUntil) { // Retry-After, or the circuit breaker cooling down
        wakeAt(endpoint.pausedUntil);
        return false;
    }
    if (!sub.schedule.isOpen(QDateTime::fromMSecsSinceEpoch(at))) {
        releaseBacklog(endpoint);
        const QDateTime open = sub.schedule.nextOpen(QDateTime::fromMSecsSinceEpoch(at));
        if (open.isValid())
            wakeAt(open.toMSecsSinceEpoch());
        return false;
    }
    int free = endpoint.capacity - endpoint.inFlight;
    if (endpoint.breakerOpen) { // half open: one probe at a time
        if (endpoint.probing)
            return false;
        free = std::min(free, 1);
    }
    if (free <= 0)
        return false;

    const int perRequest = sub.mode == DeliveryMode::Batch ? sub.batchSize : 1;
    const int target = endpoint.capacity * kBacklogFactor * perRequest;
    bool spare = false;
    // Refill when half the backlog is used up; a claim is one store transaction.
    if (endpoint.backlog.size() <= target / 2) {
        const int wanted = target - int(endpoint.backlog.size());
        // One slot in eight goes to the longest-waiting delivery, whatever its priority.
        endpoint.oldestCredit += wanted;
        const int oldest = endpoint.oldestCredit / 8;
        endpoint.oldestCredit %= 8;
        const QList<ClaimedDelivery> claimed = m_store->claim(sub.name, wanted, at, oldest, sub.ordered);
        spare = claimed.size() < wanted;
        endpoint.backlog.append(claimed);
    }

    const double rate = endpoint.rate();
    while (free > 0 && !endpoint.backlog.isEmpty()) {
        int take = std::min<int>(perRequest, int(endpoint.backlog.size()));
        if (rate > 0) {
            endpoint.tokens = std::min(rate, endpoint.tokens + double(at - endpoint.tokensAt) * rate / 1000.0);
            endpoint.tokensAt = at;
            if (endpoint.tokens < 1) {
                wakeAt(at + qint64(std::ceil((1 - endpoint.tokens) * 1000.0 / rate)));
                return false;
            }
            take = std::min(take, int(endpoint.tokens));
            endpoint.tokens -= take;
        }
        send(endpoint, endpoint.backlog.mid(0, take));
        endpoint.backlog.remove(0, take);
        --free;
        if (endpoint.breakerOpen) {
            endpoint.probing = true;
            break;
        }
    }
    return spare;
}

HttpConnection *Dispatcher::connectionFor(Endpoint &endpoint)
{
    auto idle = std::find_if(endpoint.connections.begin(), endpoint.connections.end(),
                             [](const auto &c) { return !c->isBusy(); });
    if (idle != endpoint.connections.end())
        return idle->get();
    return endpoint.connections.emplace_back(newConnection(endpoint)).get();
}

std::unique_ptr<HttpConnection> Dispatcher::newConnection(const Endpoint &endpoint) const
{
    auto connection = std::make_unique<HttpConnection>(endpoint.subscription.endpoint, m_config.connectTimeout,
                                                       m_config.responseTimeout, kResponseExcerptBytes);
    connection->setEgressPolicy(m_egress);
    if (endpoint.ssl)
        connection->setSslConfiguration(*endpoint.ssl);
    return connection;
}

QList<std::pair<QByteArray, QByteArray>> Dispatcher::signedHeaders(const Endpoint &endpoint, const HttpMessage &message,
                                                                   const QByteArray &id, int attempt, qint64 at) const
{
    const Subscription &sub = endpoint.subscription;
    QList<std::pair<QByteArray, QByteArray>> headers = message.headers;
    const qint64 timestamp = at / 1000;
    headers.append({QByteArrayLiteral("user-agent"), QByteArrayLiteral("Sluice/" SLUICE_VERSION)});
    headers.append({QByteArrayLiteral("webhook-id"), id});
    headers.append({QByteArrayLiteral("webhook-timestamp"), QByteArray::number(timestamp)});
    if (!endpoint.keys.isEmpty())
        headers.append({QByteArrayLiteral("webhook-signature"),
                        webhooks::signatureHeader(endpoint.keys, id, timestamp, message.body)});
    headers.append({QByteArrayLiteral("sluice-attempt"), QByteArray::number(attempt)});
    if (!endpoint.authorization.isEmpty())
        headers.append({QByteArrayLiteral("authorization"), endpoint.authorization});
    headers.append(sub.headers);
    return headers;
}

bool Dispatcher::test(const QString &subscription, const CloudEvent &event,
                      std::function<void(const QJsonObject &)> done, QString *error)
{
    const auto it = std::find_if(m_endpoints.begin(), m_endpoints.end(), [&](const auto &e) {
        return e->subscription.name == subscription && e->subscription.enabled;
    });
    if (it == m_endpoints.end()) {
        if (error)
            *error = u"no enabled subscription named \"%1\""_s.arg(subscription);
        return false;
    }
    Endpoint &endpoint = **it;
    const Subscription &sub = endpoint.subscription;
    loadKeys(endpoint);
    const QByteArray structured = event.toStructuredBytes();
    QString why;
    const std::optional<HttpMessage> message = sub.mode == DeliveryMode::Batch
                                                   ? std::optional(encodeBatch({structured}))
                                                   : encodeHttp(sub.mode, structured, &why);
    if (!message) {
        if (error)
            *error = u"cannot encode the test event: "_s + why;
        return false;
    }
    const qint64 at = now();
    const QByteArray id = "test_" + QUuid::createUuid().toByteArray(QUuid::Id128).left(24);
    const auto headers = signedHeaders(endpoint, *message, id, 1, at);
    // What the result shows of the request: secrets are masked, the body is as sent.
    QJsonArray shownHeaders;
    for (const auto &[name, value] : headers) {
        const bool secret =
            name == "authorization" || std::any_of(sub.headers.begin(), sub.headers.end(), [&name](const auto &h) {
                return h.first.compare(name, Qt::CaseInsensitive) == 0;
            });
        shownHeaders.append(QJsonArray{QString::fromLatin1(name), secret ? u"***"_s : QString::fromUtf8(value)});
    }
    const QJsonObject request{{u"method"_s, u"POST"_s},
                              {u"url"_s, sub.endpoint.toString(QUrl::RemoveUserInfo)},
                              {u"headers"_s, shownHeaders},
                              {u"body"_s, QString::fromUtf8(message->body)}};
    std::shared_ptr<HttpConnection> connection = newConnection(endpoint);
    auto elapsed = std::make_shared<QElapsedTimer>();
    elapsed->start();
    connection->send(
        HttpConnection::buildRequest(sub.endpoint, headers, message->body),
        [connection, elapsed, request, done, at](const HttpResponse &response) mutable {
            QJsonObject result{
                {u"request"_s, request},
                {u"at"_s, CloudEvent::rfc3339(at)},
                {u"durationMs"_s, elapsed->elapsed()},
                {u"delivered"_s, response.status >= 200 && response.status < 300},
            };
            if (response.status > 0) {
                QJsonArray responseHeaders;
                for (const auto &[name, value] : response.headers)
                    responseHeaders.append(QJsonArray{QString::fromLatin1(name), QString::fromUtf8(value)});
                result.insert(u"response"_s, QJsonObject{{u"status"_s, response.status},
                                                         {u"reason"_s, QString::fromLatin1(response.reason)},
                                                         {u"headers"_s, responseHeaders},
                                                         {u"body"_s, QString::fromUtf8(response.excerpt)}});
            } else {
                result.insert(u"error"_s, response.error);
            }
            done(result);
            // The connection goes once its own callback has returned.
            QTimer::singleShot(0, [connection = std::move(connection)] {});
        });
    return true;
}

void Dispatcher::send(Endpoint &endpoint, QList<ClaimedDelivery> deliveries)
{
    const Subscription &sub = endpoint.subscription;
    const qint64 at = now();
    std::optional<HttpMessage> message;
    QByteArray id;
    int attempt = 0;
    for (const ClaimedDelivery &d : std::as_const(deliveries))
        attempt = std::max(attempt, d.attempts + 1);
    if (sub.mode == DeliveryMode::Batch) {
        QList<QByteArray> payloads;
        QCryptographicHash hash(QCryptographicHash::Sha256);
        for (const ClaimedDelivery &d : std::as_const(deliveries)) {
            payloads.append(d.payload);
            hash.addData(d.deliveryId.toLatin1());
        }
        message = encodeBatch(payloads);
        // The same deliveries sent again make the same batch id, as webhook-id asks of retries.
        id =
            deliveries.size() == 1 ? deliveries.first().deliveryId.toLatin1() : "bat_" + hash.result().toHex().left(32);
    } else {
        QString error;
        message = encodeHttp(sub.mode, deliveries.first().payload, &error);
        id = deliveries.first().deliveryId.toLatin1();
        if (!message) {
            // The store only holds events that decoded once; this is a bug, not a receiver problem.
            const ClaimedDelivery &d = deliveries.first();
            m_outcomes.append({d.row,
                               DeliveryState::Dead,
                               d.attempts,
                               at,
                               at,
                               0,
                               0,
                               u"cannot encode the event for HTTP: %1"_s.arg(error),
                               {}});
            m_flushTimer.start();
            return;
        }
    }

    const QByteArray request =
        HttpConnection::buildRequest(sub.endpoint, signedHeaders(endpoint, *message, id, attempt, at), message->body);

    HttpConnection *connection = connectionFor(endpoint);
    auto flight = std::make_unique<InFlight>(InFlight{&endpoint, std::move(deliveries), at, {}});
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
    Endpoint &endpoint = *flight->endpoint;
    --endpoint.inFlight;
    endpoint.probing = false;

    const Subscription &sub = endpoint.subscription;
    const QList<milliseconds> &schedule = sub.retrySchedule.value_or(m_config.retrySchedule);
    const int status = response.status;
    const qint64 at = now();
    const QString reason = describe(response);
    const bool success = status >= 200 && status < 300;
    const bool gone = status == 410;
    qint64 retryAfter = (status == 429 || status == 503) ? retryAfterMs(response.header("retry-after"), at) : -1;
    if (retryAfter >= 0)
        retryAfter = std::min<qint64>(retryAfter, m_config.maxRetryAfter.count());

    m_durations.add(double(flight->elapsed.nsecsElapsed()) / 1e9);
    static const QMetaMethod outcomeSignal = QMetaMethod::fromSignal(&Dispatcher::outcome);
    const bool reportOutcomes = isSignalConnected(outcomeSignal);
    for (const ClaimedDelivery &delivery : std::as_const(flight->deliveries)) {
        DeliveryOutcome outcome;
        outcome.row = delivery.row;
        outcome.attempts = delivery.attempts + 1;
        outcome.startedAt = flight->startedAt;
        outcome.durationMs = int(flight->elapsed.elapsed());
        outcome.httpStatus = status;
        outcome.responseExcerpt = response.excerpt;
        ++m_counters.attempts;
        if (success) {
            outcome.state = DeliveryState::Delivered;
            ++m_counters.delivered;
        } else if (gone) {
            // The receiver unsubscribed: the subscription is disabled, the delivery waits for it.
            outcome.state = DeliveryState::Pending;
            outcome.attempts = delivery.attempts;
            outcome.nextAttemptAt = at;
            outcome.error = reason + u": the receiver unsubscribed; the subscription is disabled"_s;
        } else if (isFinalRefusal(status)) {
            outcome.state = DeliveryState::Dead;
            outcome.error =
                reason + u": not retried, the endpoint refuses this event (400, 401, 403, 404 and 413 are final)"_s;
            ++m_counters.dead;
        } else if (outcome.attempts < schedule.size()) {
            outcome.state = DeliveryState::Pending;
            outcome.error = reason;
            outcome.nextAttemptAt = at + std::max(retryDelay(endpoint, outcome.attempts), retryAfter);
            if (retryAfter >= 0)
                outcome.error += u" (Retry-After: %1 s)"_s.arg(retryAfter / 1000.0);
            ++m_counters.retried;
        } else {
            outcome.state = DeliveryState::Dead;
            outcome.error = u"gave up after %1 attempts; last: %2"_s.arg(outcome.attempts).arg(reason);
            ++m_counters.dead;
        }
        if (success)
            ++endpoint.delivered;
        else if (!gone)
            ++endpoint.failedAttempts;
        if (outcome.state == DeliveryState::Dead)
            ++endpoint.dead;
        if (reportOutcomes)
            Q_EMIT this->outcome(delivery.deliveryId, sub.name, deliveryStateName(outcome.state), status,
                                 outcome.error);
        m_outcomes.append(std::move(outcome));
    }
    if (!success)
        qCDebug(lcDelivery).noquote() << sub.name << "attempt failed:" << reason;

    if (success) {
        if (endpoint.breakerOpen)
            qCInfo(lcDelivery).noquote() << sub.name << "answers again; its circuit is closed";
        endpoint.failures = 0;
        endpoint.failingSince = 0;
        endpoint.breakerOpen = false;
    } else if (gone) {
        setState(endpoint, kDisabled,
                 u"the endpoint answered 410 Gone on %1: the receiver unsubscribed"_s.arg(
                     QDateTime::fromMSecsSinceEpoch(at).toString(Qt::ISODate)));
    } else if (retryAfter >= 0) {
        // The endpoint is alive and said when to come back: a pause, not a failure.
        endpoint.pausedUntil = std::max(endpoint.pausedUntil, at + retryAfter);
        releaseBacklog(endpoint);
    } else if (!isFinalRefusal(status)) {
        endpointFailed(endpoint, reason, flight->startedAt);
    }
    // A final refusal (400, 401, 403, 404, 413) is about this event: the endpoint is up and answering,
    // nothing is retried, so it neither opens the breaker nor counts towards disableAfter.

    if (m_outcomes.size() >= kOutcomeBatch)
        flushOutcomes();
    else if (!m_flushTimer.isActive())
        m_flushTimer.start();
    if (m_stopping)
        finishStopIfIdle();
    else
        wake();
}

void Dispatcher::endpointFailed(Endpoint &endpoint, const QString &reason, qint64 startedAt)
{
    const qint64 at = now();
    ++endpoint.failures;
    if (endpoint.failingSince == 0)
        endpoint.failingSince = startedAt;
    if (at - endpoint.failingSince >= m_config.disableAfter.count()) {
        setState(endpoint, kDisabled,
                 u"failing since %1 (%2 failures in a row, last: %3); delivery.disableAfter is %4 ms"_s
                     .arg(QDateTime::fromMSecsSinceEpoch(endpoint.failingSince).toString(Qt::ISODate))
                     .arg(endpoint.failures)
                     .arg(reason)
                     .arg(m_config.disableAfter.count()));
        return;
    }
    if (endpoint.breakerOpen || endpoint.failures >= m_config.breakerFailures) {
        // Open (again, if a probe failed): stop hammering it, probe it after the cool-down.
        if (!endpoint.breakerOpen) {
            ++m_counters.breakerOpened;
            qCWarning(lcDelivery).noquote() << endpoint.subscription.name << "failed" << endpoint.failures
                                            << "times in a row; circuit open, probing again in"
                                            << m_config.breakerCooldown.count() << "ms; last:" << reason;
        }
        endpoint.breakerOpen = true;
        endpoint.pausedUntil = at + m_config.breakerCooldown.count();
        releaseBacklog(endpoint);
    }
}

void Dispatcher::setState(Endpoint &endpoint, const QString &state, const QString &reason)
{
    if (endpoint.state == state && endpoint.reason == reason)
        return;
    endpoint.state = state;
    endpoint.reason = reason;
    if (state != kActive)
        releaseBacklog(endpoint);
    QString error;
    const SubscriptionState saved{
        endpoint.subscription.name, state, reason,
        state == kActive && endpoint.subscription.handshake ? endpoint.subscription.endpoint.toString() : QString(),
        endpoint.allowedRate};
    if (!m_store->saveSubscriptionState(saved, &error))
        qCWarning(lcDelivery).noquote() << "cannot record the state of" << endpoint.subscription.name << ":" << error;
    if (state == kDisabled)
        qCWarning(lcDelivery).noquote() << endpoint.subscription.name << "is disabled:" << reason;
    else
        qCInfo(lcDelivery).noquote() << endpoint.subscription.name << "is" << state
                                     << (reason.isEmpty() ? QString() : u"(%1)"_s.arg(reason));
    Q_EMIT subscriptionStateChanged(endpoint.subscription.name, state, reason);
}

void Dispatcher::handshake(Endpoint &endpoint)
{
    // CloudEvents HTTP webhook abuse protection: the endpoint must confirm it wants our deliveries.
    QList<std::pair<QByteArray, QByteArray>> headers = {
        {QByteArrayLiteral("user-agent"), QByteArrayLiteral("Sluice/" SLUICE_VERSION)},
        {QByteArrayLiteral("webhook-request-origin"), m_origin},
    };
    if (endpoint.subscription.rateLimit > 0)
        headers.append({QByteArrayLiteral("webhook-request-rate"),
                        QByteArray::number(qint64(std::ceil(endpoint.subscription.rateLimit * 60)))});
    if (!endpoint.authorization.isEmpty())
        headers.append({QByteArrayLiteral("authorization"), endpoint.authorization});
    headers.append(endpoint.subscription.headers);
    endpoint.handshake = newConnection(endpoint);
    Endpoint *target = &endpoint;
    endpoint.handshake->send(HttpConnection::buildRequest(endpoint.subscription.endpoint, headers, {}, "OPTIONS"),
                             [this, target](const HttpResponse &response) { handshakeDone(*target, response); });
}

void Dispatcher::handshakeDone(Endpoint &endpoint, const HttpResponse &response)
{
    endpoint.handshake.release()->deleteLater(); // we are inside its callback
    if (m_stopping || !endpoint.subscription.enabled || endpoint.state != kPending)
        return;
    const QByteArray allowed = response.header("webhook-allowed-origin");
    QString why;
    if (response.status == 0)
        why = response.error;
    else if (response.status < 200 || response.status >= 300)
        why = u"the endpoint answered %1"_s.arg(describe(response));
    else if (allowed.isEmpty())
        why = u"the endpoint answered %1 without WebHook-Allowed-Origin"_s.arg(describe(response));
    else if (allowed != "*" && allowed != m_origin)
        why = u"the endpoint allows origin \"%1\", not ours (\"%2\", delivery.origin)"_s.arg(
            QString::fromUtf8(allowed), QString::fromUtf8(m_origin));
    if (!why.isEmpty()) {
        endpoint.nextHandshakeAt = now() + m_config.handshakeRetry.count();
        setState(
            endpoint, kPending,
            u"validation handshake failed: %1; trying again every %2 s (or set \"handshake\": false)"_s.arg(why).arg(
                m_config.handshakeRetry.count() / 1000.0));
        wakeAt(endpoint.nextHandshakeAt);
        return;
    }
    // WebHook-Allowed-Rate is requests per minute; "*" or absent: no limit from the endpoint.
    bool ok = false;
    const double perMinute = response.header("webhook-allowed-rate").toDouble(&ok);
    endpoint.allowedRate = ok && perMinute > 0 ? perMinute / 60.0 : 0;
    setState(endpoint, kActive, QString());
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
    m_outcomes.clear();
    // Failed attempts are 'pending' only from now on, and ordered deliveries behind a settled one
    // are free only now: look for due work again.
    if (!m_stopping)
        wake();
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
    m_refreshTimer.stop();
    for (auto &endpoint : m_endpoints) {
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
    Q_EMIT stopped();
}

} // namespace sluice::agent
