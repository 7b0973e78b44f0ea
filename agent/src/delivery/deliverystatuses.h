#pragma once

#include "deliverystatus.h"
#include "queue/deliveryqueue.h"

#include <QHash>
#include <QSet>

namespace sluice::agent {

// What keeps a subscription's deliveries back now. everyDelivery: all its waiting deliveries
// (the endpoint or the subscription is disabled, the handshake is pending); else only those due.
struct Hold {
    DeliveryStatus status;
    bool everyDelivery = false;
};

// The status an attempt's outcome leaves, before anything else is known: delivered, waiting for
// its retry at nextAttemptAt, dead (the reason's code says why) or held (410: its endpoint is gone).
// last: what the attempt got ("HTTP 503 …"), or why it could not be encoded.
DeliveryStatus settledStatus(DeliveryState state, const QString &reason, int httpStatus, const QString &last,
                             qint64 nextAttemptAt);

// Every delivery's status (shared/deliverystatus.h) at one moment: the stored row, and what the
// dispatcher says holds each subscription back, snapshotted once per request. Pure.
class DeliveryStatuses {
public:
    DeliveryStatuses() = default;
    DeliveryStatuses(QHash<QString, Hold> holds, QSet<QString> polled, QSet<QString> sending, qint64 now);

    DeliveryStatus of(const DeliverySummary &delivery) const;
    // A query's phases ("held", "waiting", "attention") answered by the store as of() would.
    void restrict(DeliveryQuery &query) const;

private:
    QHash<QString, Hold> m_holds;
    QSet<QString> m_polled;
    QSet<QString> m_sending;
    qint64 m_now = 0;
};

} // namespace sluice::agent
