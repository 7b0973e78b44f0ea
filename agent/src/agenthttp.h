#pragma once

#include <QString>

#include <memory>

class QHttpServer;

namespace sluice::agent {

class EventRegister;

// The agent's small HTTP server (http.listen, 127.0.0.1 by default), separate from the admin API:
// the register's documents for consumers.
//   GET /register/asyncapi.json   AsyncAPI 3.0 of the exposed event types
//   GET /register/catalogue.md    the same as a readable Markdown catalogue
//   GET /register/catalogue.html  and as a page (also at /register/)
class AgentHttp {
public:
    AgentHttp(const EventRegister *eventRegister, QString agentVersion);
    ~AgentHttp();

    bool listen(const QString &address, QString *error);
    quint16 port() const { return m_port; }

private:
    const EventRegister *m_register;
    QString m_agentVersion;
    std::unique_ptr<QHttpServer> m_server;
    quint16 m_port = 0;
};

} // namespace sluice::agent
