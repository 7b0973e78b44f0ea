#include "replay/replayjob.h"
#include "protocol.h"

#include "jobprogress.h"

#include "agent.h"
#include "queue/store.h"
#include "replay/replayreader.h"
#include "subscriptions/subscriptionregistry.h"

#include <QDateTime>
#include <QLoggingCategory>
#include <QUuid>

Q_LOGGING_CATEGORY(lcReplay, "sluice.agent.replay")

using namespace Qt::Literals::StringLiterals;

namespace sluice::agent {

QString replayStateName(ReplayJob::State state)
{
    switch (state) {
    case ReplayJob::State::Planning: return u"planning"_s;
    case ReplayJob::State::Running: return u"running"_s;
    case ReplayJob::State::Finished: return u"finished"_s;
    case ReplayJob::State::Stopped: return u"stopped"_s;
    case ReplayJob::State::Failed: return u"failed"_s;
    }
    return {};
}

ReplayJob::ReplayJob(Agent *agent, const Subscription &subscription, ReplayRequest request, QObject *parent)
    : QObject(parent)
    , m_agent(agent)
    , m_id(u"rpl_"_s + QUuid::createUuid().toString(QUuid::Id128).left(16))
    , m_request(std::move(request))
{
    m_reader = std::make_unique<ReplayReader>(this, agent->config(), agent->bootstrapServers(), &agent->router(),
                                              subscription, m_request);
    m_pace.setSingleShot(true);
    connect(&m_pace, &QTimer::timeout, this, [this] { m_reader->grant(); });
}

ReplayJob::~ReplayJob() = default;

void ReplayJob::start()
{
    m_startedAt = QDateTime::currentMSecsSinceEpoch();
    qCInfo(lcReplay).noquote() << (m_request.dryRun ? "dry-run" : "replay") << m_id << "of subscription"
                               << m_request.subscription << "started";
    m_reader->start();
}

void ReplayJob::stop()
{
    if (finished())
        return;
    m_stopAsked = true;
    m_reader->stop();
}

void ReplayJob::planned(const ReplayPlan &plan)
{
    m_state = State::Running;
    m_total = plan.messages();
    for (const OffsetRange &g : plan.gaps)
        gap(g, u"Kafka no longer keeps offsets %1 to %2 of %3/%4 (removed by its retention)"_s.arg(g.from)
                   .arg(g.to - 1)
                   .arg(g.topic)
                   .arg(g.partition));
    Q_EMIT changed();
}

void ReplayJob::gap(const OffsetRange &range, const QString &why)
{
    qCWarning(lcReplay).noquote() << "replay" << m_id << "has a gap:" << why;
    m_gaps.append(QJsonObject{{protocol::replay::Topic, range.topic},
                              {protocol::replay::Partition, range.partition},
                              {protocol::replay::From, range.from},
                              {protocol::replay::To, range.to},
                              {protocol::replay::Reason, why}});
    Q_EMIT changed();
}

void ReplayJob::progress(qint64 read, qint64 matched, qint64 unreadable, const QJsonArray &examples)
{
    m_read = read;
    m_matched = matched;
    m_unreadable = unreadable;
    m_examples = examples;
    Q_EMIT changed();
}

// Stored in one transaction; the next batch may come once the pace allows.
void ReplayJob::take(QList<IngestItem> items)
{
    if (!m_agent->subscriptions().find(m_request.subscription)) {
        m_error = u"subscription \"%1\" was deleted during the replay"_s.arg(m_request.subscription);
        m_reader->stop();
        return;
    }
    QString error;
    const auto result = m_agent->store().queue().enqueue(items, {}, {}, &error);
    if (!result) {
        m_error = u"cannot store replay deliveries: %1"_s.arg(error);
        m_reader->stop();
        return;
    }
    m_stored += result->deliveriesCreated;
    m_agent->wakeDispatcher();
    m_pace.start(int(items.size() * 1000 / std::max(1, m_request.eventsPerSecond)));
    Q_EMIT changed();
}

void ReplayJob::ended(const QString &error)
{
    if (m_error.isEmpty())
        m_error = error;
    m_state = !m_error.isEmpty() ? State::Failed : (m_stopAsked ? State::Stopped : State::Finished);
    m_endedAt = QDateTime::currentMSecsSinceEpoch();
    qCInfo(lcReplay).noquote() << "replay" << m_id << replayStateName(m_state) << ": read" << m_read << "matched"
                               << m_matched << "stored" << m_stored << "gaps" << m_gaps.size() << m_error;
    Q_EMIT changed();
}

QJsonObject ReplayJob::toJson() const
{
    JobProgress job;
    job.id = m_id;
    job.kind = m_request.dryRun ? protocol::job::ReplayDryRun : protocol::job::Replay;
    job.subscription = m_request.subscription;
    job.state = replayStateName(m_state);
    job.total = m_total;
    job.done = m_read;
    job.matched = m_matched;
    job.unreadable = m_unreadable;
    job.stored = m_stored;
    job.gaps = m_gaps;
    job.examples = m_examples;
    job.startedAt = m_startedAt;
    job.endedAt = m_endedAt;
    job.error = m_error;
    return job.toJson();
}

} // namespace sluice::agent
