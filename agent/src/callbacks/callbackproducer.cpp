#include "callbacks/callbackproducer.h"

#include "config.h"

using namespace Qt::Literals::StringLiterals;

namespace sluice::agent {

CallbackProducer::CallbackProducer(QString brokers, const KafkaConfig &kafka, std::chrono::milliseconds timeout)
    : m_brokers(std::move(brokers))
    , m_kafka(kafka)
    , m_timeout(timeout)
{
    // While anything waits for its acknowledgement; librdkafka reports it from rd_kafka_poll.
    m_poll.setInterval(1);
    connect(&m_poll, &QTimer::timeout, this, &CallbackProducer::poll);
}

CallbackProducer::~CallbackProducer()
{
    if (m_producer)
        rd_kafka_flush(m_producer.get(), 2000); // reports what it can; the rest is answered as failed
    const auto pending = std::exchange(m_pending, {});
    for (const Done &done : pending)
        done({u"the agent is stopping"_s});
}

bool CallbackProducer::start(QString *error)
{
    KafkaConf conf;
    const QList<std::pair<QString, QString>> settings = {
        {u"bootstrap.servers"_s, m_brokers},
        {u"client.id"_s, u"sluice-callbacks"_s},
        {u"enable.idempotence"_s, u"true"_s}, // acks=all, no duplicates or reordering on retries
        {u"linger.ms"_s, u"1"_s},
        {u"message.timeout.ms"_s, QString::number(m_timeout.count())},
    };
    for (const auto &[name, value] : settings) {
        if (!conf.set(name, value, error))
            return false;
    }
    if (!setConnectionProperties(conf, m_kafka, error))
        return false;
    conf.logToCategory();
    rd_kafka_conf_set_dr_msg_cb(conf.get(), onDelivered);
    rd_kafka_conf_set_opaque(conf.get(), this);
    m_producer = conf.create(RD_KAFKA_PRODUCER, error);
    return bool(m_producer);
}

void CallbackProducer::produce(const QString &topic, const KafkaMessage &message, Done done)
{
    const quint64 id = m_next++;
    const rd_kafka_resp_err_t err = agent::produce(m_producer.get(), topic, message.key, message.value, message.headers,
                                                   reinterpret_cast<void *>(quintptr(id)));
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
        done({QString::fromUtf8(rd_kafka_err2str(err))});
        return;
    }
    m_pending.insert(id, std::move(done));
    if (!m_poll.isActive())
        m_poll.start();
}

void CallbackProducer::onDelivered(rd_kafka_t *, const rd_kafka_message_t *message, void *opaque)
{
    Report report;
    if (message->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
        report.error = QString::fromUtf8(rd_kafka_err2str(message->err));
    } else {
        report.partition = int(message->partition);
        report.offset = qint64(message->offset);
    }
    static_cast<CallbackProducer *>(opaque)->delivered(quint64(quintptr(message->_private)), report);
}

void CallbackProducer::delivered(quint64 id, const Report &report)
{
    if (Done done = m_pending.take(id))
        done(report);
}

void CallbackProducer::poll()
{
    rd_kafka_poll(m_producer.get(), 0);
    if (m_pending.isEmpty())
        m_poll.stop();
}

} // namespace sluice::agent
