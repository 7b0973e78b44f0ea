#pragma once

// A background job's progress as jobs.get answers and the job notification tells it: a retryAll
// over deliveries, or a replay of a subscription's events (docs/protocol.md#deliveries-and-failures).

#include <QJsonArray>
#include <QJsonObject>
#include <QString>

namespace sluice {

namespace protocol::job {
inline const QString Id = QStringLiteral("id");
inline const QString Kind = QStringLiteral("kind");
inline const QString Subscription = QStringLiteral("subscription");
inline const QString State = QStringLiteral("state");
inline const QString Total = QStringLiteral("total");
inline const QString Done = QStringLiteral("done");
inline const QString Matched = QStringLiteral("matched");
inline const QString Retried = QStringLiteral("retried");
inline const QString Unreadable = QStringLiteral("unreadable");
inline const QString Stored = QStringLiteral("stored");
inline const QString Gaps = QStringLiteral("gaps");
inline const QString Examples = QStringLiteral("examples");
inline const QString StartedAt = QStringLiteral("startedAt");
inline const QString EndedAt = QStringLiteral("endedAt");
inline const QString Error = QStringLiteral("error");
// kinds
inline const QString RetryAll = QStringLiteral("retryAll");
inline const QString Replay = QStringLiteral("replay");
inline const QString ReplayDryRun = QStringLiteral("replayDryRun");
// states
inline const QString Planning = QStringLiteral("planning");
inline const QString Running = QStringLiteral("running");
inline const QString Finished = QStringLiteral("finished");
inline const QString Stopped = QStringLiteral("stopped");
inline const QString Failed = QStringLiteral("failed");
} // namespace protocol::job

struct JobProgress {
    QString id;
    QString kind;  // protocol::job::RetryAll, Replay or ReplayDryRun
    QString state; // planning (replays), running, finished, stopped (replays) or failed
    qint64 total = 0;
    qint64 done = 0;
    qint64 matched = 0;
    qint64 retried = 0; // retryAll
    QString error;      // failed: why
    // replays
    QString subscription;
    qint64 unreadable = 0;
    qint64 stored = 0;
    QJsonArray gaps;
    QJsonArray examples;
    qint64 startedAt = 0;
    qint64 endedAt = 0;

    bool replay() const { return kind != protocol::job::RetryAll; }
    bool ongoing() const { return state == protocol::job::Planning || state == protocol::job::Running; }
    // A retryAll carries id, kind, state, total, done, matched, retried; a replay the rest, not retried.
    QJsonObject toJson() const;
    static JobProgress fromJson(const QJsonObject &json);
};

} // namespace sluice
