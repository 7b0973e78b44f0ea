#pragma once

#include "config.h"
#include "ingest/batchrouter.h"
#include "ingest/decoder.h"
#include "ingest/kafka.h"
#include "ingest/recentevents.h"

#include <QElapsedTimer>
#include <QMutex>
#include <QObject>
#include <QThread>

#include <atomic>
#include <memory>

namespace sluice::agent {

struct IngestCounters {
    std::atomic<quint64> consumed{0};
    std::atomic<quint64> matched{0};     // events that matched at least one subscription
    std::atomic<quint64> filteredOut{0}; // events no subscription wanted: counted, not stored
    std::atomic<quint64> quarantined{0};
    std::atomic<quint64> deliveriesCreated{0};
    std::atomic<quint64> duplicates{0};
};

// Consumes Kafka on its own thread: poll a batch, decode and match it (BatchRouter), and hand it to
// the store's thread (BatchWriter), which writes everything the batch causes in one transaction and
// only then stores the offsets and commits them.
class Router;
class BatchWriter;

// How far the agent is behind one partition: the broker's newest offset minus its position.
struct PartitionLag {
    QString topic;
    int partition = 0;
    qint64 lag = 0;
};

class Ingest : public QObject {
    Q_OBJECT

public:
    // The router decides where each decoded event goes (and lets the register count and validate it).
    Ingest(const AgentConfig &config, QString brokers, RecentEvents *recent, const Router *router,
           QObject *parent = nullptr);
    ~Ingest() override;

    bool start(QString *error);
    // Stops consuming, commits what is safe and closes the consumer. Blocks until the thread is done.
    void stop();

    const IngestCounters &counters() const { return m_counters; }
    int assignedPartitions() const { return m_assignedPartitions.load(); }
    // The group gave this agent its share, perhaps none (a standby while others consume).
    bool isGroupMember() const { return m_member.load(); }
    // group.instance.id: kafka.instanceId, or derived from the host name and the store and
    // listen addresses (stable across restarts, distinct for agents on one host); empty: none.
    static QString instanceId(const AgentConfig &config);
    // Per assigned partition, refreshed every two seconds from what the fetches reported.
    QList<PartitionLag> lag() const;

Q_SIGNALS:
    void stored(int deliveries);
    void storeFailing(const QString &error);

private:
    void run();
    void written(BatchRouter::Output &routed, const IngestResult &result); // on the store's thread
    // Where each partition of the batch resumes: the offset after its last message.
    static TopicPartitionList offsetsAfter(const QList<rd_kafka_message_t *> &messages);
    // Commits the stored offsets; from the consuming thread or the store's.
    void commit(bool synchronous);
    void measureLag();
    static void onCommitted(rd_kafka_t *rk, rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t *offsets,
                            void *opaque);
    static void onRebalance(rd_kafka_t *rk, rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t *partitions,
                            void *opaque);

    AgentConfig m_config;
    QString m_brokers;
    RecentEvents *m_recent;
    const Router *m_router;
    KafkaHandle m_consumer;
    std::unique_ptr<BatchWriter> m_writer;
    std::unique_ptr<QThread> m_thread;
    std::atomic<bool> m_stop{false};
    std::atomic<int> m_assignedPartitions{0};
    std::atomic<bool> m_member{false};
    std::atomic<bool> m_commitFailed{false};
    IngestCounters m_counters;

    mutable QMutex m_lagMutex;
    QList<PartitionLag> m_lag;
};

} // namespace sluice::agent
