#include "admin/handlers/consumershandler.h"

#include "agent.h"
#include "cloudevent.h"

#include "consumer/consumeraccess.h"
#include "protocol.h"
#include "queue/store.h"
#include "subscriptions/subscriptionregistry.h"
#include <QJsonArray>

using namespace Qt::Literals::StringLiterals;
using namespace sluice::protocol;

namespace sluice::agent {

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

ConsumersHandler::ConsumersHandler(Agent *agent, QString tokenFile, QObject *parent)
    : AdminHandler(agent, parent)
    , m_tokenFile(std::move(tokenFile))
{
}

QList<AdminMethod> ConsumersHandler::methods()
{
    const ParamSpecs named{ParamSpec::string(consumer::Name).require()};
    // An empty list of types, like none: every exposed type.
    const ParamSpecs definition = named + ParamSpecs{ParamSpec::strings(consumer::AllowedTypes).allowEmpty(),
                                                     ParamSpec::integer(consumer::MaxSubscriptions, 0, 100'000)};
    return {
        {method::ConsumersList, false, {}, [this](AdminCall &call) { return list(call); }},
        {method::ConsumersCreate, true, definition, [this](AdminCall &call) { return save(call, true); }},
        {method::ConsumersUpdate, true, definition, [this](AdminCall &call) { return save(call, false); }},
        {method::ConsumersRotate, true, named,
         [this](AdminCall &call) {
             return act(call, [this](const QString &name, QString *why) { return access().rotate(name, why); });
         }},
        {method::ConsumersRevoke, true, named,
         [this](AdminCall &call) {
             return act(call, [this](const QString &name, QString *why) -> std::optional<QString> {
                 return access().revoke(name, why) ? std::optional<QString>(QString()) : std::nullopt;
             });
         }},
        {method::ConsumersDelete, true, named,
         [this](AdminCall &call) {
             return act(call, [this](const QString &name, QString *why) -> std::optional<QString> {
                 return access().remove(name, why) ? std::optional<QString>(QString()) : std::nullopt;
             });
         }},
    };
}

ConsumerAccess ConsumersHandler::access() const
{
    return ConsumerAccess(&m_agent->store(), m_tokenFile);
}

QJsonObject ConsumersHandler::describe(const QString &name) const
{
    return consumerJson(*m_agent->store().consumers().find(name), m_agent->subscriptions().all());
}

bool ConsumersHandler::known(AdminCall &call, const QString &name, bool wanted) const
{
    if (m_agent->store().consumers().find(name).has_value() == wanted)
        return true;
    call.refuse(wanted ? AdminFailure(error::NotFound, {refusal::NoConsumer, {{refusalparam::Name, name}}})
                       : AdminFailure(error::Conflict, {refusal::ConsumerExists, {{refusalparam::Name, name}}}));
    return false;
}

QJsonValue ConsumersHandler::list(AdminCall &call)
{
    QString why;
    const QList<Consumer> consumers = m_agent->store().consumers().consumers(&why);
    if (!why.isEmpty())
        return call.refuse(AdminFailure::storeRefused(why));
    QJsonArray list;
    for (const Consumer &c : consumers)
        list.append(consumerJson(c, m_agent->subscriptions().all()));
    return QJsonObject{{consumer::Consumers, list}};
}

// Create and update: a name, the types it may subscribe to, its own limit. What the store says is
// not known beforehand (its own checks) is refused with its words.
QJsonValue ConsumersHandler::save(AdminCall &call, bool create)
{
    Consumer c;
    c.name = call.string(consumer::Name);
    c.allowedTypes = call.strings(consumer::AllowedTypes);
    c.maxSubscriptions = int(call.integer(consumer::MaxSubscriptions, 0));
    if (!known(call, c.name, !create))
        return {};
    QString why;
    if (!create) {
        if (!access().update(c, &why))
            return call.refuse(AdminFailure::refused(why));
        return describe(c.name);
    }
    const auto token = access().create(c, &why);
    if (!token)
        return call.refuse(AdminFailure::refused(why));
    QJsonObject json = describe(c.name);
    json.insert(consumer::Token, *token);
    return json;
}

QJsonValue ConsumersHandler::act(AdminCall &call,
                                 const std::function<std::optional<QString>(const QString &, QString *)> &action)
{
    const QString name = call.string(consumer::Name);
    if (!known(call, name, true))
        return {};
    QString why;
    const auto token = action(name, &why);
    if (!token)
        return call.refuse(AdminFailure::refused(why));
    QJsonObject json{{consumer::Name, name}};
    if (!token->isEmpty())
        json.insert(consumer::Token, *token);
    return json;
}

} // namespace sluice::agent
