#pragma once

#include <QString>

#include <memory>

class QHttpServer;

namespace sluice::agent {

class Agent;
class CallbackService;
class SubscriptionsApi;

// The agent's HTTP server (http.listen, 127.0.0.1 by default), separate from the admin API:
// the register's documents for consumers, and what operators and their monitoring ask.
//   GET /register/asyncapi.json   AsyncAPI 3.0 of the exposed event types
//   GET /register/catalogue.md    the same as a readable Markdown catalogue
//   GET /register/catalogue.html  and as a page (also at /register/)
//   GET /healthz                  200 while the agent's event loop answers (liveness)
//   GET /readyz                   200 when consuming and the store takes writes, else 503 with why
//   GET /metrics                  Prometheus text format (docs/operations.md)
//   /subscriptions, /discovery, /openapi.json: the consumers' Subscriptions API (SubscriptionsApi)
//   /callbacks/{name}: outside systems calling in (CallbackService), when callbacks are configured
// Over HTTPS when http.tlsCertificate and http.tlsKey are given.
class AgentHttp {
public:
    AgentHttp(Agent *agent, QString agentVersion);
    ~AgentHttp();

    bool listen(const QString &address, QString *error);
    quint16 port() const { return m_port; }

private:
    Agent *m_agent;
    QString m_agentVersion;
    std::unique_ptr<QHttpServer> m_server;
    std::unique_ptr<SubscriptionsApi> m_api;
    std::unique_ptr<CallbackService> m_callbacks;
    quint16 m_port = 0;
};

} // namespace sluice::agent
