#pragma once

#include "callbacks/callbackrequest.h"
#include "config.h"
#include "ingest/kafka.h"

#include <QHash>
#include <QObject>
#include <QTimer>

#include <functional>

namespace sluice::agent {

// Produces callers' events to the internal Kafka, idempotent and acknowledged by all in-sync
// replicas, and reports each one's fate on the agent's thread: acknowledged (with its partition
// and offset) or failed (with why).
class CallbackProducer : public QObject {
    Q_OBJECT

public:
    struct Report {
        QString error; // empty: acknowledged
        int partition = -1;
        qint64 offset = -1;
    };
    using Done = std::function<void(const Report &report)>;

    CallbackProducer(QString brokers, const KafkaConfig &kafka, std::chrono::milliseconds timeout);
    ~CallbackProducer() override;

    bool start(QString *error);
    void produce(const QString &topic, const KafkaMessage &message, Done done);
    int inFlight() const { return int(m_pending.size()); }

private:
    static void onDelivered(rd_kafka_t *rk, const rd_kafka_message_t *message, void *opaque);
    void delivered(quint64 id, const Report &report);
    void poll();

    QString m_brokers;
    KafkaConfig m_kafka;
    std::chrono::milliseconds m_timeout;
    KafkaHandle m_producer;
    QTimer m_poll;
    QHash<quint64, Done> m_pending;
    quint64 m_next = 1;
};

} // namespace sluice::agent
