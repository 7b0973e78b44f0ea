#pragma once

#include "admin/admintokens.h"
#include "config.h"
#include "deliverystatus.h"
#include "errorreason.h"
#include "eventfilter.h"
#include "replay/replayjob.h"
#include "statssnapshot.h"

#include <QElapsedTimer>
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <functional>
#include <map>
#include <memory>

class QWebSocket;
class QWebSocketServer;

namespace sluice::agent {

class Agent;
struct AgentStats;

// The admin API: JSON-RPC 2.0 over a WebSocket (docs/protocol.md), for the console and any other
// client. A client authenticates with a bearer token before anything else; viewer tokens only read;
// every change is written to the audit log. Per connection: a message size limit, a request rate
// limit and an idle timeout; browsers' Origin must be allowed; TLS (wss) when configured.
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
    struct Client;
    struct Job;
    // A JSON-RPC error: its code, the English message, and data. Made from a reason, the message
    // is the reason's sentence and the data {reason, params} (and extra members).
    struct Failure {
        int code = 0;
        QString message;
        QJsonValue data;

        Failure() = default;
        Failure(int code, QString message, QJsonValue data = {})
            : code(code)
            , message(std::move(message))
            , data(std::move(data))
        {
        }
        Failure(int code, const ErrorReason &reason, QJsonObject extra = {});
    };
    static Failure noSubscription(const QString &name);
    using Handler = std::function<QJsonValue(Client &, const QJsonObject &, Failure &)>;
    struct Method {
        bool changes = false; // admin role, audited
        Handler run;
    };

    void onNewConnection();
    void onMessage(Client *client, const QString &text);
    void send(Client &client, const QJsonObject &message);
    // One request object; an empty object for a notification (no response).
    QJsonObject handle(Client &client, const QJsonValue &request);
    void registerMethods();
    // A method listing one page (params offset, limit) of what list returns.
    Handler paged(const QString &key, std::function<QJsonArray(int offset, int limit, qint64 *total)> list);
    void tick();         // once a second: rates, stats notifications
    void streamEvents(); // four times a second: live event notifications
    void stopStream(Client &client);
    // Outcomes of deliveries are listened to only while some client streams events.
    void updateOutcomeConnection();
    void onOutcome(const QString &deliveryId, const QString &subscription, const DeliveryStatus &status,
                   int httpStatus);
    void runJobs();
    void notifyDeliveryChanges(const AgentStats &now);
    void notifyDefinitionChanges();
    StatsSnapshot stats();

    // The methods, grouped as in docs/protocol.md (adminmethods.cpp).
    void addRegisterMethods();
    void addSubscriptionMethods();
    void addDeliveryMethods();
    void addConsumerMethods();
    void addObservationMethods();
    void addReplayMethods();
    void forgetOldReplays();
    std::optional<ReplayRequest> replayRequest(const QJsonObject &params, Failure &f);
    const Subscription *replayable(const QString &name, Failure &f) const;

    Agent *m_agent;
    AdminConfig m_config;
    AdminTokens m_tokens;
    std::unique_ptr<QWebSocketServer> m_server;
    QHash<QWebSocket *, std::shared_ptr<Client>> m_clients;
    QHash<QString, Method> m_methods;
    QTimer m_tick;
    QTimer m_streamTimer;
    QTimer m_jobTimer;
    QElapsedTimer m_uptime;
    StatsSnapshot::Rates m_rates;
    QHash<QString, std::pair<quint64, quint64>> m_previousBySubscription; // delivered, failed attempts
    QHash<QString, std::pair<qint64, qint64>> m_subscriptionRates;        // delivered, failed in the last second
    QMetaObject::Connection m_outcomeConnection;
    QHash<QString, QJsonObject> m_recentOutcomes; // while streaming: outcomes by delivery id, bounded
    QList<QString> m_recentOutcomeOrder;
    std::unique_ptr<AgentStats> m_previous;
    // What the "deliveries" notification last told: a change to it is told again (tick()).
    QByteArray m_deliveriesSeen;
    quint64 m_deliveryChanges = 0; // retries and discards made through this API
    bool m_subscriptionsChanged = false;
    QHash<QString, std::shared_ptr<Job>> m_jobs;
    struct Replay {
        std::unique_ptr<ReplayJob> job;
        QPointer<QWebSocket> requester;
    };
    std::map<QString, Replay> m_replays; // by job id; the newest finished ones kept for jobs.get
    int m_nextJob = 0;
};

} // namespace sluice::agent
