// The dispatcher's endpoints: following the subscription registry (definitions, states, secrets),
// their connections, and the validation handshake that makes an endpoint active.
#include "delivery/dispatcher.h"

#include "delivery/handshake.h"
#include "delivery/testsend.h"
#include "pemfiles.h"
#include "subscriptions/subscriptionregistry.h"

#include <QDateTime>
#include <QLoggingCategory>

using namespace Qt::Literals::StringLiterals;

Q_DECLARE_LOGGING_CATEGORY(lcDelivery)

namespace sluice::agent {

namespace {

constexpr int kResponseExcerptBytes = 4096;

qint64 now()
{
    return QDateTime::currentMSecsSinceEpoch();
}

std::optional<QSslConfiguration> sslFor(const Subscription &sub)
{
    if (sub.endpoint.scheme() != u"https" || sub.tls.isEmpty())
        return std::nullopt;
    // The files were checked when the configuration was read; one changed since is reported.
    QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
    if (!sub.tls.caCertificates.isEmpty())
        ssl.setCaCertificates(QSslCertificate::fromPath(sub.tls.caCertificates));
    if (QString why; !sub.tls.clientCertificate.isEmpty() &&
                     !setTlsIdentity(ssl, sub.tls.clientCertificate, sub.tls.clientKey, &why))
        qCWarning(lcDelivery).noquote() << sub.name << ": no client certificate for mutual TLS:" << why;
    return ssl;
}

} // namespace

DeliveryPolicy Dispatcher::policyFor(const Subscription &sub) const
{
    return DeliveryPolicy(
        {sub.retrySchedule.value_or(m_config.retrySchedule), m_config.jitter, m_config.maxRetryAfter});
}

void Dispatcher::setSubscriptions(const QList<Subscription> &all)
{
    // Polled subscriptions have no endpoint: their consumers fetch what waits for them.
    QList<Subscription> subscriptions = all;
    subscriptions.removeIf([](const Subscription &s) { return s.polled(); });
    for (auto it = m_endpoints.begin(); it != m_endpoints.end();) {
        const bool listed = std::any_of(subscriptions.begin(), subscriptions.end(), [&](const Subscription &s) {
            return s.name == it->first && s.endpoint == it->second->subscription.endpoint;
        });
        if (listed) {
            ++it;
            continue;
        }
        // Gone, or its URL changed: a fresh endpoint takes over; what the old one has running finishes.
        retire(std::move(it->second));
        it = m_endpoints.erase(it);
    }
    for (const Subscription &sub : subscriptions) {
        Endpoint &endpoint = configure(sub, m_registry->state(sub.name));
        if (!endpoint.dispatching())
            releaseBacklog(endpoint);
    }
    wake();
}

Endpoint &Dispatcher::configure(const Subscription &sub, const SubscriptionState &stored)
{
    auto &slot = m_endpoints[sub.name];
    const bool fresh = !slot;
    if (fresh) {
        slot = std::make_unique<Endpoint>();
        slot->generation = ++m_generations;
        slot->health = EndpointHealth({m_config.breakerFailures, m_config.breakerCooldown, m_config.disableAfter});
    }
    Endpoint &endpoint = *slot;
    endpoint.subscription = sub;
    endpoint.capacity = sub.concurrency > 0 ? sub.concurrency : m_config.concurrency;
    if (sub.until == Until::FirstDelivery)
        endpoint.capacity = 1; // one request at a time, so that exactly one ends it
    // TLS or authentication may have changed: idle connections go, busy ones finish first.
    std::erase_if(endpoint.connections, [](const auto &c) { return !c->isBusy(); });
    endpoint.ssl = sslFor(sub);
    loadKeys(endpoint);

    if (stored.state == EndpointState::Disabled) {
        endpoint.state = EndpointState::Disabled;
        endpoint.reason = stored.reason;
    } else if (!sub.handshake) {
        if (stored.state != EndpointState::Active) {
            endpoint.state = EndpointState::Pending; // so that setState records the change
            setState(endpoint, EndpointState::Active, QString());
        }
        endpoint.state = EndpointState::Active;
        endpoint.reason.clear();
    } else if (stored.validatedEndpoint == sub.endpoint.toString()) {
        endpoint.state = EndpointState::Active;
        endpoint.allowedRate = stored.allowedRate;
    } else if (fresh || endpoint.state != EndpointState::Pending) {
        endpoint.state = EndpointState::Pending;
        endpoint.reason = u"waiting for the validation handshake"_s;
        endpoint.nextHandshakeAt = 0;
    }
    endpoint.limiter.setRate(rateShare(sub.rateLimit, endpoint.allowedRate));
    return endpoint;
}

void Dispatcher::retire(std::unique_ptr<Endpoint> endpoint)
{
    releaseBacklog(*endpoint);
    if (endpoint->handshake)
        endpoint->handshake->abandon();
    for (auto &connection : endpoint->connections) {
        if (connection->isBusy()) {
            HttpConnection *key = connection.get();
            m_retiring.emplace(key, std::move(connection));
        }
    }
}

Endpoint *Dispatcher::find(const QString &name, quint64 generation)
{
    const auto it = m_endpoints.find(name);
    return it != m_endpoints.end() && it->second->generation == generation ? it->second.get() : nullptr;
}

void Dispatcher::loadKeys(Endpoint &endpoint)
{
    const Subscription &sub = endpoint.subscription;
    endpoint.requests = RequestBuilder(
        sub, sub.secrets.isEmpty() ? m_store->subscriptions().activeSecrets(sub.name, now()) : sub.secrets);
}

// The registry's word: an operator enabled a disabled endpoint (admin API or command line), or
// disabled one. Our own changes come back here too, and change nothing.
void Dispatcher::stateChanged(const QString &name, EndpointState state, const QString &reason)
{
    const auto it = m_endpoints.find(name);
    if (it == m_endpoints.end() || (it->second->state == state && it->second->reason == reason))
        return;
    Endpoint &endpoint = *it->second;
    if (endpoint.state == EndpointState::Disabled && state != EndpointState::Disabled) {
        endpoint.nextHandshakeAt = 0;
        endpoint.health.reset();
        qCInfo(lcDelivery).noquote() << name << "is enabled again";
        if (endpoint.subscription.handshake)
            setState(endpoint, EndpointState::Pending, u"enabled again; waiting for the validation handshake"_s);
        else
            setState(endpoint, EndpointState::Active, QString());
        wake();
    } else if (state == EndpointState::Disabled) {
        setState(endpoint, EndpointState::Disabled, reason);
    }
}

QList<EndpointStatus> Dispatcher::endpoints() const
{
    QList<EndpointStatus> list;
    const qint64 at = now();
    for (const auto &[name, endpoint] : m_endpoints) {
        if (!endpoint->subscription.enabled)
            continue;
        const EndpointHealth &health = endpoint->health;
        list.append({name, endpoint->state, endpoint->reason, health.breakerOpen(), health.failures(),
                     health.pausedAt(at) ? health.pausedUntil() : 0, endpoint->limiter.rate(),
                     endpoint->requests.keyCount(), endpoint->delivered, endpoint->failedAttempts, endpoint->dead});
    }
    return list;
}

// Checked in the order the dispatcher itself stops at them (fillEndpoint).
static std::optional<Hold> holdOf(const Endpoint &e, qint64 at)
{
    namespace p = reasonparam;
    auto held = [](const QString &reason, const QJsonObject &params = {}) {
        return DeliveryStatus{DeliveryPhase::Held, reason, params};
    };
    if (!e.subscription.enabled)
        return Hold{held(reason::SubscriptionDisabled), true};
    if (e.state == EndpointState::Disabled)
        return Hold{held(reason::EndpointDisabled, {{p::Why, e.reason}}), true};
    if (e.state == EndpointState::Pending)
        return Hold{held(reason::HandshakePending, {{p::Url, e.subscription.endpoint.toString()}}), true};
    const EndpointHealth &health = e.health;
    if (health.breakerOpen())
        return Hold{held(reason::CircuitOpen, {{p::Since, CloudEvent::rfc3339(health.openedAt())},
                                               {p::Failures, health.failures()},
                                               {p::Last, health.lastFailure()},
                                               {p::ProbeAt, CloudEvent::rfc3339(std::max(at, health.probeAt()))}})};
    if (health.retryAfterUntil() > at)
        return Hold{held(reason::EndpointPaused, {{p::Until, CloudEvent::rfc3339(health.retryAfterUntil())}})};
    const QDateTime now = QDateTime::fromMSecsSinceEpoch(at);
    if (!e.subscription.schedule.isOpen(now)) {
        const QDateTime opens = e.subscription.schedule.nextOpen(now);
        return Hold{held(reason::OutsideWindow, {{p::OpensAt, CloudEvent::rfc3339(opens.toMSecsSinceEpoch())}})};
    }
    if (e.limiter.exhausted(at))
        return Hold{held(reason::RateLimited, {{p::Rate, e.limiter.rate()}})};
    return std::nullopt;
}

QHash<QString, Hold> Dispatcher::holds() const
{
    QHash<QString, Hold> holds;
    const qint64 at = now();
    for (const auto &[name, endpoint] : m_endpoints) {
        if (const auto hold = holdOf(*endpoint, at))
            holds.insert(name, *hold);
    }
    return holds;
}

QSet<QString> Dispatcher::sending() const
{
    QSet<QString> ids;
    for (const auto &[connection, flight] : m_inFlight) {
        for (const ClaimedDelivery &delivery : flight.deliveries)
            ids.insert(delivery.deliveryId);
    }
    return ids;
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
    connection->setProxy(m_proxy.proxyFor(endpoint.subscription.endpoint));
    if (endpoint.ssl)
        connection->setSslConfiguration(*endpoint.ssl);
    return connection;
}

bool Dispatcher::test(const QString &subscription, const CloudEvent &event,
                      std::function<void(const QJsonObject &)> done, QString *error)
{
    const auto it = m_endpoints.find(subscription);
    if (it == m_endpoints.end() || !it->second->subscription.enabled) {
        if (error)
            *error = u"no enabled subscription named \"%1\""_s.arg(subscription);
        return false;
    }
    Endpoint &endpoint = *it->second;
    loadKeys(endpoint);
    return sendTest(endpoint.requests, endpoint.subscription, newConnection(endpoint), event, std::move(done), error);
}

void Dispatcher::setState(Endpoint &endpoint, EndpointState state, const QString &reason)
{
    if (endpoint.state == state && endpoint.reason == reason)
        return;
    endpoint.state = state;
    endpoint.reason = reason;
    if (state != EndpointState::Active)
        releaseBacklog(endpoint);
    const Subscription &sub = endpoint.subscription;
    QString error;
    const SubscriptionState saved{sub.name, state, reason,
                                  state == EndpointState::Active && sub.handshake ? sub.endpoint.toString() : QString(),
                                  endpoint.allowedRate};
    if (state == EndpointState::Disabled)
        qCWarning(lcDelivery).noquote() << sub.name << "is disabled:" << reason;
    else
        qCInfo(lcDelivery).noquote() << sub.name << "is" << endpointStateName(state)
                                     << (reason.isEmpty() ? QString() : u"(%1)"_s.arg(reason));
    if (!m_registry->setState(saved, &error))
        qCWarning(lcDelivery).noquote() << "cannot record the state of" << sub.name << ":" << error;
}

void Dispatcher::handshake(Endpoint &endpoint)
{
    const Subscription &sub = endpoint.subscription;
    const HttpHeaders headers =
        Handshake::requestHeaders(m_origin, sub.rateLimit, endpoint.requests.authorization(), sub.headers);
    endpoint.handshake = newConnection(endpoint);
    endpoint.handshake->send(HttpConnection::buildRequest(sub.endpoint, headers, {}, "OPTIONS"),
                             [this, name = sub.name, generation = endpoint.generation](const HttpResponse &response) {
                                 handshakeDone(name, generation, response);
                             });
}

void Dispatcher::handshakeDone(const QString &name, quint64 generation, const HttpResponse &response)
{
    Endpoint *endpoint = find(name, generation);
    if (!endpoint)
        return;
    endpoint->handshake.release()->deleteLater(); // we are inside its callback
    if (m_stopping || !endpoint->subscription.enabled || endpoint->state != EndpointState::Pending)
        return;
    const Handshake::Answer answer = Handshake::judge(response, m_origin);
    if (!answer.confirmed) {
        endpoint->nextHandshakeAt = now() + m_config.handshakeRetry.count();
        setState(
            *endpoint, EndpointState::Pending,
            u"validation handshake failed: %1; trying again every %2 s (or set \"handshake\": false)"_s.arg(answer.why)
                .arg(double(m_config.handshakeRetry.count()) / 1000.0));
        wakeAt(endpoint->nextHandshakeAt);
        return;
    }
    endpoint->allowedRate = answer.allowedRate;
    endpoint->limiter.setRate(rateShare(endpoint->subscription.rateLimit, answer.allowedRate));
    setState(*endpoint, EndpointState::Active, QString());
    wake();
}

// Agents sharing a store share each endpoint's rate limit: each sends at its equal part, so
// together they stay within it (and within the burst of one second's worth).
double Dispatcher::rateShare(double configured, double allowed) const
{
    return RateLimiter::effective(configured, allowed) / m_sharers;
}

void Dispatcher::setSharers(int agents)
{
    agents = std::max(1, agents);
    if (agents == m_sharers)
        return;
    m_sharers = agents;
    for (auto &[name, endpoint] : m_endpoints)
        endpoint->limiter.setRate(rateShare(endpoint->subscription.rateLimit, endpoint->allowedRate));
}

} // namespace sluice::agent
