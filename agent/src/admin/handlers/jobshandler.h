#pragma once

#include "admin/adminhandler.h"
#include "jobprogress.h"
#include "replay/replayjob.h"

#include <QHash>
#include <QTimer>

#include <map>
#include <memory>

namespace sluice::agent {

// jobs.*, and the jobs themselves: retrying every delivery a query matched (deliveries.retryAll),
// in chunks so the agent keeps delivering meanwhile, and replays (deliveries.replay). The session
// that started a job gets a "job" notification at each step; anyone may ask jobs.get.
class JobsHandler : public AdminHandler {
    Q_OBJECT

public:
    explicit JobsHandler(Agent *agent, QObject *parent = nullptr);
    ~JobsHandler() override;

    QList<AdminMethod> methods() override;

    // Retries these store rows (the oldest first) in the background; matched: what the query found
    // before the requester's limit cut it.
    JobProgress startRetryAll(QList<qint64> rows, qint64 matched, quint64 session);
    // A replay of one subscription; refused through call when the subscription is unknown, is being
    // replayed already, or too many replays run.
    QJsonValue startReplay(AdminCall &call, const ReplayRequest &request);

signals:
    void retried(int count); // deliveries a retryAll made pending again

private:
    struct RetryAll {
        JobProgress progress; // kind retryAll; state running, finished or failed
        quint64 session = 0;
        QList<qint64> rows; // still to do; emptied when the job ends
    };
    struct Replay {
        std::unique_ptr<ReplayJob> job;
        quint64 session = 0;
    };

    QJsonValue get(AdminCall &call);
    QJsonValue stop(AdminCall &call);
    void runRetryAll();
    void forgetOldRetryAll();
    void forgetOldReplays();

    QHash<QString, std::shared_ptr<RetryAll>> m_retryAll;
    std::map<QString, Replay> m_replays; // by job id; the newest finished ones kept for jobs.get
    QTimer m_runner;
    int m_nextJob = 0;
};

} // namespace sluice::agent
