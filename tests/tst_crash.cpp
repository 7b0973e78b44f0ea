#include "ingest/kafka.h"
#include "testsupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <csignal>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

using namespace Qt::Literals::StringLiterals;
using namespace sluice;
using sluice::test::makeEvent;
using sluice::test::Producer;
using sluice::test::RecordingReceiver;

// The agent runs as a real process and is killed with SIGKILL in the middle of a stream; the test
// owns the Kafka cluster and the receiver, so both outlive the agent.
class TestCrash : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void killedAgentLosesNothing();
    void secretAndEnableCommands();
    void registerCommandsAndCheckConfig();
    void checkConfigReportsEveryProblem_data();
    void checkConfigReportsEveryProblem();
    void sighupReloadsSubscriptions();
    void notifiesTheServiceManager();

private:
    // Runs the real binary with --config and the arguments; the exit code, or -1 if it hung.
    static int run(const QString &configPath, const QStringList &arguments, QByteArray *out = nullptr,
                   QByteArray *err = nullptr);
    std::unique_ptr<QProcess> startAgent(const QString &configPath);
    static bool writeJson(const QString &path, const QJsonObject &json);
    static quint16 freePort(); // free now; taken by whoever asks next
};

int TestCrash::run(const QString &configPath, const QStringList &arguments, QByteArray *out, QByteArray *err)
{
    QProcess process;
    process.start(QStringLiteral(SLUICE_AGENT_BINARY), QStringList{u"--config"_s, configPath} + arguments);
    if (!process.waitForFinished(60000))
        return -1;
    if (out)
        *out = process.readAllStandardOutput();
    if (err)
        *err = process.readAllStandardError();
    return process.exitCode();
}

quint16 TestCrash::freePort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

bool TestCrash::writeJson(const QString &path, const QJsonObject &json)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(QJsonDocument(json).toJson()) > 0;
}

std::unique_ptr<QProcess> TestCrash::startAgent(const QString &configPath)
{
    auto process = std::make_unique<QProcess>();
    process->setProgram(QStringLiteral(SLUICE_AGENT_BINARY));
    process->setArguments({u"--config"_s, configPath});
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"QT_LOGGING_RULES"_s, u"sluice.*.info=false"_s);
    process->setProcessEnvironment(env);
    process->setProcessChannelMode(QProcess::ForwardedErrorChannel);
    process->start();
    if (!process->waitForStarted(5000))
        qFatal("cannot start %s", SLUICE_AGENT_BINARY);
    return process;
}

void TestCrash::killedAgentLosesNothing()
{
    QString error;
    auto cluster = agent::EmbeddedCluster::start(1, &error);
    QVERIFY2(cluster, qPrintable(error));
    QVERIFY(cluster->createTopic(u"stream"_s, 4, &error));

    RecordingReceiver receiver;
    receiver.http().setBehaviour({204, 5, 0, 503}); // a little latency, so requests are in flight when we kill
    const int concurrency = 4;
    QTemporaryDir dir;
    const QJsonObject config{
        {u"kafka"_s, QJsonObject{{u"brokers"_s, cluster->bootstraps()},
                                 {u"groupId"_s, u"crash"_s},
                                 {u"topics"_s, QJsonArray{u"stream"_s}},
                                 {u"properties"_s, QJsonObject{{u"session.timeout.ms"_s, u"6000"_s}}}}},
        {u"store"_s, QJsonObject{{u"path"_s, dir.filePath(u"crash.db"_s)}, {u"synchronous"_s, u"full"_s}}},
        {u"delivery"_s, QJsonObject{{u"retrySchedule"_s, QJsonArray{u"0"_s, u"200ms"_s, u"1s"_s, u"1s"_s, u"1s"_s}},
                                    {u"concurrency"_s, concurrency},
                                    {u"egressAllow"_s, QJsonArray{u"127.0.0.1"_s}}}},
        {u"http"_s, QJsonObject{{u"listen"_s, u"127.0.0.1:0"_s}}},
        {u"admin"_s, QJsonObject{{u"listen"_s, u"127.0.0.1:0"_s}}},
        {u"subscriptions"_s, QJsonArray{QJsonObject{{u"name"_s, u"s"_s},
                                                    {u"endpoint"_s, receiver.url()},
                                                    {u"types"_s, QJsonArray{u"be.digipolis.wcm.v4.content.*"_s}}}}},
    };
    const QString configPath = dir.filePath(u"sluice.json"_s);
    QVERIFY(writeJson(configPath, config));

    // A steady stream: 1,500 events at about 500 per second, two thirds of them matching.
    Producer producer(cluster->bootstraps());
    QStringList expected;
    int produced = 0;
    QTimer stream;
    connect(&stream, &QTimer::timeout, this, [&] {
        for (int i = 0; i < 10 && produced < 1500; ++i, ++produced) {
            const bool matching = produced % 3 != 2;
            const QString type =
                matching ? u"be.digipolis.wcm.v4.content.item.changed"_s : u"be.digipolis.wcm.v4.menu.changed"_s;
            const QString id = u"ev-%1"_s.arg(produced);
            producer.sendStructured(u"stream"_s, makeEvent(type, id, u"content/%1"_s.arg(produced % 50)));
            if (matching)
                expected.append(id);
        }
        producer.flush();
    });
    stream.start(20);

    std::unique_ptr<QProcess> agent = startAgent(configPath);
    int kills = 0;
    for (const int killAt : {200, 600}) {
        QTRY_VERIFY_WITH_TIMEOUT(receiver.okCount() >= killAt, 60000);
        agent->kill(); // SIGKILL: no chance to commit, flush or say goodbye
        QVERIFY(agent->waitForFinished(5000));
        QCOMPARE(agent->exitStatus(), QProcess::CrashExit);
        ++kills;
        agent = startAgent(configPath);
    }
    QCOMPARE(kills, 2);
    QTRY_COMPARE_WITH_TIMEOUT(produced, 1500, 60000);
    QTRY_COMPARE_WITH_TIMEOUT(receiver.uniqueIds().size(), expected.size(), 90000);

    QStringList got = receiver.uniqueIds();
    got.sort();
    expected.sort();
    QCOMPARE(got, expected); // every matching event, and nothing else

    // Duplicates can only be requests that were in flight, or answered but not yet recorded,
    // when the agent died: at most the concurrency plus one outcome batch window per kill.
    const qsizetype duplicates = receiver.ids().size() - receiver.uniqueIds().size();
    qInfo() << "events delivered:" << expected.size() << "duplicates after" << kills << "kills:" << duplicates;
    QVERIFY2(duplicates <= kills * (concurrency + 16), qPrintable(u"%1 duplicates"_s.arg(duplicates)));

    stream.stop();
    agent->terminate(); // SIGTERM: the graceful path
    QVERIFY(agent->waitForFinished(20000));
    QCOMPARE(agent->exitStatus(), QProcess::NormalExit);
    QCOMPARE(agent->exitCode(), 0);
}

void TestCrash::secretAndEnableCommands()
{
    // The operator's commands, through the real binary and its store.
    QTemporaryDir dir;
    const QJsonObject config{
        {u"kafka"_s, QJsonObject{{u"topics"_s, QJsonArray{u"cli"_s}}}},
        {u"store"_s, QJsonObject{{u"path"_s, dir.filePath(u"cli.db"_s)}}},
        {u"http"_s, QJsonObject{{u"listen"_s, u"127.0.0.1:0"_s}}},
        {u"admin"_s, QJsonObject{{u"listen"_s, u"127.0.0.1:0"_s}}},
        {u"subscriptions"_s,
         QJsonArray{QJsonObject{{u"name"_s, u"s"_s},
                                {u"endpoint"_s, u"http://127.0.0.1:9/hook"_s}, // refused: not allowed
                                {u"types"_s, QJsonArray{u"*"_s}}}}},
    };
    const QString configPath = dir.filePath(u"sluice.json"_s);
    QVERIFY(writeJson(configPath, config));
    auto run = [&](const QStringList &arguments, QByteArray *out = nullptr, QByteArray *err = nullptr) {
        return TestCrash::run(configPath, arguments, out, err);
    };
    QByteArray out, err;
    QCOMPARE(run({u"secret"_s, u"reveal"_s, u"s"_s}, &out, &err), 1);
    QVERIFY2(err.contains("has no secret yet"), err.constData());

    // A short run generates the secret; its log names the command, never the secret.
    QCOMPARE(run({u"--duration"_s, u"1"_s}, &out, &err), 0);
    QVERIFY(err.contains("secret reveal s"));
    QVERIFY(!err.contains("whsec_") && !out.contains("whsec_"));

    QCOMPARE(run({u"secret"_s, u"reveal"_s, u"s"_s}, &out), 0);
    const QByteArray first = out.trimmed();
    QVERIFY(first.startsWith("whsec_"));
    QCOMPARE(run({u"secret"_s, u"reveal"_s, u"s"_s}, &out, &err), 1);
    QVERIFY2(err.contains("is not shown again"), err.constData());

    QCOMPARE(run({u"secret"_s, u"rotate"_s, u"s"_s}, &out, &err), 0);
    QVERIFY(out.trimmed().startsWith("whsec_") && out.trimmed() != first);
    QVERIFY(err.contains("keep signing"));

    QCOMPARE(run({u"enable"_s, u"s"_s}, &out), 0);
    QCOMPARE(run({u"enable"_s, u"nobody"_s}, &out, &err), 1);
    QVERIFY(err.contains("no subscription named"));
    QCOMPARE(run({u"secret"_s, u"show"_s, u"s"_s}, &out, &err), 2);
    QVERIFY(err.contains("usage:"));
}

void TestCrash::registerCommandsAndCheckConfig()
{
    QTemporaryDir dir;
    QJsonObject config{
        {u"kafka"_s, QJsonObject{{u"topics"_s, QJsonArray{u"cli"_s}}}},
        {u"store"_s, QJsonObject{{u"path"_s, dir.filePath(u"reg.db"_s)}}},
        {u"subscriptions"_s,
         QJsonArray{QJsonObject{{u"name"_s, u"modules"_s},
                                {u"endpoint"_s, u"http://127.0.0.1:9/hook"_s},
                                {u"types"_s, QJsonArray{u"be.digipolis.wcm.v4.module.installed"_s}}}}},
    };
    const QString configPath = dir.filePath(u"sluice.json"_s);
    QVERIFY(writeJson(configPath, config));

    // --check-config checks subscriptions against the register too (the catalogue before the first
    // start), and creates no store doing so.
    QByteArray out, err;
    QCOMPARE(run(configPath, {u"--check-config"_s}, &out, &err), 2);
    QVERIFY2(err.contains("subscription \"modules\" selects be.digipolis.wcm.v4.module.installed (active), which "
                          "the register does not expose"),
             err.constData());
    QVERIFY(!QFile::exists(dir.filePath(u"reg.db"_s)));

    config.insert(u"subscriptions"_s, QJsonArray());
    QVERIFY(writeJson(configPath, config));
    QCOMPARE(run(configPath, {u"--check-config"_s}, &out, &err), 0);
    QVERIFY(out.contains("configuration is valid"));

    // The catalogue for consumers, written from the command line.
    const QString asyncapi = dir.filePath(u"asyncapi.json"_s);
    QCOMPARE(run(configPath, {u"register"_s, u"export"_s, u"asyncapi"_s, asyncapi}, &out, &err), 0);
    QFile file(asyncapi);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QJsonObject document = QJsonDocument::fromJson(file.readAll()).object();
    QCOMPARE(document.value(u"asyncapi"_s).toString(), u"3.0.0"_s);
    QVERIFY(document.value(u"channels"_s).toObject().contains(u"be_digipolis_wcm_v4_content_item_created"_s));
    QVERIFY2(err.contains("exposed event types"), err.constData());
    QCOMPARE(run(configPath, {u"register"_s, u"export"_s, u"markdown"_s}, &out, &err), 0);
    QVERIFY(out.startsWith("# Sluice event catalogue"));
    QCOMPARE(run(configPath, {u"register"_s, u"export"_s, u"pdf"_s}, &out, &err), 2);
    QVERIFY(err.contains("usage: sluice-agent [--config FILE] register export asyncapi|markdown|html"));
    QCOMPARE(
        run(configPath, {u"register"_s, u"export"_s, u"html"_s, dir.filePath(u"no/such/dir/x.html"_s)}, &out, &err), 1);
    QVERIFY2(err.contains("cannot write"), err.constData());
}

void TestCrash::checkConfigReportsEveryProblem_data()
{
    QTest::addColumn<QByteArray>("file");
    QTest::addColumn<QStringList>("messages");
    QTest::newRow("not JSON") << QByteArray("{ \"kafka\": \n  [")
                              << QStringList{u":2: the configuration is not a JSON object"_s};
    QTest::newRow("several problems at once")
        << QByteArray(R"({"kafka": {"topics": []}, "store": {"synchronous": "sometimes"},
                         "delivery": {"jitter": 2, "egressAllow": ["10.0.0.0/33"]},
                         "admin": {"listen": "0.0.0.0:8791"}, "register": {"defaultValidation": "strict"}})")
        << QStringList{u"kafka.topics: list at least one topic"_s,
                       u"store.synchronous: must be \"full\""_s,
                       u"delivery.jitter: must be a fraction"_s,
                       u"delivery.egressAllow:"_s,
                       u"admin.listen: 0.0.0.0:8791 is reachable from other machines"_s,
                       u"register.defaultValidation: must be"_s,
                       u"the configuration has 6 problems"_s};
    QTest::newRow("bad subscription")
        << QByteArray(
               R"({"kafka": {"topics": ["t"]}, "subscriptions": [{"name": "s", "endpoint": "ftp://x/", "types": ["a*b"]}]})")
        << QStringList{u"subscriptions[0]:"_s};
    QTest::newRow("comments keep line numbers")
        << QByteArray("// a comment\n// another\n{ \"kafka\": { \"topics\": [\"t\"] }, }\n")
        << QStringList{u":3: the configuration is not a JSON object"_s};
}

void TestCrash::checkConfigReportsEveryProblem()
{
    // What the unit's ExecStartPre shows in the journal: every problem, its key and a fix; exit 2.
    QFETCH(QByteArray, file);
    QFETCH(QStringList, messages);
    QTemporaryDir dir;
    const QString path = dir.filePath(u"sluice.json"_s);
    QFile out(path);
    QVERIFY(out.open(QIODevice::WriteOnly));
    out.write(file);
    out.close();
    QByteArray stdOut, stdErr;
    QCOMPARE(run(path, {u"--check-config"_s}, &stdOut, &stdErr), 2);
    for (const QString &message : messages)
        QVERIFY2(stdErr.contains(message.toUtf8()), qPrintable(message + u" not in:\n"_s + QString::fromUtf8(stdErr)));
    // The agent itself refuses to start on it, with the same messages.
    QByteArray startErr;
    QCOMPARE(run(path, {}, nullptr, &startErr), 2);
    QCOMPARE(startErr, stdErr);
}

void TestCrash::sighupReloadsSubscriptions()
{
    QString error;
    auto cluster = agent::EmbeddedCluster::start(1, &error);
    QVERIFY2(cluster, qPrintable(error));
    QVERIFY(cluster->createTopic(u"hup"_s, 2, &error));
    RecordingReceiver a;
    RecordingReceiver b;
    QTemporaryDir dir;
    auto sub = [](const QString &name, const QString &url, const QString &type) {
        return QJsonObject{
            {u"name"_s, name}, {u"endpoint"_s, url}, {u"types"_s, QJsonArray{type}}, {u"handshake"_s, false}};
    };
    QJsonObject config{
        {u"kafka"_s, QJsonObject{{u"brokers"_s, cluster->bootstraps()},
                                 {u"groupId"_s, u"hup"_s},
                                 {u"topics"_s, QJsonArray{u"hup"_s}},
                                 {u"properties"_s, QJsonObject{{u"session.timeout.ms"_s, u"6000"_s}}}}},
        {u"store"_s, QJsonObject{{u"path"_s, dir.filePath(u"hup.db"_s)}, {u"synchronous"_s, u"normal"_s}}},
        {u"delivery"_s, QJsonObject{{u"egressAllow"_s, QJsonArray{u"127.0.0.1"_s}}}},
        {u"http"_s, QJsonObject{{u"listen"_s, u"127.0.0.1:%1"_s.arg(freePort())}}},
        {u"admin"_s, QJsonObject{{u"listen"_s, u""_s}}},
        // Made-up types: discovered, and let out without an administrator's exposing them.
        {u"register"_s, QJsonObject{{u"exposeDiscovered"_s, true}, {u"topic"_s, u""_s}}},
        {u"subscriptions"_s, QJsonArray{sub(u"a"_s, a.url(), u"be.test.a"_s)}},
    };
    const QString configPath = dir.filePath(u"sluice.json"_s);
    QVERIFY(writeJson(configPath, config));
    QProcess agent;
    agent.setProcessChannelMode(QProcess::SeparateChannels);
    agent.start(QStringLiteral(SLUICE_AGENT_BINARY), {u"--config"_s, configPath});
    QVERIFY(agent.waitForStarted(5000));
    QByteArray log;
    QObject::connect(&agent, &QProcess::readyReadStandardError, &agent, [&] { log += agent.readAllStandardError(); });
    const qint64 pid = agent.processId();

    Producer producer(cluster->bootstraps());
    producer.sendStructured(u"hup"_s, makeEvent(u"be.test.a"_s, u"a1"_s));
    producer.sendStructured(u"hup"_s, makeEvent(u"be.test.b"_s, u"b1"_s)); // nobody wants it yet
    producer.flush();
    QTRY_COMPARE_WITH_TIMEOUT(a.okCount(), 1, 30000);

    // The operator's view of the running agent.
    QByteArray out, err;
    QCOMPARE(run(configPath, {u"status"_s}, &out, &err), 0);
    QVERIFY2(out.contains(": ready") && out.contains("consumed 2") && out.contains("endpoints all active"),
             out.constData());

    // A second subscription and a new group id in the file; SIGHUP applies the first, names the second.
    QJsonArray subs = config.value(u"subscriptions"_s).toArray();
    subs.append(sub(u"b"_s, b.url(), u"be.test.b"_s));
    config.insert(u"subscriptions"_s, subs);
    QJsonObject kafka = config.value(u"kafka"_s).toObject();
    kafka.insert(u"groupId"_s, u"hup-2"_s);
    config.insert(u"kafka"_s, kafka);
    QVERIFY(writeJson(configPath, config));
    QCOMPARE(::kill(pid_t(pid), SIGHUP), 0);
    QTRY_VERIFY_WITH_TIMEOUT(log.contains("SIGHUP: configuration reloaded: 2 subscriptions"), 10000);
    QVERIFY2(log.contains("applied only at the next start: kafka"), log.constData());
    producer.sendStructured(u"hup"_s, makeEvent(u"be.test.b"_s, u"b2"_s));
    producer.sendStructured(u"hup"_s, makeEvent(u"be.test.a"_s, u"a2"_s));
    producer.flush();
    QTRY_COMPARE_WITH_TIMEOUT(b.okCount(), 1, 30000);
    QCOMPARE(b.ids(), QStringList{u"b2"_s}); // from the reload on, not before
    QTRY_COMPARE_WITH_TIMEOUT(a.okCount(), 2, 30000);

    // A broken file is refused and the agent runs on with what it had.
    QFile broken(configPath);
    QVERIFY(broken.open(QIODevice::WriteOnly));
    broken.write("{ \"kafka\": ");
    broken.close();
    QCOMPARE(::kill(pid_t(pid), SIGHUP), 0);
    QTRY_VERIFY_WITH_TIMEOUT(log.contains("was not reloaded"), 10000);
    producer.sendStructured(u"hup"_s, makeEvent(u"be.test.b"_s, u"b3"_s));
    producer.flush();
    QTRY_COMPARE_WITH_TIMEOUT(b.okCount(), 2, 30000);
    QCOMPARE(agent.state(), QProcess::Running);
    QCOMPARE(agent.processId(), pid);

    agent.terminate();
    QVERIFY(agent.waitForFinished(30000));
    QCOMPARE(agent.exitCode(), 0);
    QCOMPARE(run(configPath + u".gone"_s, {u"status"_s}, &out, &err), 2); // no such configuration
    config.insert(u"http"_s, QJsonObject{{u"listen"_s, u"127.0.0.1:%1"_s.arg(freePort())}});
    QVERIFY(writeJson(configPath, config));
    QCOMPARE(run(configPath, {u"status"_s}, &out, &err), 3);
    QVERIFY2(err.contains("no agent answers at http://127.0.0.1:"), err.constData());
}

void TestCrash::notifiesTheServiceManager()
{
    // What systemd would hear over $NOTIFY_SOCKET from a Type=notify service: a datagram socket.
    QTemporaryDir dir;
    const QByteArray socketPath = dir.filePath(u"notify"_s).toUtf8();
    const int fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK, 0);
    QVERIFY(fd >= 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    qstrncpy(address.sun_path, socketPath.constData(), sizeof address.sun_path);
    QVERIFY(::bind(fd, reinterpret_cast<sockaddr *>(&address), sizeof address) == 0);
    QStringList heard;
    auto listen = [&] {
        char buffer[4096];
        ssize_t n;
        while ((n = ::recv(fd, buffer, sizeof buffer, 0)) > 0)
            heard.append(QString::fromUtf8(buffer, n));
        return heard.join(u'\n');
    };

    QString error;
    auto cluster = agent::EmbeddedCluster::start(1, &error);
    QVERIFY2(cluster, qPrintable(error));
    QVERIFY(cluster->createTopic(u"svc"_s, 1, &error));
    const QJsonObject config{
        {u"kafka"_s, QJsonObject{{u"brokers"_s, cluster->bootstraps()}, {u"topics"_s, QJsonArray{u"svc"_s}}}},
        {u"store"_s, QJsonObject{{u"path"_s, dir.filePath(u"svc.db"_s)}}},
        {u"http"_s, QJsonObject{{u"listen"_s, u""_s}}},
        {u"admin"_s, QJsonObject{{u"listen"_s, u""_s}}},
        {u"register"_s, QJsonObject{{u"topic"_s, u""_s}}},
    };
    const QString configPath = dir.filePath(u"sluice.json"_s);
    QVERIFY(writeJson(configPath, config));
    QProcess agent;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"NOTIFY_SOCKET"_s, QString::fromUtf8(socketPath));
    env.insert(u"WATCHDOG_USEC"_s, u"1000000"_s); // pinged every half second
    agent.setProcessEnvironment(env);
    agent.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    agent.start(QStringLiteral(SLUICE_AGENT_BINARY), {u"--config"_s, configPath});
    QVERIFY(agent.waitForStarted(5000));

    // READY once consuming, with a status line; then watchdog pings from the event loop.
    QTRY_VERIFY_WITH_TIMEOUT(listen().contains(u"READY=1"_s), 20000);
    QVERIFY2(listen().contains(u"STATUS=consuming 1 partitions"_s), qPrintable(listen()));
    QTRY_VERIFY_WITH_TIMEOUT(listen().count(u"WATCHDOG=1"_s) >= 3, 5000);
    agent.terminate();
    QVERIFY(agent.waitForFinished(30000));
    QTRY_VERIFY_WITH_TIMEOUT(listen().contains(u"STOPPING=1"_s), 5000);
    QVERIFY(listen().indexOf(u"READY=1"_s) < listen().indexOf(u"STOPPING=1"_s));
    ::close(fd);
}

QTEST_GUILESS_MAIN(TestCrash)
#include "tst_crash.moc"
