#pragma once

#include "admin/adminhandler.h"
#include "admin/admintokens.h"
#include "config.h"

#include <QElapsedTimer>
#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QTimer>

#include <memory>

class QWebSocket;
class QWebSocketServer;

namespace sluice::agent {

class Agent;

// The admin API's transport: JSON-RPC 2.0 over a WebSocket (docs/protocol.md), for the console and
// any other client. A client authenticates with a bearer token before anything else; viewer tokens
// only read; every change is written to the audit log. Per connection: a message size limit, a
// request rate limit and an idle timeout; browsers' Origin must be allowed; TLS (wss) when
// configured. The methods are the handlers' (admin/handlers/, one per namespace); each declares its
// params, which are checked here before it runs.
class AdminServer : public QObject {
    Q_OBJECT

public:
    AdminServer(Agent *agent, const AdminConfig &config, QObject *parent = nullptr);
    ~AdminServer() override;

    // Reads or creates the token file, then listens. *tokensCreated: the tokens were made now.
    bool start(QString *error, bool *tokensCreated = nullptr);
    quint16 port() const;
    bool secure() const;

private:
    struct Client {
        quint64 session = 0;
        QWebSocket *socket = nullptr;
        std::optional<AdminTokens::Token> token;
        int failedLogins = 0;
        double budget = 0; // requests that may be made now (token bucket)
        QElapsedTimer sinceRefill;
        QTimer idle;
    };

    void addHandler(AdminHandler *handler);
    QList<AdminMethod> sessionMethods(); // hello, authenticate
    QJsonValue hello(AdminCall &call);
    QJsonValue authenticate(AdminCall &call);
    bool listen(QString *error);
    void onNewConnection();
    void onMessage(Client *client, const QString &text);
    void send(Client &client, const QJsonObject &message);
    // To a session still authenticated; others are dropped.
    void sendTo(quint64 session, const QJsonObject &message);
    // One request object; an empty object for a notification (no response).
    QJsonObject handle(Client &client, const QJsonValue &request);
    // Refused before the method runs: too many requests; not authenticated, or a viewer asking for a change.
    std::optional<AdminFailure> rateLimited(Client &client) const;
    std::optional<AdminFailure> authorize(Client &client, const AdminMethod &method);
    void audit(const Client &client, const QString &method, QJsonObject params, const AdminFailure &failure);

    Agent *m_agent;
    AdminConfig m_config;
    AdminTokens m_tokens;
    std::unique_ptr<QWebSocketServer> m_server;
    QHash<quint64, std::shared_ptr<Client>> m_clients;
    quint64 m_nextSession = 0;
    QList<AdminHandler *> m_handlers; // children, deleted before the connections
    QHash<QString, AdminMethod> m_methods;
};

} // namespace sluice::agent
