// The admin API's consumer methods (docs/protocol.md#consumers): the consumers of the
// Subscriptions API, their tokens and limits.
#include "admin/adminparams.h"
#include "admin/adminserver.h"
#include "admin/adminserver_p.h"

#include "agent.h"
#include "cloudevent.h"
#include "consumer/consumeraccess.h"
#include "protocol.h"
#include "queue/store.h"
#include "subscriptions/subscriptionregistry.h"

using namespace Qt::Literals::StringLiterals;
using namespace sluice::protocol;

namespace sluice::agent {

using namespace adminparams;

namespace {

QJsonObject consumerJson(const Consumer &c, const QList<Subscription> &subscriptions)
{
    const auto owned = std::count_if(subscriptions.begin(), subscriptions.end(),
                                     [&](const Subscription &s) { return s.owner == c.name; });
    QJsonObject json{{consumer::Name, c.name},
                     {consumer::AllowedTypes, QJsonArray::fromStringList(c.allowedTypes)},
                     {consumer::MaxSubscriptions, c.maxSubscriptions},
                     {consumer::Created, CloudEvent::rfc3339(c.createdAt)},
                     {consumer::TokenCreated, CloudEvent::rfc3339(c.tokenAt)},
                     {consumer::Subscriptions, qint64(owned)}};
    if (c.revoked())
        json.insert(consumer::Revoked, CloudEvent::rfc3339(c.revokedAt));
    if (c.usedAt)
        json.insert(consumer::LastUsed, CloudEvent::rfc3339(c.usedAt));
    return json;
}

} // namespace

void AdminServer::addConsumerMethods()
{
    auto access = [this] { return ConsumerAccess(&m_agent->store(), m_config.tokenFile); };
    // What the store says is not known beforehand (its own checks): refused with its words.
    auto failed = [](Failure &f, const QString &why) {
        f = Failure(error::Refused, {refusal::Refused, {{refusalparam::Why, why}}});
        return QJsonValue();
    };
    // Whether the consumer is there is asked first, so the refusal says which it is.
    auto knownOrNot = [this](const QString &name, bool wanted, Failure &f) {
        if (m_agent->store().consumers().find(name).has_value() == wanted)
            return true;
        f = wanted ? Failure(error::NotFound, {refusal::NoConsumer, {{refusalparam::Name, name}}})
                   : Failure(error::Conflict, {refusal::ConsumerExists, {{refusalparam::Name, name}}});
        return false;
    };
    m_methods.insert(method::ConsumersList,
                     {false, [this](Client &, const QJsonObject &, Failure &f) -> QJsonValue {
                          QString why;
                          const QList<Consumer> consumers = m_agent->store().consumers().consumers(&why);
                          if (!why.isEmpty()) {
                              f = Failure(error::Unavailable, {refusal::StoreRefused, {{refusalparam::Why, why}}});
                              return {};
                          }
                          QJsonArray list;
                          for (const Consumer &c : consumers)
                              list.append(consumerJson(c, m_agent->subscriptions().all()));
                          return QJsonObject{{u"consumers"_s, list}};
                      }});
    // Create and update: a name, the types it may subscribe to, its own limit.
    for (const bool create : {true, false}) {
        m_methods.insert(
            create ? method::ConsumersCreate : method::ConsumersUpdate,
            {true,
             [this, access, failed, knownOrNot, create](Client &, const QJsonObject &params, Failure &f) -> QJsonValue {
                 ErrorReason problem;
                 Params p(params, problem);
                 Consumer c;
                 c.name = p.string(consumer::Name, true);
                 // An empty list, like none: every exposed type.
                 if (!params.value(consumer::AllowedTypes).toArray().isEmpty() ||
                     !params.value(consumer::AllowedTypes).isArray())
                     c.allowedTypes = p.strings(consumer::AllowedTypes);
                 c.maxSubscriptions = p.integer(consumer::MaxSubscriptions, 0, 0, 100'000);
                 if (!problem.isEmpty()) {
                     f = {error::InvalidParams, problem, {}};
                     return {};
                 }
                 if (!knownOrNot(c.name, !create, f))
                     return {};
                 QString why;
                 if (!create) {
                     if (!TypeSelector::parse(c.allowedTypes, &why) || !m_agent->store().consumers().update(c, &why))
                         return failed(f, why);
                     return consumerJson(*m_agent->store().consumers().find(c.name), m_agent->subscriptions().all());
                 }
                 const auto token = access().create(c, &why);
                 if (!token)
                     return failed(f, why);
                 QJsonObject json =
                     consumerJson(*m_agent->store().consumers().find(c.name), m_agent->subscriptions().all());
                 json.insert(consumer::Token, *token);
                 return json;
             }});
    }
    auto byName = [failed,
                   knownOrNot](const QJsonObject &params, Failure &f,
                               const std::function<std::optional<QString>(const QString &, QString *)> &action) {
        ErrorReason problem;
        const QString name = Params(params, problem).string(consumer::Name, true);
        if (!problem.isEmpty()) {
            f = {error::InvalidParams, problem, {}};
            return QJsonValue();
        }
        if (!knownOrNot(name, true, f))
            return QJsonValue();
        QString why;
        const auto token = action(name, &why);
        if (!token)
            return failed(f, why);
        QJsonObject json{{consumer::Name, name}};
        if (!token->isEmpty())
            json.insert(consumer::Token, *token);
        return QJsonValue(json);
    };
    m_methods.insert(method::ConsumersRotate, {true, [access, byName](Client &, const QJsonObject &params, Failure &f) {
                                                   return byName(params, f, [&](const QString &name, QString *why) {
                                                       return access().rotate(name, why);
                                                   });
                                               }});
    m_methods.insert(method::ConsumersRevoke,
                     {true, [access, byName](Client &, const QJsonObject &params, Failure &f) {
                          return byName(params, f, [&](const QString &name, QString *why) -> std::optional<QString> {
                              return access().revoke(name, why) ? std::optional<QString>(QString()) : std::nullopt;
                          });
                      }});
    // A consumer that still owns subscriptions is not deleted: delete them, or revoke its token.
    m_methods.insert(method::ConsumersDelete,
                     {true, [this, byName](Client &, const QJsonObject &params, Failure &f) {
                          return byName(params, f, [&](const QString &name, QString *why) -> std::optional<QString> {
                              const auto &all = m_agent->subscriptions().all();
                              const auto owned = std::count_if(all.begin(), all.end(),
                                                               [&](const Subscription &s) { return s.owner == name; });
                              if (owned > 0) {
                                  *why = u"consumer \"%1\" still has %2 subscriptions; delete them first, or revoke "
                                         u"its token (its subscriptions keep delivering)"_s.arg(name)
                                             .arg(owned);
                                  return std::nullopt;
                              }
                              return m_agent->store().consumers().remove(name, why) ? std::optional<QString>(QString())
                                                                                    : std::nullopt;
                          });
                      }});
}

} // namespace sluice::agent
