#include "ingest/router.h"

#include "register/register.h"

#include <QDateTime>

namespace sluice::agent {

Router::Router(EventRegister *eventRegister, QString notBeforeAttribute)
    : m_register(eventRegister)
    , m_notBeforeAttribute(std::move(notBeforeAttribute))
    , m_subscriptions(std::make_shared<const QList<Subscription>>())
{
}

void Router::setSubscriptions(const QList<Subscription> &subscriptions)
{
    auto snapshot = std::make_shared<const QList<Subscription>>(subscriptions);
    QMutexLocker lock(&m_mutex);
    m_subscriptions = std::move(snapshot);
}

std::shared_ptr<const QList<Subscription>> Router::subscriptions() const
{
    QMutexLocker lock(&m_mutex);
    return m_subscriptions;
}

Router::Route Router::route(const CloudEvent &event, qint64 at, const QList<Subscription> *subscriptions) const
{
    // The register counts the type, learns its shape, and says whether it may leave at all.
    RegisterVerdict verdict;
    verdict.exposed = true;
    if (m_register)
        verdict = m_register->observe(event, at);
    const auto snapshot = subscriptions ? nullptr : this->subscriptions();
    Selection selected;
    if (verdict.exposed) {
        for (const Subscription &sub : subscriptions ? *subscriptions : *snapshot) {
            if (sub.matches(event))
                selected.append(&sub);
        }
    }
    return decide(event, verdict, selected, at);
}

RegisterVerdict Router::count(const QString &type, QAnyStringView source, bool jsonData, qint64 at) const
{
    if (m_register)
        return m_register->count(type, source, jsonData, at);
    RegisterVerdict verdict;
    verdict.exposed = true;
    return verdict;
}

Router::Route Router::routeCounted(const CloudEvent &event, const RegisterVerdict &verdict,
                                   const QList<Subscription> &subscriptions, const QList<qsizetype> &selecting,
                                   qint64 at) const
{
    Selection selected;
    if (verdict.exposed) {
        for (const qsizetype i : selecting) {
            if (subscriptions.at(i).selects(event))
                selected.append(&subscriptions.at(i));
        }
    }
    if (verdict.learn && m_register)
        m_register->learn(event);
    return decide(event, verdict, selected, at);
}

Router::Route Router::decide(const CloudEvent &event, const RegisterVerdict &verdict, const Selection &selected,
                             qint64 at) const
{
    Route route;
    for (const Subscription *sub : selected) {
        route.deliveries.append(deliveryFor(*sub, event, m_notBeforeAttribute));
        route.matched.append(sub->name);
    }
    // Everything that leaves is validated; of the rest, a sample keeps the figures honest.
    if (verdict.schema && (!route.deliveries.isEmpty() || verdict.sample)) {
        route.refusal = m_register->check(event, verdict, at);
        if (!route.refusal.isEmpty()) {
            route.deliveries.clear();
            route.matched.clear();
        }
    }
    return route;
}

std::optional<NewDelivery> Router::routeTo(const Subscription &subscription, const CloudEvent &event) const
{
    if (!subscription.types.matches(event.type) || !subscription.selects(event) ||
        (m_register && !m_register->isExposed(event.type)))
        return std::nullopt;
    return deliveryFor(subscription, event, m_notBeforeAttribute);
}

std::optional<NewDelivery> Router::replayTo(const Subscription &subscription, const CloudEvent &event,
                                            QuarantineReason *refusal) const
{
    std::optional<NewDelivery> delivery = routeTo(subscription, event);
    if (!delivery || !m_register)
        return delivery;
    *refusal = m_register->refusalOf(event);
    return refusal->isEmpty() ? delivery : std::nullopt;
}

qint64 Router::notBeforeOf(const CloudEvent &event, const QString &attribute)
{
    const QString text = event.extensions.value(attribute).toString();
    if (text.isEmpty() || !CloudEvent::isRfc3339(text))
        return 0;
    const QDateTime at = QDateTime::fromString(text, Qt::ISODateWithMs);
    return at.isValid() ? at.toMSecsSinceEpoch() : 0;
}

NewDelivery Router::deliveryFor(const Subscription &subscription, const CloudEvent &event,
                                const QString &notBeforeAttribute)
{
    NewDelivery delivery;
    delivery.subscription = subscription.name;
    const Priority priority = subscription.priorityFor(event);
    delivery.priority = int(priority);
    if (priority != Priority::Immediate)
        delivery.notBefore = notBeforeOf(event, notBeforeAttribute);
    delivery.coalescingKey = subscription.coalescingKeyFor(event);
    if (subscription.ordered)
        delivery.orderingKey = event.subject;
    return delivery;
}

} // namespace sluice::agent
