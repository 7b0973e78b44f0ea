#include "ingest/typeindex.h"

namespace sluice::agent {

namespace {

// A bus with more distinct types than this is unusual; the index starts again rather than grow.
constexpr size_t kMaxTypes = 20'000;

} // namespace

TypeIndex::TypeIndex(std::shared_ptr<const QList<Subscription>> subscriptions, bool keepLatest,
                     TypeSelector keepLatestFor)
    : m_subscriptions(std::move(subscriptions))
    , m_keepLatest(keepLatest)
    , m_keepLatestFor(std::move(keepLatestFor))
{
}

const TypeIndex::Entry &TypeIndex::of(QByteArrayView type)
{
    const std::string_view key(type.data(), size_t(type.size()));
    if (const auto it = m_entries.find(key); it != m_entries.end())
        return it->second;
    if (m_entries.size() >= kMaxTypes)
        m_entries.clear();
    Entry entry;
    entry.type = QString::fromUtf8(type);
    entry.keepLatest = m_keepLatest && m_keepLatestFor.matches(entry.type);
    for (qsizetype i = 0; i < m_subscriptions->size(); ++i) {
        const Subscription &subscription = m_subscriptions->at(i);
        if (!subscription.types.matches(entry.type))
            continue;
        if (subscription.enabled)
            entry.selecting.append(i);
        entry.keepLatest = entry.keepLatest || (m_keepLatest && subscription.initialEvents);
    }
    return m_entries.emplace(std::string(key), std::move(entry)).first->second;
}

} // namespace sluice::agent
