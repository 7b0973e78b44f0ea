#include "admin/handlers/jobshandler.h"

#include "agent.h"
#include "protocol.h"
#include "queue/store.h"
#include "subscriptions/subscriptionregistry.h"

using namespace Qt::Literals::StringLiterals;
using namespace sluice::protocol;

namespace sluice::agent {

namespace {

constexpr int kJobChunk = 500; // deliveries retried per turn of the event loop
constexpr int kKeptRetryAll = 50;
constexpr std::size_t kKeptReplays = 20;
constexpr int kRunningAtOnce = 4;

} // namespace

JobsHandler::JobsHandler(Agent *agent, QObject *parent)
    : AdminHandler(agent, parent)
{
    m_runner.setInterval(0);
    connect(&m_runner, &QTimer::timeout, this, &JobsHandler::runRetryAll);
}

JobsHandler::~JobsHandler() = default;

QList<AdminMethod> JobsHandler::methods()
{
    const ParamSpecs id{ParamSpec::string(deliveryquery::Id).require()};
    return {
        {method::JobsGet, false, id, [this](AdminCall &call) { return get(call); }},
        {method::JobsStop, true, id, [this](AdminCall &call) { return stop(call); }},
    };
}

QJsonValue JobsHandler::get(AdminCall &call)
{
    const QString id = call.string(deliveryquery::Id);
    if (const auto replay = m_replays.find(id); replay != m_replays.end())
        return replay->second.job->toJson();
    if (const auto job = m_retryAll.value(id))
        return job->progress.toJson();
    return call.refuse(error::NotFound, {refusal::NoJob, {{refusalparam::Id, id}}});
}

// Only replays stop; a retryAll is over in moments.
QJsonValue JobsHandler::stop(AdminCall &call)
{
    const QString id = call.string(deliveryquery::Id);
    const auto it = m_replays.find(id);
    if (it == m_replays.end())
        return call.refuse(error::NotFound, {refusal::NoJob, {{refusalparam::Id, id}}});
    it->second.job->stop();
    return it->second.job->toJson();
}

JobProgress JobsHandler::startRetryAll(QList<qint64> rows, qint64 matched, quint64 session)
{
    auto job = std::make_shared<RetryAll>();
    JobProgress &progress = job->progress;
    progress.id = u"job-%1"_s.arg(++m_nextJob);
    progress.kind = protocol::job::RetryAll;
    progress.state = protocol::job::Running;
    progress.matched = matched;
    progress.total = rows.size();
    job->session = session;
    job->rows = std::move(rows);
    forgetOldRetryAll();
    m_retryAll.insert(progress.id, job);
    m_runner.start();
    return progress;
}

// Finished retryAll jobs are kept for jobs.get, the newest 50 of them.
void JobsHandler::forgetOldRetryAll()
{
    while (m_retryAll.size() >= kKeptRetryAll) {
        auto oldest = std::min_element(m_retryAll.begin(), m_retryAll.end(), [](const auto &a, const auto &b) {
            return a->progress.id.mid(4).toInt() < b->progress.id.mid(4).toInt();
        });
        if ((*oldest)->progress.ongoing())
            return;
        m_retryAll.erase(oldest);
    }
}

void JobsHandler::runRetryAll()
{
    bool running = false;
    for (const auto &job : std::as_const(m_retryAll)) {
        JobProgress &progress = job->progress;
        if (!progress.ongoing())
            continue;
        const QList<qint64> chunk = job->rows.mid(progress.done, kJobChunk);
        QString why;
        const int changed = m_agent->store().queue().retry(chunk, &why);
        if (changed < 0) {
            progress.state = protocol::job::Failed;
            progress.error = why;
            job->rows = {};
        } else {
            progress.retried += changed;
            progress.done += chunk.size();
            if (progress.done >= progress.total) {
                progress.state = protocol::job::Finished;
                job->rows = {};
            } else
                running = true;
        }
        if (changed > 0) {
            m_agent->wakeDispatcher();
            emit retried(changed);
        }
        emit sendTo(job->session, notify(notification::Job, progress.toJson()));
    }
    if (!running)
        m_runner.stop();
}

QJsonValue JobsHandler::startReplay(AdminCall &call, const ReplayRequest &request)
{
    const Subscription *sub = m_agent->subscriptions().find(request.subscription);
    if (!sub)
        return call.refuse(AdminFailure::noSubscription(request.subscription));
    int running = 0;
    for (const auto &[id, r] : m_replays) {
        if (r.job->finished())
            continue;
        ++running;
        if (r.job->subscription() == request.subscription)
            return call.refuse(error::Conflict,
                               {refusal::ReplayRunning, {{refusalparam::Subscription, request.subscription}}},
                               {{jsonrpc::Job, id}});
    }
    if (running >= kRunningAtOnce)
        return call.refuse(error::Conflict, {refusal::TooManyReplays, {{refusalparam::Running, running}}});
    auto job = std::make_unique<ReplayJob>(m_agent, *sub, request);
    ReplayJob *raw = job.get();
    const quint64 session = call.session;
    connect(raw, &ReplayJob::changed, this,
            [this, raw, session] { emit sendTo(session, notify(notification::Job, raw->toJson())); });
    forgetOldReplays();
    m_replays[raw->id()] = {std::move(job), session};
    raw->start();
    return raw->toJson();
}

// The newest finished replays are kept for jobs.get; the oldest to end go first.
void JobsHandler::forgetOldReplays()
{
    while (m_replays.size() >= kKeptReplays) {
        auto oldest = m_replays.end();
        for (auto it = m_replays.begin(); it != m_replays.end(); ++it) {
            if (it->second.job->finished() &&
                (oldest == m_replays.end() || it->second.job->endedAt() < oldest->second.job->endedAt()))
                oldest = it;
        }
        if (oldest == m_replays.end())
            return; // all still running (at most kRunningAtOnce, so never more than kept)
        m_replays.erase(oldest);
    }
}

} // namespace sluice::agent
