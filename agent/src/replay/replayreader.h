#pragma once

#include "config.h"
#include "ingest/decoder.h"
#include "ingest/kafka.h"
#include "replay/replayjob.h"

#include <QPointer>
#include <QSemaphore>

#include <atomic>
#include <memory>
#include <set>

class QThread;

namespace sluice::agent {

class Router;

// A replay's reading, on a thread of its own: a Kafka consumer that belongs to no group and
// commits nothing (live consumption is untouched), the topics the agent consumes, what Kafka
// still keeps of them (watermarks), where the range starts and ends (offsetsForTimes, or the
// offsets asked), then every message in it: decoded as the pipeline decodes, routed to the one
// subscription as the pipeline would route it now. Reports go to the job on its thread; batches
// wait for the job's leave (grant), which paces them.
class ReplayReader {
public:
    ReplayReader(ReplayJob *job, const AgentConfig &config, QString brokers, const Router *router,
                 Subscription subscription, ReplayRequest request);
    ~ReplayReader(); // stops and waits for the thread

    void start();
    void stop() { m_stop = true; }
    void grant() { m_credits.release(); } // the next batch may come

    static constexpr int kBatch = 200;

private:
    void run();
    bool connect(QString *error);
    std::optional<ReplayPlan> plan(QString *error);
    QList<PartitionWindow> windows(QString *error);
    QList<qint64> offsetsAt(qint64 at, QString *error);
    bool read(const ReplayPlan &plan, QString *error);
    void noteLostBefore(const KafkaRecord &record);
    bool select(const CloudEvent &event, const KafkaRecord &record, const QByteArray &structured, QJsonArray &examples,
                QList<IngestItem> &batch);
    // Posts a call to the job on its thread (dropped if the job is gone).
    template<typename F> void report(F &&call);

    QPointer<ReplayJob> m_job;
    AgentConfig m_config;
    QString m_brokers;
    const Router *m_router;
    Subscription m_subscription;
    ReplayRequest m_request;
    Decoder m_decoder;
    KafkaHandle m_consumer;
    QList<PartitionWindow> m_windows;
    std::set<std::pair<QString, int>> m_firstSeen;
    QSemaphore m_credits{1};
    std::atomic<bool> m_stop{false};
    std::unique_ptr<QThread> m_thread;
};

} // namespace sluice::agent
