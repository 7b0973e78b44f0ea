#include "admin/adminserver.h"
#include "admin/adminjson.h"
#include "admin/adminserver_p.h"

#include "agent.h"
#include "delivery/dispatcher.h"
#include "pemfiles.h"
#include "protocol.h"
#include "queue/store.h"
#include "register/register.h"
#include "subscriptions/subscriptionregistry.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QPointer>
#include <QSslConfiguration>
#include <QWebSocket>
#include <QWebSocketCorsAuthenticator>
#include <QWebSocketServer>

using namespace Qt::Literals::StringLiterals;
using namespace sluice::protocol;

Q_LOGGING_CATEGORY(lcAdmin, "sluice.agent.admin")

namespace sluice::agent {

namespace {

constexpr int kStreamIntervalMs = 250;
constexpr qsizetype kWatchedDeliveries = 10'000; // per streaming client

} // namespace

AdminServer::AdminServer(Agent *agent, const AdminConfig &config, QObject *parent)
    : QObject(parent)
    , m_agent(agent)
    , m_config(config)
    , m_tokens(config.tokenFile)
{
    m_tick.setInterval(1000);
    connect(&m_tick, &QTimer::timeout, this, &AdminServer::tick);
    m_streamTimer.setInterval(kStreamIntervalMs);
    connect(&m_streamTimer, &QTimer::timeout, this, &AdminServer::streamEvents);
    m_jobTimer.setInterval(0);
    connect(&m_jobTimer, &QTimer::timeout, this, &AdminServer::runJobs);
    registerMethods();
}

AdminServer::~AdminServer()
{
    for (const auto &client : std::as_const(m_clients)) {
        stopStream(*client);
        client->socket->disconnect(this);
    }
    if (m_server)
        m_server->close();
}

bool AdminServer::start(QString *error, bool *tokensCreated)
{
    if (!m_tokens.loadOrCreate(error, tokensCreated))
        return false;
    const auto address = parseListenAddress(m_config.listen);
    if (!address) {
        if (error)
            *error = u"admin.listen: \"%1\" is not an address and port"_s.arg(m_config.listen);
        return false;
    }
    const bool tls = !m_config.tlsCertificate.isEmpty();
    m_server = std::make_unique<QWebSocketServer>(u"sluice-agent"_s,
                                                  tls ? QWebSocketServer::SecureMode : QWebSocketServer::NonSecureMode);
    if (tls) {
        QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
        if (!setTlsIdentity(ssl, m_config.tlsCertificate, m_config.tlsKey, error))
            return false;
        m_server->setSslConfiguration(ssl);
    }
    m_server->setMaxPendingConnections(m_config.maxConnections);
    // Browsers always send Origin: a page on another site must not drive the agent with a token it
    // found. Clients that are not browsers send none.
    connect(m_server.get(), &QWebSocketServer::originAuthenticationRequired, this,
            [this](QWebSocketCorsAuthenticator *authenticator) {
                const QString origin = authenticator->origin();
                const bool allowed = origin.isEmpty() || m_config.allowedOrigins.contains(origin);
                if (!allowed)
                    qCWarning(lcAdmin).noquote()
                        << "refused a connection from origin" << origin << "(not in admin.allowedOrigins)";
                authenticator->setAllowed(allowed);
            });
    connect(m_server.get(), &QWebSocketServer::newConnection, this, &AdminServer::onNewConnection);
    if (!m_server->listen(address->first, address->second)) {
        if (error)
            *error = u"admin.listen: cannot listen on %1: %2"_s.arg(m_config.listen, m_server->errorString());
        return false;
    }
    m_uptime.start();
    // Changes to subscriptions, by anyone, are told to every console with the next tick.
    const auto subscriptionsChanged = [this] { m_subscriptionsChanged = true; };
    connect(&m_agent->subscriptions(), &SubscriptionRegistry::changed, this, subscriptionsChanged);
    connect(&m_agent->subscriptions(), &SubscriptionRegistry::stateChanged, this, subscriptionsChanged);
    connect(&m_agent->subscriptions(), &SubscriptionRegistry::enabledChanged, this, subscriptionsChanged);
    m_tick.start();
    m_streamTimer.start();
    qCInfo(lcAdmin).noquote() << u"admin API at %1://%2:%3 (tokens in %4)"_s.arg(
        tls ? u"wss"_s : u"ws"_s, address->first.toString(), QString::number(m_server->serverPort()), m_tokens.path());
    return true;
}

quint16 AdminServer::port() const
{
    return m_server ? m_server->serverPort() : 0;
}

bool AdminServer::secure() const
{
    return m_server && m_server->secureMode() == QWebSocketServer::SecureMode;
}

void AdminServer::onNewConnection()
{
    while (QWebSocket *socket = m_server->nextPendingConnection()) {
        if (m_clients.size() >= m_config.maxConnections) {
            socket->close(
                QWebSocketProtocol::CloseCodeTooMuchData,
                u"the agent has %1 admin connections already (admin.maxConnections)"_s.arg(m_config.maxConnections));
            socket->deleteLater();
            continue;
        }
        auto client = std::make_shared<Client>();
        client->socket = socket;
        client->budget = 2 * m_config.requestsPerSecond;
        client->sinceRefill.start();
        socket->setMaxAllowedIncomingMessageSize(quint64(m_config.maxMessageBytes));
        socket->setMaxAllowedIncomingFrameSize(quint64(m_config.maxMessageBytes));
        client->idle.setSingleShot(true);
        client->idle.setInterval(m_config.idleTimeout);
        Client *raw = client.get();
        connect(&client->idle, &QTimer::timeout, socket, [socket, this] {
            socket->close(QWebSocketProtocol::CloseCodeNormal,
                          u"idle for %1 s (admin.idleTimeout)"_s.arg(m_config.idleTimeout.count() / 1000));
        });
        connect(socket, &QWebSocket::textMessageReceived, this,
                [this, raw](const QString &text) { onMessage(raw, text); });
        connect(socket, &QWebSocket::binaryMessageReceived, this, [this, raw](const QByteArray &) {
            send(*raw, errorResponse(QJsonValue::Null, error::InvalidRequest,
                                     u"send JSON-RPC requests as text messages, not binary"_s));
        });
        connect(socket, &QWebSocket::disconnected, this, [this, socket] {
            if (const auto client = m_clients.take(socket))
                stopStream(*client);
            socket->deleteLater();
        });
        client->idle.start();
        m_clients.insert(socket, client);
    }
}

void AdminServer::send(Client &client, const QJsonObject &message)
{
    client.socket->sendTextMessage(QString::fromUtf8(QJsonDocument(message).toJson(QJsonDocument::Compact)));
}

void AdminServer::onMessage(Client *client, const QString &text)
{
    client->idle.start();
    // Rate limit: a token bucket per connection, refilled continuously.
    client->budget =
        std::min(2 * m_config.requestsPerSecond,
                 client->budget + m_config.requestsPerSecond * double(client->sinceRefill.restart()) / 1000.0);
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(text.toUtf8(), &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        send(
            *client,
            errorResponse(
                QJsonValue::Null, error::ParseError,
                u"the message is not JSON: %1 at character %2"_s.arg(parseError.errorString()).arg(parseError.offset)));
        return;
    }
    if (document.isArray()) {
        const QJsonArray batch = document.array();
        if (batch.isEmpty()) {
            send(*client, errorResponse(QJsonValue::Null, error::InvalidRequest, u"an empty batch asks nothing"_s));
            return;
        }
        QJsonArray responses;
        for (const QJsonValue &request : batch) {
            const QJsonObject response = handle(*client, request);
            if (!response.isEmpty())
                responses.append(response);
        }
        if (!responses.isEmpty())
            client->socket->sendTextMessage(QString::fromUtf8(QJsonDocument(responses).toJson(QJsonDocument::Compact)));
        return;
    }
    const QJsonObject response = handle(*client, document.object());
    if (!response.isEmpty())
        send(*client, response);
}

AdminServer::Failure::Failure(int code, const ErrorReason &reason, QJsonObject extra)
    : code(code)
    , message(reason.text())
{
    const QJsonObject said = reason.toJson();
    for (auto it = said.begin(); it != said.end(); ++it)
        extra.insert(it.key(), it.value());
    data = extra;
}

AdminServer::Failure AdminServer::noSubscription(const QString &name)
{
    return Failure(error::NotFound, {refusal::NoSubscription, {{refusalparam::Name, name}}});
}

QJsonObject AdminServer::handle(Client &client, const QJsonValue &value)
{
    const QJsonObject request = value.toObject();
    const QJsonValue id = request.contains(u"id"_s) ? request.value(u"id"_s) : QJsonValue(QJsonValue::Undefined);
    const bool isNotification = id.isUndefined();
    const QJsonValue replyId = isNotification ? QJsonValue(QJsonValue::Null) : id;
    auto fail = [&](const Failure &f) {
        return isNotification && f.code != error::InvalidRequest ? QJsonObject()
                                                                 : errorResponse(replyId, f.code, f.message, f.data);
    };
    if (!value.isObject() || request.value(u"jsonrpc"_s).toString() != kJsonRpc ||
        !request.value(u"method"_s).isString() ||
        (!id.isUndefined() && !id.isString() && !id.isDouble() && !id.isNull()))
        return errorResponse(id.isString() || id.isDouble() ? id : QJsonValue(QJsonValue::Null), error::InvalidRequest,
                             u"not a JSON-RPC 2.0 request: it needs \"jsonrpc\": \"2.0\", a \"method\" string and "
                             u"an \"id\" that is a string or a number"_s);
    const QJsonValue params = request.value(u"params"_s);
    if (!params.isUndefined() && !params.isObject())
        return fail({error::InvalidParams, u"params must be an object with named members"_s});
    if (client.budget < 1) {
        const double wait = (1 - client.budget) / m_config.requestsPerSecond;
        return fail(Failure(error::RateLimited,
                            {refusal::RateLimited, {{refusalparam::PerSecond, m_config.requestsPerSecond}}},
                            {{u"retryAfterMs"_s, qint64(std::ceil(wait * 1000))}}));
    }
    client.budget -= 1;

    const QString name = request.value(u"method"_s).toString();
    const auto method = m_methods.constFind(name);
    if (method == m_methods.constEnd())
        return fail(Failure(error::MethodNotFound, {refusal::UnknownMethod, {{refusalparam::Method, name}}}));
    if (name != method::Hello && name != method::Authenticate) {
        QString why;
        if (!m_tokens.reloadIfChanged(&why))
            qCWarning(lcAdmin).noquote() << why;
        // A token rotated or removed on the command line ends the sessions that used it.
        if (client.token && !m_tokens.authenticate(client.token->secret))
            client.token.reset();
        if (!client.token)
            return fail(Failure(error::Unauthenticated, {refusal::Unauthenticated, {}}));
        if (method->changes && client.token->role != role::Admin)
            return fail(
                Failure(error::Forbidden, {refusal::ViewerToken,
                                           {{refusalparam::Name, client.token->name}, {refusalparam::Method, name}}}));
    }
    Failure failure;
    const QJsonObject paramsObject = params.toObject();
    client.requestId = replyId;
    const QJsonValue result = method->run(client, paramsObject, failure);
    if (method->changes) {
        QJsonObject logged = paramsObject;
        for (const QString &secretKey : {u"token"_s, u"secret"_s, u"password"_s})
            if (logged.contains(secretKey))
                logged.insert(secretKey, u"***"_s);
        // A subscription's credentials and header values are not for the audit log either.
        if (QJsonObject sub = logged.value(u"subscription"_s).toObject(); !sub.isEmpty()) {
            for (const QString &key : {u"auth"_s, u"secrets"_s, u"headers"_s})
                if (sub.contains(key))
                    sub.insert(key, u"***"_s);
            logged.insert(u"subscription"_s, sub);
        }
        QString why;
        if (!m_agent->store().audit().append(
                client.token->name, name, logged,
                failure.code && failure.code != kDeferred ? u"refused: "_s + failure.message : u"ok"_s, &why))
            qCWarning(lcAdmin).noquote() << "cannot write the audit log:" << why;
    }
    if (failure.code == kDeferred)
        return {};
    if (failure.code)
        return fail(failure);
    if (isNotification)
        return {};
    return protocol::result(id, result);
}

void AdminServer::tick()
{
    const AgentStats now = m_agent->stats();
    if (m_previous) {
        const AgentStats &p = *m_previous;
        m_rates = {qint64(now.consumed - p.consumed),       qint64(now.matched - p.matched),
                   qint64(now.delivered - p.delivered),     qint64((now.retried + now.dead) - (p.retried + p.dead)),
                   qint64(now.quarantined - p.quarantined), qint64(now.duplicates - p.duplicates)};
    }
    m_previous = std::make_unique<AgentStats>(now);
    notifyDeliveryChanges(now);
    notifyDefinitionChanges();
    for (const EndpointStatus &e : m_agent->endpoints()) {
        const auto before = m_previousBySubscription.value(e.name, {e.delivered, e.failedAttempts});
        m_subscriptionRates.insert(e.name,
                                   {qint64(e.delivered - before.first), qint64(e.failedAttempts - before.second)});
        m_previousBySubscription.insert(e.name, {e.delivered, e.failedAttempts});
    }
    QJsonObject stats;
    for (const auto &client : std::as_const(m_clients)) {
        if (!client->stats || !client->token)
            continue;
        if (stats.isEmpty())
            stats = this->stats().toJson();
        send(*client, notify(notification::Stats, stats));
    }
}

// Subscriptions and register entries changed by anyone (this console, another, the command line,
// another agent sharing the store): every console reloads them within a second.
void AdminServer::notifyDefinitionChanges()
{
    const QStringList types = m_agent->eventRegister().takeAnnounced();
    const bool subscriptions = std::exchange(m_subscriptionsChanged, false);
    for (const auto &client : std::as_const(m_clients)) {
        if (!client->token)
            continue;
        if (!types.isEmpty())
            send(*client, notify(notification::Register, {{u"types"_s, QJsonArray::fromStringList(types)}}));
        if (subscriptions)
            send(*client, notify(notification::Subscriptions, {}));
    }
}

// Every connected console learns within a second that deliveries needing attention changed: a
// new dead letter, a failed attempt, a subscription held back or let go, a retry or discard.
void AdminServer::notifyDeliveryChanges(const AgentStats &now)
{
    QJsonObject held;
    const QHash<QString, Hold> holds = m_agent->holds();
    for (auto it = holds.cbegin(); it != holds.cend(); ++it)
        held.insert(it.key(), it->status.toJson());
    const QJsonObject told{{u"dead"_s, qint64(now.dead)}, {u"held"_s, held}};
    QJsonObject seen = told;
    seen.insert(u"retried"_s, qint64(now.retried));
    seen.insert(u"changes"_s, qint64(m_deliveryChanges));
    for (auto it = held.begin(); it != held.end(); ++it) // the reason, not its changing times
        it.value() = it.value().toObject().value(u"reason"_s);
    seen.insert(u"held"_s, held);
    const QByteArray signature = QJsonDocument(seen).toJson(QJsonDocument::Compact);
    if (signature == m_deliveriesSeen)
        return;
    const bool first = m_deliveriesSeen.isEmpty();
    m_deliveriesSeen = signature;
    if (first)
        return;
    for (const auto &client : std::as_const(m_clients)) {
        if (client->token)
            send(*client, notify(notification::Deliveries, told));
    }
}

void AdminServer::streamEvents()
{
    RecentEvents &recent = m_agent->recentEvents();
    for (const auto &client : std::as_const(m_clients)) {
        if (!client->events || !client->token)
            continue;
        Client::Stream &stream = *client->events;
        qint64 skipped = 0;
        const QList<RecentEvents::Entry> entries = recent.drain(stream.sink, &skipped);
        // The cap is a token bucket: a quiet second does not allow a flood in the next.
        stream.allowance =
            std::min(double(stream.maxPerSecond), stream.allowance + stream.maxPerSecond * kStreamIntervalMs / 1000.0);
        QJsonArray events;
        for (const RecentEvents::Entry &entry : entries) {
            if (stream.allowance < 1) {
                ++skipped;
                continue;
            }
            stream.allowance -= 1;
            QJsonArray deliveries;
            for (const QString &sub : entry.matched) {
                const QString id = DeliveryQueue::deliveryIdFor(sub, entry.event);
                deliveries.append(QJsonObject{{u"subscription"_s, sub}, {u"id"_s, id}});
                stream.watched.insert(id);
                stream.watchOrder.append(id);
                // Delivered before its event was streamed: the outcome is already known.
                if (const auto known = m_recentOutcomes.constFind(id); known != m_recentOutcomes.constEnd())
                    stream.outcomes.append(*known);
            }
            while (stream.watchOrder.size() > kWatchedDeliveries)
                stream.watched.remove(stream.watchOrder.takeFirst());
            events.append(QJsonObject{{u"event"_s, entry.event.toJson()},
                                      {u"matched"_s, QJsonArray::fromStringList(entry.matched)},
                                      {u"deliveries"_s, deliveries},
                                      {u"receivedAt"_s, CloudEvent::rfc3339(entry.receivedAt)},
                                      {u"record"_s, adminjson::kafkaRecord(entry.record)}});
        }
        if (!events.isEmpty() || skipped > 0)
            send(*client, notify(notification::Events, {{u"events"_s, events}, {u"skipped"_s, skipped}}));
        if (!stream.outcomes.isEmpty())
            send(*client, notify(notification::Outcomes, {{u"outcomes"_s, std::exchange(stream.outcomes, {})}}));
    }
}

void AdminServer::onOutcome(const QString &deliveryId, const QString &subscription, const DeliveryStatus &status,
                            int httpStatus)
{
    QJsonObject outcome{{u"id"_s, deliveryId}, {u"subscription"_s, subscription}, {u"status"_s, status.toJson()}};
    if (httpStatus > 0)
        outcome.insert(u"httpStatus"_s, httpStatus);
    if (!m_recentOutcomes.contains(deliveryId))
        m_recentOutcomeOrder.append(deliveryId);
    m_recentOutcomes.insert(deliveryId, outcome);
    while (m_recentOutcomeOrder.size() > kWatchedDeliveries)
        m_recentOutcomes.remove(m_recentOutcomeOrder.takeFirst());
    for (const auto &client : std::as_const(m_clients)) {
        if (client->events && client->events->watched.contains(deliveryId))
            client->events->outcomes.append(outcome);
    }
}

void AdminServer::updateOutcomeConnection()
{
    const bool streaming =
        std::any_of(m_clients.begin(), m_clients.end(), [](const auto &client) { return client->events.has_value(); });
    if (streaming && !m_outcomeConnection && m_agent->dispatcher())
        m_outcomeConnection = connect(m_agent->dispatcher(), &Dispatcher::outcome, this, &AdminServer::onOutcome);
    else if (!streaming && m_outcomeConnection) {
        disconnect(std::exchange(m_outcomeConnection, {}));
        m_recentOutcomes.clear();
        m_recentOutcomeOrder.clear();
    }
}

void AdminServer::stopStream(Client &client)
{
    if (client.events)
        m_agent->recentEvents().removeSink(client.events->sink);
    client.events.reset();
    updateOutcomeConnection();
}

} // namespace sluice::agent
