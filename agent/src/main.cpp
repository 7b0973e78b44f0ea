#include "admintokens.h"
#include "agent.h"
#include "config.h"
#include "duration.h"
#include "register.h"
#include "registerexport.h"
#include "service.h"
#include "store.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonDocument>
#include <QLocale>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSaveFile>
#include <QSocketNotifier>
#include <QTextStream>
#include <QTimer>

#include <csignal>
#include <unistd.h>

using namespace Qt::Literals::StringLiterals;
using namespace sluice::agent;

namespace {

int signalPipe[2] = {-1, -1};

void onSignal(int signal)
{
    const char byte = char(signal);
    [[maybe_unused]] const auto written = ::write(signalPipe[1], &byte, 1);
}

QString statusLine(const AgentStats &s, const AgentStats &previous, std::chrono::milliseconds interval)
{
    const QLocale c = QLocale::c();
    const quint64 perSecond =
        interval.count() > 0 ? (s.consumed - previous.consumed) * 1000 / quint64(interval.count()) : 0;
    return u"in %1 (%2/s) · filtered out %3 · matched %4 · quarantined %5 · delivered %6 · retrying %7 · dead %8 · in flight %9"_s
        .arg(c.toString(s.consumed), c.toString(perSecond), c.toString(s.filteredOut), c.toString(s.matched),
             c.toString(s.quarantined), c.toString(s.delivered), c.toString(s.retried), c.toString(s.dead),
             c.toString(s.inFlight));
}

// sluice-agent secret reveal|rotate NAME, enable NAME: operator commands on the store, which a
// running agent picks up within seconds. Secrets go to stdout only, never to the log.
int storeCommand(const AgentConfig &config, const QStringList &args)
{
    QTextStream out(stdout);
    QTextStream err(stderr);
    const QString usage = u"usage: sluice-agent [--config FILE] secret reveal|rotate SUBSCRIPTION\n"
                          u"       sluice-agent [--config FILE] enable SUBSCRIPTION\n"_s;
    const bool secret =
        args.value(0) == u"secret" && args.size() == 3 && (args.at(1) == u"reveal" || args.at(1) == u"rotate");
    const bool enable = args.value(0) == u"enable" && args.size() == 2;
    if (!secret && !enable) {
        err << usage;
        return 2;
    }
    const QString name = args.last();
    const auto sub = std::find_if(config.subscriptions.begin(), config.subscriptions.end(),
                                  [&](const sluice::Subscription &s) { return s.name == name; });
    if (sub == config.subscriptions.end()) {
        err << "sluice-agent: no subscription named \"" << name << "\" in the configuration\n";
        return 1;
    }
    Store store(u"cli"_s);
    QString error;
    if (!store.open(config.store.path, true, &error)) {
        err << "sluice-agent: " << error << '\n';
        return 1;
    }
    if (enable) {
        if (!store.saveSubscriptionState({name, u"pending"_s, u"enabled from the command line"_s, QString(), 0},
                                         &error)) {
            err << "sluice-agent: " << error << '\n';
            return 1;
        }
        out << name << ": enabled; the agent runs the validation handshake again before it delivers\n";
        return 0;
    }
    if (!sub->secrets.isEmpty()) {
        err << "sluice-agent: \"" << name << "\" signs with the secrets in the configuration file; "
            << "change them there\n";
        return 1;
    }
    if (store.activeSecrets(name, QDateTime::currentMSecsSinceEpoch()).isEmpty()) {
        err << "sluice-agent: \"" << name << "\" has no secret yet; the agent generates one when it starts "
            << "with this subscription\n";
        return 1;
    }
    if (args.at(1) == u"reveal") {
        const auto shown = store.revealSecret(name);
        if (!shown) {
            err << "sluice-agent: the secret of \"" << name << "\" was shown before and is not shown again; "
                << "rotate it to get a new one: sluice-agent secret rotate " << name << '\n';
            return 1;
        }
        out << *shown << '\n';
        return 0;
    }
    const auto rotated = store.rotateSecret(name, config.delivery.secretOverlap.count(), &error);
    if (!rotated) {
        err << "sluice-agent: " << error << '\n';
        return 1;
    }
    out << *rotated << '\n';
    err << "the previous secrets keep signing for " << sluice::formatDuration(config.delivery.secretOverlap)
        << "; update the receiver before then\n";
    return 0;
}

// sluice-agent register export asyncapi|markdown|html [FILE]: the documents the agent serves, from
// the register in its store (a running agent writes it every second).
int registerCommand(const AgentConfig &config, const QStringList &args)
{
    QTextStream err(stderr);
    static const QStringList formats = {u"asyncapi"_s, u"markdown"_s, u"html"_s};
    if (args.size() < 3 || args.size() > 4 || args.at(1) != u"export" || !formats.contains(args.at(2))) {
        err << "usage: sluice-agent [--config FILE] register export asyncapi|markdown|html [OUTPUT]\n";
        return 2;
    }
    Store store(u"cli"_s);
    QString error;
    EventRegister eventRegister(config.eventRegister);
    if (!store.open(config.store.path, true, &error) || !eventRegister.load(store, &error)) {
        err << "sluice-agent: " << error << '\n';
        return 1;
    }
    const CatalogueInfo info{u"Sluice event catalogue"_s, QCoreApplication::applicationVersion(), QString()};
    const QList<sluice::RegisterEntry> entries = eventRegister.entries();
    QByteArray document;
    if (args.at(2) == u"asyncapi")
        document = QJsonDocument(asyncApiDocument(entries, info)).toJson(QJsonDocument::Indented);
    else if (args.at(2) == u"markdown")
        document = markdownCatalogue(entries, info).toUtf8();
    else
        document = htmlCatalogue(entries, info).toUtf8();
    if (args.size() == 3) {
        QFile out;
        if (!out.open(stdout, QIODevice::WriteOnly))
            return 1;
        out.write(document);
        return 0;
    }
    QSaveFile file(args.at(3));
    if (!file.open(QIODevice::WriteOnly) || file.write(document) != document.size() || !file.commit()) {
        err << "sluice-agent: cannot write " << args.at(3) << ": " << file.errorString() << '\n';
        return 1;
    }
    err << args.at(3) << ": " << exposedEntries(entries).size() << " exposed event types\n";
    return 0;
}

// sluice-agent token list|show [NAME]|rotate NAME|add NAME ROLE|remove NAME: the admin API's
// bearer tokens. Tokens go to stdout only; a running agent notices the file changing.
int tokenCommand(const AgentConfig &config, const QStringList &args)
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

// sluice-agent status: what a running agent says on its HTTP server (/readyz, /metrics), in a few
// lines for the operator at the shell. Exit code 0 ready, 1 not ready, 3 not reachable.
int statusCommand(const AgentConfig &config)
{
    QTextStream out(stdout);
    QTextStream err(stderr);
    const auto address = parseListenAddress(config.http.listen);
    if (config.http.listen.isEmpty() || !address || address->second == 0) {
        err << "sluice-agent: status asks the agent's HTTP server, and http.listen is "
            << (config.http.listen.isEmpty() ? u"off"_s : config.http.listen) << " in the configuration\n";
        return 3;
    }
    QHostAddress host = address->first;
    if (host == QHostAddress::AnyIPv4 || host == QHostAddress::Any)
        host = QHostAddress::LocalHost;
    const QString base =
        u"http://%1:%2"_s
            .arg(host.protocol() == QAbstractSocket::IPv6Protocol ? u'[' + host.toString() + u']' : host.toString())
            .arg(address->second);
    QNetworkAccessManager manager;
    auto get = [&](const QString &path, int *status) {
        QNetworkReply *reply = manager.get(QNetworkRequest(QUrl(base + path)));
        QEventLoop loop;
        QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        QTimer::singleShot(5000, &loop, &QEventLoop::quit);
        loop.exec();
        *status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QByteArray body = reply->readAll();
        reply->deleteLater();
        return body;
    };
    int status = 0;
    const QByteArray ready = get(u"/readyz"_s, &status);
    if (status == 0) {
        err << "sluice-agent: no agent answers at " << base << " (not running, or another http.listen)\n";
        return 3;
    }
    int metricsStatus = 0;
    const QByteArray metrics = get(u"/metrics"_s, &metricsStatus);
    QHash<QString, double> values;
    for (const QByteArray &line : metrics.split('\n')) {
        if (line.isEmpty() || line.startsWith('#'))
            continue;
        const qsizetype space = line.lastIndexOf(' ');
        values.insert(QString::fromUtf8(line.left(space)), line.mid(space + 1).toDouble());
    }
    QString version;
    QStringList down;
    double lag = 0;
    for (auto it = values.constBegin(); it != values.constEnd(); ++it) {
        if (it.key().startsWith(u"sluice_build_info{version=\""_s))
            version = it.key().section(u'"', 1, 1);
        if (it.key().startsWith(u"sluice_subscription_up{"_s) && it.value() == 0)
            down.append(it.key().section(u'"', 1, 1));
        if (it.key().startsWith(u"sluice_consumer_lag{"_s))
            lag += it.value();
    }
    const QLocale c = QLocale::c();
    auto n = [&](const QString &key) { return c.toString(qint64(values.value(key))); };
    out << "sluice-agent " << version << " at " << base << ": " << QString::fromUtf8(ready).trimmed() << '\n'
        << "  events    consumed " << n(u"sluice_events_consumed_total"_s) << " · matched "
        << n(u"sluice_events_matched_total"_s) << " · quarantined " << n(u"sluice_events_quarantined_total"_s)
        << " · behind " << c.toString(qint64(lag)) << " (consumer lag)\n"
        << "  queue     pending " << n(u"sluice_queue_depth{state=\"pending\"}"_s) << " · dead "
        << n(u"sluice_queue_depth{state=\"dead\"}"_s) << " · delivered (kept) "
        << n(u"sluice_queue_depth{state=\"delivered\"}"_s) << " · in flight " << n(u"sluice_in_flight"_s) << '\n'
        << "  store     " << c.formattedDataSize(qint64(values.value(u"sluice_store_size_bytes"_s))) << '\n'
        << "  endpoints " << (down.isEmpty() ? u"all active"_s : u"not active: "_s + down.join(u", "_s)) << '\n';
    return status == 200 ? 0 : 1;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
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
    parser.addOptions({configOption, checkOption, demoOption, durationOption, statusOption});
    parser.addPositionalArgument(
        u"command"_s,
        u"Optional: \"secret reveal NAME\" (show a generated signing secret once), "
        u"\"secret rotate NAME\" (new secret; the old ones sign on for delivery.secretOverlap), "
        u"\"enable NAME\" (enable a subscription its endpoint or failures disabled), "
        u"\"register export asyncapi|markdown|html [FILE]\" (the event catalogue for consumers), "
        u"\"token list|show [NAME]|rotate NAME|add NAME ROLE|remove NAME\" (admin API tokens), "
        u"\"status\" (what the running agent reports)."_s,
        u"[command]"_s);
    parser.process(app);

    QTextStream err(stderr);
    QStringList errors;
    // Kept as JSON too: on SIGHUP the sections that changed are compared with what the agent runs on.
    const std::optional<QJsonObject> configJson = AgentConfig::readFile(parser.value(configOption), &errors);
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
    if (parser.isSet(checkOption)) {
        // Subscriptions against the register: the store's if there is one, else the catalogue.
        std::unique_ptr<Store> store;
        QString error;
        if (QFile::exists(config->store.path)) {
            store = std::make_unique<Store>(u"check"_s);
            if (!store->open(config->store.path, false, &error)) {
                err << "sluice-agent: " << error << '\n';
                return 1;
            }
        }
        EventRegister eventRegister(config->eventRegister);
        if (!eventRegister.load(store.get(), &error)) {
            err << "sluice-agent: " << error << '\n';
            return 1;
        }
        QStringList refused;
        for (const sluice::Subscription &sub : std::as_const(config->subscriptions)) {
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
        QTextStream(stdout) << parser.value(configOption) << ": configuration is valid\n";
        return 0;
    }
    if (parser.positionalArguments() == QStringList{u"status"_s})
        return statusCommand(*config);
    if (parser.positionalArguments().value(0) == u"token")
        return tokenCommand(*config, parser.positionalArguments());
    if (parser.positionalArguments().value(0) == u"register")
        return registerCommand(*config, parser.positionalArguments());
    if (!parser.positionalArguments().isEmpty())
        return storeCommand(*config, parser.positionalArguments());
    if (parser.isSet(demoOption))
        config->demo.enabled = true;

    if (::pipe(signalPipe) != 0)
        return 1;
    std::signal(SIGTERM, onSignal);
    std::signal(SIGINT, onSignal);
    std::signal(SIGHUP, onSignal);
    Agent agent(*config);
    // What the agent runs with, section by section, to name on a reload what waits for a restart.
    QJsonObject running = *configJson;
    auto reload = [&] {
        QStringList problems;
        const auto json = AgentConfig::readFile(parser.value(configOption), &problems);
        const auto next = json ? AgentConfig::fromJson(*json, &problems) : std::nullopt;
        QString why;
        if (!next || !agent.reloadFileSubscriptions(next->subscriptions, &why)) {
            if (!why.isEmpty())
                problems.append(why);
            qCritical().noquote() << u"SIGHUP: the configuration was not reloaded; the agent runs on as it was:\n  "_s +
                                         problems.join(u"\n  "_s);
            return;
        }
        QStringList waiting;
        QStringList keys = json->keys() + running.keys();
        keys.removeDuplicates();
        keys.sort();
        for (const QString &key : std::as_const(keys)) {
            if (key != u"subscriptions" && json->value(key) != running.value(key))
                waiting.append(key);
        }
        running.insert(u"subscriptions"_s, json->value(u"subscriptions"_s));
        qInfo().noquote() << u"SIGHUP: configuration reloaded: %1 subscriptions from the file applied"_s.arg(
                                 next->subscriptions.size()) +
                                 (waiting.isEmpty() ? QString()
                                                    : u"; changed but applied only at the next start: %1"_s.arg(
                                                          waiting.join(u", "_s)));
    };
    QSocketNotifier signalNotifier(signalPipe[0], QSocketNotifier::Read);
    int signalsSeen = 0;
    QObject::connect(&signalNotifier, &QSocketNotifier::activated, &agent, [&] {
        char byte;
        [[maybe_unused]] const auto got = ::read(signalPipe[0], &byte, 1);
        if (byte == char(SIGHUP)) {
            reload();
            return;
        }
        if (++signalsSeen > 1) {
            err << "sluice-agent: second signal, stopping at once; deliveries in flight will be sent again\n";
            err.flush();
            ::_exit(130);
        }
        agent.stop();
    });
    QObject::connect(
        &agent, &Agent::stopped, &app, [&app] { app.exit(0); }, Qt::QueuedConnection);

    // Told to the service manager (systemd's sd_notify under Type=notify; nothing from a shell).
    const std::unique_ptr<ServiceManager> service = ServiceManager::create();
    QObject::connect(&agent, &Agent::stopping, &agent, [&service] { service->stopping(); });

    QString error;
    if (!agent.start(&error)) {
        err << "sluice-agent: " << error << '\n';
        return 1;
    }
    // Ready once consuming; then a status line now and then, and watchdog pings from the event loop.
    QTimer readiness;
    bool announced = false;
    QObject::connect(&readiness, &QTimer::timeout, &agent, [&] {
        if (!agent.notReadyBecause().isEmpty())
            return;
        const AgentStats s = agent.stats();
        const QString line = u"consuming %1 partitions; in %2, delivered %3, dead %4"_s.arg(agent.assignedPartitions())
                                 .arg(s.consumed)
                                 .arg(s.delivered)
                                 .arg(s.dead);
        if (!announced) {
            service->ready(line);
            announced = true;
            readiness.setInterval(std::chrono::seconds(5));
        } else {
            service->status(line);
        }
    });
    readiness.start(200);
    QTimer watchdog;
    if (service->watchdogInterval().count() > 0) {
        QObject::connect(&watchdog, &QTimer::timeout, &agent, [&service] { service->alive(); });
        watchdog.start(service->watchdogInterval());
    }

    if (parser.isSet(durationOption)) {
        const int seconds = parser.value(durationOption).toInt();
        QTimer::singleShot(std::chrono::seconds(seconds), &agent, &Agent::stop);
    }
    QTimer status;
    AgentStats previous;
    QElapsedTimer sinceStart;
    sinceStart.start();
    const QString intervalText = parser.value(statusOption);
    bool plainSeconds = false;
    const int seconds = intervalText.toInt(&plainSeconds);
    const auto interval =
        plainSeconds ? std::chrono::milliseconds(seconds * 1000) : sluice::parseDuration(intervalText);
    if (!interval) {
        err << "sluice-agent: --status-interval: \"" << intervalText << "\" is not a number of seconds or a duration\n";
        return 2;
    }
    auto print = [&](const char *label, const AgentStats &now, const AgentStats &before,
                     std::chrono::milliseconds over) {
        QTextStream(stdout) << "[sluice " << QString::number(double(sinceStart.elapsed()) / 1000.0, 'f', 1) << "s] "
                            << label << statusLine(now, before, over) << Qt::endl;
    };
    if (interval->count() > 0) {
        QObject::connect(&status, &QTimer::timeout, &agent, [&] {
            const AgentStats now = agent.stats();
            print("", now, previous, *interval);
            previous = now;
        });
        status.start(*interval);
    }
    const int code = app.exec();
    if (interval->count() > 0)
        print("final: ", agent.stats(), AgentStats{}, std::chrono::milliseconds(sinceStart.elapsed()));
    return code;
}
