#include "commands/commands.h"
#include "config.h"
#include "duration.h"
#include "service/loghandler.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QLoggingCategory>
#include <QTextStream>

using namespace Qt::Literals::StringLiterals;
using namespace sluice::agent;

namespace {

// --status-interval: plain seconds, or a duration such as 100ms.
std::optional<std::chrono::milliseconds> statusInterval(const QString &text)
{
    bool plainSeconds = false;
    const int seconds = text.toInt(&plainSeconds);
    return plainSeconds ? std::optional(std::chrono::milliseconds(seconds * 1000)) : sluice::parseDuration(text);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    sluice::agent::logging::install(); // values from outside never break a log line
    QCoreApplication::setApplicationName(u"sluice-agent"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(SLUICE_VERSION));

    // Debug output (every failed attempt, librdkafka's chatter) only when asked for.
    if (qEnvironmentVariableIsEmpty("QT_LOGGING_RULES"))
        QLoggingCategory::setFilterRules(u"sluice.*.debug=false"_s);

    QCommandLineParser parser;
    parser.setApplicationDescription(u"Sluice agent: passes selected events from Kafka to webhooks as CloudEvents."_s);
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption configOption({u"c"_s, u"config"_s}, u"Configuration file (JSON)."_s, u"file"_s,
                                          u"/etc/sluice/sluice.json"_s);
    const QCommandLineOption checkOption(u"check-config"_s, u"Check the configuration file and exit."_s);
    const QCommandLineOption demoOption(u"demo"_s, u"Produce demo events of the WCM CMS into Kafka."_s);
    const QCommandLineOption durationOption(u"duration"_s, u"Stop by itself after this many seconds."_s, u"seconds"_s);
    const QCommandLineOption statusOption(
        u"status-interval"_s, u"Print a status line this often: seconds, or a duration such as 100ms (0: never)."_s,
        u"interval"_s, u"0"_s);
    const QCommandLineOption fromOption(u"from"_s, u"With \"store migrate\": the SQLite store to copy."_s, u"file"_s);
    const QCommandLineOption dryRunOption(u"dry-run"_s, u"With \"replay\": only count, with examples."_s);
    parser.addOptions({configOption, checkOption, demoOption, durationOption, statusOption, fromOption, dryRunOption});
    parser.addPositionalArgument(
        u"command"_s,
        u"Optional: \"secret reveal NAME\" (show a generated signing secret once), "
        u"\"secret rotate NAME\" (new secret; the old ones sign on for delivery.secretOverlap), "
        u"\"enable NAME\" (enable a subscription its endpoint, its failures or an administrator disabled), "
        u"\"register export asyncapi|markdown|html [FILE]\" (the event catalogue for consumers), "
        u"\"store migrate --from FILE.db\" (copy an embedded store into the configured PostgreSQL database), "
        u"\"token list|show [NAME]|rotate NAME|add NAME ROLE|remove NAME\" (admin API tokens), "
        u"\"consumer list|add NAME [TYPE…]|rotate NAME|revoke NAME|remove NAME\" (Subscriptions API consumers), "
        u"\"replay NAME FROM [TO] [--dry-run]\" (the running agent sends a subscription's events again; times in "
        u"RFC 3339), \"status\" (what the running agent reports)."_s,
        u"[command]"_s);
    parser.process(app);

    QTextStream err(stderr);
    QStringList errors;
    const QString configPath = parser.value(configOption);
    const std::optional<QJsonObject> configJson = AgentConfig::readFile(configPath, &errors);
    std::optional<AgentConfig> config = configJson ? AgentConfig::fromJson(*configJson, &errors) : std::nullopt;
    if (!config) {
        err << "sluice-agent: the configuration has " << errors.size()
            << (errors.size() == 1 ? " problem" : " problems") << ":\n";
        for (const QString &e : std::as_const(errors))
            err << "  " << e << '\n';
        return 2;
    }
    // Log categories and levels from the configuration, unless QT_LOGGING_RULES says otherwise.
    if (qEnvironmentVariableIsEmpty("QT_LOGGING_RULES") && !config->log.rules.isEmpty())
        QLoggingCategory::setFilterRules(u"sluice.*.debug=false\n"_s + config->log.rules.join(u'\n'));
    if (parser.isSet(checkOption))
        return commands::checkConfig(*config, configPath);

    const QStringList args = parser.positionalArguments();
    const QString command = args.value(0);
    if (args == QStringList{u"status"_s})
        return commands::status(*config);
    if (command == u"token")
        return commands::token(*config, args);
    if (command == u"consumer")
        return commands::consumer(*config, args);
    if (command == u"register")
        return commands::registerExport(*config, args);
    if (command == u"secret")
        return commands::secret(*config, args);
    if (command == u"store")
        return commands::store(*config, args, parser.value(fromOption));
    if (command == u"replay")
        return commands::replay(*config, args, parser.isSet(dryRunOption));
    if (command == u"enable")
        return commands::enable(*config, args);
    if (!args.isEmpty()) {
        err << "sluice-agent: unknown command \"" << args.join(u' ') << "\"; see sluice-agent --help\n";
        return 2;
    }

    if (parser.isSet(demoOption))
        config->demo.enabled = true;
    commands::RunOptions options{configPath, *configJson, std::nullopt, {}};
    if (parser.isSet(durationOption))
        options.duration = std::chrono::seconds(parser.value(durationOption).toInt());
    const auto interval = statusInterval(parser.value(statusOption));
    if (!interval) {
        err << "sluice-agent: --status-interval: \"" << parser.value(statusOption)
            << "\" is not a number of seconds or a duration\n";
        return 2;
    }
    options.statusInterval = *interval;
    return commands::run(std::move(*config), options);
}
