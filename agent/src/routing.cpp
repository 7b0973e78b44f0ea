#include "routing.h"

#include <QDateTime>

namespace sluice::agent {

qint64 notBeforeOf(const CloudEvent &event, const QString &attribute)
{
    const QString text = event.extensions.value(attribute).toString();
    if (text.isEmpty() || !CloudEvent::isRfc3339(text))
        return 0;
    const QDateTime at = QDateTime::fromString(text, Qt::ISODateWithMs);
    return at.isValid() ? at.toMSecsSinceEpoch() : 0;
}

NewDelivery deliveryFor(const Subscription &subscription, const CloudEvent &event, const QString &notBeforeAttribute)
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
