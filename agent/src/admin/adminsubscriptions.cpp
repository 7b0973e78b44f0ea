// The admin API's subscription methods (docs/protocol.md#subscriptions).
#include "admin/adminjson.h"
#include "admin/adminparams.h"
#include "admin/adminserver.h"
#include "admin/adminserver_p.h"

#include "agent.h"
#include "ingest/ingest.h"
#include "ingest/router.h"
#include "protocol.h"
#include "queue/store.h"
#include "register/register.h"
#include "register/registerexport.h"
#include "subscriptions/subscriptionregistry.h"
#include "subscriptionstatus.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QPointer>
#include <QUuid>
#include <QWebSocket>

using namespace Qt::Literals::StringLiterals;
using namespace sluice::protocol;

namespace sluice::agent {

using namespace adminparams;

void AdminServer::addSubscriptionMethods()
{
    // With what holds its deliveries back now and its last hour (asked once per answer).
    struct Now {
        QList<EndpointStatus> endpoints;
        QHash<QString, QHash<QString, qint64>> counts;
        QHash<QString, Hold> holds;
        QHash<QString, SubscriptionHealth> health;
    };
    auto now = [this] {
        return Now{m_agent->endpoints(), m_agent->store().queue().countsBySubscription(), m_agent->holds(),
                   m_agent->healthSummaries()};
    };
    auto describe = [this](const Subscription &sub, const Now &now) {
        SubscriptionStatus status;
        status.definition = subscriptionJson(sub);
        status.origin = SubscriptionRegistry::originName(m_agent->subscriptions().origin(sub.name));
        for (const EndpointStatus &e : now.endpoints) {
            if (e.name != sub.name)
                continue;
            status.state = endpointStateName(e.state);
            status.reason = e.reason;
            status.breakerOpen = e.breakerOpen;
            status.signingSecrets = e.signingSecrets;
        }
        const QHash<QString, qint64> c = now.counts.value(sub.name);
        status.queue = {c.value(u"pending"_s) + c.value(u"sending"_s), c.value(u"delivered"_s), c.value(u"dead"_s),
                        c.value(u"deliveredLastHour"_s), c.value(u"deadLastHour"_s)};
        if (sub.polled())
            status.poll = adminjson::pollFigures(m_agent->store().queue().pollFigures(sub.name));
        if (const auto held = now.holds.constFind(sub.name); held != now.holds.cend())
            status.held = held->status;
        if (const auto health = now.health.constFind(sub.name); health != now.health.cend())
            status.health = *health;
        return status;
    };
    m_methods.insert(method::SubscriptionsList,
                     {false, [this, now, describe](Client &, const QJsonObject &, Failure &) -> QJsonValue {
                          const Now asked = now();
                          QJsonArray list;
                          for (const Subscription &sub : m_agent->subscriptions().all())
                              list.append(describe(sub, asked).toJson());
                          return QJsonObject{{subscriptionstatus::Subscriptions, list}};
                      }});
    m_methods.insert(method::SubscriptionsGet,
                     {false, [this, now, describe](Client &, const QJsonObject &params, Failure &f) -> QJsonValue {
                          ErrorReason problem;
                          const QString name = Params(params, problem).string(subscriptionkey::Name, true);
                          for (const Subscription &sub : m_agent->subscriptions().all()) {
                              if (problem.isEmpty() && sub.name == name)
                                  return describe(sub, now()).toJson();
                          }
                          f = problem.isEmpty() ? noSubscription(name) : Failure{error::InvalidParams, problem, {}};
                          return {};
                      }});
    m_methods.insert(method::SubscriptionsHealth,
                     {false, [this](Client &, const QJsonObject &params, Failure &f) -> QJsonValue {
                          ErrorReason problem;
                          const QString name = Params(params, problem).string(subscriptionkey::Name, true);
                          if (!problem.isEmpty())
                              f = Failure{error::InvalidParams, problem, {}};
                          else if (!m_agent->subscriptions().find(name))
                              f = noSubscription(name);
                          else
                              return m_agent->health(name).toJson();
                          return {};
                      }});
    auto readSubscription = [this](const QJsonObject &params, Failure &f) -> std::optional<Subscription> {
        QString why;
        QJsonValue json = params.value(subscriptionstatus::Subscription);
        // An update sends back what list/get showed: masked values keep the stored ones, and what
        // the status added (state, queue, last hour, …) is not part of the definition.
        if (json.isObject()) {
            QJsonObject shown = json.toObject();
            for (const QString &key : SubscriptionStatus::statusKeys())
                shown.remove(key);
            json = shown;
        }
        if (const Subscription *stored =
                m_agent->subscriptions().find(json.toObject().value(subscriptionkey::Name).toString()))
            json = keepHiddenValues(json.toObject(), stored->toStorageJson());
        auto sub = json.isObject() ? Subscription::fromJson(json.toObject(), &why) : std::nullopt;
        if (!sub)
            f = Failure(
                error::InvalidParams,
                json.isObject()
                    ? ErrorReason{refusal::Invalid,
                                  {{refusalparam::Param, subscriptionstatus::Subscription}, {refusalparam::Why, why}}}
                    : ErrorReason{refusal::Required, {{refusalparam::Param, subscriptionstatus::Subscription}}});
        return sub;
    };
    // Asked before a change, so the refusal says which it is: not there, or from the configuration
    // file (which only that file changes; enabling, disabling and rotating are allowed).
    auto changeable = [this](const QString &name, bool fromFileToo, Failure &f) {
        if (!m_agent->subscriptions().find(name)) {
            f = noSubscription(name);
            return false;
        }
        if (!fromFileToo && m_agent->subscriptions().origin(name) == SubscriptionRegistry::Origin::File) {
            f = Failure(error::Conflict, {refusal::FromFile, {{refusalparam::Name, name}}});
            return false;
        }
        return true;
    };
    auto refusedBecause = [](const QString &why) {
        return Failure(error::Refused, {refusal::Refused, {{refusalparam::Why, why}}});
    };
    // Create and update: the same definition (docs/configuration.md), a new name or a known one.
    for (const bool create : {true, false}) {
        m_methods.insert(
            create ? method::SubscriptionsCreate : method::SubscriptionsUpdate,
            {true,
             [this, readSubscription, changeable, refusedBecause, now, describe,
              create](Client &, const QJsonObject &params, Failure &f) -> QJsonValue {
                 const auto sub = readSubscription(params, f);
                 if (!sub)
                     return {};
                 if (create && m_agent->subscriptions().find(sub->name)) {
                     f = Failure(error::Conflict, {refusal::SubscriptionExists, {{refusalparam::Name, sub->name}}});
                     return {};
                 }
                 if (!create && !changeable(sub->name, false, f))
                     return {};
                 QString why;
                 if (!m_agent->subscriptions().save(*sub, create, &why)) {
                     f = refusedBecause(why);
                     return {};
                 }
                 SubscriptionStatus status = describe(*sub, now());
                 // The generated signing secret, shown this once.
                 if (const auto secret =
                         create ? m_agent->store().subscriptions().revealSecret(sub->name) : std::nullopt)
                     status.secret = *secret;
                 return status.toJson();
             }});
    }
    auto byName = [changeable,
                   refusedBecause](const QJsonObject &params, Failure &f, bool fromFileToo,
                                   const std::function<bool(const QString &, QString *)> &action) -> QJsonValue {
        ErrorReason problem;
        const QString name = Params(params, problem).string(subscriptionkey::Name, true);
        if (!problem.isEmpty()) {
            f = {error::InvalidParams, problem, {}};
            return {};
        }
        if (!changeable(name, fromFileToo, f))
            return {};
        QString why;
        if (!action(name, &why)) {
            f = refusedBecause(why);
            return {};
        }
        return QJsonObject{{subscriptionkey::Name, name}};
    };
    m_methods.insert(method::SubscriptionsDelete,
                     {true, [this, byName](Client &, const QJsonObject &params, Failure &f) {
                          return byName(params, f, false, [this](const QString &name, QString *why) {
                              return m_agent->subscriptions().remove(name, why);
                          });
                      }});
    m_methods.insert(method::SubscriptionsEnable,
                     {true, [this, byName](Client &client, const QJsonObject &params, Failure &f) {
                          return byName(params, f, true, [this, &client](const QString &name, QString *why) {
                              return m_agent->subscriptions().setEnabled(name, true, client.token->name, why);
                          });
                      }});
    m_methods.insert(method::SubscriptionsDisable,
                     {true, [this, byName](Client &client, const QJsonObject &params, Failure &f) {
                          return byName(params, f, true, [this, &client](const QString &name, QString *why) {
                              return m_agent->subscriptions().setEnabled(name, false, client.token->name, why);
                          });
                      }});
    m_methods.insert(method::SubscriptionsRotateSecret,
                     {true, [this](Client &, const QJsonObject &params, Failure &f) -> QJsonValue {
                          ErrorReason problem;
                          const QString name = Params(params, problem).string(subscriptionkey::Name, true);
                          const Subscription *sub = problem.isEmpty() ? m_agent->subscriptions().find(name) : nullptr;
                          if (!sub) {
                              f = problem.isEmpty() ? noSubscription(name) : Failure{error::InvalidParams, problem, {}};
                              return {};
                          }
                          if (!sub->secrets.isEmpty()) {
                              f = Failure(error::Conflict, {refusal::FromFile, {{refusalparam::Name, name}}});
                              return {};
                          }
                          QString why;
                          const auto secret = m_agent->subscriptions().rotateSecret(
                              name, m_agent->config().delivery.secretOverlap.count(), &why);
                          if (!secret) {
                              f = Failure(error::Unavailable, {refusal::StoreRefused, {{refusalparam::Why, why}}});
                              return {};
                          }
                          return QJsonObject{{subscriptionkey::Name, name},
                                             {subscriptionstatus::Secret, *secret},
                                             {u"previousValidForSeconds"_s,
                                              qint64(m_agent->config().delivery.secretOverlap.count() / 1000)}};
                      }});
    // One event now, from the register's example of a type the subscription selects; the answer
    // is the whole attempt, sent when the endpoint has answered.
    m_methods.insert(
        method::SubscriptionsTest,
        {true, [this](Client &client, const QJsonObject &params, Failure &f) -> QJsonValue {
             ErrorReason problem;
             Params p(params, problem);
             const QString name = p.string(subscriptionkey::Name, true);
             QString type = p.string(u"type"_s);
             const Subscription *sub = problem.isEmpty() ? m_agent->subscriptions().find(name) : nullptr;
             if (!sub) {
                 f = problem.isEmpty() ? noSubscription(name) : Failure{error::InvalidParams, problem, {}};
                 return {};
             }
             std::optional<RegisterEntry> entry;
             for (const RegisterEntry &e : m_agent->eventRegister().entries()) {
                 if (e.exposed && sub->types.matches(e.type) && (type.isEmpty() || e.type == type)) {
                     entry = e;
                     break;
                 }
             }
             if (!entry) {
                 f = type.isEmpty()
                         ? Failure(error::Refused, {refusal::NoExample, {{refusalparam::Name, name}}})
                         : Failure(error::Refused,
                                   {refusal::NotSelected, {{refusalparam::Type, type}, {refusalparam::Name, name}}});
                 return {};
             }
             CloudEvent event;
             event.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
             event.source = u"/sluice/test"_s;
             event.type = entry->type;
             event.subject = u"test"_s;
             event.time = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
             event.dataContentType = u"application/json"_s;
             event.extensions.insert(u"sluicetest"_s, true); // receivers can tell a test from the real thing
             if (!entry->example.isUndefined())
                 event.setJsonData(entry->example);
             QPointer<QWebSocket> socket = client.socket;
             const QJsonValue id = client.requestId;
             QString why;
             const bool started = m_agent->testSubscription(
                 name, event,
                 [this, socket, id](const QJsonObject &attempt) {
                     if (!socket)
                         return;
                     if (const auto target = m_clients.value(socket.data()))
                         send(*target, protocol::result(id, attempt));
                 },
                 &why);
             if (!started) {
                 f = Failure(error::Conflict, {refusal::Refused, {{refusalparam::Why, why}}});
                 return {};
             }
             f = {kDeferred, QString(), {}};
             return {};
         }});
    // Which of the recent events a filter would select: an existing subscription's, or one being written.
    m_methods.insert(method::SubscriptionsDryRun,
                     {false, [this](Client &, const QJsonObject &params, Failure &f) -> QJsonValue {
                          ErrorReason problem;
                          Params p(params, problem);
                          const QString name = p.string(subscriptionkey::Name);
                          const int count =
                              p.integer(u"count"_s, 100, 1, std::max(1, m_agent->config().store.recentEvents));
                          Subscription candidate;
                          if (!name.isEmpty()) {
                              const auto &subs = m_agent->subscriptions().all();
                              const auto it = std::find_if(subs.begin(), subs.end(),
                                                           [&](const Subscription &s) { return s.name == name; });
                              if (it == subs.end()) {
                                  f = noSubscription(name);
                                  return {};
                              }
                              candidate = *it;
                          } else {
                              candidate.types = p.types(u"types"_s).value_or(TypeSelector());
                              candidate.filter = p.filter(u"filter"_s);
                          }
                          if (!problem.isEmpty()) {
                              f = {error::InvalidParams, problem, {}};
                              return {};
                          }
                          const auto recent = m_agent->recentEvents().latest(count);
                          QJsonArray matches;
                          for (const RecentEvents::Entry &entry : recent) {
                              if (m_agent->router().routeTo(candidate, entry.event))
                                  matches.append(QJsonObject{{u"event"_s, entry.event.toJson()},
                                                             {u"receivedAt"_s, CloudEvent::rfc3339(entry.receivedAt)}});
                          }
                          return QJsonObject{
                              {u"evaluated"_s, recent.size()}, {u"matched"_s, matches.size()}, {u"events"_s, matches}};
                      }});
}

} // namespace sluice::agent
