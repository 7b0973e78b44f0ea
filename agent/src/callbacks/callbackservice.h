#pragma once

#include "callbacks/callbackproducer.h"
#include "callbacks/callbackrequest.h"

#include <QHttpServerResponse>
#include <QMap>

#include <memory>

class QHttpServer;
class QHttpServerRequest;
class QHttpServerResponder;

namespace sluice::agent {

class Agent;

// How one callback's requests ended, for /metrics.
struct CallbackCounters {
    quint64 accepted = 0;    // produced and acknowledged: 202
    quint64 preflight = 0;   // answered, nothing produced
    quint64 refused = 0;     // 401, 404, 405
    quint64 quarantined = 0; // undecodable: 400, kept in the quarantine
    quint64 failed = 0;      // Kafka did not acknowledge in time: 503, the caller sends it again
};

// Callbacks in (docs/operations.md): /callbacks/{name}[/{token}] on the agent's HTTP server.
// Every request is read by its callback's CallbackReader; an event is produced to the callback's
// topic and answered 202 only once Kafka has acknowledged it, so an accepted body is never lost.
class CallbackService {
public:
    CallbackService(Agent *agent, const AgentConfig &config, const QString &brokers);
    ~CallbackService();

    // Reads (or makes) every callback's secrets and starts the producer.
    bool start(QString *error);
    void addRoutes(QHttpServer &server);
    QMap<QString, CallbackCounters> counters() const { return m_counters; }

private:
    void handle(const QString &name, std::optional<QString> token, const QHttpServerRequest &request,
                QHttpServerResponder &&responder);
    QHttpServerResponse respond(const QString &name, const CallbackOutcome &outcome, const QString &remote);
    void produce(const CallbackReader &reader, CallbackOutcome outcome, QHttpServerResponder &&responder,
                 const QString &remote);

    Agent *m_agent;
    QList<CallbackConfig> m_configs;
    qsizetype m_maxEventBytes;
    QMap<QString, std::shared_ptr<CallbackReader>> m_readers;
    QMap<QString, CallbackCounters> m_counters;
    CallbackProducer m_producer; // last: gone first, answering what waits while the rest is still there
};

} // namespace sluice::agent
