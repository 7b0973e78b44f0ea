#include "commands.h"

#include "agent.h"
#include "service/service.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QLocale>
#include <QLoggingCategory>
#include <QSocketNotifier>
#include <QTextStream>
#include <QTimer>

#include <csignal>
#include <memory>
#include <unistd.h>

using namespace Qt::Literals::StringLiterals;

namespace sluice::agent::commands {

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
    // Duplicates are events stored before (read again after a restart or rebalance): without them a
    // "matched" that climbs while "delivered" stands still looks like a stall.
    return u"in %1 (%2/s) · filtered out %3 · matched %4 · duplicates %5 · quarantined %6 · delivered %7 · retrying %8 · dead %9 · in flight %10"_s
        .arg(c.toString(s.consumed), c.toString(perSecond), c.toString(s.filteredOut), c.toString(s.matched),
             c.toString(s.duplicates), c.toString(s.quarantined), c.toString(s.delivered), c.toString(s.retried),
             c.toString(s.dead), c.toString(s.inFlight));
}

// SIGHUP: the file's subscriptions are applied at once; other sections that changed are named as
// waiting for the next start.
class Reloader {
public:
    Reloader(Agent &agent, const RunOptions &options)
        : m_agent(agent)
        , m_path(options.configPath)
        , m_running(options.configJson)
    {
    }

    void reload()
    {
        QStringList problems;
        const auto json = AgentConfig::readFile(m_path, &problems);
        const auto next = json ? AgentConfig::fromJson(*json, &problems) : std::nullopt;
        QString why;
        if (!next || !m_agent.reloadFileSubscriptions(next->subscriptions, &why)) {
            if (!why.isEmpty())
                problems.append(why);
            qCritical().noquote() << u"SIGHUP: the configuration was not reloaded; the agent runs on as it was:\n  "_s +
                                         problems.join(u"\n  "_s);
            return;
        }
        QStringList waiting;
        QStringList keys = json->keys() + m_running.keys();
        keys.removeDuplicates();
        keys.sort();
        for (const QString &key : std::as_const(keys)) {
            if (key != u"subscriptions" && json->value(key) != m_running.value(key))
                waiting.append(key);
        }
        m_running.insert(u"subscriptions"_s, json->value(u"subscriptions"_s));
        qInfo().noquote() << u"SIGHUP: configuration reloaded: %1 subscriptions from the file applied"_s.arg(
                                 next->subscriptions.size()) +
                                 (waiting.isEmpty() ? QString()
                                                    : u"; changed but applied only at the next start: %1"_s.arg(
                                                          waiting.join(u", "_s)));
    }

private:
    Agent &m_agent;
    QString m_path;
    QJsonObject m_running;
};

// Ready once consuming (or sending from the queue); then a status now and then, and watchdog pings
// from the event loop.
void announce(Agent &agent, ServiceManager &service, QTimer &readiness, QTimer &watchdog)
{
    auto announced = std::make_shared<bool>(false);
    QObject::connect(&readiness, &QTimer::timeout, &agent, [&agent, &service, &readiness, announced] {
        if (!agent.notReadyBecause().isEmpty())
            return;
        const AgentStats s = agent.stats();
        const QString consuming =
            agent.assignedPartitions() > 0
                ? u"consuming %1 partitions"_s.arg(agent.assignedPartitions())
                : u"a standby in consumer group %1 (no partitions assigned)"_s.arg(agent.config().kafka.groupId);
        const QString line =
            u"%1; in %2, delivered %3, dead %4"_s.arg(consuming).arg(s.consumed).arg(s.delivered).arg(s.dead);
        if (!*announced) {
            service.ready(line);
            *announced = true;
            readiness.setInterval(std::chrono::seconds(5));
        } else {
            service.status(line);
        }
    });
    readiness.start(200);
    if (service.watchdogInterval().count() > 0) {
        QObject::connect(&watchdog, &QTimer::timeout, &agent, [&service] { service.alive(); });
        watchdog.start(service.watchdogInterval());
    }
}

} // namespace

int run(AgentConfig config, const RunOptions &options)
{
    QTextStream err(stderr);
    if (::pipe(signalPipe) != 0)
        return 1;
    std::signal(SIGTERM, onSignal);
    std::signal(SIGINT, onSignal);
    std::signal(SIGHUP, onSignal);
    Agent agent(config);
    Reloader reloader(agent, options);
    QSocketNotifier signalNotifier(signalPipe[0], QSocketNotifier::Read);
    int signalsSeen = 0;
    QObject::connect(&signalNotifier, &QSocketNotifier::activated, &agent, [&] {
        char byte;
        [[maybe_unused]] const auto got = ::read(signalPipe[0], &byte, 1);
        if (byte == char(SIGHUP)) {
            reloader.reload();
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
        &agent, &Agent::stopped, qApp, [] { QCoreApplication::exit(0); }, Qt::QueuedConnection);

    // Told to the service manager (systemd's sd_notify under Type=notify; nothing from a shell).
    const std::unique_ptr<ServiceManager> service = ServiceManager::create();
    QObject::connect(&agent, &Agent::stopping, &agent, [&service] { service->stopping(); });

    QString error;
    if (!agent.start(&error)) {
        err << "sluice-agent: " << error << '\n';
        return 1;
    }
    QTimer readiness;
    QTimer watchdog;
    announce(agent, *service, readiness, watchdog);
    if (options.duration)
        QTimer::singleShot(*options.duration, &agent, &Agent::stop);

    QTimer status;
    AgentStats previous;
    QElapsedTimer sinceStart;
    sinceStart.start();
    auto print = [&](const char *label, const AgentStats &now, const AgentStats &before,
                     std::chrono::milliseconds over) {
        QTextStream(stdout) << "[sluice " << QString::number(double(sinceStart.elapsed()) / 1000.0, 'f', 1) << "s] "
                            << label << statusLine(now, before, over) << Qt::endl;
    };
    const std::chrono::milliseconds interval = options.statusInterval;
    if (interval.count() > 0) {
        QObject::connect(&status, &QTimer::timeout, &agent, [&] {
            const AgentStats now = agent.stats();
            print("", now, previous, interval);
            previous = now;
        });
        status.start(interval);
    }
    const int code = QCoreApplication::exec();
    if (interval.count() > 0)
        print("final: ", agent.stats(), AgentStats{}, std::chrono::milliseconds(sinceStart.elapsed()));
    return code;
}

} // namespace sluice::agent::commands
