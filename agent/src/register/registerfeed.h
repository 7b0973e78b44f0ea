#pragma once

#include "config.h"
#include "ingest/decoder.h"
#include "ingest/kafka.h"

#include <QThread>

#include <atomic>
#include <memory>

namespace sluice::agent {

class EventRegister;

// Reads the register topic, where modules publish the definitions of their event types
// (CloudEvents of type sluice.register.definition, compacted by type), and hands them to the
// register. Every agent reads every partition from the beginning at each start, without a consumer
// group: the topic is a table, not a queue, and definitions are idempotent.
class RegisterFeed {
public:
    RegisterFeed(EventRegister *eventRegister, const AgentConfig &config, QString brokers);
    ~RegisterFeed();

    bool start(QString *error);
    void stop();

    quint64 applied() const { return m_applied; }
    quint64 rejected() const { return m_rejected; }
    // True once everything on the topic at start was read (the register is complete).
    bool caughtUp() const { return m_caughtUp; }

private:
    void run();
    bool assignPartitions();
    void handle(const rd_kafka_message_t *message);

    EventRegister *m_register;
    AgentConfig m_config;
    QString m_brokers;
    Decoder m_decoder;
    KafkaHandle m_consumer;
    std::unique_ptr<QThread> m_thread;
    std::atomic<bool> m_stop{false};
    std::atomic<quint64> m_applied{0};
    std::atomic<quint64> m_rejected{0};
    std::atomic<bool> m_caughtUp{false};
    QList<std::pair<int, qint64>> m_endOffsets; // per partition, at assignment
};

} // namespace sluice::agent
