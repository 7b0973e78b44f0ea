#include "admin/handlers/eventshandler.h"
#include "admin/adminjson.h"
#include "admin/adminparams.h"

#include "agent.h"
#include "delivery/dispatcher.h"
#include "protocol.h"
#include "queue/deliveryqueue.h"

using namespace Qt::Literals::StringLiterals;
using namespace sluice::protocol;

namespace sluice::agent {

namespace {

constexpr int kIntervalMs = 250;
constexpr qsizetype kWatchedDeliveries = 10'000; // per streaming session

} // namespace

EventsHandler::EventsHandler(Agent *agent, QObject *parent)
    : AdminHandler(agent, parent)
{
    m_timer.setInterval(kIntervalMs);
    connect(&m_timer, &QTimer::timeout, this, &EventsHandler::send);
}

EventsHandler::~EventsHandler()
{
    for (const Stream &stream : std::as_const(m_streams))
        m_agent->recentEvents().removeSink(stream.sink);
}

void EventsHandler::start()
{
    m_timer.start();
}

QList<AdminMethod> EventsHandler::methods()
{
    return {
        {method::EventsSubscribe,
         false,
         {ParamSpec::strings(stream::Types), ParamSpec::filter(stream::Filter),
          ParamSpec::integer(stream::MaxPerSecond, 1, 1000)},
         [this](AdminCall &call) { return subscribe(call); }},
        {method::EventsUnsubscribe,
         false,
         {},
         [this](AdminCall &call) -> QJsonValue {
             stop(call.session);
             return QJsonObject{};
         }},
    };
}

QJsonValue EventsHandler::subscribe(AdminCall &call)
{
    const int maxPerSecond = int(call.integer(stream::MaxPerSecond, 50));
    std::optional<TypeSelector> types;
    if (call.params.contains(stream::Types) && !(types = adminparams::typesParam(call, stream::Types)))
        return {};
    const std::optional<EventFilter> filter = adminparams::filterParam(call, stream::Filter);
    if (!filter)
        return {};
    stop(call.session);
    Stream stream;
    stream.maxPerSecond = maxPerSecond;
    stream.allowance = maxPerSecond * 0.25;
    // Twice what may be sent between two batches is held; beyond that, counted as skipped.
    stream.sink = m_agent->recentEvents().addSink(types, *filter, std::max(8, maxPerSecond / 2));
    m_streams.insert(call.session, stream);
    updateOutcomeConnection();
    return QJsonObject{{stream::MaxPerSecond, maxPerSecond}, {stream::IntervalMs, kIntervalMs}};
}

void EventsHandler::stop(quint64 session)
{
    if (const auto it = m_streams.constFind(session); it != m_streams.cend()) {
        m_agent->recentEvents().removeSink(it->sink);
        m_streams.erase(it);
    }
    updateOutcomeConnection();
}

void EventsHandler::send()
{
    for (auto it = m_streams.begin(); it != m_streams.end(); ++it)
        flush(it.key(), it.value());
}

void EventsHandler::flush(quint64 session, Stream &stream)
{
    qint64 skipped = 0;
    const QList<RecentEvents::Entry> entries = m_agent->recentEvents().drain(stream.sink, &skipped);
    // The cap is a token bucket: a quiet second does not allow a flood in the next.
    stream.allowance =
        std::min(double(stream.maxPerSecond), stream.allowance + stream.maxPerSecond * kIntervalMs / 1000.0);
    QJsonArray events;
    for (const RecentEvents::Entry &entry : entries) {
        if (stream.allowance < 1) {
            ++skipped;
            continue;
        }
        stream.allowance -= 1;
        QJsonArray deliveries;
        for (const QString &sub : entry.matched) {
            const QString id = DeliveryQueue::deliveryIdFor(sub, entry.event);
            deliveries.append(QJsonObject{{stream::Subscription, sub}, {stream::Id, id}});
            stream.watched.insert(id);
            stream.watchOrder.append(id);
            // Delivered before its event was streamed: the outcome is already known.
            if (const auto known = m_recentOutcomes.constFind(id); known != m_recentOutcomes.constEnd())
                stream.outcomes.append(*known);
        }
        while (stream.watchOrder.size() > kWatchedDeliveries)
            stream.watched.remove(stream.watchOrder.takeFirst());
        events.append(QJsonObject{{stream::Event, entry.event.toJson()},
                                  {stream::Matched, QJsonArray::fromStringList(entry.matched)},
                                  {stream::Deliveries, deliveries},
                                  {stream::ReceivedAt, CloudEvent::rfc3339(entry.receivedAt)},
                                  {stream::Record, adminjson::kafkaRecord(entry.record)}});
    }
    if (!events.isEmpty() || skipped > 0)
        emit sendTo(session, notify(notification::Events, {{stream::Events, events}, {stream::Skipped, skipped}}));
    if (!stream.outcomes.isEmpty())
        emit sendTo(session, notify(notification::Outcomes, {{stream::Outcomes, std::exchange(stream.outcomes, {})}}));
}

void EventsHandler::onOutcome(const QString &deliveryId, const QString &subscription, const DeliveryStatus &status,
                              int httpStatus)
{
    QJsonObject outcome{
        {stream::Id, deliveryId}, {stream::Subscription, subscription}, {stream::Status, status.toJson()}};
    if (httpStatus > 0)
        outcome.insert(stream::HttpStatus, httpStatus);
    if (!m_recentOutcomes.contains(deliveryId))
        m_recentOutcomeOrder.append(deliveryId);
    m_recentOutcomes.insert(deliveryId, outcome);
    while (m_recentOutcomeOrder.size() > kWatchedDeliveries)
        m_recentOutcomes.remove(m_recentOutcomeOrder.takeFirst());
    for (Stream &stream : m_streams) {
        if (stream.watched.contains(deliveryId))
            stream.outcomes.append(outcome);
    }
}

void EventsHandler::updateOutcomeConnection()
{
    const bool streaming = !m_streams.isEmpty();
    if (streaming && !m_outcomeConnection && m_agent->dispatcher())
        m_outcomeConnection = connect(m_agent->dispatcher(), &Dispatcher::outcome, this, &EventsHandler::onOutcome);
    else if (!streaming && m_outcomeConnection) {
        disconnect(std::exchange(m_outcomeConnection, {}));
        m_recentOutcomes.clear();
        m_recentOutcomeOrder.clear();
    }
}

} // namespace sluice::agent
