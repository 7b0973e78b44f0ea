#pragma once

#include "cloudevent.h"
#include "eventfilter.h"
#include "ingest/decoder.h"

#include <QHash>
#include <QList>
#include <QMutex>
#include <QStringList>

#include <atomic>
#include <optional>

namespace sluice::agent {

// A bounded window of the most recent events, matched or not, for live views and dry-runs.
// Written by the consumer thread, read from the main thread. The window keeps the Kafka records
// as they came and decodes one only when somebody reads it: most are overwritten unread.
class RecentEvents {
public:
    // An event as the consumer saw it.
    struct Record {
        KafkaRecord record; // owning its bytes
        QString type;
        QStringList matched; // the subscriptions that selected it
        qint64 receivedAt = 0;
    };
    // An event as readers get it: decoded.
    struct Entry {
        CloudEvent event;
        QStringList matched;
        qint64 receivedAt = 0;
        KafkaRecord record; // as it came from Kafka: topic, partition, offset, key, headers, value
    };

    RecentEvents(int capacity, const DecodingConfig &decoding)
        : m_decoder(decoding)
        , m_capacity(capacity)
    {
    }

    int capacity() const { return m_capacity; }
    void append(QList<Record> records);
    QList<Entry> latest(int count) const; // newest first

    // A live view: every event appended from now on that the types (unset: all) and the filter
    // select is queued for it (on the consumer's thread, so none is missed however fast they
    // come), up to `bound`; beyond that they are counted. drain() takes what was queued.
    int addSink(std::optional<TypeSelector> types, EventFilter filter, qsizetype bound);
    void removeSink(int id);
    bool hasSinks() const { return m_sinkCount.load() > 0; }
    QList<Entry> drain(int id, qint64 *overflow);

private:
    struct Sink {
        std::optional<TypeSelector> types;
        EventFilter filter;
        qsizetype bound = 0;
        QList<Record> queue;
        qint64 overflow = 0;
    };
    bool accepts(const Sink &sink, const Record &record) const;
    // Records are appended only once they were decoded without fault: this does not fail.
    Entry decoded(const Record &record) const;

    Decoder m_decoder;
    mutable QMutex m_mutex;
    QList<Record> m_ring;
    qsizetype m_next = 0;
    QHash<int, Sink> m_sinks;
    int m_nextSink = 0;
    std::atomic<int> m_sinkCount{0};
    int m_capacity;
};

} // namespace sluice::agent
