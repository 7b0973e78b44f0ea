#include "commands.h"

#include "admin/admintokens.h"

#include <QFile>
#include <QTextStream>

using namespace Qt::Literals::StringLiterals;

namespace sluice::agent::commands {

// sluice-agent token list|show [NAME]|rotate NAME|add NAME ROLE|remove NAME: the admin API's
// bearer tokens. Tokens go to stdout only; a running agent notices the file changing.
int token(const AgentConfig &config, const QStringList &args)
{
    QTextStream out(stdout);
    QTextStream err(stderr);
    const QString sub = args.value(1);
    const bool ok = (sub == u"list" && args.size() == 2) || (sub == u"show" && args.size() <= 3) ||
                    ((sub == u"rotate" || sub == u"remove") && args.size() == 3) || (sub == u"add" && args.size() == 4);
    if (!ok) {
        err << "usage: sluice-agent [--config FILE] token list | show [NAME] | rotate NAME | add NAME admin|viewer"
               " | remove NAME\n";
        return 2;
    }
    AdminTokens tokens(config.admin.tokenFile);
    QString error;
    if (!QFile::exists(tokens.path())) {
        err << "sluice-agent: no admin tokens yet (" << tokens.path()
            << "); the agent creates \"admin\" and \"viewer\" when it first starts\n";
        return 1;
    }
    if (!tokens.reloadIfChanged(&error)) {
        err << "sluice-agent: " << error << '\n';
        return 1;
    }
    if (sub == u"list") {
        for (const AdminTokens::Token &t : tokens.tokens())
            out << t.name << '\t' << t.role << "\tsince " << t.created << '\n';
        return 0;
    }
    if (sub == u"show") {
        const auto token = tokens.find(args.value(2, u"admin"_s));
        if (!token) {
            err << "sluice-agent: no token named \"" << args.value(2, u"admin"_s) << "\"\n";
            return 1;
        }
        out << token->secret << '\n';
        return 0;
    }
    std::optional<QString> secret;
    if (sub == u"rotate")
        secret = tokens.rotate(args.at(2), &error);
    else if (sub == u"add")
        secret = tokens.add(args.at(2), args.at(3), &error);
    else if (tokens.remove(args.at(2), &error))
        secret = QString();
    if (!secret) {
        err << "sluice-agent: " << error << '\n';
        return 1;
    }
    if (!secret->isEmpty())
        out << *secret << '\n';
    err << (sub == u"remove" ? "removed; " : "") << "sessions that used the old token end at their next request\n";
    return 0;
}

} // namespace sluice::agent::commands
