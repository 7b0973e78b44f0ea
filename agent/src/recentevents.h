#pragma once

#include "cloudevent.h"

#include <QList>
#include <QMutex>
#include <QStringList>

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

private:
    mutable QMutex m_mutex;
    QList<Entry> m_ring;
    qsizetype m_next = 0;
    int m_capacity;
};

} // namespace sluice::agent
