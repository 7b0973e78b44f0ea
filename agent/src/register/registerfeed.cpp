#include "register/registerfeed.h"

#include "register/register.h"

#include <QLoggingCategory>

using namespace Qt::Literals::StringLiterals;

Q_DECLARE_LOGGING_CATEGORY(lcRegister)

namespace sluice::agent {

namespace {

constexpr int kMetadataRetryMs = 5000;

} // namespace

RegisterFeed::RegisterFeed(EventRegister *eventRegister, const AgentConfig &config, QString brokers)
    : m_register(eventRegister)
    , m_config(config)
    , m_brokers(std::move(brokers))
    , m_decoder(config.decoding)
{
}

RegisterFeed::~RegisterFeed()
{
    stop();
}

bool RegisterFeed::start(QString *error)
{
    KafkaConf conf;
    for (auto it = m_config.kafka.properties.constBegin(); it != m_config.kafka.properties.constEnd(); ++it) {
        // Security and tuning apply to this reader too; group settings do not, it has no group.
        if (it.key().startsWith(u"group.") || it.key().startsWith(u"enable.auto.") ||
            it.key() == u"partition.assignment.strategy" || it.key().startsWith(u"session.") ||
            it.key().startsWith(u"heartbeat."))
            continue;
        if (!conf.set(it.key(), it.value(), error))
            return false;
    }
    if (!conf.set(u"bootstrap.servers"_s, m_brokers, error) || !conf.set(u"client.id"_s, u"sluice-register"_s, error) ||
        // Partitions are assigned, never subscribed to, so this group is never joined or committed
        // to; librdkafka's consumer still wants one.
        !conf.set(u"group.id"_s, u"sluice-register-reader"_s, error) ||
        !conf.set(u"enable.auto.commit"_s, u"false"_s, error) ||
        !conf.set(u"enable.partition.eof"_s, u"true"_s, error) || !conf.set(u"fetch.wait.max.ms"_s, u"100"_s, error))
        return false;
    conf.logToCategory();
    m_consumer = conf.create(RD_KAFKA_CONSUMER, error);
    if (!m_consumer)
        return false;
    rd_kafka_poll_set_consumer(m_consumer.get());
    m_stop = false;
    m_thread.reset(QThread::create([this] { run(); }));
    m_thread->setObjectName(u"sluice-register"_s);
    m_thread->start();
    return true;
}

void RegisterFeed::stop()
{
    if (!m_thread)
        return;
    m_stop = true;
    m_thread->wait();
    m_thread.reset();
    if (m_consumer)
        rd_kafka_consumer_close(m_consumer.get());
    m_consumer.reset();
}

bool RegisterFeed::assignPartitions()
{
    const QByteArray topic = m_config.eventRegister.topic.toUtf8();
    rd_kafka_topic_t *handle = rd_kafka_topic_new(m_consumer.get(), topic.constData(), nullptr);
    const rd_kafka_metadata_t *metadata = nullptr;
    const rd_kafka_resp_err_t err = rd_kafka_metadata(m_consumer.get(), 0, handle, &metadata, 5000);
    rd_kafka_topic_destroy(handle);
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR || metadata->topic_cnt < 1 || metadata->topics[0].err ||
        metadata->topics[0].partition_cnt == 0) {
        if (metadata)
            rd_kafka_metadata_destroy(metadata);
        return false;
    }
    TopicPartitionList partitions(rd_kafka_topic_partition_list_new(metadata->topics[0].partition_cnt));
    m_endOffsets.clear();
    for (int i = 0; i < metadata->topics[0].partition_cnt; ++i) {
        const int partition = metadata->topics[0].partitions[i].id;
        rd_kafka_topic_partition_list_add(partitions.get(), topic.constData(), partition)->offset =
            RD_KAFKA_OFFSET_BEGINNING;
        int64_t low = 0, high = 0;
        if (rd_kafka_query_watermark_offsets(m_consumer.get(), topic.constData(), partition, &low, &high, 5000) ==
                RD_KAFKA_RESP_ERR_NO_ERROR &&
            high > low)
            m_endOffsets.append({partition, high});
    }
    rd_kafka_metadata_destroy(metadata);
    rd_kafka_assign(m_consumer.get(), partitions.get());
    qCInfo(lcRegister).noquote() << u"reading module definitions from %1 (%2 partitions)"_s.arg(
        m_config.eventRegister.topic, QString::number(partitions->cnt));
    if (m_endOffsets.isEmpty())
        m_caughtUp = true;
    return true;
}

void RegisterFeed::handle(const rd_kafka_message_t *message)
{
    const KafkaRecord record = recordOf(message);
    const QString origin = u"%1[%2]@%3"_s.arg(record.topic).arg(record.partition).arg(record.offset);
    if (record.valueIsNull)
        return; // a tombstone: the register keeps its entries; a module deprecates a type instead
    DecodeResult decoded = m_decoder.decode(record);
    QString why;
    if (!decoded.event) {
        m_register->recordRejection(QString::fromUtf8(record.key), origin,
                                    u"not a CloudEvent: %1"_s.arg(decoded.error()));
        ++m_rejected;
    } else if (m_register->applyDefinition(*decoded.event, origin, &why)) {
        ++m_applied;
    } else {
        ++m_rejected;
    }
    for (qsizetype i = 0; i < m_endOffsets.size(); ++i) {
        if (m_endOffsets.at(i).first == record.partition && record.offset + 1 >= m_endOffsets.at(i).second)
            m_endOffsets.removeAt(i--);
    }
    if (m_endOffsets.isEmpty() && !m_caughtUp) {
        m_caughtUp = true;
        qCInfo(lcRegister) << "register topic read:" << m_applied << "definitions applied," << m_rejected << "rejected";
    }
}

void RegisterFeed::run()
{
    bool assigned = false;
    bool warned = false;
    while (!m_stop && !assigned) {
        assigned = assignPartitions();
        if (assigned)
            break;
        if (!warned) {
            qCWarning(lcRegister).noquote() << "the register topic" << m_config.eventRegister.topic
                                            << "does not exist (yet); modules cannot register events until it does."
                                            << "Checking every" << kMetadataRetryMs / 1000 << "s";
            warned = true;
        }
        for (int waited = 0; waited < kMetadataRetryMs && !m_stop; waited += 100)
            QThread::msleep(100);
    }
    while (!m_stop) {
        rd_kafka_message_t *message = rd_kafka_consumer_poll(m_consumer.get(), 100);
        if (!message)
            continue;
        if (message->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
            for (qsizetype i = 0; i < m_endOffsets.size(); ++i) {
                if (m_endOffsets.at(i).first == message->partition)
                    m_endOffsets.removeAt(i--);
            }
            if (m_endOffsets.isEmpty())
                m_caughtUp = true;
        } else if (message->err) {
            qCWarning(lcRegister, "register topic: %s", rd_kafka_message_errstr(message));
        } else {
            handle(message);
        }
        rd_kafka_message_destroy(message);
    }
}

} // namespace sluice::agent
