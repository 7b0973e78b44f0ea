#include "admin/adminserver.h"

#include "admin/handlers/audithandler.h"
#include "admin/handlers/consumershandler.h"
#include "admin/handlers/deliverieshandler.h"
#include "admin/handlers/eventshandler.h"
#include "admin/handlers/jobshandler.h"
#include "admin/handlers/quarantinehandler.h"
#include "admin/handlers/registerhandler.h"
#include "admin/handlers/statshandler.h"
#include "admin/handlers/subscriptionshandler.h"
#include "edgecheck.h"

#include "agent.h"
#include "pemfiles.h"
#include "protocol.h"
#include "queue/store.h"
#include "subscription.h"
#include "subscriptionstatus.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QSslConfiguration>
#include <QWebSocket>
#include <QWebSocketCorsAuthenticator>
#include <QWebSocketServer>

using namespace Qt::Literals::StringLiterals;
using namespace sluice::protocol;

Q_LOGGING_CATEGORY(lcAdmin, "sluice.agent.admin")

namespace sluice::agent {

namespace {

// Wrong tokens on one connection before it is closed.
constexpr int kMaxFailedLogins = 3;

} // namespace

AdminServer::AdminServer(Agent *agent, const AdminConfig &config, QObject *parent)
    : QObject(parent)
    , m_agent(agent)
    , m_config(config)
    , m_tokens(config.tokenFile)
{
    for (const AdminMethod &method : sessionMethods())
        m_methods.insert(method.name, method);
    auto *jobs = new JobsHandler(agent, this);
    addHandler(new RegisterHandler(agent, this));
    addHandler(new SubscriptionsHandler(agent, this));
    addHandler(new DeliveriesHandler(agent, jobs, this));
    addHandler(jobs);
    addHandler(new QuarantineHandler(agent, this));
    addHandler(new ConsumersHandler(agent, config.tokenFile, this));
    addHandler(new StatsHandler(agent, this));
    addHandler(new EventsHandler(agent, this));
    addHandler(new AuditHandler(agent, this));
}

AdminServer::~AdminServer()
{
    // The handlers go first, while the connections they may still speak to are here, and silenced.
    for (AdminHandler *handler : std::as_const(m_handlers)) {
        handler->disconnect(this);
        delete handler;
    }
    for (const auto &client : std::as_const(m_clients))
        client->socket->disconnect(this);
    if (m_server)
        m_server->close();
}

void AdminServer::addHandler(AdminHandler *handler)
{
    m_handlers.append(handler);
    for (const AdminMethod &method : handler->methods())
        m_methods.insert(method.name, method);
    connect(handler, &AdminHandler::sendTo, this, &AdminServer::sendTo);
    connect(handler, &AdminHandler::broadcast, this, [this](const QJsonObject &message) {
        for (const auto &client : std::as_const(m_clients)) {
            if (client->token)
                send(*client, message);
        }
    });
}

QList<AdminMethod> AdminServer::sessionMethods()
{
    return {
        {method::Hello, false, {}, [this](AdminCall &call) { return hello(call); }},
        {method::Authenticate,
         false,
         {ParamSpec::string(session::Token).require()},
         [this](AdminCall &call) { return authenticate(call); }},
    };
}

// Who answers, and every method with the params it takes.
QJsonValue AdminServer::hello(AdminCall &call)
{
    QStringList names = m_methods.keys();
    names.sort();
    QJsonArray methods;
    for (const QString &name : std::as_const(names)) {
        const AdminMethod &method = m_methods[name];
        QJsonArray params;
        for (const ParamSpec &spec : method.params)
            params.append(spec.toJson());
        methods.append(QJsonObject{{hello::Name, name}, {hello::Changes, method.changes}, {hello::Params, params}});
    }
    const auto client = m_clients.value(call.session);
    return QJsonObject{
        {hello::Agent, u"sluice-agent"_s},
        {hello::Version, QCoreApplication::applicationVersion()},
        {hello::Protocol, kVersion},
        {hello::Capabilities, QJsonArray::fromStringList(names)},
        {hello::Methods, methods},
        {hello::Authentication, u"bearer"_s},
        {hello::Authenticated, client && client->token.has_value()},
    };
}

QJsonValue AdminServer::authenticate(AdminCall &call)
{
    const auto client = m_clients.value(call.session);
    QString why;
    if (!m_tokens.reloadIfChanged(&why))
        qCWarning(lcAdmin).noquote() << why;
    const auto found = m_tokens.authenticate(call.string(session::Token));
    if (!found) {
        if (++client->failedLogins >= kMaxFailedLogins)
            client->socket->close(QWebSocketProtocol::CloseCodePolicyViolated, u"too many wrong tokens"_s);
        return call.refuse(error::Unauthenticated, {refusal::WrongToken, {}});
    }
    client->token = found;
    return QJsonObject{{session::Name, found->name}, {session::Role, found->role}};
}

bool AdminServer::start(QString *error, bool *tokensCreated)
{
    if (!m_tokens.loadOrCreate(error, tokensCreated))
        return false;
    if (!listen(error))
        return false;
    for (AdminHandler *handler : std::as_const(m_handlers))
        handler->start();
    qCInfo(lcAdmin).noquote() << u"admin API at %1://%2:%3 (tokens in %4)"_s.arg(
        secure() ? u"wss"_s : u"ws"_s, m_server->serverAddress().toString(), QString::number(m_server->serverPort()),
        m_tokens.path());
    return true;
}

bool AdminServer::listen(QString *error)
{
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
        client->session = ++m_nextSession;
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
        connect(socket, &QWebSocket::disconnected, this, [this, socket, session = client->session] {
            m_clients.remove(session);
            for (AdminHandler *handler : std::as_const(m_handlers))
                handler->sessionClosed(session);
            socket->deleteLater();
        });
        client->idle.start();
        m_clients.insert(client->session, client);
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
    // Params are stored (subscriptions, the audit log) inside documents of the store's own: what
    // nests deeper than it reads back is refused here, for every method.
    if (const QString why = edge::depthRefusal(
            document.isArray() ? QJsonValue(document.array()) : QJsonValue(document.object()), u"the message"_s);
        !why.isEmpty()) {
        const QJsonValue id = document.object().value(jsonrpc::Id); // when it can be told, the answer has it
        send(*client, errorResponse(id.isString() || id.isDouble() ? id : QJsonValue(QJsonValue::Null),
                                    error::InvalidRequest, why));
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

void AdminServer::sendTo(quint64 session, const QJsonObject &message)
{
    if (const auto client = m_clients.value(session); client && client->token)
        send(*client, message);
}

QJsonObject AdminServer::handle(Client &client, const QJsonValue &value)
{
    const QJsonObject request = value.toObject();
    const QJsonValue id =
        request.contains(jsonrpc::Id) ? request.value(jsonrpc::Id) : QJsonValue(QJsonValue::Undefined);
    const bool isNotification = id.isUndefined();
    const QJsonValue replyId = isNotification ? QJsonValue(QJsonValue::Null) : id;
    auto fail = [&](const AdminFailure &f) {
        return isNotification && f.code != error::InvalidRequest ? QJsonObject()
                                                                 : errorResponse(replyId, f.code, f.message, f.data);
    };
    if (!value.isObject() || request.value(jsonrpc::JsonRpc).toString() != kJsonRpc ||
        !request.value(jsonrpc::Method).isString() ||
        (!id.isUndefined() && !id.isString() && !id.isDouble() && !id.isNull()))
        return errorResponse(id.isString() || id.isDouble() ? id : QJsonValue(QJsonValue::Null), error::InvalidRequest,
                             u"not a JSON-RPC 2.0 request: it needs \"jsonrpc\": \"2.0\", a \"method\" string and "
                             u"an \"id\" that is a string or a number"_s);
    const QJsonValue params = request.value(jsonrpc::Params);
    if (!params.isUndefined() && !params.isObject())
        return fail({error::InvalidParams, u"params must be an object with named members"_s});
    if (const auto refused = rateLimited(client))
        return fail(*refused);
    const QString name = request.value(jsonrpc::Method).toString();
    const auto method = m_methods.constFind(name);
    if (method == m_methods.constEnd())
        return fail(AdminFailure(error::MethodNotFound, {refusal::UnknownMethod, {{refusalparam::Method, name}}}));
    if (const auto refused = authorize(client, *method))
        return fail(*refused);
    const QJsonObject paramsObject = params.toObject();
    if (const ErrorReason problem = checkParams(method->params, paramsObject); !problem.isEmpty()) {
        const AdminFailure refused(error::InvalidParams, problem);
        if (method->changes)
            audit(client, name, paramsObject, refused);
        return fail(refused);
    }
    AdminCall call{paramsObject, client.session, replyId, client.token ? client.token->name : QString(), {}, false};
    const QJsonValue result = method->run(call);
    if (method->changes)
        audit(client, name, paramsObject, call.failure);
    if (call.failure.code)
        return fail(call.failure);
    if (call.deferred || isNotification)
        return {};
    return protocol::result(id, result);
}

std::optional<AdminFailure> AdminServer::rateLimited(Client &client) const
{
    // A token bucket per connection, refilled continuously (onMessage).
    if (client.budget < 1) {
        const double wait = (1 - client.budget) / m_config.requestsPerSecond;
        return AdminFailure(error::RateLimited,
                            {refusal::RateLimited, {{refusalparam::PerSecond, m_config.requestsPerSecond}}},
                            {{jsonrpc::RetryAfterMs, qint64(std::ceil(wait * 1000))}});
    }
    client.budget -= 1;
    return std::nullopt;
}

std::optional<AdminFailure> AdminServer::authorize(Client &client, const AdminMethod &method)
{
    if (method.name == method::Hello || method.name == method::Authenticate)
        return std::nullopt;
    QString why;
    if (!m_tokens.reloadIfChanged(&why))
        qCWarning(lcAdmin).noquote() << why;
    // A token rotated or removed on the command line ends the sessions that used it.
    if (client.token && !m_tokens.authenticate(client.token->secret))
        client.token.reset();
    if (!client.token)
        return AdminFailure(error::Unauthenticated, {refusal::Unauthenticated, {}});
    if (method.changes && client.token->role != role::Admin)
        return AdminFailure(
            error::Forbidden,
            {refusal::ViewerToken, {{refusalparam::Name, client.token->name}, {refusalparam::Method, method.name}}});
    return std::nullopt;
}

// Every change asked with an admin token, made or refused; secrets are masked.
void AdminServer::audit(const Client &client, const QString &method, QJsonObject params, const AdminFailure &failure)
{
    for (const QString &secretKey : {session::Token, subscriptionstatus::Secret, subscriptionkey::Password})
        if (params.contains(secretKey))
            params.insert(secretKey, u"***"_s);
    // A subscription's credentials and header values are not for the audit log either.
    if (QJsonObject sub = params.value(subscriptionstatus::Subscription).toObject(); !sub.isEmpty()) {
        for (const QString &key : {subscriptionkey::Auth, subscriptionkey::Secrets, subscriptionkey::Headers})
            if (sub.contains(key))
                sub.insert(key, u"***"_s);
        params.insert(subscriptionstatus::Subscription, sub);
    }
    QString why;
    if (!m_agent->store().audit().append(client.token->name, method, params,
                                         failure.code ? u"refused: "_s + failure.message : u"ok"_s, &why))
        qCWarning(lcAdmin).noquote() << "cannot write the audit log:" << why;
}

} // namespace sluice::agent
