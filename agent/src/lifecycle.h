#pragma once

#include "store.h"
#include "subscription.h"

#include <QHash>
#include <QJsonObject>

namespace sluice::agent {

class EventRegister;

// The agent's own events (seed 000's system events, seed 002's subscribe and unsubscribe):
// sluice.agent.started / stopped and sluice.subscription.created / deleted / enabled / disabled.
// They go into the store like consumed events, so any subscription selecting them gets them.
// Also gives each subscription without configured secrets a generated signing secret, and queues
// initial events for subscriptions that ask for them (docs/delivery.md).
class Lifecycle {
public:
    // The register (may be null) sees the agent's events like consumed ones and decides whether
    // they may leave.
    Lifecycle(Store *store, QString notBeforeAttribute, EventRegister *eventRegister = nullptr);

    static QString source();

    // Compares the subscriptions with what the store knew at the last run: new ones get a secret,
    // a "created" event and their initial events; missing ones a "deleted" event.
    bool reconcile(const QList<Subscription> &subscriptions, QString *error);
    // The dispatcher saw an endpoint disabled, or a disabled one enabled again.
    void stateChanged(const QString &name, const QString &state, const QString &reason);
    void agentStarted(const QString &version);
    void agentStopping();

    // The newest stored event of each type and subject that the subscription selects, queued once.
    int enqueueInitialEvents(const Subscription &subscription);

private:
    bool publish(const QString &type, const QString &subject, const QJsonObject &data, QString *error = nullptr);
    const Subscription *find(const QString &name) const;

    Store *m_store;
    QString m_notBeforeAttribute;
    EventRegister *m_register;
    QList<Subscription> m_subscriptions;
    QHash<QString, QString> m_states; // last known state per subscription
};

} // namespace sluice::agent
