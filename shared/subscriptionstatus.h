#pragma once

// A subscription as subscriptions.list/get show it: its definition (secrets and header values
// masked) and where it stands — origin, endpoint state, queue, what holds it back, its last hour
// (docs/protocol.md#subscriptions). The agent's handlers make it; the console's models read it.

#include "deliverystatus.h"
#include "subscriptionhealth.h"

#include <QJsonObject>
#include <QMetaType>
#include <QString>

#include <optional>

namespace sluice {

namespace protocol::subscriptionstatus {
inline const QString Subscriptions = QStringLiteral("subscriptions"); // subscriptions.list's result
inline const QString Subscription = QStringLiteral("subscription");   // create/update's param
inline const QString Origin = QStringLiteral("origin");               // "file" or "api"
inline const QString State = QStringLiteral("state");                 // pending, active, disabled
inline const QString Reason = QStringLiteral("reason");
inline const QString BreakerOpen = QStringLiteral("breakerOpen");
inline const QString SigningSecrets = QStringLiteral("signingSecrets");
inline const QString Queue = QStringLiteral("queue");
inline const QString Waiting = QStringLiteral("waiting");
inline const QString Delivered = QStringLiteral("delivered");
inline const QString Dead = QStringLiteral("dead");
inline const QString DeliveredLastHour = QStringLiteral("deliveredLastHour");
inline const QString DeadLastHour = QStringLiteral("deadLastHour");
inline const QString Secret = QStringLiteral("secret"); // create and rotateSecret: shown this once
inline const QString OriginFile = QStringLiteral("file");
inline const QString OriginApi = QStringLiteral("api");
} // namespace protocol::subscriptionstatus

// Where a subscription stands beyond its figures, as subscriptions.list and stats both carry it: a
// polled one's reading (protocol::poll), what holds its deliveries back (protocol::hold), its last
// hour (protocol::health). What is absent is left out, and read as none.
void insertStanding(QJsonObject &json, const QJsonObject &poll, const std::optional<DeliveryStatus> &held,
                    const std::optional<SubscriptionHealth> &health);
void readStanding(const QJsonObject &json, QJsonObject *poll, std::optional<DeliveryStatus> *held,
                  std::optional<SubscriptionHealth> *health);

struct SubscriptionStatus {
    struct Queue {
        qint64 waiting = 0;
        qint64 delivered = 0;
        qint64 dead = 0;
        qint64 deliveredLastHour = 0;
        qint64 deadLastHour = 0;
    };

    QJsonObject definition; // only the keys Subscription::definitionKeys() names
    QString origin;         // protocol::subscriptionstatus::OriginFile or OriginApi
    QString state;          // an endpoint state's name; empty for one never configured
    QString reason;         // why the endpoint stands so (disabled: why)
    bool breakerOpen = false;
    int signingSecrets = 0;
    Queue queue;
    QJsonObject poll;                         // a polled subscription's reading (protocol::poll)
    std::optional<DeliveryStatus> held;       // what holds its deliveries back now
    std::optional<SubscriptionHealth> health; // its last hour, when it had attempts
    QString secret;                           // create only

    QString name() const;
    QString endpoint() const;
    QString owner() const;
    bool enabled() const;
    bool polled() const;
    bool fromFile() const;

    // The members a status adds to a definition: a client may send them back with an update, and
    // they are dropped there (a definition's own unknown keys are still refused).
    static const QStringList &statusKeys();
    // The definition's members and the status's, side by side (the protocol's shape).
    QJsonObject toJson() const;
    static SubscriptionStatus fromJson(const QJsonObject &json);
};

} // namespace sluice

Q_DECLARE_METATYPE(sluice::SubscriptionStatus)
