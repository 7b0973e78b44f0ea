#pragma once

#include "queue/store.h"
#include "subscription.h"

#include <QHash>
#include <QJsonObject>

namespace sluice::agent {

class Router;
class SubscriptionRegistry;

// The agent's own events (seed 000's system events, seed 002's subscribe and unsubscribe):
// sluice.agent.started / stopped and sluice.subscription.created / deleted / enabled / disabled.
// They go into the store like consumed events, so any subscription selecting them gets them.
// Also gives each subscription without configured secrets a generated signing secret, and queues
// initial events for subscriptions that ask for them (docs/delivery.md).
class Lifecycle {
public:
    // The router sends the agent's events where consumed ones would go, after the register saw them.
    Lifecycle(Store *store, const Router *router, const SubscriptionRegistry *registry);

    static QString source();

    // Compares the subscriptions with what the store knew at the last run: new ones get a secret,
    // a "created" event and their initial events; missing ones a "deleted" event.
    bool reconcile(const QList<Subscription> &subscriptions, QString *error);
    // Subscriptions another agent sharing the store created or deleted, having done all of the
    // above itself: only their states are taken in. Returns true.
    bool adopt(const QList<Subscription> &subscriptions);
    // An endpoint was disabled (by its endpoint, failures or an administrator), or enabled again.
    void stateChanged(const QString &name, EndpointState state, const QString &reason);
    // The same change, made by another agent sharing the store, which published its event.
    void observe(const QString &name, EndpointState state) { m_states.insert(name, state); }
    void agentStarted(const QString &version);
    void agentStopping();

    // The newest stored event of each type and subject that the subscription selects, queued once.
    int enqueueInitialEvents(const Subscription &subscription);

private:
    QString ownerOf(const QString &name) const;
    bool publish(const QString &type, const QString &subject, const QJsonObject &data, QString *error = nullptr);

    Store *m_store;
    const Router *m_router;
    const SubscriptionRegistry *m_registry;
    const QList<Subscription> *m_reconciling = nullptr; // while reconcile() runs: the list about to apply
    QHash<QString, EndpointState> m_states;             // last known state per subscription
};

} // namespace sluice::agent
