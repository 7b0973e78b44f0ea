#include "delivery/deliverystatuses.h"

#include "cloudevent.h"

using namespace Qt::Literals::StringLiterals;

namespace sluice::agent {

namespace {

DeliveryStatus status(DeliveryPhase phase, const QString &reason, const QJsonObject &params = {})
{
    return {phase, reason, params};
}

} // namespace

DeliveryStatus settledStatus(DeliveryState state, const QString &code, int httpStatus, const QString &last,
                             qint64 nextAttemptAt)
{
    using namespace reasonparam;
    switch (state) {
    case DeliveryState::Delivered: return status(DeliveryPhase::Delivered, reason::Delivered, {{Status, httpStatus}});
    case DeliveryState::Discarded: return status(DeliveryPhase::Discarded, reason::Discarded);
    case DeliveryState::Superseded: return status(DeliveryPhase::Superseded, reason::Superseded);
    case DeliveryState::Pending:
    case DeliveryState::Sending:
        if (code == reason::Gone) // waits, uncounted, for its disabled subscription
            return status(DeliveryPhase::Held, reason::EndpointDisabled, {{Why, last}});
        return status(DeliveryPhase::Waiting, reason::RetryScheduled,
                      {{At, CloudEvent::rfc3339(nextAttemptAt)}, {Last, last}});
    case DeliveryState::Dead: break;
    }
    // Rows from before the codes were kept read as given up.
    if (code == reason::Refused)
        return status(DeliveryPhase::Dead, code, {{Status, httpStatus}, {Last, last}});
    if (code == reason::Unencodable)
        return status(DeliveryPhase::Dead, code, {{Why, last}});
    if (code == reason::SubscriptionDeleted)
        return status(DeliveryPhase::Dead, code);
    return status(DeliveryPhase::Dead, code.isEmpty() ? reason::GaveUp : code, {{Last, last}});
}

DeliveryStatuses::DeliveryStatuses(QHash<QString, Hold> holds, QSet<QString> polled, QSet<QString> sending, qint64 now)
    : m_holds(std::move(holds))
    , m_polled(std::move(polled))
    , m_sending(std::move(sending))
    , m_now(now)
{
}

DeliveryStatus DeliveryStatuses::of(const DeliverySummary &d) const
{
    using namespace reasonparam;
    if (d.state != DeliveryState::Pending && d.state != DeliveryState::Sending)
        return settledStatus(d.state, d.lastReason, d.lastStatus, d.lastError, 0);
    if (m_sending.contains(d.deliveryId))
        return status(DeliveryPhase::Sending, reason::Sending);
    if (m_polled.contains(d.subscription))
        return status(DeliveryPhase::Waiting, reason::AwaitingPoll);
    const bool due = d.nextAttemptAt <= m_now;
    const auto hold = m_holds.constFind(d.subscription);
    if (hold != m_holds.cend() && (due || hold->everyDelivery))
        return hold->status;
    if (due && d.orderedBehind)
        return status(DeliveryPhase::Held, reason::OrderedBehind, {{Subject, d.subject}});
    if (!due && d.attempts > 0)
        return status(DeliveryPhase::Waiting, reason::RetryScheduled,
                      {{At, CloudEvent::rfc3339(d.nextAttemptAt)}, {Last, d.lastError}});
    if (!due)
        return status(DeliveryPhase::Waiting, reason::Scheduled, {{At, CloudEvent::rfc3339(d.nextAttemptAt)}});
    return status(DeliveryPhase::Waiting, reason::Due);
}

void DeliveryStatuses::restrict(DeliveryQuery &query) const
{
    query.now = m_now;
    query.holding.clear();
    query.stopped.clear();
    for (auto it = m_holds.cbegin(); it != m_holds.cend(); ++it)
        (it->everyDelivery ? query.stopped : query.holding).append(it.key());
    query.sending = QStringList(m_sending.cbegin(), m_sending.cend());
}

} // namespace sluice::agent
