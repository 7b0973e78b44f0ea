#include "ingest/lifecycle.h"

#include "delivery/deliverypolicy.h"
#include "ingest/router.h"
#include "subscriptions/subscriptionregistry.h"
#include "webhooksignature.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonArray>
#include <QLoggingCategory>
#include <QScopeGuard>
#include <QSysInfo>
#include <QUuid>

using namespace Qt::Literals::StringLiterals;

Q_LOGGING_CATEGORY(lcLifecycle, "sluice.agent.lifecycle")

namespace sluice::agent {

namespace {

// A consumer's subscription's events name their owner: only that consumer's subscriptions receive
// them (Subscription::mayReceiveAgentEvent).
QJsonObject owned(QJsonObject data, const QString &owner)
{
    if (!owner.isEmpty())
        data.insert(subscriptionkey::Owner, owner);
    return data;
}

// What a subscription event says about it: never secrets, headers or credentials.
QJsonObject describe(const Subscription &sub)
{
    QJsonArray types;
    for (const QString &pattern : sub.types.patterns())
        types.append(pattern);
    QJsonObject data{
        {u"name"_s, sub.name},
        {u"endpoint"_s, sub.endpoint.toString(QUrl::RemoveUserInfo | QUrl::RemoveQuery | QUrl::FullyEncoded)},
        {u"types"_s, types}};
    return owned(data, sub.owner);
}

} // namespace

Lifecycle::Lifecycle(Store *store, const Router *router, const SubscriptionRegistry *registry)
    : m_store(store)
    , m_router(router)
    , m_registry(registry)
{
}

QString Lifecycle::source()
{
    return u"/sluice/agent/"_s + QSysInfo::machineHostName();
}

bool Lifecycle::reconcile(const QList<Subscription> &subscriptions, QString *error)
{
    // The agent's events about the change go to the subscriptions as they will be.
    m_reconciling = &subscriptions;
    const auto done = qScopeGuard([this] { m_reconciling = nullptr; });
    const QHash<QString, SubscriptionState> stored = m_store->subscriptions().states();
    const qint64 at = QDateTime::currentMSecsSinceEpoch();
    for (const Subscription &sub : subscriptions) {
        if (sub.secrets.isEmpty() && m_store->subscriptions().activeSecrets(sub.name, at).isEmpty()) {
            if (!m_store->subscriptions().addSecret(sub.name, webhooks::generateSecret(), false, error))
                return false;
            // The secret itself never goes to the log.
            qCInfo(lcLifecycle).noquote()
                << "subscription" << sub.name
                << "has a generated signing secret; show it once with: sluice-agent --config FILE secret reveal"
                << sub.name;
        }
        if (stored.contains(sub.name)) {
            m_states.insert(sub.name, stored.value(sub.name).state);
            continue;
        }
        // A polled subscription has no endpoint to validate: active at once.
        const EndpointState state = sub.polled() ? EndpointState::Active : EndpointState::Pending;
        if (!m_store->subscriptions().saveState({sub.name, state, sub.polled() ? u"polled"_s : u"new"_s, QString(), 0},
                                                error))
            return false;
        m_states.insert(sub.name, state);
        if (!publish(u"sluice.subscription.created"_s, sub.name, describe(sub), error))
            return false;
        if (sub.initialEvents)
            enqueueInitialEvents(sub);
    }
    for (auto it = stored.constBegin(); it != stored.constEnd(); ++it) {
        if (std::any_of(subscriptions.begin(), subscriptions.end(), [&](const auto &s) { return s.name == it.key(); }))
            continue;
        QString reason = m_registry->endingReason(it.key());
        if (reason.isEmpty())
            reason = u"no longer in the configuration file"_s;
        if (!m_store->subscriptions().remove(it.key(), DeliveryPolicy::subscriptionDeleted(), error) ||
            !publish(u"sluice.subscription.deleted"_s, it.key(),
                     owned({{u"name"_s, it.key()}, {u"reason"_s, reason}}, ownerOf(it.key())), error))
            return false;
        qCInfo(lcLifecycle).noquote() << "subscription" << it.key() << "ended:" << reason;
    }
    return true;
}

// While reconciling, the registry still holds the subscriptions as they were.
QString Lifecycle::ownerOf(const QString &name) const
{
    const Subscription *sub = m_registry->find(name);
    return sub ? sub->owner : QString();
}

bool Lifecycle::adopt(const QList<Subscription> &subscriptions)
{
    const QHash<QString, SubscriptionState> stored = m_store->subscriptions().states();
    m_states.clear();
    for (const Subscription &sub : subscriptions)
        m_states.insert(sub.name, stored.value(sub.name, {sub.name, EndpointState::Pending, {}, {}, 0}).state);
    return true;
}

void Lifecycle::stateChanged(const QString &name, EndpointState state, const QString &reason)
{
    const EndpointState before = m_states.value(name, EndpointState::Pending);
    m_states.insert(name, state);
    const Subscription *sub = m_registry->find(name);
    if (!sub || before == state)
        return;
    if (state == EndpointState::Disabled) {
        QJsonObject data = describe(*sub);
        data.insert(u"reason"_s, reason);
        publish(u"sluice.subscription.disabled"_s, name, data);
    } else if (before == EndpointState::Disabled) {
        publish(u"sluice.subscription.enabled"_s, name, describe(*sub));
        if (sub->initialEvents)
            enqueueInitialEvents(*sub);
    }
}

void Lifecycle::agentStarted(const QString &version)
{
    publish(u"sluice.agent.started"_s, QSysInfo::machineHostName(),
            {{u"version"_s, version},
             {u"host"_s, QSysInfo::machineHostName()},
             {u"pid"_s, QCoreApplication::applicationPid()},
             {u"subscriptions"_s, m_registry->all().size()}});
}

void Lifecycle::agentStopping()
{
    publish(u"sluice.agent.stopped"_s, QSysInfo::machineHostName(), {{u"host"_s, QSysInfo::machineHostName()}});
}

int Lifecycle::enqueueInitialEvents(const Subscription &subscription)
{
    QString error;
    QList<IngestItem> items;
    for (LatestItem &latest : m_store->subscriptions().latestEvents(&error)) {
        std::optional<NewDelivery> delivery = m_router->routeTo(subscription, latest.event);
        if (!delivery)
            continue;
        delivery->notBefore = 0; // the state is already true: no reason to wait for it
        items.append({std::move(latest.event), KafkaRecord(), {*delivery}, std::move(latest.structured)});
    }
    const auto result = error.isEmpty() ? m_store->queue().enqueue(items, {}, {}, &error) : std::nullopt;
    if (!result) {
        qCWarning(lcLifecycle).noquote() << "cannot queue the initial events of" << subscription.name << ":" << error;
        return -1;
    }
    qCInfo(lcLifecycle).noquote() << "queued" << result->deliveriesCreated << "initial events for" << subscription.name;
    return result->deliveriesCreated;
}

bool Lifecycle::publish(const QString &type, const QString &subject, const QJsonObject &data, QString *error)
{
    CloudEvent event;
    event.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    event.source = source();
    event.type = type;
    event.subject = subject;
    event.time = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
    event.dataContentType = u"application/json"_s;
    event.setJsonData(data);

    // Routed and validated like any consumed event; one our own catalogue refuses is kept, not sent.
    Router::Route route = m_router->route(event, QDateTime::currentMSecsSinceEpoch(), m_reconciling);
    if (!route.refusal.isEmpty())
        qCWarning(lcLifecycle).noquote() << type << "for" << subject << "is not delivered:" << route.refusal.text();
    const QList<NewDelivery> &deliveries = route.deliveries;
    QString why;
    if (!m_store->queue().enqueue({IngestItem{event, KafkaRecord(), deliveries, QByteArray()}}, {}, {}, &why)) {
        qCWarning(lcLifecycle).noquote() << "cannot record" << type << "for" << subject << ":" << why;
        if (error)
            *error = why;
        return false;
    }
    qCInfo(lcLifecycle).noquote() << type << subject << "recorded, for" << deliveries.size() << "subscriptions";
    return true;
}

} // namespace sluice::agent
