#pragma once

// The agent's figures as stats.get answers and the stats notification tells them once a second
// (docs/protocol.md#observing): totals since it started, the last second's rates, the store's
// queue, each subscription at a glance, the consumer and the store. The agent makes it; the
// console's overview, status line and subscriptions read it.

#include "deliverystatus.h"
#include "subscriptionhealth.h"

#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>

#include <optional>

namespace sluice {

struct StatsSnapshot {
    struct Totals {
        qint64 consumed = 0;
        qint64 filteredOut = 0;
        qint64 matched = 0;
        qint64 quarantined = 0;
        qint64 duplicates = 0;
        qint64 deliveriesCreated = 0;
        qint64 attempts = 0;
        qint64 delivered = 0;
        qint64 retried = 0;
        qint64 dead = 0;
        qint64 inFlight = 0;
    };
    struct Rates { // in the last second
        qint64 in = 0;
        qint64 matched = 0;
        qint64 delivered = 0;
        qint64 failed = 0;
        qint64 quarantined = 0;
        qint64 duplicates = 0;
    };
    struct Subscription {
        QString name;
        QString state;
        qint64 waiting = 0;
        qint64 delivered = 0;
        qint64 dead = 0;
        qint64 deliveredLastHour = 0;
        qint64 deadLastHour = 0;
        bool breakerOpen = false;
        qint64 deliveredPerSecond = 0;
        qint64 failedPerSecond = 0;
        QJsonObject poll;                   // polled ones (protocol::poll)
        std::optional<DeliveryStatus> held; // what holds its deliveries back now
        std::optional<SubscriptionHealth> health;
    };
    struct Lag {
        QString topic;
        int partition = 0;
        qint64 lag = 0;
    };

    QString version;
    qint64 uptimeSeconds = 0;
    Totals totals;
    Rates perSecond;
    QMap<QString, qint64> queue; // deliveries by stored state, and "quarantined"
    QList<Subscription> subscriptions;
    int assignedPartitions = 0;
    QList<Lag> lag;
    qint64 storeBytes = 0;

    qint64 waiting() const; // pending and sending
    qint64 totalLag() const;

    QJsonObject toJson() const;
    static StatsSnapshot fromJson(const QJsonObject &json);
};

} // namespace sluice
