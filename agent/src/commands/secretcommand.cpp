#include "commands.h"

#include "duration.h"
#include "queue/store.h"
#include "subscriptions/subscriptionregistry.h"

#include <QDateTime>
#include <QTextStream>

using namespace Qt::Literals::StringLiterals;

namespace sluice::agent::commands {

namespace {

// The subscription named on the command line, as the agents know it: the store's definitions
// (the configuration file's, imported at every start, and those made through the APIs), or the
// configuration file's when no agent has started with it yet. The admin API sees the same ones.
struct Known {
    Subscription subscription;
    SubscriptionRegistry::Origin origin = SubscriptionRegistry::Origin::File;
};

std::optional<Known> known(const AgentConfig &config, Store &store, const QString &name, QTextStream &err)
{
    for (const StoredSubscription &stored : store.subscriptions().definitions()) {
        if (stored.definition.value(subscriptionkey::Name).toString() != name)
            continue;
        QString why;
        if (auto sub = Subscription::fromJson(stored.definition, &why))
            return Known{*sub, stored.origin == SubscriptionRegistry::originName(SubscriptionRegistry::Origin::Api)
                                   ? SubscriptionRegistry::Origin::Api
                                   : SubscriptionRegistry::Origin::File};
        err << "sluice-agent: the stored subscription \"" << name << "\" cannot be read: " << why << '\n';
        return std::nullopt;
    }
    const auto sub = std::find_if(config.subscriptions.begin(), config.subscriptions.end(),
                                  [&](const Subscription &s) { return s.name == name; });
    if (sub != config.subscriptions.end())
        return Known{*sub, SubscriptionRegistry::Origin::File};
    err << "sluice-agent: no subscription named \"" << name << "\"\n";
    return std::nullopt;
}

bool openStore(Store &store, const AgentConfig &config, QTextStream &err)
{
    QString error;
    if (store.open(config.store, true, &error))
        return true;
    err << "sluice-agent: " << error << '\n';
    return false;
}

} // namespace

// Operator commands on the store, which a running agent picks up within seconds. Secrets go to
// stdout only, never to the log.
int secret(const AgentConfig &config, const QStringList &args)
{
    QTextStream out(stdout);
    QTextStream err(stderr);
    if (args.size() != 3 || (args.at(1) != u"reveal" && args.at(1) != u"rotate")) {
        err << "usage: sluice-agent [--config FILE] secret reveal|rotate SUBSCRIPTION\n";
        return 2;
    }
    const QString name = args.at(2);
    Store store(u"cli"_s);
    if (!openStore(store, config, err))
        return 1;
    const std::optional<Known> sub = known(config, store, name, err);
    if (!sub)
        return 1;
    if (!sub->subscription.secrets.isEmpty()) {
        err << "sluice-agent: \"" << name << "\" signs with the secrets in the configuration file; "
            << "change them there\n";
        return 1;
    }
    if (store.subscriptions().activeSecrets(name, QDateTime::currentMSecsSinceEpoch()).isEmpty()) {
        err << "sluice-agent: \"" << name << "\" has no secret yet; the agent generates one when it starts "
            << "with this subscription\n";
        return 1;
    }
    if (args.at(1) == u"reveal") {
        const auto shown = store.subscriptions().revealSecret(name);
        if (!shown) {
            err << "sluice-agent: the secret of \"" << name << "\" was shown before and is not shown again; "
                << "rotate it to get a new one: sluice-agent secret rotate " << name << '\n';
            return 1;
        }
        out << *shown << '\n';
        return 0;
    }
    QString error;
    const auto rotated = store.subscriptions().rotateSecret(name, config.delivery.secretOverlap.count(), &error);
    if (!rotated) {
        err << "sluice-agent: " << error << '\n';
        return 1;
    }
    out << *rotated << '\n';
    err << "the previous secrets keep signing for " << formatDuration(config.delivery.secretOverlap)
        << "; update the receiver before then\n";
    return 0;
}

int enable(const AgentConfig &config, const QStringList &args)
{
    QTextStream out(stdout);
    QTextStream err(stderr);
    if (args.size() != 2) {
        err << "usage: sluice-agent [--config FILE] enable SUBSCRIPTION\n";
        return 2;
    }
    const QString name = args.at(1);
    Store store(u"cli"_s);
    if (!openStore(store, config, err))
        return 1;
    const std::optional<Known> sub = known(config, store, name, err);
    if (!sub)
        return 1;
    const EndpointState state =
        store.subscriptions().states().value(name, {name, EndpointState::Pending, {}, {}, 0}).state;
    const SubscriptionRegistry::Enabling change = SubscriptionRegistry::enabling(sub->subscription, sub->origin, state);
    if (!change.refusal.isEmpty()) {
        err << "sluice-agent: " << change.refusal << '\n';
        return 1;
    }
    QString error;
    Subscription enabled = sub->subscription;
    enabled.enabled = true;
    if (change.definition &&
        !store.subscriptions().saveDefinition(name, enabled.toStorageJson(),
                                              SubscriptionRegistry::originName(sub->origin), &error)) {
        err << "sluice-agent: " << error << '\n';
        return 1;
    }
    if (change.state && !store.subscriptions().saveState(
                            {name, EndpointState::Pending, u"enabled from the command line"_s, QString(), 0}, &error)) {
        err << "sluice-agent: " << error << '\n';
        return 1;
    }
    if (!change.definition && !change.state) {
        out << name << ": not disabled; nothing to do\n";
        return 0;
    }
    out << name << ": enabled"
        << (change.state ? "; the agent runs the validation handshake again before it delivers" : "") << '\n';
    return 0;
}

} // namespace sluice::agent::commands
