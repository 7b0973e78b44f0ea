#pragma once

#include "queue/store.h"
#include "register/register.h"
#include "subscription.h"

#include <QMutex>
#include <QStringList>
#include <QVarLengthArray>

#include <memory>
#include <optional>

namespace sluice::agent {

class EventRegister;

// Where an event goes: which subscriptions select it, with which priority, not-before time and
// keys, and whether the register lets it leave at all. The one place that decides it, asked by
// ingest for every consumed event, by the agent's own lifecycle events, by initial events and by the
// admin API's dry-run. Thread-safe: ingest routes on its thread while subscriptions change on the
// main thread.
class Router {
public:
    struct Route {
        QList<NewDelivery> deliveries;
        QStringList matched; // the subscriptions' names, in their order
        // Set when the register's schema refuses the event under policy enforce: it is quarantined
        // with this reason instead of delivered.
        QuarantineReason refusal;
    };

    // eventRegister may be null (everything exposed, nothing validated).
    Router(EventRegister *eventRegister, QString notBeforeAttribute);

    void setSubscriptions(const QList<Subscription> &subscriptions);
    std::shared_ptr<const QList<Subscription>> subscriptions() const;

    // Counts the event in the register, matches it against every subscription (or those given:
    // a list about to take effect), and validates it if it leaves (and a sample of the rest, for
    // the register's figures).
    Route route(const CloudEvent &event, qint64 at, const QList<Subscription> *subscriptions = nullptr) const;
    // EventRegister::count, or everything exposed and nothing validated without a register.
    RegisterVerdict count(const QString &type, QAnyStringView source, bool jsonData, qint64 at) const;
    // The same as route() for an event the register already counted (EventRegister::count gave the verdict)
    // and whose type the given subscriptions select (a TypeIndex entry): only their filters are
    // tested; the register learns from the event if the verdict asked for it.
    Route routeCounted(const CloudEvent &event, const RegisterVerdict &verdict,
                       const QList<Subscription> &subscriptions, const QList<qsizetype> &selecting, qint64 at) const;
    // The delivery the event causes for one subscription, without counting it anywhere: initial
    // events and dry-runs. Empty when the subscription does not select it or the type is not exposed.
    std::optional<NewDelivery> routeTo(const Subscription &subscription, const CloudEvent &event) const;
    // routeTo() for an event read again by a replay: also refused (with *refusal) when the register
    // enforces a schema the data does not match, as the pipeline would have quarantined it.
    std::optional<NewDelivery> replayTo(const Subscription &subscription, const CloudEvent &event,
                                        QuarantineReason *refusal) const;

    // The delivery a selected event causes: priority after the rules voted, not-before (the
    // event's extension attribute of that name, RFC 3339; ignored for priority immediate, as the
    // seed's execute date is), coalescing and ordering keys.
    static NewDelivery deliveryFor(const Subscription &subscription, const CloudEvent &event,
                                   const QString &notBeforeAttribute);
    // The not-before time an event asks for, in ms since the epoch; 0 when none or not a valid time.
    static qint64 notBeforeOf(const CloudEvent &event, const QString &attribute);

private:
    using Selection = QVarLengthArray<const Subscription *, 8>;
    Route decide(const CloudEvent &event, const RegisterVerdict &verdict, const Selection &selected, qint64 at) const;

    EventRegister *m_register;
    QString m_notBeforeAttribute;
    mutable QMutex m_mutex;
    std::shared_ptr<const QList<Subscription>> m_subscriptions;
};

} // namespace sluice::agent
