#pragma once

#include "queue/store.h"
#include "subscription.h"

#include <QHash>
#include <QObject>
#include <QTimer>

#include <functional>

namespace sluice::agent {

class EventRegister;

// Every subscription the agent delivers for, where it came from, and where its endpoint stands:
// the one owner. The router, the dispatcher and the lifecycle events follow its signals instead of
// keeping copies that drift. Definitions come from the configuration file (origin file, imported at
// every start, changed only there) and from the admin API (origin api, kept in the store). Lives on
// the main thread.
class SubscriptionRegistry : public QObject {
    Q_OBJECT

public:
    enum class Origin { File, Api };
    static QString originName(Origin origin);

    // Runs before a new list takes effect (secrets, state rows, lifecycle events); false, with the
    // reason, refuses the change and nothing changes. Adopting: the change was made by another
    // agent sharing the store, which did all that already.
    using Reconcile = std::function<bool(const QList<Subscription> &next, bool adopting, QString *error)>;

    SubscriptionRegistry(Store *store, const EventRegister *eventRegister, QObject *parent = nullptr);

    void setReconcile(Reconcile reconcile) { m_reconcile = std::move(reconcile); }
    // Whether a new or changed subscription's endpoint may be reached (the egress rules); empty: yes.
    using EndpointCheck = std::function<QString(const QUrl &endpoint)>;
    void setEndpointCheck(EndpointCheck check) { m_endpointCheck = std::move(check); }

    // At start: the file's subscriptions imported (refused if one names a type the register does
    // not expose), the API's read from the store, the endpoint states read.
    bool load(const QList<Subscription> &fromFile, QString *error);

    const QList<Subscription> &all() const { return m_subscriptions; }
    const Subscription *find(const QString &name) const;
    Origin origin(const QString &name) const { return m_origins.value(name, Origin::Api); }

    // Create (create = true) or replace an API subscription; refused with the reason when the name
    // is taken or unknown, the file owns it, the register does not expose a type it names, its
    // endpoint is not to be reached, or it would not read back from the store as it is.
    bool save(const Subscription &subscription, bool create, QString *error);
    // reason: why it ends, for its "deleted" event (empty: deleted through the admin API).
    bool remove(const QString &name, QString *error, const QString &reason = QString());
    // While a removal applies: why the subscription ends.
    QString endingReason(const QString &name) const { return m_ending.value(name); }
    bool setEnabled(const QString &name, bool enabled, const QString &who, QString *error);
    // What enabling a subscription changes, decided once for the admin API and the command line:
    // its definition (an administrator disabled it; refused when the configuration file owns it)
    // and its endpoint state (its endpoint or its failures disabled it: the handshake runs again).
    struct Enabling {
        bool definition = false;
        bool state = false;
        QString refusal;
    };
    static Enabling enabling(const Subscription &sub, Origin origin, EndpointState state);
    // SIGHUP: the configuration file's subscriptions as they are now; the API's stay.
    bool reloadFile(const QList<Subscription> &fromFile, QString *error);

    // The endpoint's state, as the dispatcher found it or an operator set it; kept in the store.
    SubscriptionState state(const QString &name) const;
    bool setState(const SubscriptionState &state, QString *error = nullptr);
    // A new signing secret; the current ones keep signing for overlapMs.
    std::optional<QString> rotateSecret(const QString &name, qint64 overlapMs, QString *error);

    // The agent stopped: the store is about to close. Nothing is read or written any more; changes
    // are refused.
    void closeStore();

    // Looks for changes another process made to the same store: subscriptions another agent
    // sharing it created, changed or deleted; endpoint states; signing secrets (also the command
    // line's). Runs every two seconds by itself, and at once when another agent announces a change.
    void pollStore();
    // True while the registry passes on a change another process made (its signals then report
    // what was found, not what this agent did).
    bool isFollowing() const { return m_following; }

Q_SIGNALS:
    // The list of definitions changed.
    void changed();
    // An endpoint became pending, active or disabled; the reason says why.
    void stateChanged(const QString &name, EndpointState state, const QString &reason);
    // An administrator enabled or disabled the subscription itself.
    void enabledChanged(const QString &name, bool enabled, const QString &reason);
    // Signing secrets were added, rotated or ran out.
    void secretsChanged(const QString &name);

private:
    static bool checkStorable(const Subscription &sub, QString *error);
    bool storeOpen(QString *error) const;
    bool apply(const QList<Subscription> &next, QString *error, bool adopting = false);
    bool checkExposed(const QList<Subscription> &subscriptions, QString *error) const;
    QByteArray secretsFingerprint(const QString &name) const;
    void followStoredDefinitions();
    static QByteArray compact(const QJsonObject &definition);

    Store *m_store;
    const EventRegister *m_register;
    Reconcile m_reconcile;
    EndpointCheck m_endpointCheck;
    QList<Subscription> m_subscriptions;
    QHash<QString, Origin> m_origins;
    QHash<QString, SubscriptionState> m_states;
    QHash<QString, QByteArray> m_secrets;   // what the active secrets were at the last look
    QHash<QString, QByteArray> m_storedApi; // the API's definitions as stored, at the last look or write
    QHash<QString, QString> m_ending;       // while remove() applies: why
    QTimer m_poll;
    bool m_following = false;
};

} // namespace sluice::agent
