// The admin API's replays (docs/protocol.md#replay): deliveries.replay starts one (or a dry-run),
// jobs.get shows it, jobs.stop stops it; the requester gets "job" notifications as it goes.
#include "admin/adminparams.h"
#include "admin/adminserver.h"
#include "admin/adminserver_p.h"

#include "agent.h"
#include "protocol.h"
#include "subscriptions/subscriptionregistry.h"

#include <QWebSocket>

using namespace Qt::Literals::StringLiterals;
using namespace sluice::protocol;

namespace sluice::agent {

using namespace adminparams;

namespace {

constexpr std::size_t kKeptReplays = 20;
constexpr int kRunningAtOnce = 4;

std::optional<qint64> timeParam(const QJsonObject &params, const QString &key, ErrorReason &problem)
{
    const QString text = params.value(key).toString();
    const QDateTime at = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!CloudEvent::isRfc3339(text) || !at.isValid()) {
        problem = {refusal::NotTime, {{refusalparam::Param, key}}};
        return std::nullopt;
    }
    return at.toMSecsSinceEpoch();
}

QList<OffsetRange> offsetsParam(const QJsonArray &array, ErrorReason &problem)
{
    QList<OffsetRange> offsets;
    for (const QJsonValue &value : array) {
        const QJsonObject o = value.toObject();
        OffsetRange r{o.value(replay::Topic).toString(), o.value(replay::Partition).toInt(-1),
                      o.value(replay::From).toInteger(-1), o.value(replay::To).toInteger(-1)};
        if (r.topic.isEmpty() || r.partition < 0 || r.from < 0 || (o.contains(replay::To) && r.to <= r.from)) {
            problem = {refusal::Invalid,
                       {{refusalparam::Param, replay::Offsets},
                        {refusalparam::Why, u"each is {topic, partition, from, to}: a topic, a partition, the first "
                                            u"offset and (optionally) the offset after the last"_s}}};
            return {};
        }
        offsets.append(r);
    }
    return offsets;
}

} // namespace

const Subscription *AdminServer::replayable(const QString &name, Failure &f) const
{
    const Subscription *sub = m_agent->subscriptions().find(name);
    if (!sub) {
        f = noSubscription(name);
        return nullptr;
    }
    int running = 0;
    for (const auto &[id, r] : m_replays) {
        if (r.job->finished())
            continue;
        ++running;
        if (r.job->subscription() == name) {
            f = Failure(error::Conflict, {refusal::ReplayRunning, {{refusalparam::Subscription, name}}},
                        {{u"job"_s, id}});
            return nullptr;
        }
    }
    if (running >= kRunningAtOnce) {
        f = Failure(error::Conflict, {refusal::TooManyReplays, {{refusalparam::Running, running}}});
        return nullptr;
    }
    return sub;
}

std::optional<ReplayRequest> AdminServer::replayRequest(const QJsonObject &params, Failure &f)
{
    ErrorReason problem;
    Params p(params, problem);
    ReplayRequest request;
    request.subscription = p.string(replay::Subscription, true);
    request.dryRun = p.boolean(replay::DryRun).value_or(false);
    request.examples = p.integer(replay::Examples, 5, 0, 50);
    request.eventsPerSecond = p.integer(replay::EventsPerSecond, 200, 1, 10000);
    if (problem.isEmpty() && params.contains(replay::Offsets)) {
        request.offsets = offsetsParam(params.value(replay::Offsets).toArray(), problem);
        if (problem.isEmpty() && request.offsets.isEmpty())
            problem = {refusal::Invalid,
                       {{refusalparam::Param, replay::Offsets},
                        {refusalparam::Why, u"at least one {topic, partition, from} is needed"_s}}};
    } else if (problem.isEmpty()) {
        if (const auto from = timeParam(params, replay::From, problem))
            request.fromMs = *from;
        if (problem.isEmpty() && params.contains(replay::To)) {
            if (const auto to = timeParam(params, replay::To, problem))
                request.toMs = *to;
            if (problem.isEmpty() && request.toMs <= request.fromMs)
                problem = {refusal::Invalid,
                           {{refusalparam::Param, replay::To}, {refusalparam::Why, u"it comes after \"from\""_s}}};
        }
    }
    if (!problem.isEmpty()) {
        f = {error::InvalidParams, problem, {}};
        return std::nullopt;
    }
    return request;
}

// The newest finished replays are kept for jobs.get; the oldest to end go first.
void AdminServer::forgetOldReplays()
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

void AdminServer::addReplayMethods()
{
    m_methods.insert(method::DeliveriesReplay,
                     {true, [this](Client &client, const QJsonObject &params, Failure &f) -> QJsonValue {
                          std::optional<ReplayRequest> request = replayRequest(params, f);
                          const Subscription *sub = request ? replayable(request->subscription, f) : nullptr;
                          if (!sub)
                              return {};
                          auto job = std::make_unique<ReplayJob>(m_agent, *sub, *request);
                          ReplayJob *raw = job.get();
                          connect(raw, &ReplayJob::changed, this, [this, raw] {
                              const auto it = m_replays.find(raw->id());
                              if (it == m_replays.end() || !it->second.requester)
                                  return;
                              if (const auto c = m_clients.value(it->second.requester.data()))
                                  send(*c, notify(notification::Job, raw->toJson()));
                          });
                          forgetOldReplays();
                          m_replays[raw->id()] = {std::move(job), client.socket};
                          raw->start();
                          return raw->toJson();
                      }});
    m_methods.insert(method::JobsStop, {true, [this](Client &, const QJsonObject &params, Failure &f) -> QJsonValue {
                                            ErrorReason problem;
                                            const QString id = Params(params, problem).string(u"id"_s, true);
                                            const auto it = m_replays.find(id);
                                            if (it == m_replays.end()) {
                                                f = problem.isEmpty()
                                                        ? Failure(error::NotFound,
                                                                  {refusal::NoJob, {{refusalparam::Id, id}}})
                                                        : Failure(error::InvalidParams, problem);
                                                return {};
                                            }
                                            it->second.job->stop();
                                            return it->second.job->toJson();
                                        }});
}

} // namespace sluice::agent
