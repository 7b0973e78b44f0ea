// The register and its store: what one agent writes (definitions and counts), and definitions
// another agent sharing the store wrote, taken in.
#include "register/register.h"

#include "queue/store.h"

#include <QDateTime>
#include <QJsonDocument>

namespace sluice::agent {

bool EventRegister::flush(Store &store, QString *error)
{
    QList<std::pair<QString, QByteArray>> entries;
    QList<RegisterCount> counts;
    const bool shared = store.shared();
    {
        QMutexLocker lock(&m_mutex);
        for (auto it = m_slots.begin(); it != m_slots.end(); ++it) {
            if (!it->changed && !it->defined)
                continue;
            if (shared ? it->defined : true)
                entries.append({it.key(), QJsonDocument(it->entry.toJson()).toJson(QJsonDocument::Compact)});
            it->changed = false;
            it->defined = false;
            for (qint64 minute : std::as_const(it->changedMinutes))
                counts.append({it.key(), minute, it->perMinute[minute]});
            it->changedMinutes.clear();
            if (it->currentCount) // counted on: written again at the next flush
                it->changedMinutes.insert(it->currentMinute);
        }
    }
    if (entries.isEmpty() && counts.isEmpty())
        return true;
    if (store.registerStore().save(entries, counts, QDateTime::currentMSecsSinceEpoch() / kMinute - kMinutesPerDay,
                                   error))
        return true;
    QMutexLocker lock(&m_mutex); // written next time
    for (const auto &[type, json] : entries) {
        m_slots[type].changed = true;
        m_slots[type].defined = true;
    }
    for (const RegisterCount &c : counts)
        m_slots[c.type].changedMinutes.insert(c.minute);
    return false;
}

bool EventRegister::adopt(const QByteArray &json, QString *error)
{
    auto entry = RegisterEntry::fromJson(QJsonDocument::fromJson(json).object(), error);
    if (!entry)
        return false;
    std::shared_ptr<const JsonSchema> compiled;
    if (!entry->schema.isEmpty() && entry->origin != RegisterOrigin::Discovered) {
        compiled = JsonSchema::compile(entry->schema, error);
        if (!compiled)
            return false;
    }
    QMutexLocker lock(&m_mutex);
    m_announced.insert(entry->type);
    Slot &slot = m_slots[entry->type];
    const TypeFigures figures = slot.entry.figures;
    const int samples = slot.entry.samples;
    slot.entry = std::move(*entry);
    slot.entry.figures = figures;
    slot.entry.samples = samples;
    slot.compiled = std::move(compiled);
    return true;
}

QStringList EventRegister::takeAnnounced()
{
    QMutexLocker lock(&m_mutex);
    const QStringList types(m_announced.begin(), m_announced.end());
    m_announced.clear();
    return types;
}

} // namespace sluice::agent
