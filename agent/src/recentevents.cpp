#include "recentevents.h"

namespace sluice::agent {

void RecentEvents::append(QList<Entry> entries)
{
    if (m_capacity <= 0)
        return;
    QMutexLocker lock(&m_mutex);
    for (Entry &entry : entries) {
        if (m_ring.size() < m_capacity) {
            m_ring.append(std::move(entry));
        } else {
            m_ring[m_next] = std::move(entry);
        }
        m_next = (m_next + 1) % m_capacity;
    }
}

QList<RecentEvents::Entry> RecentEvents::latest(int count) const
{
    QMutexLocker lock(&m_mutex);
    QList<Entry> out;
    const qsizetype size = m_ring.size();
    for (qsizetype i = 1; i <= std::min<qsizetype>(count, size); ++i)
        out.append(m_ring.at((m_next - i + size) % size));
    return out;
}

} // namespace sluice::agent
