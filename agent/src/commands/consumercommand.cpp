#include "commands.h"

#include "cloudevent.h"
#include "consumer/consumeraccess.h"
#include "queue/store.h"

#include <QTextStream>

using namespace Qt::Literals::StringLiterals;

namespace sluice::agent::commands {

namespace {

void list(Store &store, QTextStream &out)
{
    for (const Consumer &c : store.consumers().consumers()) {
        out << c.name << '\t' << (c.allowedTypes.isEmpty() ? u"*"_s : c.allowedTypes.join(u","_s)) << '\t'
            << (c.revoked() ? u"revoked "_s + CloudEvent::rfc3339(c.revokedAt)
                            : u"token of "_s + CloudEvent::rfc3339(c.tokenAt))
            << '\n';
    }
}

} // namespace

// sluice-agent consumer list | add NAME [TYPE…] | rotate NAME | revoke NAME | remove NAME: the
// consumers of the Subscriptions API, in the store every agent shares. Tokens go to stdout only,
// once; the store keeps only their hash.
int consumer(const AgentConfig &config, const QStringList &args)
{
    QTextStream out(stdout);
    QTextStream err(stderr);
    const QString sub = args.value(1);
    const bool ok = (sub == u"list" && args.size() == 2) || (sub == u"add" && args.size() >= 3) ||
                    ((sub == u"rotate" || sub == u"revoke" || sub == u"remove") && args.size() == 3);
    if (!ok) {
        err << "usage: sluice-agent [--config FILE] consumer list | add NAME [TYPE…] | rotate NAME | revoke NAME"
               " | remove NAME\n";
        return 2;
    }
    Store store(u"cli"_s);
    QString error;
    if (!store.open(config.store, true, &error)) {
        err << "sluice-agent: " << error << '\n';
        return 1;
    }
    if (sub == u"list") {
        list(store, out);
        return 0;
    }
    ConsumerAccess access(&store, config.admin.tokenFile);
    std::optional<QString> token;
    if (sub == u"add")
        token = access.create({args.at(2), args.mid(3), 0, 0, 0, 0, 0}, &error);
    else if (sub == u"rotate")
        token = access.rotate(args.at(2), &error);
    else if (sub == u"revoke" ? access.revoke(args.at(2), &error) : access.remove(args.at(2), &error))
        token = QString();
    if (!token) {
        err << "sluice-agent: " << error << '\n';
        return 1;
    }
    if (!token->isEmpty()) {
        out << *token << '\n';
        err << "shown this once: the agent keeps only its hash\n";
    }
    return 0;
}

} // namespace sluice::agent::commands
