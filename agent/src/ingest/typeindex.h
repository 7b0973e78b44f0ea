#pragma once

#include "subscription.h"

#include <QByteArrayView>
#include <QList>
#include <QString>

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

namespace sluice::agent {

// Which subscriptions select an event type, compiled from every subscription's type patterns the
// first time the type is seen, then looked up by the type's UTF-8 bytes without allocating. One
// per set of subscriptions: when they change, a new index is built.
class TypeIndex {
public:
    struct Entry {
        QString type; // interned: every event of the type shares this one string
        // Enabled subscriptions whose types select it (indices into subscriptions()), in order.
        QList<qsizetype> selecting;
        // Its latest event per subject is kept: some subscription with initial events selects it
        // (enabled or not), or the configuration names it.
        bool keepLatest = false;
    };

    TypeIndex() = default;
    // keepLatest off: no type's latest events are kept; on: those of initial events and keepLatestFor.
    TypeIndex(std::shared_ptr<const QList<Subscription>> subscriptions, bool keepLatest, TypeSelector keepLatestFor);

    // The entry of a type (valid UTF-8); valid until the next call.
    const Entry &of(QByteArrayView type);
    const QList<Subscription> &subscriptions() const { return *m_subscriptions; }
    const std::shared_ptr<const QList<Subscription>> &snapshot() const { return m_subscriptions; }

private:
    struct Hash {
        using is_transparent = void;
        size_t operator()(std::string_view text) const { return std::hash<std::string_view>()(text); }
    };

    std::shared_ptr<const QList<Subscription>> m_subscriptions = std::make_shared<const QList<Subscription>>();
    bool m_keepLatest = false;
    TypeSelector m_keepLatestFor;
    std::unordered_map<std::string, Entry, Hash, std::equal_to<>> m_entries;
};

} // namespace sluice::agent
