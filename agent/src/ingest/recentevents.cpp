#include "ingest/recentevents.h"

namespace sluice::agent {

void RecentEvents::append(QList<Record> records)
{
    QMutexLocker lock(&m_mutex);
    for (Sink &sink : m_sinks) {
        for (const Record &record : std::as_const(records)) {
            if (!accepts(sink, record))
                continue;
            if (sink.queue.size() < sink.bound)
                sink.queue.append(record);
            else
                ++sink.overflow;
        }
    }
    if (m_capacity <= 0)
        return;
    // Of a batch larger than the window, only its newest part can stay.
    const qsizetype first = std::max<qsizetype>(0, records.size() - m_capacity);
    for (qsizetype i = first; i < records.size(); ++i) {
        if (m_ring.size() < m_capacity)
            m_ring.append(std::move(records[i]));
        else
            m_ring[m_next] = std::move(records[i]);
        m_next = (m_next + 1) % m_capacity;
    }
}

QList<RecentEvents::Entry> RecentEvents::latest(int count) const
{
    QList<Record> records;
    {
        QMutexLocker lock(&m_mutex);
        const qsizetype size = m_ring.size();
        for (qsizetype i = 1; i <= std::min<qsizetype>(count, size); ++i)
            records.append(m_ring.at((m_next - i + size) % size));
    }
    QList<Entry> out;
    out.reserve(records.size());
    for (const Record &record : std::as_const(records))
        out.append(decoded(record));
    return out;
}

int RecentEvents::addSink(std::optional<TypeSelector> types, EventFilter filter, qsizetype bound)
{
    QMutexLocker lock(&m_mutex);
    const int id = ++m_nextSink;
    m_sinks.insert(id, Sink{std::move(types), std::move(filter), bound, {}, 0});
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
    QList<Record> records;
    {
        QMutexLocker lock(&m_mutex);
        auto it = m_sinks.find(id);
        if (it == m_sinks.end())
            return {};
        if (overflow)
            *overflow = std::exchange(it->overflow, 0);
        records = std::exchange(it->queue, {});
    }
    QList<Entry> out;
    out.reserve(records.size());
    for (const Record &record : std::as_const(records))
        out.append(decoded(record));
    return out;
}

bool RecentEvents::accepts(const Sink &sink, const Record &record) const
{
    if (sink.types && !sink.types->matches(record.type))
        return false;
    // The type is known without decoding; only a filter needs the event itself.
    return sink.filter.isEmpty() || sink.filter.matches(decoded(record).event);
}

RecentEvents::Entry RecentEvents::decoded(const Record &record) const
{
    DecodeResult result = m_decoder.decode(record.record);
    return {result.event ? std::move(*result.event) : CloudEvent(), record.matched, record.receivedAt, record.record};
}

} // namespace sluice::agent
