#pragma once

#include "config.h"
#include "consumer/consumeraccess.h"
#include "consumer/pollwaiters.h"

#include <QHttpServerResponse>
#include <QJsonObject>

#include <optional>

class QHttpServer;
class QHttpServerRequest;
class QHttpServerResponder;

namespace sluice {
struct Subscription;
}

namespace sluice::agent {

class Agent;
struct EndpointStatus;
struct PollPage;

// The CloudEvents Subscriptions API on the agent's HTTP server (docs/consumers.md):
//   POST /subscriptions, GET /subscriptions, GET/PUT/DELETE /subscriptions/{id}, OPTIONS on both
//   GET /subscriptions/{id}/events   a polled subscription's events, by cursor; with wait, a long poll
//   GET /discovery      what this subscription manager offers, and the types a caller may choose
//   GET /openapi.json   the OpenAPI 3 document of all of it
// Errors are RFC 9457 problem documents whose "type" names the spec's error (invalid, notfound,
// conflict) or the HTTP one. A consumer's subscriptions are its own: another's answer 404.
class SubscriptionsApi {
public:
    SubscriptionsApi(Agent *agent, const AgentConfig &config);

    void addRoutes(QHttpServer &server);
    // Deliveries were stored: long polls look again.
    void wakePolls() { m_waiters.wake(); }

private:
    using Caller = ConsumerAccess::Caller;
    using Response = QHttpServerResponse;

    Response list(const QHttpServerRequest &request);
    Response create(const QHttpServerRequest &request);
    Response get(const QString &id, const QHttpServerRequest &request);
    Response replace(const QString &id, const QHttpServerRequest &request);
    Response remove(const QString &id, const QHttpServerRequest &request);
    Response discovery(const QHttpServerRequest &request);
    // A poll: what it asks, read from the request and kept while it waits.
    struct PollRequest {
        Caller caller;
        QString id;
        qint64 cursor = -1;
        int limit = 100;
        std::chrono::milliseconds wait{0};
    };
    void events(const QString &id, const QHttpServerRequest &request, QHttpServerResponder &&responder);
    std::optional<PollRequest> pollRequest(const QString &id, const QHttpServerRequest &request,
                                           std::optional<Response> *refusal);
    // The page after the cursor (or why not); *empty when it has no events.
    Response pollOnce(const PollRequest &poll, bool *empty);
    Response batch(const Subscription &subscription, const PollPage &page, qint64 after) const;

    Response audited(const QString &method, const QString &id, Response response);
    // The caller, or the response refusing it (401, or 403 when a viewer asks for a change).
    std::optional<Caller> authorise(const QHttpServerRequest &request, bool change, std::optional<Response> *refusal);
    // The request's JSON object, or the response refusing it (400).
    std::optional<QJsonObject> body(const QHttpServerRequest &request, std::optional<Response> *refusal);
    // A subscription this caller may see; else null (404 for the caller, so ids cannot be probed).
    const Subscription *visible(const Caller &caller, const QString &id) const;
    // Checks a subscription the caller made before it is saved; empty, or the refusal.
    std::optional<Response> refuse(const Caller &caller, Subscription &subscription, bool create) const;
    std::optional<Response> refuseForConsumer(const Caller &caller, const Subscription &subscription,
                                              bool create) const;
    Response saved(const Subscription &subscription, bool create);
    QJsonObject describe(const Subscription &subscription) const;
    QJsonObject describe(const Subscription &subscription, const QList<EndpointStatus> &endpoints) const;

    Agent *m_agent;
    HttpConfig m_http;
    ConsumersConfig m_consumers;
    ConsumerAccess m_access;
    std::optional<Caller> m_caller; // of the change being handled, for the audit log
    PollWaiters m_waiters;
};

} // namespace sluice::agent
