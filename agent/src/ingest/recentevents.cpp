#include "ingest/recentevents.h"

namespace sluice::agent {

void RecentEvents::append(QList<Entry> entries)
{
    QMutexLocker lock(&m_mutex);
    for (Sink &sink : m_sinks) {
        for (const Entry &entry : std::as_const(entries)) {
            if (!sink.accept(entry))
                continue;
            if (sink.queue.size() < sink.bound)
                sink.queue.append(entry);
            else
                ++sink.overflow;
        }
    }
    if (m_capacity <= 0)
        return;
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

namespace sluice::agent {

int RecentEvents::addSink(Accept accept, qsizetype bound)
{
    QMutexLocker lock(&m_mutex);
    const int id = ++m_nextSink;
    m_sinks.insert(id, Sink{std::move(accept), bound, {}, 0});
    m_sinkCount = int(m_sinks.size());
    return id;
}

void RecentEvents::removeSink(int id)
{
    QMutexLocker lock(&m_mutex);
    m_sinks.remove(id);
    m_sinkCount = int(m_sinks.size());
}

QList<RecentEvents::Entry> RecentEvents::drain(int id, qint64 *overflow)
{
    QMutexLocker lock(&m_mutex);
    auto it = m_sinks.find(id);
    if (it == m_sinks.end())
        return {};
    if (overflow)
        *overflow = std::exchange(it->overflow, 0);
    return std::exchange(it->queue, {});
}

} // namespace sluice::agent
