#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

#include <librdkafka/rdkafka.h>

#include <memory>

typedef struct rd_kafka_mock_cluster_s rd_kafka_mock_cluster_t;

namespace sluice::agent {

struct KafkaHandleDeleter {
    void operator()(rd_kafka_t *rk) const { rd_kafka_destroy(rk); }
};
struct TopicPartitionListDeleter {
    void operator()(rd_kafka_topic_partition_list_t *list) const { rd_kafka_topic_partition_list_destroy(list); }
};
using KafkaHandle = std::unique_ptr<rd_kafka_t, KafkaHandleDeleter>;
using TopicPartitionList = std::unique_ptr<rd_kafka_topic_partition_list_t, TopicPartitionListDeleter>;

// A librdkafka configuration under construction; every property set is checked.
class KafkaConf {
public:
    KafkaConf();
    ~KafkaConf();
    KafkaConf(const KafkaConf &) = delete;
    KafkaConf &operator=(const KafkaConf &) = delete;

    bool set(const QString &name, const QString &value, QString *error);
    rd_kafka_conf_t *get() const { return m_conf; }
    // librdkafka's log lines and errors go to the sluice.agent.kafka logging category.
    void logToCategory();

    // Creates the client; the configuration is consumed on success and on failure.
    KafkaHandle create(rd_kafka_type_t type, QString *error);

private:
    rd_kafka_conf_t *m_conf;
};

struct KafkaConfig;
// The connection's own settings from kafka.properties (security.*, sasl.*, ssl.*), for the agent's
// other clients (producers, replay readers): they reach the cluster as its consumer does.
bool setConnectionProperties(KafkaConf &conf, const KafkaConfig &kafka, QString *error);

struct KafkaRecord;
// The message as the decoder reads it; key, value and headers are borrowed from the message, not
// copied (KafkaRecord::owned() copies them). readRecord reuses a record's buffers.
KafkaRecord recordOf(const rd_kafka_message_t *message);
void readRecord(const rd_kafka_message_t *message, const QString &topic, KafkaRecord &into);

using KafkaHeaders = QList<std::pair<QByteArray, QByteArray>>;

// Hands one message to a producer (copied, so the arguments may go at once); an empty key and a
// null value go as Kafka's null. opaque comes back in the delivery report. Returns librdkafka's error.
rd_kafka_resp_err_t produce(rd_kafka_t *producer, const QString &topic, const QByteArray &key, const QByteArray &value,
                            const KafkaHeaders &headers, void *opaque = nullptr);

// The in-process Kafka-protocol cluster (librdkafka's mock cluster) used when no brokers are configured.
class EmbeddedCluster {
public:
    static std::unique_ptr<EmbeddedCluster> start(int brokers, QString *error);
    ~EmbeddedCluster();

    QString bootstraps() const;
    bool createTopic(const QString &name, int partitions, QString *error);
    // Every broker stops answering (connections refused), or answers again: an outage, on purpose.
    void setBrokersUp(bool up);

private:
    EmbeddedCluster() = default;
    KafkaHandle m_owner;
    rd_kafka_mock_cluster_t *m_cluster = nullptr;
    int m_brokers = 0;
};

} // namespace sluice::agent
