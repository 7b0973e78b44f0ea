#pragma once

#include "queue/deliveryqueue.h"
#include "subscription.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QStringList>

#include <optional>

namespace sluice::agent {

// What the agent knows about a subscription beyond its definition.
struct SubscriptionState {
    QString name;
    EndpointState state = EndpointState::Pending;
    QString reason;
    QString validatedEndpoint; // the URL that confirmed the handshake
    double allowedRate = 0;    // events per second the endpoint allowed in the handshake; 0: no limit
};

struct StoredSubscription {
    QJsonObject definition; // Subscription::toStorageJson
    QString origin;         // "file" or "api"
};

// Subscriptions as the store keeps them: definitions, endpoint states, signing secrets and the
// latest event per type and subject (for initial events).
class SubscriptionStore {
public:
    virtual ~SubscriptionStore() = default;

    virtual QList<StoredSubscription> definitions() = 0;
    virtual bool saveDefinition(const QString &name, const QJsonObject &definition, const QString &origin,
                                QString *error = nullptr) = 0;
    virtual bool deleteDefinition(const QString &name, QString *error = nullptr) = 0;

    virtual QHash<QString, SubscriptionState> states() = 0;
    virtual bool saveState(const SubscriptionState &state, QString *error = nullptr) = 0;
    // A subscription that is gone: its state and secrets go; its waiting deliveries become dead
    // letters with the reason (DeliveryPolicy::subscriptionDeleted), so nothing disappears unseen.
    virtual bool remove(const QString &name, const QString &deadLetterReason, QString *error = nullptr) = 0;

    // Signing secrets. Active: not expired, newest first.
    virtual QStringList activeSecrets(const QString &subscription, qint64 now) = 0;
    virtual bool addSecret(const QString &subscription, const QString &secret, bool revealed,
                           QString *error = nullptr) = 0;
    // Starts using a new secret; the current ones keep signing until now + overlap. Returns the new one.
    virtual std::optional<QString> rotateSecret(const QString &subscription, qint64 overlapMs, QString *error) = 0;
    // The newest secret if it was never shown, marked shown; std::nullopt otherwise.
    virtual std::optional<QString> revealSecret(const QString &subscription) = 0;

    // The latest event of every type and subject kept, oldest first.
    virtual QList<LatestItem> latestEvents(QString *error) = 0;
};

} // namespace sluice::agent
