#include "errorreason.h"

#include <QCoreApplication>

using namespace Qt::Literals::StringLiterals;

namespace sluice {

namespace {

const QString kReason = u"reason"_s;
const QString kParams = u"params"_s;

const ReasonCatalogue &catalogue()
{
    using namespace refusalparam;
    static const ReasonCatalogue catalogue(
        "sluice::ErrorReason",
        {
            {refusal::Required, QT_TRANSLATE_NOOP("sluice::ErrorReason", "\"%1\" is required"), {Param}, {}},
            {refusal::NotString, QT_TRANSLATE_NOOP("sluice::ErrorReason", "\"%1\" must be a string"), {Param}, {}},
            {refusal::NotNumber,
             QT_TRANSLATE_NOOP("sluice::ErrorReason", "\"%1\" must be a whole number from %2 to %3"),
             {Param, Min, Max},
             {}},
            {refusal::NotBoolean,
             QT_TRANSLATE_NOOP("sluice::ErrorReason", "\"%1\" must be true or false"),
             {Param},
             {}},
            {refusal::NotStringList,
             QT_TRANSLATE_NOOP("sluice::ErrorReason", "\"%1\" must be a non-empty array of strings"),
             {Param},
             {}},
            {refusal::NotTime,
             QT_TRANSLATE_NOOP("sluice::ErrorReason", "\"%1\" must be an RFC 3339 time such as 2026-11-23T09:30:00Z"),
             {Param},
             {}},
            {refusal::NotOneOf,
             QT_TRANSLATE_NOOP("sluice::ErrorReason", "\"%1\" must be one of %2"),
             {Param, Choices},
             {}},
            {refusal::Invalid, QT_TRANSLATE_NOOP("sluice::ErrorReason", "\"%1\" is not valid: %2"), {Param, Why}, {}},
            {refusal::NoSubscription,
             QT_TRANSLATE_NOOP("sluice::ErrorReason", "no subscription named \"%1\""),
             {Name},
             {}},
            {refusal::NoDelivery, QT_TRANSLATE_NOOP("sluice::ErrorReason", "no delivery \"%1\""), {Id}, {}},
            {refusal::NoJob, QT_TRANSLATE_NOOP("sluice::ErrorReason", "no job \"%1\""), {Id}, {}},
            {refusal::NoMessage, QT_TRANSLATE_NOOP("sluice::ErrorReason", "no quarantined message %1"), {Id}, {}},
            {refusal::NoType, QT_TRANSLATE_NOOP("sluice::ErrorReason", "%1 is not in the register"), {Type}, {}},
            {refusal::NoConsumer, QT_TRANSLATE_NOOP("sluice::ErrorReason", "no consumer named \"%1\""), {Name}, {}},
            {refusal::SubscriptionExists,
             QT_TRANSLATE_NOOP("sluice::ErrorReason", "a subscription named \"%1\" exists; choose another name"),
             {Name},
             {}},
            {refusal::ConsumerExists,
             QT_TRANSLATE_NOOP("sluice::ErrorReason",
                               "a consumer named \"%1\" exists; rotate its token or choose another name"),
             {Name},
             {}},
            {refusal::FromFile,
             QT_TRANSLATE_NOOP("sluice::ErrorReason", "\"%1\" comes from the configuration file, which is imported "
                                                      "at every start: change it there"),
             {Name},
             {}},
            {refusal::ReplayRunning,
             QT_TRANSLATE_NOOP("sluice::ErrorReason", "a replay of %1 is running; stop it or let it end first"),
             {Subscription},
             {}},
            {refusal::TooManyReplays,
             QT_TRANSLATE_NOOP("sluice::ErrorReason", "%1 replays are running; let one end first"),
             {Running},
             {}},
            {refusal::TypeInUse,
             QT_TRANSLATE_NOOP("sluice::ErrorReason", "%1 is selected by name by %2; remove it from those "
                                                      "subscriptions before you stop exposing it"),
             {Type, Names},
             {}},
            {refusal::NoExample,
             QT_TRANSLATE_NOOP("sluice::ErrorReason",
                               "the register has no exposed type that \"%1\" selects, so there is no example to send"),
             {Name},
             {}},
            {refusal::NotSelected,
             QT_TRANSLATE_NOOP("sluice::ErrorReason", "%1 is not an exposed type that \"%2\" selects"),
             {Type, Name},
             {}},
            {refusal::Refused, QT_TRANSLATE_NOOP("sluice::ErrorReason", "refused: %1"), {Why}, {}},
            {refusal::StoreRefused,
             QT_TRANSLATE_NOOP("sluice::ErrorReason", "the store refused the change: %1"),
             {Why},
             {}},
            {refusal::Unauthenticated,
             QT_TRANSLATE_NOOP("sluice::ErrorReason",
                               "authenticate first: call \"authenticate\" with a token (sluice-agent token show)"),
             {},
             {}},
            {refusal::WrongToken,
             QT_TRANSLATE_NOOP("sluice::ErrorReason",
                               "the token is not valid: copy it again with sluice-agent token show"),
             {},
             {}},
            {refusal::ViewerToken,
             QT_TRANSLATE_NOOP("sluice::ErrorReason", "the token \"%1\" is a viewer token: it can read, not change; "
                                                      "use an admin token for %2"),
             {Name, Method},
             {}},
            {refusal::RateLimited,
             QT_TRANSLATE_NOOP("sluice::ErrorReason",
                               "more than %1 requests per second on this connection; wait and send again"),
             {PerSecond},
             {}},
            {refusal::UnknownMethod,
             QT_TRANSLATE_NOOP("sluice::ErrorReason", "there is no method \"%1\"; hello lists the capabilities"),
             {Method},
             {}},
        });
    return catalogue;
}

} // namespace

QString ErrorReason::text(const ReasonStyle &style) const
{
    return catalogue().text(reason, params, style);
}

QJsonObject ErrorReason::toJson() const
{
    return {{kReason, reason}, {kParams, params}};
}

ErrorReason ErrorReason::fromJson(const QJsonObject &data)
{
    return {data.value(kReason).toString(), data.value(kParams).toObject()};
}

QStringList ErrorReason::reasons()
{
    return catalogue().reasons();
}

const char *ErrorReason::pattern(const QString &reason)
{
    return catalogue().pattern(reason);
}

} // namespace sluice
