#pragma once

#include "config.h"
#include "ingest/decoder.h"
#include "ingest/recentevents.h"
#include "ingest/router.h"
#include "ingest/typeindex.h"
#include "queue/deliveryqueue.h"

#include <QList>
#include <QThreadPool>

#include <librdkafka/rdkafka.h>

#include <functional>

namespace sluice::agent {

// Turns one polled batch of Kafka messages into what the store takes in one transaction: the
// deliveries of the events some subscription selects, the quarantine, the latest event per subject
// where initial events need it, and the records for the recent window.
//
// An event nobody wants costs a scan of its bytes and a count in the register, and no allocation:
//  1. every message's envelope is scanned on its own bytes (in parallel);
//  2. in message order, its type is looked up in the type index and counted in the register;
//     this decides whether the event is needed at all (a subscription's type selects it, the
//     register samples it, initial events keep it);
//  3. only those are decoded into a CloudEvent and routed (in parallel), and so are the messages
//     the scan could not read, which the decoder also gives the quarantine reason for;
//  4. the results are collected in message order.
// Parallel work is split into contiguous parts of the batch, and everything comes back in message
// order, so per-partition order holds.
class BatchRouter {
public:
    struct Output {
        QList<IngestItem> items;
        QList<QuarantineItem> quarantine;
        QList<LatestItem> latest;
        QList<RecentEvents::Record> recent;
        quint64 matched = 0;     // events some subscription selected
        quint64 filteredOut = 0; // events none wanted
    };

    // threads: how many decode at once (the calling thread is one of them).
    BatchRouter(const AgentConfig &config, const Router *router, RecentEvents *recent, int threads);

    // The messages' offsets are the caller's; errors in messages are logged and skipped.
    Output route(const QList<rd_kafka_message_t *> &messages, qint64 receivedAt);

private:
    // What one message became, kept between batches so that its buffers are reused.
    struct Slot {
        KafkaRecord record;
        Envelope envelope;
        bool skip = false;       // a consume error
        bool needed = false;     // decoded and routed
        TypeIndex::Entry type;   // when the envelope was readable
        RegisterVerdict verdict; // when the envelope was readable
        DecodeResult decoded;
        Router::Route route;
    };

    void parallel(qsizetype count, const std::function<void(qsizetype)> &work);
    void read(const QList<rd_kafka_message_t *> &messages);
    void count(qsizetype size, qint64 receivedAt, Output &out);
    void decide(Slot &slot, qint64 receivedAt) const;
    void collect(qsizetype size, qint64 receivedAt, Output &out);
    bool keepsLatest(const Slot &slot);

    const AgentConfig &m_config;
    Decoder m_decoder;
    const Router *m_router;
    RecentEvents *m_recent;
    TypeIndex m_types;
    QList<Slot> m_slots;
    QHash<const rd_kafka_topic_t *, QString> m_topics;
    QThreadPool m_pool;
    int m_threads;
};

} // namespace sluice::agent
