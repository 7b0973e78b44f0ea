#pragma once

#include "config.h"

#include <QJsonObject>
#include <QStringList>

#include <chrono>
#include <optional>

// The agent's command line: each command in its own file, main.cpp only chooses one.
namespace sluice::agent::commands {

// --check-config: the file, and its subscriptions against the register. Exit code 0 valid, 1, 2 not.
int checkConfig(const AgentConfig &config, const QString &path);
// secret reveal|rotate NAME: a generated signing secret, shown once, or a new one.
int secret(const AgentConfig &config, const QStringList &args);
// enable NAME: a subscription its endpoint or its failures disabled.
int enable(const AgentConfig &config, const QStringList &args);
// register export asyncapi|markdown|html [FILE]: the event catalogue for consumers.
int registerExport(const AgentConfig &config, const QStringList &args);
// token list|show [NAME]|rotate NAME|add NAME ROLE|remove NAME: the admin API's tokens.
int token(const AgentConfig &config, const QStringList &args);
// consumer list|add NAME [TYPE…]|rotate NAME|revoke NAME|remove NAME: the Subscriptions API's consumers.
int consumer(const AgentConfig &config, const QStringList &args);
// store migrate --from FILE.db: an embedded store copied into the configured PostgreSQL database.
int store(const AgentConfig &config, const QStringList &args, const QString &from);
// replay NAME FROM [TO] [--dry-run]: the running agent reads a subscription's events again.
int replay(const AgentConfig &config, const QStringList &args, bool dryRun);
// status: what a running agent reports on its HTTP server.
int status(const AgentConfig &config);

struct RunOptions {
    QString configPath;     // read again on SIGHUP
    QJsonObject configJson; // what the agent starts with, to name on a reload what waits for a restart
    std::optional<std::chrono::seconds> duration;
    std::chrono::milliseconds statusInterval{0}; // 0: no status lines
};
// Runs the agent until SIGTERM/SIGINT (or the duration), reloading subscriptions on SIGHUP.
int run(AgentConfig config, const RunOptions &options);

} // namespace sluice::agent::commands
