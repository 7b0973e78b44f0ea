#pragma once

#include "store.h"
#include "subscription.h"

namespace sluice::agent {

// The delivery a matching event causes for one subscription: its priority after the rules voted,
// its not-before time (the event's extension attribute of that name, RFC 3339; ignored for
// priority immediate, as the seed's execute date is), its coalescing and ordering keys.
NewDelivery deliveryFor(const Subscription &subscription, const CloudEvent &event, const QString &notBeforeAttribute);

// The not-before time an event asks for, in ms since the epoch; 0 when none or not a valid time.
qint64 notBeforeOf(const CloudEvent &event, const QString &attribute);

} // namespace sluice::agent
