// The admin API's session and observation methods, and the table of all methods (docs/protocol.md).
// Transport, authentication and limits are in adminserver.cpp.
#include "admin/adminjson.h"
#include "admin/adminparams.h"
#include "admin/adminserver.h"
#include "admin/adminserver_p.h"

#include "agent.h"
#include "ingest/ingest.h"
#include "protocol.h"
#include "queue/store.h"
#include "register/register.h"
#include "register/registerexport.h"
#include "subscriptions/subscriptionregistry.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QPointer>
#include <QUuid>
#include <QWebSocket>

using namespace Qt::Literals::StringLiterals;
using namespace sluice::protocol;

namespace sluice::agent {

using namespace adminparams;

AdminServer::Handler AdminServer::paged(const QString &key, std::function<QJsonArray(int, int, qint64 *)> list)
{
    return [key, list](Client &, const QJsonObject &params, Failure &f) -> QJsonValue {
        ErrorReason problem;
        Params p(params, problem);
        const int offset = p.integer(u"offset"_s, 0, 0, INT_MAX);
        const int limit = p.integer(u"limit"_s, 100, 1, kMaxPage);
        if (!problem.isEmpty()) {
            f = {error::InvalidParams, problem, {}};
            return {};
        }
        qint64 total = 0;
        const QJsonArray items = list(offset, limit, &total);
        return page(items, key, total, offset);
    };
}

void AdminServer::registerMethods()
{
    m_methods.insert(method::Hello, {false, [this](Client &client, const QJsonObject &, Failure &) -> QJsonValue {
                                         return QJsonObject{
                                             {u"agent"_s, u"sluice-agent"_s},
                                             {u"version"_s, QCoreApplication::applicationVersion()},
                                             {u"protocol"_s, kVersion},
                                             {u"capabilities"_s, QJsonArray::fromStringList(m_methods.keys())},
                                             {u"authentication"_s, u"bearer"_s},
                                             {u"authenticated"_s, client.token.has_value()},
                                         };
                                     }});
    m_methods.insert(method::Authenticate,
                     {false, [this](Client &client, const QJsonObject &params, Failure &failure) -> QJsonValue {
                          ErrorReason problem;
                          Params p(params, problem);
                          const QString token = p.string(u"token"_s, true);
                          if (!problem.isEmpty()) {
                              failure = {error::InvalidParams, problem, {}};
                              return {};
                          }
                          QString why;
                          if (!m_tokens.reloadIfChanged(&why))
                              qWarning("%s", qPrintable(why));
                          const auto found = m_tokens.authenticate(token);
                          if (!found) {
                              failure = Failure(error::Unauthenticated, {refusal::WrongToken, {}});
                              if (++client.failedLogins >= kMaxFailedLogins)
                                  client.socket->close(QWebSocketProtocol::CloseCodePolicyViolated,
                                                       u"too many wrong tokens"_s);
                              return {};
                          }
                          client.token = found;
                          return QJsonObject{{u"name"_s, found->name}, {u"role"_s, found->role}};
                      }});
    addRegisterMethods();
    addSubscriptionMethods();
    addDeliveryMethods();
    addReplayMethods();
    addConsumerMethods();
    addObservationMethods();
}

StatsSnapshot AdminServer::stats()
{
    const AgentStats s = m_agent->stats();
    const auto bySubscription = m_agent->store().queue().countsBySubscription();
    const QHash<QString, Hold> holds = m_agent->holds();
    const QHash<QString, SubscriptionHealth> health = m_agent->healthSummaries();
    StatsSnapshot stats;
    stats.version = QCoreApplication::applicationVersion();
    stats.uptimeSeconds = m_uptime.elapsed() / 1000;
    stats.totals = {qint64(s.consumed),
                    qint64(s.filteredOut),
                    qint64(s.matched),
                    qint64(s.quarantined),
                    qint64(s.duplicates),
                    qint64(s.deliveriesCreated),
                    qint64(s.attempts),
                    qint64(s.delivered),
                    qint64(s.retried),
                    qint64(s.dead),
                    s.inFlight};
    stats.perSecond = m_rates;
    const auto byState = m_agent->store().queue().countByState();
    for (auto it = byState.begin(); it != byState.end(); ++it)
        stats.queue.insert(it.key(), it.value());
    for (const EndpointStatus &e : m_agent->endpoints()) {
        const auto c = bySubscription.value(e.name);
        StatsSnapshot::Subscription sub;
        sub.name = e.name;
        sub.state = endpointStateName(e.state);
        sub.waiting = c.value(u"pending"_s) + c.value(u"sending"_s);
        sub.delivered = c.value(u"delivered"_s);
        sub.dead = c.value(u"dead"_s);
        sub.deliveredLastHour = c.value(u"deliveredLastHour"_s);
        sub.deadLastHour = c.value(u"deadLastHour"_s);
        sub.breakerOpen = e.breakerOpen;
        std::tie(sub.deliveredPerSecond, sub.failedPerSecond) = m_subscriptionRates.value(e.name);
        if (const Subscription *found = m_agent->subscriptions().find(e.name); found && found->polled())
            sub.poll = adminjson::pollFigures(m_agent->store().queue().pollFigures(e.name));
        if (const auto held = holds.constFind(e.name); held != holds.cend())
            sub.held = held->status;
        if (const auto h = health.constFind(e.name); h != health.cend())
            sub.health = *h;
        stats.subscriptions.append(std::move(sub));
    }
    for (const PartitionLag &l : m_agent->consumerLag())
        stats.lag.append({l.topic, l.partition, l.lag});
    stats.assignedPartitions = m_agent->assignedPartitions();
    stats.storeBytes = m_agent->store().sizeBytes();
    return stats;
}

void AdminServer::addObservationMethods()
{
    m_methods.insert(method::StatsGet, {false, [this](Client &, const QJsonObject &, Failure &) -> QJsonValue {
                                            return stats().toJson();
                                        }});
    m_methods.insert(method::StatsSubscribe, {false, [](Client &client, const QJsonObject &, Failure &) -> QJsonValue {
                                                  client.stats = true;
                                                  return QJsonObject{{u"intervalMs"_s, 1000}};
                                              }});
    m_methods.insert(method::StatsUnsubscribe,
                     {false, [](Client &client, const QJsonObject &, Failure &) -> QJsonValue {
                          client.stats = false;
                          return QJsonObject{};
                      }});
    // Live events: those consumed from now on that pass the filter, in batches four times a
    // second, at most maxPerSecond; what the cap holds back is counted in "skipped".
    m_methods.insert(method::EventsSubscribe,
                     {false, [this](Client &client, const QJsonObject &params, Failure &f) -> QJsonValue {
                          ErrorReason problem;
                          Params p(params, problem);
                          const int maxPerSecond = p.integer(u"maxPerSecond"_s, 50, 1, 1000);
                          std::optional<TypeSelector> types;
                          if (p.has(u"types"_s))
                              types = p.types(u"types"_s);
                          const EventFilter filter = p.filter(u"filter"_s);
                          if (!problem.isEmpty()) {
                              f = {error::InvalidParams, problem, {}};
                              return {};
                          }
                          stopStream(client);
                          Client::Stream stream;
                          stream.maxPerSecond = maxPerSecond;
                          stream.allowance = maxPerSecond * 0.25;
                          // Twice what may be sent between two batches is held; beyond that, counted as skipped.
                          stream.sink = m_agent->recentEvents().addSink(types, filter, std::max(8, maxPerSecond / 2));
                          client.events = stream;
                          updateOutcomeConnection();
                          return QJsonObject{{u"maxPerSecond"_s, maxPerSecond}, {u"intervalMs"_s, 250}};
                      }});
    m_methods.insert(method::EventsUnsubscribe,
                     {false, [this](Client &client, const QJsonObject &, Failure &) -> QJsonValue {
                          stopStream(client);
                          return QJsonObject{};
                      }});
    m_methods.insert(method::AuditList, {false, paged(u"entries"_s, [this](int offset, int limit, qint64 *total) {
                                             return adminjson::array(
                                                 m_agent->store().audit().list(offset, limit, total), adminjson::audit);
                                         })});
}

} // namespace sluice::agent
