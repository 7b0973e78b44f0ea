#include "admin/handlers/subscriptionshandler.h"
#include "admin/adminjson.h"
#include "admin/adminparams.h"

#include "agent.h"
#include "ingest/router.h"
#include "protocol.h"
#include "queue/store.h"
#include "register/register.h"
#include "subscriptions/subscriptionregistry.h"

#include <QPointer>
#include <QUuid>

using namespace Qt::Literals::StringLiterals;
using namespace sluice::protocol;

namespace sluice::agent {

using namespace adminparams;

struct SubscriptionsHandler::Now {
    QList<EndpointStatus> endpoints;
    QHash<QString, QHash<QString, qint64>> counts;
    QHash<QString, Hold> holds;
    QHash<QString, SubscriptionHealth> health;
};

SubscriptionsHandler::SubscriptionsHandler(Agent *agent, QObject *parent)
    : AdminHandler(agent, parent)
{
    m_told.setSingleShot(true);
    m_told.setInterval(500);
    connect(&m_told, &QTimer::timeout, this,
            [this] { emit broadcast(notify(notification::Subscriptions, QJsonObject())); });
}

void SubscriptionsHandler::start()
{
    const auto changed = [this] {
        if (!m_told.isActive())
            m_told.start();
    };
    SubscriptionRegistry *registry = &m_agent->subscriptions();
    connect(registry, &SubscriptionRegistry::changed, this, changed);
    connect(registry, &SubscriptionRegistry::stateChanged, this, changed);
    connect(registry, &SubscriptionRegistry::enabledChanged, this, changed);
}

QList<AdminMethod> SubscriptionsHandler::methods()
{
    const ParamSpecs named{ParamSpec::string(subscriptionkey::Name).require()};
    const ParamSpecs definition{ParamSpec::object(subscriptionstatus::Subscription).require()};
    const int recent = std::max(1, m_agent->config().store.recentEvents);
    SubscriptionRegistry *registry = &m_agent->subscriptions();
    return {
        {method::SubscriptionsList, false, {}, [this](AdminCall &call) { return list(call); }},
        {method::SubscriptionsGet, false, named, [this](AdminCall &call) { return get(call); }},
        {method::SubscriptionsHealth, false, named, [this](AdminCall &call) { return health(call); }},
        {method::SubscriptionsCreate, true, definition, [this](AdminCall &call) { return save(call, true); }},
        {method::SubscriptionsUpdate, true, definition, [this](AdminCall &call) { return save(call, false); }},
        {method::SubscriptionsDelete, true, named,
         [this, registry](AdminCall &call) {
             return act(call, false,
                        [registry](const QString &name, QString *why) { return registry->remove(name, why); });
         }},
        {method::SubscriptionsEnable, true, named,
         [this, registry](AdminCall &call) {
             return act(call, true, [registry, &call](const QString &name, QString *why) {
                 return registry->setEnabled(name, true, call.tokenName, why);
             });
         }},
        {method::SubscriptionsDisable, true, named,
         [this, registry](AdminCall &call) {
             return act(call, true, [registry, &call](const QString &name, QString *why) {
                 return registry->setEnabled(name, false, call.tokenName, why);
             });
         }},
        {method::SubscriptionsRotateSecret, true, named, [this](AdminCall &call) { return rotateSecret(call); }},
        {method::SubscriptionsTest, true, named + ParamSpecs{ParamSpec::string(trial::Type)},
         [this](AdminCall &call) { return test(call); }},
        {method::SubscriptionsDryRun,
         false,
         {ParamSpec::string(subscriptionkey::Name), ParamSpec::integer(trial::Count, 1, recent),
          ParamSpec::strings(trial::Types), ParamSpec::filter(trial::Filter)},
         [this](AdminCall &call) { return dryRun(call); }},
    };
}

SubscriptionsHandler::Now SubscriptionsHandler::now() const
{
    return Now{m_agent->endpoints(), m_agent->store().queue().countsBySubscription(), m_agent->holds(),
               m_agent->healthSummaries()};
}

SubscriptionStatus SubscriptionsHandler::describe(const Subscription &sub, const Now &now) const
{
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
    status.queue = {c.value(stats::Pending) + c.value(stats::Sending), c.value(stats::Delivered), c.value(stats::Dead),
                    c.value(u"deliveredLastHour"_s), c.value(u"deadLastHour"_s)};
    if (sub.polled())
        status.poll = adminjson::pollFigures(m_agent->store().queue().pollFigures(sub.name));
    if (const auto held = now.holds.constFind(sub.name); held != now.holds.cend())
        status.held = held->status;
    if (const auto health = now.health.constFind(sub.name); health != now.health.cend())
        status.health = *health;
    return status;
}

QJsonValue SubscriptionsHandler::list(AdminCall &)
{
    const Now asked = now();
    QJsonArray list;
    for (const Subscription &sub : m_agent->subscriptions().all())
        list.append(describe(sub, asked).toJson());
    return QJsonObject{{subscriptionstatus::Subscriptions, list}};
}

QJsonValue SubscriptionsHandler::get(AdminCall &call)
{
    const QString name = call.string(subscriptionkey::Name);
    if (const Subscription *sub = m_agent->subscriptions().find(name))
        return describe(*sub, now()).toJson();
    return call.refuse(AdminFailure::noSubscription(name));
}

QJsonValue SubscriptionsHandler::health(AdminCall &call)
{
    const QString name = call.string(subscriptionkey::Name);
    if (!m_agent->subscriptions().find(name))
        return call.refuse(AdminFailure::noSubscription(name));
    return m_agent->health(name).toJson();
}

std::optional<Subscription> SubscriptionsHandler::readSubscription(AdminCall &call) const
{
    // An update sends back what list/get showed: masked values keep the stored ones, and what the
    // status added (state, queue, last hour, …) is not part of the definition.
    QJsonObject json = call.params.value(subscriptionstatus::Subscription).toObject();
    for (const QString &key : SubscriptionStatus::statusKeys())
        json.remove(key);
    if (const Subscription *stored = m_agent->subscriptions().find(json.value(subscriptionkey::Name).toString()))
        json = keepHiddenValues(json, stored->toStorageJson());
    QString why;
    auto sub = Subscription::fromJson(json, &why);
    if (!sub)
        call.invalid(
            {refusal::Invalid, {{refusalparam::Param, subscriptionstatus::Subscription}, {refusalparam::Why, why}}});
    return sub;
}

bool SubscriptionsHandler::changeable(AdminCall &call, const QString &name, bool fromFileToo) const
{
    if (!m_agent->subscriptions().find(name)) {
        call.refuse(AdminFailure::noSubscription(name));
        return false;
    }
    if (!fromFileToo && m_agent->subscriptions().origin(name) == SubscriptionRegistry::Origin::File) {
        call.refuse(error::Conflict, {refusal::FromFile, {{refusalparam::Name, name}}});
        return false;
    }
    return true;
}

// Create and update: the same definition (docs/configuration.md), a new name or a known one.
QJsonValue SubscriptionsHandler::save(AdminCall &call, bool create)
{
    const auto sub = readSubscription(call);
    if (!sub)
        return {};
    if (create && m_agent->subscriptions().find(sub->name))
        return call.refuse(error::Conflict, {refusal::SubscriptionExists, {{refusalparam::Name, sub->name}}});
    if (!create && !changeable(call, sub->name, false))
        return {};
    QString why;
    if (!m_agent->subscriptions().save(*sub, create, &why))
        return call.refuse(AdminFailure::refused(why));
    SubscriptionStatus status = describe(*sub, now());
    // The generated signing secret, shown this once.
    if (const auto secret = create ? m_agent->store().subscriptions().revealSecret(sub->name) : std::nullopt)
        status.secret = *secret;
    return status.toJson();
}

QJsonValue SubscriptionsHandler::act(AdminCall &call, bool fromFileToo,
                                     const std::function<bool(const QString &, QString *)> &action)
{
    const QString name = call.string(subscriptionkey::Name);
    if (!changeable(call, name, fromFileToo))
        return {};
    QString why;
    if (!action(name, &why))
        return call.refuse(AdminFailure::refused(why));
    return QJsonObject{{subscriptionkey::Name, name}};
}

QJsonValue SubscriptionsHandler::rotateSecret(AdminCall &call)
{
    const QString name = call.string(subscriptionkey::Name);
    const Subscription *sub = m_agent->subscriptions().find(name);
    if (!sub)
        return call.refuse(AdminFailure::noSubscription(name));
    if (!sub->secrets.isEmpty())
        return call.refuse(error::Conflict, {refusal::FromFile, {{refusalparam::Name, name}}});
    QString why;
    const qint64 overlapMs = m_agent->config().delivery.secretOverlap.count();
    const auto secret = m_agent->subscriptions().rotateSecret(name, overlapMs, &why);
    if (!secret)
        return call.refuse(AdminFailure::storeRefused(why));
    return QJsonObject{{subscriptionkey::Name, name},
                       {subscriptionstatus::Secret, *secret},
                       {trial::PreviousValidForSeconds, overlapMs / 1000}};
}

// One event now, from the register's example of a type the subscription selects; the answer is
// the whole attempt, sent when the endpoint has answered.
QJsonValue SubscriptionsHandler::test(AdminCall &call)
{
    const QString name = call.string(subscriptionkey::Name);
    const QString type = call.string(trial::Type);
    const Subscription *sub = m_agent->subscriptions().find(name);
    if (!sub)
        return call.refuse(AdminFailure::noSubscription(name));
    std::optional<RegisterEntry> entry;
    for (const RegisterEntry &e : m_agent->eventRegister().entries()) {
        if (e.exposed && sub->types.matches(e.type) && (type.isEmpty() || e.type == type)) {
            entry = e;
            break;
        }
    }
    if (!entry)
        return type.isEmpty() ? call.refuse(error::Refused, {refusal::NoExample, {{refusalparam::Name, name}}})
                              : call.refuse(error::Refused, {refusal::NotSelected,
                                                             {{refusalparam::Type, type}, {refusalparam::Name, name}}});
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
    QPointer<SubscriptionsHandler> self = this;
    const quint64 session = call.session;
    const QJsonValue id = call.requestId;
    QString why;
    const auto answer = [self, session, id](const QJsonObject &attempt) {
        if (self)
            emit self->sendTo(session, protocol::result(id, attempt));
    };
    if (!m_agent->testSubscription(name, event, answer, &why))
        return call.refuse(error::Conflict, {refusal::Refused, {{refusalparam::Why, why}}});
    return call.defer();
}

// Which of the recent events a filter would select: an existing subscription's, or one being written.
QJsonValue SubscriptionsHandler::dryRun(AdminCall &call)
{
    const QString name = call.string(subscriptionkey::Name);
    Subscription candidate;
    if (!name.isEmpty()) {
        const Subscription *sub = m_agent->subscriptions().find(name);
        if (!sub)
            return call.refuse(AdminFailure::noSubscription(name));
        candidate = *sub;
    } else {
        if (!call.params.contains(trial::Types))
            return call.invalid({refusal::Required, {{refusalparam::Param, trial::Types}}});
        const auto types = typesParam(call, trial::Types);
        const auto filter = filterParam(call, trial::Filter);
        if (!types || !filter)
            return {};
        candidate.types = *types;
        candidate.filter = *filter;
    }
    const auto recent = m_agent->recentEvents().latest(int(call.integer(trial::Count, 100)));
    QJsonArray matches;
    for (const RecentEvents::Entry &entry : recent) {
        if (m_agent->router().routeTo(candidate, entry.event))
            matches.append(QJsonObject{{trial::Event, entry.event.toJson()},
                                       {trial::ReceivedAt, CloudEvent::rfc3339(entry.receivedAt)}});
    }
    return QJsonObject{{trial::Evaluated, recent.size()}, {trial::Matched, matches.size()}, {trial::Events, matches}};
}

} // namespace sluice::agent
