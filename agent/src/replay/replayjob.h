#pragma once

#include "replay/replayplan.h"
#include "subscription.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <memory>

namespace sluice::agent {

class Agent;
class ReplayReader;
struct IngestItem;

// What a replay is asked: a subscription, a time range or offsets, a dry-run or not.
struct ReplayRequest {
    QString subscription;
    qint64 fromMs = -1; // a time range (ms since the epoch; to: -1 for now), or ...
    qint64 toMs = -1;
    QList<OffsetRange> offsets; // ... offsets per partition (to: exclusive; -1: to the end)
    bool dryRun = false;
    int examples = 5;
    int eventsPerSecond = 200; // the pace replay deliveries are stored at
};

// One replay (docs/operations.md#replay): reads the subscription's topics again with a consumer
// outside the agent's group (ReplayReader, a thread of its own), applies the subscription's
// current filter and the register's rules, and stores a replay delivery for each event it
// selects: low priority, paced, marked with the job. A dry-run only counts and keeps examples.
// Offsets Kafka no longer has are reported as gaps. Lives on the agent's thread.
class ReplayJob : public QObject {
    Q_OBJECT

public:
    enum class State { Planning, Running, Finished, Stopped, Failed };

    ReplayJob(Agent *agent, const Subscription &subscription, ReplayRequest request, QObject *parent = nullptr);
    ~ReplayJob() override;

    const QString &id() const { return m_id; }
    const QString &subscription() const { return m_request.subscription; }
    State state() const { return m_state; }
    qint64 endedAt() const { return m_endedAt; }
    bool finished() const { return m_state != State::Planning && m_state != State::Running; }
    void start();
    void stop();
    QJsonObject toJson() const;

Q_SIGNALS:
    void changed(); // progress, a gap, the end

private:
    friend class ReplayReader;
    // From the reader (posted to this thread):
    void planned(const ReplayPlan &plan);
    void gap(const OffsetRange &range, const QString &why);
    void progress(qint64 read, qint64 matched, qint64 unreadable, const QJsonArray &examples);
    void take(QList<IngestItem> items);
    void ended(const QString &error);

    Agent *m_agent;
    QString m_id;
    ReplayRequest m_request;
    State m_state = State::Planning;
    std::unique_ptr<ReplayReader> m_reader;
    qint64 m_total = 0;
    qint64 m_read = 0;
    qint64 m_matched = 0;
    qint64 m_unreadable = 0;
    qint64 m_stored = 0;
    QJsonArray m_gaps;
    QJsonArray m_examples;
    QString m_error;
    qint64 m_startedAt = 0;
    qint64 m_endedAt = 0;
    bool m_stopAsked = false;
    QTimer m_pace;
};

QString replayStateName(ReplayJob::State state);

} // namespace sluice::agent
