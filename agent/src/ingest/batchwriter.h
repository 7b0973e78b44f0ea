#pragma once

#include "config.h"
#include "ingest/batchrouter.h"
#include "ingest/kafka.h"

#include <QMutex>
#include <QThread>
#include <QWaitCondition>

#include <atomic>
#include <functional>
#include <memory>
#include <optional>

namespace sluice::agent {

// Writes routed batches to the store on a thread of its own (`sluice-store`), one transaction each,
// in the order they were routed, and only then stores their offsets for the next commit: the
// consuming thread routes the next batch while this one waits for the disk. push() blocks until the
// previous batch is written, so a slow or failing store holds consumption back.
class BatchWriter {
public:
    struct Batch {
        BatchRouter::Output routed;
        TopicPartitionList offsets;
    };
    struct Callbacks {
        std::function<void(const QString &error)> failing; // the store refuses; retried
        // Durable, and its offsets stored: the caller commits them.
        std::function<void(BatchRouter::Output &, const IngestResult &)> written;
    };

    BatchWriter(const StoreConfig &config, rd_kafka_t *consumer, Callbacks callbacks);
    ~BatchWriter();

    void start();
    void push(Batch batch);
    // Returns once every batch pushed so far is written (or given up because the writer stops).
    void drain();
    // Stops (from any thread, also from two at once): the batches pushed so far are still written if the store takes
    // them at once; a store that refuses is not waited for (those offsets are not stored, so the messages are read
    // again).
    void stop();

private:
    void run();
    bool write(Batch &batch, class Store &store);

    StoreConfig m_config;
    rd_kafka_t *m_consumer;
    Callbacks m_callbacks;
    std::unique_ptr<QThread> m_thread;
    QMutex m_joinMutex; // around joining m_thread
    QMutex m_mutex;
    QWaitCondition m_changed;
    std::optional<Batch> m_waiting;
    bool m_busy = false; // a batch is being written
    std::atomic<bool> m_stop{false};
};

} // namespace sluice::agent
