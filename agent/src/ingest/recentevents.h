#pragma once

#include "cloudevent.h"

#include <QHash>
#include <QList>
#include <QMutex>
#include <QStringList>

#include <atomic>
#include <functional>

namespace sluice::agent {

// A bounded window of the most recent events, matched or not, for live views and dry-runs.
// Written by the consumer thread, read from the main thread.
class RecentEvents {
public:
    struct Entry {
        CloudEvent event;
        QStringList matched;
        qint64 receivedAt = 0;
    };

    explicit RecentEvents(int capacity)
        : m_capacity(capacity)
    {
    }

    void append(QList<Entry> entries);
    QList<Entry> latest(int count) const; // newest first

    // A live view: every event appended from now on that `accept` takes is queued for it (on the
    // consumer's thread, so none is missed however fast they come), up to `bound`; beyond that
    // they are counted. drain() takes what was queued.
    using Accept = std::function<bool(const Entry &)>;
    int addSink(Accept accept, qsizetype bound);
    void removeSink(int id);
    bool hasSinks() const { return m_sinkCount.load() > 0; }
    QList<Entry> drain(int id, qint64 *overflow);

private:
    mutable QMutex m_mutex;
    QList<Entry> m_ring;
    qsizetype m_next = 0;
    struct Sink {
        Accept accept;
        qsizetype bound = 0;
        QList<Entry> queue;
        qint64 overflow = 0;
    };
    QHash<int, Sink> m_sinks;
    int m_nextSink = 0;
    std::atomic<int> m_sinkCount{0};
    int m_capacity;
};

} // namespace sluice::agent
