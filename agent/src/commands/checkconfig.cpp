#include "commands.h"

#include "queue/store.h"
#include "register/register.h"

#include <QTextStream>

#include <memory>

using namespace Qt::Literals::StringLiterals;

namespace sluice::agent::commands {

int checkConfig(const AgentConfig &config, const QString &path)
{
    QTextStream err(stderr);
    // Subscriptions against the register: the store's if there is one, else the catalogue.
    std::unique_ptr<Store> store;
    QString error;
    bool exists = false;
    if (!Store::check(config.store, &exists, &error)) {
        err << "sluice-agent: " << error << '\n';
        return 1;
    }
    if (exists) {
        store = std::make_unique<Store>(u"check"_s);
        if (!store->open(config.store, false, &error)) {
            err << "sluice-agent: " << error << '\n';
            return 1;
        }
    }
    EventRegister eventRegister(config.eventRegister);
    if (!eventRegister.load(store.get(), &error)) {
        err << "sluice-agent: " << error << '\n';
        return 1;
    }
    QStringList refused;
    for (const Subscription &sub : config.subscriptions) {
        if (const QString why = eventRegister.checkSubscription(sub); !why.isEmpty())
            refused.append(why);
    }
    if (!refused.isEmpty()) {
        err << "sluice-agent: the configuration has " << refused.size()
            << (refused.size() == 1 ? " problem" : " problems") << ":\n";
        for (const QString &e : std::as_const(refused))
            err << "  " << e << '\n';
        return 2;
    }
    QTextStream(stdout) << path << ": configuration is valid\n";
    return 0;
}

} // namespace sluice::agent::commands
