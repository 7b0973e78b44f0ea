#include "admin/handlers/deliverieshandler.h"
#include "admin/adminjson.h"
#include "admin/adminparams.h"
#include "admin/handlers/jobshandler.h"

#include "agent.h"
#include "protocol.h"
#include "queue/store.h"

#include <QJsonDocument>

using namespace Qt::Literals::StringLiterals;
using namespace sluice::protocol;

namespace sluice::agent {

DeliveriesHandler::DeliveriesHandler(Agent *agent, JobsHandler *jobs, QObject *parent)
    : AdminHandler(agent, parent)
    , m_jobs(jobs)
{
    m_tell.setInterval(1000);
    connect(&m_tell, &QTimer::timeout, this, &DeliveriesHandler::tell);
    connect(jobs, &JobsHandler::retried, this, [this](int count) { m_changes += count; });
}

void DeliveriesHandler::start()
{
    m_tell.start();
}

QList<AdminMethod> DeliveriesHandler::methods()
{
    using namespace deliveryquery;
    const ParamSpecs query{ParamSpec::string(deliveryquery::Subscription),
                           ParamSpec::oneOf(State, deliveryquery::states()),
                           ParamSpec::string(Type),
                           ParamSpec::string(Subject),
                           ParamSpec::time(From),
                           ParamSpec::time(To),
                           ParamSpec::integer(HttpStatus, 100, 599)};
    const ParamSpecs ids{ParamSpec::strings(Ids).require()};
    return {
        {method::DeliveriesList, false, query + pageParams(), [this](AdminCall &call) { return list(call); }},
        {method::DeliveriesGet,
         false,
         {ParamSpec::string(Id).require()},
         [this](AdminCall &call) { return get(call); }},
        {method::DeliveriesRetry, true, ids, [this](AdminCall &call) { return change(call, true); }},
        {method::DeliveriesDiscard, true, ids, [this](AdminCall &call) { return change(call, false); }},
        {method::DeliveriesRetryAll, true, query + ParamSpecs{ParamSpec::integer(Max, 0, INT_MAX)},
         [this](AdminCall &call) { return retryAll(call); }},
        {method::DeliveriesReplay,
         true,
         {ParamSpec::string(replay::Subscription).require(), ParamSpec::time(replay::From), ParamSpec::time(replay::To),
          ParamSpec::array(replay::Offsets), ParamSpec::boolean(replay::DryRun),
          ParamSpec::integer(replay::Examples, 0, 50), ParamSpec::integer(replay::EventsPerSecond, 1, 10000)},
         [this](AdminCall &call) { return replay(call); }},
    };
}

DeliveryQuery DeliveriesHandler::query(const AdminCall &call)
{
    using namespace deliveryquery;
    DeliveryQuery q;
    q.subscription = call.string(deliveryquery::Subscription);
    q.state = call.string(State);
    q.type = call.string(Type);
    q.subject = call.string(Subject);
    q.from = call.timeMs(From);
    q.to = call.timeMs(To);
    q.httpStatus = int(call.integer(HttpStatus, 0));
    q.offset = int(call.integer(page::Offset, 0));
    q.limit = int(call.integer(page::Limit, 100));
    return q;
}

QJsonValue DeliveriesHandler::list(AdminCall &call)
{
    DeliveryQuery q = query(call);
    qint64 total = 0;
    const DeliveryStatuses statuses = m_agent->deliveryStatuses();
    statuses.restrict(q);
    const QJsonArray deliveries =
        adminjson::array(m_agent->store().queue().search(q, &total),
                         [&](const DeliverySummary &s) { return adminjson::delivery(s, statuses).toJson(); });
    return adminparams::page(deliveries, deliveryquery::Deliveries, total, q.offset);
}

QJsonValue DeliveriesHandler::get(AdminCall &call)
{
    const QString id = call.string(deliveryquery::Id);
    const auto detail = m_agent->store().queue().detail(id);
    if (!detail)
        return call.refuse(error::NotFound, {refusal::NoDelivery, {{refusalparam::Id, id}}});
    return adminjson::deliveryDetail(*detail, m_agent->deliveryStatuses()).toJson();
}

QJsonValue DeliveriesHandler::change(AdminCall &call, bool retry)
{
    const QStringList ids = call.strings(deliveryquery::Ids);
    DeliveryQueue &queue = m_agent->store().queue();
    const QList<qint64> rows = queue.rowsOf(ids);
    QString why;
    const int changed = retry ? queue.retry(rows, &why) : queue.discard(rows, &why);
    if (changed < 0)
        return call.refuse(AdminFailure::storeRefused(why));
    if (retry && changed > 0)
        m_agent->wakeDispatcher();
    m_changes += changed;
    return QJsonObject{{retry ? deliveryquery::Retried : deliveryquery::Discarded, changed},
                       {deliveryquery::Unchanged, ids.size() - changed}, // unknown, or neither pending nor dead
                       {deliveryquery::Requested, ids.size()}};
}

// Every pending or dead delivery matching the query, at most the count the administrator
// confirmed (the oldest first), retried in the background (JobsHandler).
QJsonValue DeliveriesHandler::retryAll(AdminCall &call)
{
    DeliveryQuery q = query(call);
    m_agent->deliveryStatuses().restrict(q);
    QList<qint64> rows = m_agent->store().queue().retryableRows(q);
    const qint64 matched = rows.size();
    if (const qint64 max = call.integer(deliveryquery::Max, -1); max >= 0)
        rows = rows.mid(0, max);
    return m_jobs->startRetryAll(std::move(rows), matched, call.session).toJson();
}

std::optional<ReplayRequest> DeliveriesHandler::replayRequest(AdminCall &call) const
{
    ReplayRequest request;
    request.subscription = call.string(replay::Subscription);
    request.dryRun = call.boolean(replay::DryRun).value_or(false);
    request.examples = int(call.integer(replay::Examples, 5));
    request.eventsPerSecond = int(call.integer(replay::EventsPerSecond, 200));
    auto invalid = [&](const QString &param, const QString &why) {
        call.invalid({refusal::Invalid, {{refusalparam::Param, param}, {refusalparam::Why, why}}});
        return std::nullopt;
    };
    if (call.params.contains(replay::Offsets)) {
        for (const QJsonValue &value : call.params.value(replay::Offsets).toArray()) {
            const QJsonObject o = value.toObject();
            OffsetRange r{o.value(replay::Topic).toString(), o.value(replay::Partition).toInt(-1),
                          o.value(replay::From).toInteger(-1), o.value(replay::To).toInteger(-1)};
            if (r.topic.isEmpty() || r.partition < 0 || r.from < 0 || (o.contains(replay::To) && r.to <= r.from))
                return invalid(replay::Offsets, u"each is {topic, partition, from, to}: a topic, a partition, the "
                                                u"first offset and (optionally) the offset after the last"_s);
            request.offsets.append(r);
        }
        if (request.offsets.isEmpty())
            return invalid(replay::Offsets, u"at least one {topic, partition, from} is needed"_s);
        return request;
    }
    if (!call.params.contains(replay::From)) {
        call.invalid({refusal::Required, {{refusalparam::Param, replay::From}}});
        return std::nullopt;
    }
    request.fromMs = call.timeMs(replay::From);
    if (call.params.contains(replay::To)) {
        request.toMs = call.timeMs(replay::To);
        if (request.toMs <= request.fromMs)
            return invalid(replay::To, u"it comes after \"from\""_s);
    }
    return request;
}

QJsonValue DeliveriesHandler::replay(AdminCall &call)
{
    const std::optional<ReplayRequest> request = replayRequest(call);
    return request ? m_jobs->startReplay(call, *request) : QJsonValue();
}

void DeliveriesHandler::tell()
{
    const AgentStats now = m_agent->stats();
    QJsonObject held;
    const QHash<QString, Hold> holds = m_agent->holds();
    for (auto it = holds.cbegin(); it != holds.cend(); ++it)
        held.insert(it.key(), it->status.toJson());
    const QJsonObject told{{stats::Dead, qint64(now.dead)}, {hold::Held, held}};
    QJsonObject seen = told;
    seen.insert(stats::Retried, qint64(now.retried));
    seen.insert(u"changes"_s, qint64(m_changes));
    for (auto it = held.begin(); it != held.end(); ++it) // the reason, not its changing times
        it.value() = it.value().toObject().value(u"reason"_s);
    seen.insert(hold::Held, held);
    const QByteArray signature = QJsonDocument(seen).toJson(QJsonDocument::Compact);
    if (signature == m_seen)
        return;
    const bool first = m_seen.isEmpty();
    m_seen = signature;
    if (!first)
        emit broadcast(notify(notification::Deliveries, told));
}

} // namespace sluice::agent
