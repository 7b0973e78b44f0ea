#include "service/agenthttp.h"

#include "agent.h"
#include "callbacks/callbackservice.h"
#include "config.h"
#include "consumer/subscriptionsapi.h"
#include "pemfiles.h"
#include "register/register.h"
#include "register/registerexport.h"
#include "service/metrics.h"
#include "service/requestguard.h"

#include <QHttpServer>
#include <QHttpServerResponse>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QSslConfiguration>

using namespace Qt::Literals::StringLiterals;

Q_DECLARE_LOGGING_CATEGORY(lcAgent)

namespace sluice::agent {

AgentHttp::AgentHttp(Agent *agent, QString agentVersion)
    : m_agent(agent)
    , m_agentVersion(std::move(agentVersion))
    , m_server(std::make_unique<QHttpServer>())
    , m_api(std::make_unique<SubscriptionsApi>(agent, agent->config()))
{
    m_api->addRoutes(*m_server);
    QObject::connect(agent, &Agent::workStored, m_server.get(), [this] { m_api->wakePolls(); });
    if (!agent->config().callbacks.isEmpty()) {
        m_callbacks = std::make_unique<CallbackService>(agent, agent->config(), agent->bootstrapServers());
        m_callbacks->addRoutes(*m_server);
    }
    auto info = [this] { return CatalogueInfo{u"Sluice event catalogue"_s, m_agentVersion, QString()}; };
    m_server->route(u"/register/asyncapi.json"_s, [this, info] {
        return QHttpServerResponse("application/json",
                                   QJsonDocument(asyncApiDocument(m_agent->eventRegister().entries(), info()))
                                       .toJson(QJsonDocument::Indented));
    });
    m_server->route(u"/register/catalogue.md"_s, [this, info] {
        return QHttpServerResponse("text/markdown; charset=utf-8",
                                   markdownCatalogue(m_agent->eventRegister().entries(), info()).toUtf8());
    });
    auto html = [this, info] {
        return QHttpServerResponse("text/html; charset=utf-8",
                                   htmlCatalogue(m_agent->eventRegister().entries(), info()).toUtf8());
    };
    m_server->route(u"/register/catalogue.html"_s, html);
    m_server->route(u"/register/"_s, html);
    m_server->route(u"/healthz"_s, [] { return QHttpServerResponse("text/plain", "ok\n"); });
    m_server->route(u"/readyz"_s, [this] {
        const QStringList reasons = m_agent->notReadyBecause();
        if (reasons.isEmpty() && m_agent->assignedPartitions() == 0)
            return QHttpServerResponse("text/plain",
                                       u"ready: a standby in consumer group \"%1\" (no partitions "
                                       u"assigned; other members consume them)\n"_s.arg(m_agent->config().kafka.groupId)
                                           .toUtf8());
        if (reasons.isEmpty())
            return QHttpServerResponse("text/plain", "ready\n");
        return QHttpServerResponse("text/plain", (u"not ready: "_s + reasons.join(u"; "_s) + u"\n"_s).toUtf8(),
                                   QHttpServerResponse::StatusCode::ServiceUnavailable);
    });
    m_server->route(u"/metrics"_s, [this] {
        return QHttpServerResponse("text/plain; version=0.0.4; charset=utf-8",
                                   prometheusText(*m_agent, m_agentVersion, m_callbacks.get()));
    });
}

AgentHttp::~AgentHttp() = default;

bool AgentHttp::listen(const QString &address, QString *error)
{
    const auto parsed = parseListenAddress(address);
    if (!parsed) {
        if (error)
            *error = u"http.listen: \"%1\" is not an address and port"_s.arg(address);
        return false;
    }
    if (m_callbacks && !m_callbacks->start(error))
        return false;
    const HttpConfig &http = m_agent->config().http;
    const bool tls = !http.tlsCertificate.isEmpty();
    QTcpServer *server = nullptr;
    if (tls) {
        QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
        if (!setTlsIdentity(ssl, http.tlsCertificate, http.tlsKey, error))
            return false;
        auto *sslServer = new GuardedServer<QSslServer>(http.maxBodyBytes, m_server.get());
        sslServer->setSslConfiguration(ssl);
        server = sslServer;
    } else {
        server = new GuardedServer<QTcpServer>(http.maxBodyBytes, m_server.get());
        if (!parsed->first.isLoopback())
            qCWarning(lcAgent).noquote() << "http.listen" << address
                                         << "is reachable from other machines without TLS: consumers' tokens travel "
                                            "in clear text unless a proxy in front terminates TLS (give "
                                            "http.tlsCertificate and http.tlsKey)";
    }
    m_port = server->listen(parsed->first, parsed->second) ? server->serverPort() : 0;
    if (m_port != 0)
        m_server->bind(server);
    else
        delete server;
    if (m_port == 0) {
        if (error)
            *error = u"http.listen: cannot listen on %1 (in use, or not an address of this machine); choose another "
                     u"port or set it to \"\" to switch the server off"_s.arg(address);
        return false;
    }
    qCInfo(lcAgent).noquote() << u"serving the event catalogue at %1://%2:%3/register/ and the Subscriptions API at "
                                 u"/subscriptions"_s.arg(tls ? u"https"_s : u"http"_s, parsed->first.toString())
                                     .arg(m_port);
    return true;
}

} // namespace sluice::agent
