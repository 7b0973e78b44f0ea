#include "subscriptionstatus.h"

#include "protocol.h"
#include "subscription.h"

using namespace Qt::Literals::StringLiterals;

namespace sluice {

namespace status = protocol::subscriptionstatus;

void insertStanding(QJsonObject &json, const QJsonObject &poll, const std::optional<DeliveryStatus> &held,
                    const std::optional<SubscriptionHealth> &health)
{
    if (!poll.isEmpty())
        json.insert(protocol::poll::Poll, poll);
    if (held)
        json.insert(protocol::hold::Held, held->toJson());
    if (health)
        json.insert(protocol::health::Health, health->toJson());
}

void readStanding(const QJsonObject &json, QJsonObject *poll, std::optional<DeliveryStatus> *held,
                  std::optional<SubscriptionHealth> *health)
{
    *poll = json.value(protocol::poll::Poll).toObject();
    *held = json.contains(protocol::hold::Held)
                ? std::optional(DeliveryStatus::fromJson(json.value(protocol::hold::Held).toObject()))
                : std::nullopt;
    *health = json.contains(protocol::health::Health)
                  ? std::optional(SubscriptionHealth::fromJson(json.value(protocol::health::Health).toObject()))
                  : std::nullopt;
}

QString SubscriptionStatus::name() const
{
    return definition.value(subscriptionkey::Name).toString();
}

QString SubscriptionStatus::endpoint() const
{
    return definition.value(subscriptionkey::Endpoint).toString();
}

QString SubscriptionStatus::owner() const
{
    return definition.value(subscriptionkey::Owner).toString();
}

bool SubscriptionStatus::enabled() const
{
    return definition.value(subscriptionkey::Enabled).toBool(true) &&
           state != endpointStateName(EndpointState::Disabled);
}

bool SubscriptionStatus::polled() const
{
    return definition.value(subscriptionkey::Protocol).toString() == u"poll"_s;
}

bool SubscriptionStatus::fromFile() const
{
    return origin == status::OriginFile;
}

const QStringList &SubscriptionStatus::statusKeys()
{
    static const QStringList keys{status::Origin,         status::State,           status::Reason, status::BreakerOpen,
                                  status::SigningSecrets, status::Queue,           status::Secret, protocol::poll::Poll,
                                  protocol::hold::Held,   protocol::health::Health};
    return keys;
}

QJsonObject SubscriptionStatus::toJson() const
{
    QJsonObject json = definition;
    json.insert(status::Origin, origin);
    if (!state.isEmpty())
        json.insert(status::State, state);
    if (!reason.isEmpty())
        json.insert(status::Reason, reason);
    json.insert(status::BreakerOpen, breakerOpen);
    json.insert(status::SigningSecrets, signingSecrets);
    json.insert(status::Queue, QJsonObject{{status::Waiting, queue.waiting},
                                           {status::Delivered, queue.delivered},
                                           {status::Dead, queue.dead},
                                           {status::DeliveredLastHour, queue.deliveredLastHour},
                                           {status::DeadLastHour, queue.deadLastHour}});
    insertStanding(json, poll, held, health);
    if (!secret.isEmpty())
        json.insert(status::Secret, secret);
    return json;
}

SubscriptionStatus SubscriptionStatus::fromJson(const QJsonObject &json)
{
    SubscriptionStatus s;
    s.definition = Subscription::definitionOf(json);
    s.origin = json.value(status::Origin).toString();
    s.state = json.value(status::State).toString();
    s.reason = json.value(status::Reason).toString();
    s.breakerOpen = json.value(status::BreakerOpen).toBool();
    s.signingSecrets = json.value(status::SigningSecrets).toInt();
    const QJsonObject queue = json.value(status::Queue).toObject();
    s.queue = {queue.value(status::Waiting).toInteger(), queue.value(status::Delivered).toInteger(),
               queue.value(status::Dead).toInteger(), queue.value(status::DeliveredLastHour).toInteger(),
               queue.value(status::DeadLastHour).toInteger()};
    readStanding(json, &s.poll, &s.held, &s.health);
    s.secret = json.value(status::Secret).toString();
    return s;
}

} // namespace sluice
