#include "subscriptionstatus.h"

#include "protocol.h"
#include "subscription.h"

using namespace Qt::Literals::StringLiterals;

namespace sluice {

namespace status = protocol::subscriptionstatus;

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
    if (!poll.isEmpty())
        json.insert(protocol::poll::Poll, poll);
    if (held)
        json.insert(protocol::hold::Held, held->toJson());
    if (health)
        json.insert(protocol::health::Health, health->toJson());
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
    s.poll = json.value(protocol::poll::Poll).toObject();
    if (json.contains(protocol::hold::Held))
        s.held = DeliveryStatus::fromJson(json.value(protocol::hold::Held).toObject());
    if (json.contains(protocol::health::Health))
        s.health = SubscriptionHealth::fromJson(json.value(protocol::health::Health).toObject());
    s.secret = json.value(status::Secret).toString();
    return s;
}

} // namespace sluice
