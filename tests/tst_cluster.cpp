// Several agent processes sharing one PostgreSQL store and one consumer group, as a deployment
// that outgrew one machine runs them: agents killed for real under a steady stream, a subscription
// made through one agent and delivered by the others, a consumer subscribing through one agent and
// seen, delivered to and deleted through the others, a poller reading through all of them while all
// of them store, a dead letter retried through a third, a
// standby with no partitions, and the database stopped and started mid-run.
#include "admin/admintokens.h"
#include "adminclient.h"
#include "ingest/kafka.h"
#include "postgresserver.h"
#include "protocol.h"
#include "testsupport.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace Qt::Literals::StringLiterals;
using namespace sluice;
using sluice::test::AdminClient;
using sluice::test::freePort;
using sluice::test::makeEvent;
using sluice::test::PostgresServer;
using sluice::test::Producer;
using sluice::test::RecordingReceiver;

namespace {

constexpr int kAgents = 3;
const QString kMatching = u"be.digipolis.wcm.v4.content.item.changed"_s;
const QString kOther = u"be.digipolis.wcm.v4.menu.changed"_s;

} // namespace

class TestCluster : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void killedAgentsAndALostDatabaseLoseNothing();
    void subscriptionMadeThroughOneAgentIsDeliveredByAll();
    void deadLetterRetriedThroughAnotherAgent();
    void aRateLimitHoldsForAllAgentsTogether();
    void aDisabledEndpointIsAnnouncedOnce();
    void aRegisterEditHoldsForEveryAgent();
    void aConsumerSubscribesThroughAnyAgent();
    void aPollerReadsEverythingThroughAnyAgent();

private:
    // Agent i's configuration file: the shared database, the group, its own ports and token file.
    QString writeConfig(int i, const QJsonArray &subscriptions, const QJsonObject &delivery = {});
    void startAgent(int i);
    // All of them: the first alone, so that it makes the store's tables and the admin tokens the
    // others then find; ready when this returns.
    void startAgents(const QJsonArray &subscriptions, const QJsonObject &delivery = {});
    bool ready(int i, QByteArray *body = nullptr);
    QString adminToken() const;
    QUrl adminUrl(int i) const { return QUrl(u"ws://127.0.0.1:%1"_s.arg(m_adminPorts[i])); }
    QString api(int i, const QString &path) const { return u"http://127.0.0.1:%1%2"_s.arg(m_httpPorts[i]).arg(path); }
    // A consumer of the Subscriptions API, made through agent 0's admin API; its token, or empty.
    QString makeConsumer(const QString &name);

    PostgresServer *m_server = nullptr;
    std::unique_ptr<agent::EmbeddedCluster> m_cluster;
    QTemporaryDir m_dir;
    QString m_prefix;
    QString m_database;
    int m_run = 0;
    std::array<quint16, kAgents> m_httpPorts{};
    std::array<quint16, kAgents> m_adminPorts{};
    std::array<std::unique_ptr<QProcess>, kAgents> m_agents;
};

void TestCluster::initTestCase()
{
    QString error;
    m_server = PostgresServer::shared(&error);
    QVERIFY2(m_server, qPrintable(error));
    m_cluster = agent::EmbeddedCluster::start(1, &error);
    QVERIFY2(m_cluster, qPrintable(error));
}

void TestCluster::init()
{
    m_prefix = u"c%1"_s.arg(++m_run);
    m_database = u"cluster_%1_%2"_s.arg(m_run).arg(QCoreApplication::applicationPid());
    QString error;
    QVERIFY2(m_server->createDatabase(m_database, &error), qPrintable(error));
    // Two partitions for three agents leave one a standby.
    const bool withStandby =
        QByteArrayView(QTest::currentTestFunction()) == "subscriptionMadeThroughOneAgentIsDeliveredByAll";
    QVERIFY(m_cluster->createTopic(m_prefix + u"stream"_s, withStandby ? 2 : 6, &error));
    for (int i = 0; i < kAgents; ++i) {
        m_httpPorts[i] = freePort();
        m_adminPorts[i] = freePort();
    }
}

void TestCluster::cleanup()
{
    for (auto &agent : m_agents) {
        if (agent) {
            agent->terminate();
            if (!agent->waitForFinished(20000))
                agent->kill();
            agent.reset();
        }
    }
    if (!m_server->isRunning())
        m_server->start(nullptr);
}

QString TestCluster::writeConfig(int i, const QJsonArray &subscriptions, const QJsonObject &delivery)
{
    QJsonObject deliveryJson = delivery;
    deliveryJson.insert(u"egressAllow"_s, QJsonArray{u"127.0.0.1"_s});
    deliveryJson.insert(u"concurrency"_s, 4);
    // A killed agent's deliveries come back to the others when its leases run out.
    deliveryJson.insert(u"connectTimeout"_s, u"1s"_s);
    deliveryJson.insert(u"responseTimeout"_s, u"2s"_s);
    deliveryJson.insert(u"lease"_s, u"10s"_s);
    if (!deliveryJson.contains(u"retrySchedule"_s))
        deliveryJson.insert(u"retrySchedule"_s, QJsonArray{u"0"_s, u"200ms"_s, u"1s"_s, u"1s"_s, u"1s"_s, u"2s"_s});
    const agent::PostgresConfig pg = m_server->config(m_database);
    const QJsonObject config{
        {u"kafka"_s, QJsonObject{{u"brokers"_s, m_cluster->bootstraps()},
                                 {u"groupId"_s, m_prefix + u"group"_s},
                                 {u"topics"_s, QJsonArray{m_prefix + u"stream"_s}},
                                 {u"properties"_s, QJsonObject{{u"session.timeout.ms"_s, u"6000"_s}}}}},
        {u"store"_s, QJsonObject{{u"backend"_s, u"postgresql"_s},
                                 {u"postgresql"_s, QJsonObject{{u"host"_s, pg.host},
                                                               {u"port"_s, pg.port},
                                                               {u"database"_s, pg.database},
                                                               {u"user"_s, pg.user},
                                                               {u"sslmode"_s, pg.sslMode}}}}},
        {u"delivery"_s, deliveryJson},
        {u"http"_s, QJsonObject{{u"listen"_s, u"127.0.0.1:%1"_s.arg(m_httpPorts[i])}}},
        {u"admin"_s, QJsonObject{{u"listen"_s, u"127.0.0.1:%1"_s.arg(m_adminPorts[i])},
                                 {u"tokenFile"_s, m_dir.filePath(m_prefix + u"tokens.json"_s)}}},
        {u"register"_s, QJsonObject{{u"exposeDiscovered"_s, true}}},
        {u"subscriptions"_s, subscriptions},
    };
    const QString path = m_dir.filePath(u"%1agent%2.json"_s.arg(m_prefix).arg(i));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(QJsonDocument(config).toJson()) <= 0)
        qFatal("cannot write %s", qPrintable(path));
    return path;
}

void TestCluster::startAgent(int i)
{
    auto process = std::make_unique<QProcess>();
    process->setProgram(QStringLiteral(SLUICE_AGENT_BINARY));
    process->setArguments({u"--config"_s, m_dir.filePath(u"%1agent%2.json"_s.arg(m_prefix).arg(i))});
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"QT_LOGGING_RULES"_s, qEnvironmentVariable("SLUICE_CLUSTER_LOG", u"sluice.*.info=false"_s));
    process->setProcessEnvironment(env);
    process->setProcessChannelMode(QProcess::ForwardedErrorChannel);
    process->start();
    if (!process->waitForStarted(5000))
        qFatal("cannot start %s", SLUICE_AGENT_BINARY);
    m_agents[i] = std::move(process);
}

void TestCluster::startAgents(const QJsonArray &subscriptions, const QJsonObject &delivery)
{
    for (int i = 0; i < kAgents; ++i) {
        writeConfig(i, subscriptions, delivery);
        startAgent(i);
        if (i == 0)
            QTRY_VERIFY_WITH_TIMEOUT(ready(0), 30000);
    }
    for (int i = 0; i < kAgents; ++i)
        QTRY_VERIFY_WITH_TIMEOUT(ready(i), 30000);
}

bool TestCluster::ready(int i, QByteArray *body)
{
    const test::HttpGot got = test::httpGet(u"http://127.0.0.1:%1/readyz"_s.arg(m_httpPorts[i]));
    if (body)
        *body = got.body;
    return got.status == 200;
}

QString TestCluster::makeConsumer(const QString &name)
{
    AdminClient admin;
    QElapsedTimer waited;
    waited.start();
    while (adminToken().isEmpty() && waited.elapsed() < 10000)
        QTest::qWait(50);
    if (!admin.open(adminUrl(0)) || !admin.authenticate(adminToken()))
        return QString();
    return admin.result(protocol::method::ConsumersCreate, {{protocol::consumer::Name, name}})
        .value(protocol::consumer::Token)
        .toString();
}

QString TestCluster::adminToken() const
{
    agent::AdminTokens tokens(m_dir.filePath(m_prefix + u"tokens.json"_s));
    QString error;
    tokens.reloadIfChanged(&error);
    const auto token = tokens.find(u"admin"_s);
    return token ? token->secret : QString();
}

// Three agents, six partitions, a steady stream: one agent is killed and started again three
// times, and the database is stopped and started once. Every matching event arrives.
void TestCluster::killedAgentsAndALostDatabaseLoseNothing()
{
    RecordingReceiver receiver;
    receiver.http().setBehaviour({204, 5, 0, 503}); // a little latency: requests are in flight when killed
    const QJsonArray subscriptions{test::subscription(u"s"_s, receiver.url(), {u"be.digipolis.wcm.v4.content.*"_s})};
    startAgents(subscriptions);
    if (QTest::currentTestFailed())
        return;

    Producer producer(m_cluster->bootstraps());
    QStringList expected;
    int produced = 0;
    constexpr int kTotal = 6000;
    QTimer stream;
    connect(&stream, &QTimer::timeout, this, [&] {
        for (int i = 0; i < 10 && produced < kTotal; ++i, ++produced) {
            const bool matching = produced % 3 != 2;
            const QString id = u"ev-%1"_s.arg(produced);
            producer.sendStructured(m_prefix + u"stream"_s,
                                    makeEvent(matching ? kMatching : kOther, id, u"content/%1"_s.arg(produced % 50)));
            if (matching)
                expected.append(id);
        }
        producer.flush();
    });
    stream.start(30);

    int kills = 0;
    auto killAndRestart = [&](int atLeast) {
        QTRY_VERIFY_WITH_TIMEOUT(receiver.okCount() >= atLeast, 60000);
        m_agents[1]->kill(); // SIGKILL: its leases stay until they run out; its offsets are committed
        QVERIFY(m_agents[1]->waitForFinished(5000));
        ++kills;
        startAgent(1);
    };
    killAndRestart(200);
    // The database goes away for a while, events still arriving: agents hold their offsets and
    // wait, say why they are not ready, then go on.
    QTRY_VERIFY_WITH_TIMEOUT(receiver.okCount() >= 500, 60000);
    QVERIFY(produced < kTotal);
    QVERIFY(m_server->stop());
    QByteArray why;
    QTRY_VERIFY_WITH_TIMEOUT(!ready(0, &why), 10000);
    QVERIFY2(why.contains("store"), why.constData());
    // /metrics says not ready, and gives no queue figures it cannot know (rather than zeros).
    const test::HttpGot metrics = test::httpGet(u"http://127.0.0.1:%1/metrics"_s.arg(m_httpPorts[0]));
    QVERIFY2(metrics.body.contains("\nsluice_ready 0\n"), metrics.body.constData());
    QVERIFY2(!metrics.body.contains("sluice_queue_depth{"), metrics.body.constData());
    QTest::qWait(2000);
    QString error;
    QVERIFY2(m_server->start(&error), qPrintable(error));
    QTRY_VERIFY_WITH_TIMEOUT(ready(0), 30000);
    killAndRestart(receiver.okCount() + 300);
    killAndRestart(receiver.okCount() + 300);

    QTRY_COMPARE_WITH_TIMEOUT(produced, kTotal, 90000);
    // A killed agent's leased deliveries come back when its leases run out (10 s here).
    QTRY_COMPARE_WITH_TIMEOUT(receiver.uniqueIds().size(), expected.size(), 120000);
    QStringList got = receiver.uniqueIds();
    got.sort();
    expected.sort();
    QCOMPARE(got, expected);
    const qsizetype duplicates = receiver.ids().size() - receiver.uniqueIds().size();
    qInfo() << "events delivered:" << expected.size() << "duplicates after" << kills
            << "kills and a database restart:" << duplicates;
    QVERIFY2(duplicates <= (kills + 1) * kAgents * (4 + 16), qPrintable(u"%1 duplicates"_s.arg(duplicates)));
}

void TestCluster::subscriptionMadeThroughOneAgentIsDeliveredByAll()
{
    startAgents({});
    if (QTest::currentTestFailed())
        return;

    // Made through agent 0's admin API only.
    RecordingReceiver receiver;
    receiver.http().setBehaviour({204, 20, 0, 503}); // requests take a while: every agent gets a share
    AdminClient client;
    QVERIFY(client.open(adminUrl(0)));
    QTRY_VERIFY_WITH_TIMEOUT(!adminToken().isEmpty(), 10000);
    QVERIFY(client.authenticate(adminToken()));
    const QJsonObject created =
        client.result(protocol::method::SubscriptionsCreate,
                      {{u"subscription"_s, test::subscription(u"made"_s, receiver.url(), {kMatching})}});
    QVERIFY2(!created.isEmpty(), "subscriptions.create was refused");
    // The others follow at once (NOTIFY), or at their next look (two seconds): ask each.
    QElapsedTimer followed;
    followed.start();
    for (int i = 1; i < kAgents; ++i) {
        AdminClient other;
        QVERIFY(other.open(adminUrl(i)));
        QVERIFY(other.authenticate(adminToken()));
        QTRY_VERIFY_WITH_TIMEOUT(
            QJsonDocument(other.result(protocol::method::SubscriptionsList)).toJson().contains("\"made\""), 5000);
    }
    qInfo() << "the other agents followed within" << followed.elapsed() << "ms";

    // Six partitions over three agents: each agent routes about a third of these.
    Producer producer(m_cluster->bootstraps());
    QStringList expected;
    for (int i = 0; i < 120; ++i) {
        expected.append(u"made-%1"_s.arg(i));
        producer.sendStructured(m_prefix + u"stream"_s, makeEvent(kMatching, expected.last(), u"page/%1"_s.arg(i)));
    }
    producer.flush();
    QTRY_COMPARE_WITH_TIMEOUT(receiver.uniqueIds().size(), expected.size(), 60000);

    // The standby, given no partitions, is ready, says why, and sends from the shared queue.
    int standby = -1;
    for (int i = 0; i < kAgents; ++i) {
        const test::HttpGot metrics = test::httpGet(u"http://127.0.0.1:%1/metrics"_s.arg(m_httpPorts[i]));
        if (metrics.body.contains("\nsluice_assigned_partitions 0\n"))
            standby = i;
    }
    QVERIFY2(standby >= 0, "two partitions, three agents: one is a standby");
    QByteArray body;
    QVERIFY2(ready(standby, &body), body.constData());
    QVERIFY2(body.contains("a standby in consumer group"), body.constData());
    const test::HttpGot metrics = test::httpGet(u"http://127.0.0.1:%1/metrics"_s.arg(m_httpPorts[standby]));
    static const QRegularExpression sent(
        uR"(sluice_deliveries_total\{subscription="made",outcome="delivered"\} (\d+))"_s);
    const QRegularExpressionMatch match = sent.match(QString::fromUtf8(metrics.body));
    QVERIFY2(match.hasMatch(), metrics.body.constData());
    qInfo() << "the standby sent" << match.captured(1) << "of" << expected.size();
    QVERIFY(match.captured(1).toInt() > 0);
}

void TestCluster::deadLetterRetriedThroughAnotherAgent()
{
    RecordingReceiver receiver;
    receiver.failNext(100000, 503); // every attempt fails: the deliveries become dead letters
    const QJsonArray subscriptions{test::subscription(u"s"_s, receiver.url(), {kMatching})};
    // Two attempts, and no circuit breaker in the way: the deliveries die quickly.
    const QJsonObject delivery{{u"retrySchedule"_s, QJsonArray{u"0"_s, u"100ms"_s}}, {u"breakerFailures"_s, 1000}};
    startAgents(subscriptions, delivery);
    if (QTest::currentTestFailed())
        return;
    Producer producer(m_cluster->bootstraps());
    for (int i = 0; i < 30; ++i)
        producer.sendStructured(m_prefix + u"stream"_s, makeEvent(kMatching, u"dl-%1"_s.arg(i), u"p/%1"_s.arg(i)));
    producer.flush();
    QTRY_COMPARE_WITH_TIMEOUT(m_server->scalar(m_database, u"SELECT COUNT(*) FROM deliveries WHERE state = 'dead'"_s),
                              30, 60000);

    // Retried through agent 2, whichever agent consumed and gave up on them.
    auto healthy = receiver.http().behaviour();
    healthy.failRate = 0;
    receiver.http().setBehaviour(healthy);
    AdminClient client;
    QVERIFY(client.open(adminUrl(2)));
    QTRY_VERIFY_WITH_TIMEOUT(!adminToken().isEmpty(), 10000);
    QVERIFY(client.authenticate(adminToken()));
    const QJsonObject job =
        client.result(protocol::method::DeliveriesRetryAll, {{u"subscription"_s, u"s"_s}, {u"state"_s, u"dead"_s}});
    QCOMPARE(job.value(u"total"_s).toInt(), 30);
    QTRY_COMPARE_WITH_TIMEOUT(receiver.okCount(), 30, 60000);
}

// 10 events per second to one endpoint, three agents sending: together they keep to it (each
// takes a third), where each alone at 10 per second would deliver three times as fast.
void TestCluster::aRateLimitHoldsForAllAgentsTogether()
{
    RecordingReceiver receiver;
    const QJsonArray subscriptions{test::subscription(u"paced"_s, receiver.url(), {kMatching}, {{u"rateLimit"_s, 10}})};
    startAgents(subscriptions);
    if (QTest::currentTestFailed())
        return;
    QTest::qWait(2500); // every agent has seen the others in the roster
    Producer producer(m_cluster->bootstraps());
    constexpr int kCount = 60;
    for (int i = 0; i < kCount; ++i)
        producer.sendStructured(m_prefix + u"stream"_s, makeEvent(kMatching, u"rl-%1"_s.arg(i), u"p/%1"_s.arg(i)));
    producer.flush();
    QTRY_VERIFY_WITH_TIMEOUT(receiver.okCount() >= 1, 30000);
    QElapsedTimer took;
    took.start();
    QTRY_COMPARE_WITH_TIMEOUT(receiver.okCount(), kCount, 60000);
    // At 10/s with bursts of one second's worth: about 5 s for the 59 after the first. Unshared,
    // three agents would take under 2 s.
    qInfo() << kCount << "events at a limit of 10/s through three agents took" << took.elapsed() << "ms";
    QVERIFY2(took.elapsed() >= 4000, qPrintable(u"%1 ms: faster than the limit"_s.arg(took.elapsed())));
}

// An endpoint answers 410 Gone: the agent that got the answer disables the subscription and
// publishes "sluice.subscription.disabled"; the others follow the state without publishing again.
void TestCluster::aDisabledEndpointIsAnnouncedOnce()
{
    RecordingReceiver gone;
    gone.failNext(1000, 410);
    RecordingReceiver audit;
    const QJsonArray subscriptions{
        test::subscription(u"gone"_s, gone.url(), {kMatching}, {{u"handshake"_s, false}}),
        test::subscription(u"audit"_s, audit.url(), {u"sluice.subscription.*"_s}, {{u"handshake"_s, false}})};
    startAgents(subscriptions);
    if (QTest::currentTestFailed())
        return;
    Producer producer(m_cluster->bootstraps());
    producer.sendStructured(m_prefix + u"stream"_s, makeEvent(kMatching, u"gone-1"_s, u"p/1"_s));
    producer.flush();
    auto disabled = [&] {
        int count = 0;
        for (const CloudEvent &e : audit.events())
            count += e.type == u"sluice.subscription.disabled" && e.subject == u"gone" ? 1 : 0;
        return count;
    };
    QTRY_COMPARE_WITH_TIMEOUT(disabled(), 1, 30000);
    QTest::qWait(4000); // every agent has seen the state (NOTIFY, or its 2-s look)
    QCOMPARE(disabled(), 1);
}

// An administrator stops exposing a type through agent 0: no agent lets it leave any more, and the
// others' own writes (their figures, every second) do not put the old definition back.
void TestCluster::aRegisterEditHoldsForEveryAgent()
{
    RecordingReceiver receiver;
    // By prefix: a type a subscription names exactly cannot stop being exposed.
    startAgents({test::subscription(u"s"_s, receiver.url(), {u"be.digipolis.wcm.v4.content.*"_s})});
    if (QTest::currentTestFailed())
        return;
    Producer producer(m_cluster->bootstraps());
    int produced = 0;
    auto produce = [&](int count) {
        for (int i = 0; i < count; ++i, ++produced)
            producer.sendStructured(m_prefix + u"stream"_s,
                                    makeEvent(kMatching, u"reg-%1"_s.arg(produced), u"p/%1"_s.arg(produced)));
        producer.flush();
    };
    produce(30);
    QTRY_COMPARE_WITH_TIMEOUT(receiver.okCount(), 30, 30000);

    AdminClient client;
    QVERIFY(client.open(adminUrl(0)));
    QVERIFY(client.authenticate(adminToken()));
    QVERIFY(
        !client.result(protocol::method::RegisterUpdate, {{u"type"_s, kMatching}, {u"exposed"_s, false}}).isEmpty());
    for (int i = 1; i < kAgents; ++i) {
        AdminClient other;
        QVERIFY(other.open(adminUrl(i)));
        QVERIFY(other.authenticate(adminToken()));
        QTRY_VERIFY_WITH_TIMEOUT(
            !other.result(protocol::method::RegisterGet, {{u"type"_s, kMatching}}).value(u"exposed"_s).toBool(true),
            5000);
    }
    // Events of the type go on arriving at every agent for a few seconds: none leaves.
    for (int round = 0; round < 4; ++round) {
        produce(10);
        QTest::qWait(1000);
    }
    QCOMPARE(receiver.okCount(), 30);
    QCOMPARE(m_server->scalar(m_database, u"SELECT COUNT(*) FROM register_entries WHERE type = '%1'"
                                          u" AND entry LIKE '%\"exposed\":false%'"_s.arg(kMatching)),
             1);
}

// A consumer made through one agent's admin API subscribes through another agent's Subscriptions
// API; a third shows the subscription and delivers its share; deleted through the third, it is
// gone everywhere.
void TestCluster::aConsumerSubscribesThroughAnyAgent()
{
    startAgents({});
    if (QTest::currentTestFailed())
        return;
    const QString token = makeConsumer(u"crm"_s);
    QVERIFY(!token.isEmpty());

    RecordingReceiver receiver;
    const QJsonObject request{
        {u"sink"_s, receiver.url()}, {u"protocol"_s, u"HTTP"_s}, {u"types"_s, QJsonArray{kMatching}}};
    const test::HttpGot created =
        test::httpSend("POST", api(1, u"/subscriptions"_s), token, QJsonDocument(request).toJson());
    QVERIFY2(created.status == 201, created.body.constData());
    const QString id = QJsonDocument::fromJson(created.body).object().value(u"id"_s).toString();
    for (int i : {0, 2})
        QTRY_COMPARE_WITH_TIMEOUT(test::httpGet(api(i, u"/subscriptions/"_s + id), token).status, 200, 5000);

    Producer producer(m_cluster->bootstraps());
    for (int i = 0; i < 60; ++i)
        producer.sendStructured(m_prefix + u"stream"_s, makeEvent(kMatching, u"crm-%1"_s.arg(i), u"page/%1"_s.arg(i)));
    producer.flush();
    QTRY_COMPARE_WITH_TIMEOUT(receiver.uniqueIds().size(), 60, 60000);

    QCOMPARE(test::httpSend("DELETE", api(2, u"/subscriptions/"_s + id), token).status, 200);
    for (int i : {0, 1})
        QTRY_COMPARE_WITH_TIMEOUT(test::httpGet(api(i, u"/subscriptions/"_s + id), token).status, 404, 5000);
}

// Three agents store events at once (six partitions) for a polled subscription; a poller asks a
// different agent for each page while they do. Every event arrives once, in order per subject: a
// page never passes a row another agent is still writing.
void TestCluster::aPollerReadsEverythingThroughAnyAgent()
{
    startAgents({});
    if (QTest::currentTestFailed())
        return;
    const QString token = makeConsumer(u"poller"_s);
    QVERIFY(!token.isEmpty());
    const QJsonObject request{{u"protocol"_s, u"poll"_s}, {u"types"_s, QJsonArray{kMatching}}};
    const test::HttpGot created =
        test::httpSend("POST", api(0, u"/subscriptions"_s), token, QJsonDocument(request).toJson());
    QVERIFY2(created.status == 201, created.body.constData());
    const QString id = QJsonDocument::fromJson(created.body).object().value(u"id"_s).toString();
    for (int i : {1, 2})
        QTRY_COMPARE_WITH_TIMEOUT(test::httpGet(api(i, u"/subscriptions/"_s + id), token).status, 200, 5000);

    constexpr int kEvents = 3000;
    Producer producer(m_cluster->bootstraps());
    int produced = 0;
    QTimer stream; // while the poller reads
    connect(&stream, &QTimer::timeout, this, [&] {
        for (int n = 0; n < 100 && produced < kEvents; ++n, ++produced)
            producer.sendStructured(m_prefix + u"stream"_s,
                                    makeEvent(kMatching, u"p-%1"_s.arg(produced), u"page/%1"_s.arg(produced % 30),
                                              {{u"seq"_s, produced / 30}}));
        producer.flush();
    });
    stream.start(20);
    QSet<QString> seen;
    QHash<QString, int> lastSeq;
    QString cursor;
    QElapsedTimer waited;
    waited.start();
    for (int page = 0; seen.size() < kEvents && waited.elapsed() < 120000; ++page) {
        const QString query = cursor.isEmpty() ? u"limit=200"_s : u"limit=200&cursor="_s + cursor;
        const test::HttpGot got =
            test::httpGet(api(page % kAgents, u"/subscriptions/%1/events?%2"_s.arg(id, query)), token);
        QCOMPARE(got.status, 200);
        const QJsonArray events = QJsonDocument::fromJson(got.body).array();
        for (const QJsonValue &value : events) {
            const QJsonObject event = value.toObject();
            const QString subject = event.value(u"subject"_s).toString();
            const int seq = event.value(u"data"_s).toObject().value(u"seq"_s).toInt();
            QVERIFY2(!seen.contains(event.value(u"id"_s).toString()), "an event arrived twice");
            QVERIFY2(seq > lastSeq.value(subject, -1), qPrintable(subject));
            seen.insert(event.value(u"id"_s).toString());
            lastSeq.insert(subject, seq);
        }
        cursor = QString::fromLatin1(got.header("Sluice-Cursor"));
        if (events.isEmpty())
            QTest::qWait(50);
    }
    QCOMPARE(seen.size(), kEvents);
}

QTEST_GUILESS_MAIN(TestCluster)
#include "tst_cluster.moc"
