#include "deliverystatus.h"

#include <QCoreApplication>
#include <QJsonValue>

#include <array>

using namespace Qt::Literals::StringLiterals;

namespace sluice {

namespace {

constexpr std::array kPhaseNames{"waiting", "held", "sending", "delivered", "dead", "discarded", "superseded"};

const QString kPhase = u"phase"_s;
const QString kReason = u"reason"_s;
const QString kParams = u"params"_s;
const QString kText = u"text"_s;

// Each reason's English sentence (sluice::ReasonCatalogue).
const ReasonCatalogue &catalogue()
{
    using namespace reasonparam;
    static const ReasonCatalogue catalogue(
        "sluice::DeliveryStatus",
        {
            {reason::Due, QT_TRANSLATE_NOOP("sluice::DeliveryStatus", "goes out as soon as a slot is free"), {}, {}},
            {reason::Scheduled, QT_TRANSLATE_NOOP("sluice::DeliveryStatus", "goes out at %1"), {At}, {At}},
            {reason::AwaitingPoll,
             QT_TRANSLATE_NOOP("sluice::DeliveryStatus", "kept until its consumer fetches it (polling)"),
             {},
             {}},
            {reason::RetryScheduled,
             QT_TRANSLATE_NOOP("sluice::DeliveryStatus", "next attempt at %1; last: %2"),
             {At, Last},
             {At}},
            {reason::CircuitOpen,
             QT_TRANSLATE_NOOP("sluice::DeliveryStatus",
                               "the endpoint's circuit is open since %1 after %2 failures in a row (last: %3); "
                               "one probe at %4"),
             {Since, Failures, Last, ProbeAt},
             {Since, ProbeAt}},
            {reason::EndpointPaused,
             QT_TRANSLATE_NOOP("sluice::DeliveryStatus", "the endpoint asked for a pause (Retry-After) until %1"),
             {Until},
             {Until}},
            {reason::RateLimited,
             QT_TRANSLATE_NOOP("sluice::DeliveryStatus", "rate limited to %1 events per second"),
             {Rate},
             {}},
            {reason::HandshakePending,
             QT_TRANSLATE_NOOP("sluice::DeliveryStatus", "%1 has not yet confirmed the validation handshake"),
             {Url},
             {}},
            {reason::OutsideWindow,
             QT_TRANSLATE_NOOP("sluice::DeliveryStatus", "outside the subscription's delivery window; it opens at %1"),
             {OpensAt},
             {OpensAt}},
            {reason::OrderedBehind,
             QT_TRANSLATE_NOOP("sluice::DeliveryStatus", "waits for an earlier delivery of subject %1"),
             {Subject},
             {}},
            {reason::EndpointDisabled,
             QT_TRANSLATE_NOOP("sluice::DeliveryStatus", "the endpoint is disabled: %1"),
             {Why},
             {}},
            {reason::SubscriptionDisabled,
             QT_TRANSLATE_NOOP("sluice::DeliveryStatus", "the subscription is disabled"),
             {},
             {}},
            {reason::Sending, QT_TRANSLATE_NOOP("sluice::DeliveryStatus", "a request is running"), {}, {}},
            {reason::Delivered, QT_TRANSLATE_NOOP("sluice::DeliveryStatus", "delivered (HTTP %1)"), {Status}, {}},
            {reason::GaveUp,
             QT_TRANSLATE_NOOP("sluice::DeliveryStatus", "gave up after its retry schedule ran out; last: %1"),
             {Last},
             {}},
            {reason::Refused,
             QT_TRANSLATE_NOOP("sluice::DeliveryStatus",
                               "not retried: the endpoint refuses this event (HTTP %1 is final); last: %2"),
             {Status, Last},
             {}},
            {reason::Unencodable,
             QT_TRANSLATE_NOOP("sluice::DeliveryStatus", "cannot encode the event for HTTP: %1"),
             {Why},
             {}},
            {reason::SubscriptionDeleted,
             QT_TRANSLATE_NOOP("sluice::DeliveryStatus", "the subscription was deleted"),
             {},
             {}},
            {reason::Gone,
             QT_TRANSLATE_NOOP("sluice::DeliveryStatus", "the receiver unsubscribed (HTTP 410); last: %1"),
             {Last},
             {}},
            {reason::Discarded,
             QT_TRANSLATE_NOOP("sluice::DeliveryStatus", "discarded by an administrator; never sent"),
             {},
             {}},
            {reason::Superseded,
             QT_TRANSLATE_NOOP("sluice::DeliveryStatus", "replaced by a newer event with the same coalescing key"),
             {},
             {}},
        });
    return catalogue;
}

} // namespace

QString deliveryPhaseName(DeliveryPhase phase)
{
    return QString::fromLatin1(kPhaseNames.at(std::size_t(phase)));
}

std::optional<DeliveryPhase> deliveryPhaseFromName(QStringView name)
{
    for (std::size_t i = 0; i < kPhaseNames.size(); ++i) {
        if (name == QLatin1StringView(kPhaseNames.at(i)))
            return DeliveryPhase(i);
    }
    return std::nullopt;
}

QJsonObject DeliveryStatus::toJson() const
{
    QJsonObject json{{kPhase, deliveryPhaseName(phase)}, {kReason, reason}, {kText, text()}};
    if (!params.isEmpty())
        json.insert(kParams, params);
    return json;
}

DeliveryStatus DeliveryStatus::fromJson(const QJsonObject &json)
{
    DeliveryStatus status;
    status.phase = deliveryPhaseFromName(json.value(kPhase).toString()).value_or(DeliveryPhase::Waiting);
    status.reason = json.value(kReason).toString();
    status.params = json.value(kParams).toObject();
    return status;
}

QString DeliveryStatus::text(const ReasonStyle &style) const
{
    return catalogue().text(reason, params, style);
}

QStringList DeliveryStatus::reasons()
{
    return catalogue().reasons();
}

const char *DeliveryStatus::pattern(const QString &reason)
{
    return catalogue().pattern(reason);
}

} // namespace sluice
