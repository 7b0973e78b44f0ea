#include "ingest/kafka.h"

#include "config.h"
#include "ingest/decoder.h"

#include <QLoggingCategory>

#include <librdkafka/rdkafka_mock.h>

using namespace Qt::Literals::StringLiterals;

Q_LOGGING_CATEGORY(lcKafka, "sluice.agent.kafka")

namespace sluice::agent {

namespace {

void logFromKafka(const rd_kafka_t *, int level, const char *facility, const char *message)
{
    // syslog levels: 0-3 are errors, 4 warnings, 5-6 notices and info, 7 debug.
    if (level <= 4)
        qCWarning(lcKafka, "%s: %s", facility, message);
    else if (level <= 6)
        qCInfo(lcKafka, "%s: %s", facility, message);
    else
        qCDebug(lcKafka, "%s: %s", facility, message);
}

void errorFromKafka(rd_kafka_t *, int err, const char *reason, void *)
{
    qCWarning(lcKafka, "%s: %s", rd_kafka_err2name(rd_kafka_resp_err_t(err)), reason);
}

} // namespace

KafkaRecord recordOf(const rd_kafka_message_t *message)
{
    KafkaRecord record;
    readRecord(message, QString::fromUtf8(rd_kafka_topic_name(message->rkt)), record);
    return record;
}

void readRecord(const rd_kafka_message_t *message, const QString &topic, KafkaRecord &into)
{
    const auto borrowed = [](const void *data, size_t size) {
        return QByteArray::fromRawData(static_cast<const char *>(data), qsizetype(size));
    };
    into.topic = topic;
    into.partition = message->partition;
    into.offset = message->offset;
    rd_kafka_timestamp_type_t type;
    into.timestampMs = rd_kafka_message_timestamp(message, &type);
    into.key = message->key ? borrowed(message->key, message->key_len) : QByteArray();
    into.valueIsNull = message->payload == nullptr;
    into.value = message->payload ? borrowed(message->payload, message->len) : QByteArray();
    into.headers.clear(); // keeps its capacity
    rd_kafka_headers_t *headers = nullptr;
    // Only a message that carries headers has them parsed (rd_kafka_message_headers does it once).
    if (rd_kafka_message_headers(message, &headers) == RD_KAFKA_RESP_ERR_NO_ERROR) {
        const char *name;
        const void *value;
        size_t size;
        for (size_t i = 0; rd_kafka_header_get_all(headers, i, &name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR; ++i)
            into.headers.append({borrowed(name, strlen(name)), borrowed(value, size)});
    }
}

void KafkaConf::logToCategory()
{
    rd_kafka_conf_set_log_cb(m_conf, logFromKafka);
    rd_kafka_conf_set_error_cb(m_conf, errorFromKafka);
}

KafkaConf::KafkaConf()
    : m_conf(rd_kafka_conf_new())
{
}

KafkaConf::~KafkaConf()
{
    if (m_conf)
        rd_kafka_conf_destroy(m_conf);
}

bool KafkaConf::set(const QString &name, const QString &value, QString *error)
{
    char reason[512];
    if (rd_kafka_conf_set(m_conf, name.toUtf8().constData(), value.toUtf8().constData(), reason, sizeof reason) !=
        RD_KAFKA_CONF_OK) {
        if (error)
            *error = u"Kafka property \"%1\": %2"_s.arg(name, QString::fromUtf8(reason));
        return false;
    }
    return true;
}

KafkaHandle KafkaConf::create(rd_kafka_type_t type, QString *error)
{
    char reason[512];
    rd_kafka_conf_t *conf = std::exchange(m_conf, nullptr);
    rd_kafka_t *rk = rd_kafka_new(type, conf, reason, sizeof reason);
    if (!rk) {
        rd_kafka_conf_destroy(conf);
        if (error)
            *error = u"cannot create the Kafka client: %1"_s.arg(QString::fromUtf8(reason));
    }
    return KafkaHandle(rk);
}

bool setConnectionProperties(KafkaConf &conf, const KafkaConfig &kafka, QString *error)
{
    for (auto it = kafka.properties.constBegin(); it != kafka.properties.constEnd(); ++it) {
        if ((it.key().startsWith(u"security.") || it.key().startsWith(u"sasl.") || it.key().startsWith(u"ssl.")) &&
            !conf.set(it.key(), it.value(), error))
            return false;
    }
    return true;
}

rd_kafka_resp_err_t produce(rd_kafka_t *producer, const QString &topic, const QByteArray &key, const QByteArray &value,
                            const KafkaHeaders &headers, void *opaque)
{
    rd_kafka_headers_t *hdrs = rd_kafka_headers_new(size_t(headers.size()));
    for (const auto &[name, v] : headers)
        rd_kafka_header_add(hdrs, name.constData(), name.size(), v.constData(), v.size());
    const QByteArray topicName = topic.toUtf8();
    const rd_kafka_resp_err_t err = rd_kafka_producev(
        producer, RD_KAFKA_V_TOPIC(topicName.constData()), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
        RD_KAFKA_V_KEY(key.isEmpty() ? nullptr : key.constData(), size_t(key.size())),
        RD_KAFKA_V_VALUE(value.isNull() ? nullptr : const_cast<char *>(value.constData()), size_t(value.size())),
        RD_KAFKA_V_HEADERS(hdrs), RD_KAFKA_V_OPAQUE(opaque), RD_KAFKA_V_END);
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR)
        rd_kafka_headers_destroy(hdrs); // on success the message owns them
    return err;
}

std::unique_ptr<EmbeddedCluster> EmbeddedCluster::start(int brokers, QString *error)
{
    std::unique_ptr<EmbeddedCluster> cluster(new EmbeddedCluster);
    KafkaConf conf;
    // The owning handle only does book-keeping for the cluster; keep it quiet.
    if (!conf.set(u"log_level"_s, u"3"_s, error))
        return nullptr;
    cluster->m_owner = conf.create(RD_KAFKA_PRODUCER, error);
    if (!cluster->m_owner)
        return nullptr;
    cluster->m_cluster = rd_kafka_mock_cluster_new(cluster->m_owner.get(), brokers);
    cluster->m_brokers = brokers;
    if (!cluster->m_cluster) {
        if (error)
            *error = u"cannot start the embedded Kafka cluster"_s;
        return nullptr;
    }
    return cluster;
}

EmbeddedCluster::~EmbeddedCluster()
{
    if (m_cluster)
        rd_kafka_mock_cluster_destroy(m_cluster);
}

QString EmbeddedCluster::bootstraps() const
{
    return QString::fromUtf8(rd_kafka_mock_cluster_bootstraps(m_cluster));
}

void EmbeddedCluster::setBrokersUp(bool up)
{
    for (int broker = 1; broker <= m_brokers; ++broker) {
        if (up)
            rd_kafka_mock_broker_set_up(m_cluster, broker);
        else
            rd_kafka_mock_broker_set_down(m_cluster, broker);
    }
}

bool EmbeddedCluster::createTopic(const QString &name, int partitions, QString *error)
{
    const rd_kafka_resp_err_t err = rd_kafka_mock_topic_create(m_cluster, name.toUtf8().constData(), partitions, 1);
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR && err != RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS) {
        if (error)
            *error = u"cannot create topic \"%1\" in the embedded cluster: %2"_s.arg(
                name, QString::fromUtf8(rd_kafka_err2str(err)));
        return false;
    }
    return true;
}

} // namespace sluice::agent
