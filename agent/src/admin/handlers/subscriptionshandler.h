#pragma once

#include "admin/adminhandler.h"
#include "subscription.h"
#include "subscriptionstatus.h"

#include <QTimer>

#include <optional>

namespace sluice::agent {

// subscriptions.*: the subscriptions with their state, queue and last hour; creating, changing,
// enabling, rotating secrets, a test delivery and a dry run. Tells every console within half a
// second that subscriptions changed (by anyone: this API, the command line, another agent).
class SubscriptionsHandler : public AdminHandler {
    Q_OBJECT

public:
    explicit SubscriptionsHandler(Agent *agent, QObject *parent = nullptr);

    QList<AdminMethod> methods() override;
    void start() override;

private:
    // What holds deliveries back, the queue and the last hour of every subscription, asked once per answer.
    struct Now;
    Now now() const;
    SubscriptionStatus describe(const Subscription &sub, const Now &now) const;

    QJsonValue list(AdminCall &call);
    QJsonValue get(AdminCall &call);
    QJsonValue health(AdminCall &call);
    QJsonValue save(AdminCall &call, bool create);
    // delete, enable, disable: an action on a named subscription; fromFileToo: allowed on one from
    // the configuration file.
    QJsonValue act(AdminCall &call, bool fromFileToo, const std::function<bool(const QString &, QString *)> &action);
    QJsonValue rotateSecret(AdminCall &call);
    QJsonValue test(AdminCall &call);
    QJsonValue dryRun(AdminCall &call);

    std::optional<Subscription> readSubscription(AdminCall &call) const;
    // Asked before a change, so the refusal says which it is: not there, or from the configuration file.
    bool changeable(AdminCall &call, const QString &name, bool fromFileToo) const;

    QTimer m_told; // coalesces changes into one notification
};

} // namespace sluice::agent
