// Polled subscriptions against the agent as a real process on the embedded Kafka-protocol cluster
// (SQLite; PostgreSQL in the _postgresql variant): a consumer that cannot take webhooks polls
// 10,000 events in pages with Node's fetch (tests/node/poller.js), the agent is killed with SIGKILL
// in the middle and started again, and the poller, resuming from its last cursor, sees every event
// once and in order per subject. Cursors: read again, expired by retention (410), bad.
#include "postgresserver.h"
#include "testsupport.h"

#include "ingest/kafka.h"
#include "queue/store.h"
#include "subscriptionsprotocol.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace sluice;
using sluice::test::freePort;
using sluice::test::httpGet;
using sluice::test::httpSend;
using sluice::test::makeEvent;
using sluice::test::Producer;

namespace {

const QString kType = u"be.digipolis.wcm.v4.content.item.changed"_s;

} // namespace

class TestPolling : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void pollsThroughAKill();
    void cursorsReadAgainExpireAndRefuse();
    void aLongPollWaitsForEvents();

private:
    QString writeConfig(const QString &name);
    std::unique_ptr<QProcess> startAgent();
    QString makeConsumer();
    QString subscribe(const QString &token, const QJsonObject &config = {});
    QString url(const QString &path) const { return u"http://127.0.0.1:%1%2"_s.arg(m_port).arg(path); }

    QTemporaryDir m_dir;
    std::unique_ptr<agent::EmbeddedCluster> m_cluster;
    QString m_config;
    QString m_topic;
    quint16 m_port = 0;
};

void TestPolling::initTestCase()
{
    QString error;
    m_cluster = agent::EmbeddedCluster::start(1, &error);
    QVERIFY2(m_cluster, qPrintable(error));
    if (!QFile::exists(QStringLiteral(SLUICE_SOURCE_DIR) + u"/tests/node/node_modules/cloudevents/package.json"_s))
        QFAIL("tests/node has no node_modules: run npm ci --prefix tests/node (scripts/test.sh does)");
}

QString TestPolling::writeConfig(const QString &name)
{
    m_topic = name + u"stream"_s;
    QString error;
    if (!m_cluster->createTopic(m_topic, 4, &error))
        qFatal("%s", qPrintable(error));
    m_port = freePort();
    const QJsonObject config{
        {u"kafka"_s, QJsonObject{{u"brokers"_s, m_cluster->bootstraps()},
                                 {u"groupId"_s, name + u"group"_s},
                                 {u"topics"_s, QJsonArray{m_topic}},
                                 {u"properties"_s, QJsonObject{{u"session.timeout.ms"_s, u"6000"_s}}}}},
        {u"store"_s, test::storeSection(m_dir.filePath(name + u".db"_s))},
        {u"http"_s, QJsonObject{{u"listen"_s, u"127.0.0.1:%1"_s.arg(m_port)}}},
        {u"admin"_s, QJsonObject{{u"listen"_s, QString()}}},
    };
    m_config = m_dir.filePath(name + u".json"_s);
    QFile file(m_config);
    if (!file.open(QIODevice::WriteOnly) || file.write(QJsonDocument(config).toJson()) <= 0)
        qFatal("cannot write %s", qPrintable(m_config));
    return m_config;
}

std::unique_ptr<QProcess> TestPolling::startAgent()
{
    auto process = std::make_unique<QProcess>();
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"QT_LOGGING_RULES"_s, u"sluice.*.info=false"_s);
    process->setProcessEnvironment(env);
    process->setProcessChannelMode(QProcess::ForwardedErrorChannel);
    process->start(QStringLiteral(SLUICE_AGENT_BINARY), {u"--config"_s, m_config});
    if (!process->waitForStarted(5000))
        return nullptr;
    QElapsedTimer waited;
    waited.start();
    while (httpGet(url(u"/readyz"_s)).status != 200 && waited.elapsed() < 30000)
        QTest::qWait(100);
    return process;
}

QString TestPolling::makeConsumer()
{
    QProcess cli;
    cli.start(QStringLiteral(SLUICE_AGENT_BINARY), {u"--config"_s, m_config, u"consumer"_s, u"add"_s, u"poller"_s});
    cli.waitForFinished(30000);
    return QString::fromUtf8(cli.readAllStandardOutput()).trimmed();
}

QString TestPolling::subscribe(const QString &token, const QJsonObject &config)
{
    const QJsonObject request{
        {u"protocol"_s, subscriptionsapi::kProtocolPoll}, {u"types"_s, QJsonArray{kType}}, {u"config"_s, config}};
    const test::HttpGot created = httpSend("POST", url(u"/subscriptions"_s), token, QJsonDocument(request).toJson());
    if (created.status != 201)
        qWarning("POST /subscriptions: %d %s", created.status, created.body.constData());
    return QJsonDocument::fromJson(created.body).object().value(u"id"_s).toString();
}

void TestPolling::pollsThroughAKill()
{
    writeConfig(u"kill"_s);
    auto agent = startAgent();
    QVERIFY(agent);
    const QString token = makeConsumer();
    QVERIFY2(token.startsWith(u"sluicec_"_s), qPrintable(token));
    const QString id = subscribe(token);
    QVERIFY(!id.isEmpty());

    // 10,000 events over twenty subjects, each subject's numbered in order.
    constexpr int kEvents = 10000;
    Producer producer(m_cluster->bootstraps());
    for (int i = 0; i < kEvents; ++i) {
        const QString subject = u"content/%1"_s.arg(i % 20);
        producer.sendStructured(m_topic, makeEvent(kType, u"poll-%1"_s.arg(i), subject, {{u"seq"_s, i / 20}}));
    }
    producer.flush();

    QProcess poller;
    poller.setProcessChannelMode(QProcess::MergedChannels);
    poller.start(u"node"_s, {QStringLiteral(SLUICE_SOURCE_DIR) + u"/tests/node/poller.js"_s, url(QString()), token, id,
                             QString::number(kEvents)});
    QString output;
    bool killed = false;
    QElapsedTimer waited;
    waited.start();
    while (poller.state() != QProcess::NotRunning && waited.elapsed() < 250000) {
        QTest::qWait(50);
        output += QString::fromUtf8(poller.readAll());
        // Mid-way, the agent dies without a word and comes back.
        if (!killed && output.contains(u"seen 3000"_s)) {
            agent->kill();
            agent->waitForFinished(5000);
            killed = true;
            QTest::qWait(500);
            agent = startAgent();
            QVERIFY(agent);
        }
    }
    output += QString::fromUtf8(poller.readAll());
    QVERIFY2(killed, qPrintable(output));
    QVERIFY2(poller.exitCode() == 0, qPrintable(output));
    QVERIFY2(output.contains(u"all 10000 events, in order per subject"_s), qPrintable(output));
    agent->terminate();
    agent->waitForFinished(20000);
}

void TestPolling::cursorsReadAgainExpireAndRefuse()
{
    writeConfig(u"cursors"_s);
    auto agent = startAgent();
    QVERIFY(agent);
    const QString token = makeConsumer();
    const QString id = subscribe(token, {{u"retention"_s, u"1m"_s}});
    QVERIFY(!id.isEmpty());
    Producer producer(m_cluster->bootstraps());
    for (int i = 0; i < 30; ++i)
        producer.sendStructured(m_topic, makeEvent(kType, u"c-%1"_s.arg(i), u"content/1"_s, {{u"seq"_s, i}}));
    producer.flush();
    auto read = [&](const QString &query) {
        return httpGet(url(u"/subscriptions/%1/events?%2"_s.arg(id, query)), token);
    };
    auto lastIdOf = [](const test::HttpGot &got) {
        return QJsonDocument::fromJson(got.body).array().last().toObject().value(u"id"_s).toString();
    };
    QTRY_COMPARE_WITH_TIMEOUT(QJsonDocument::fromJson(read(u"limit=30"_s).body).array().size(), 30, 20000);

    // A first page; nothing acknowledged, the same page again.
    const test::HttpGot first = read(u"limit=10"_s);
    QCOMPARE(first.contentType, QByteArray("application/cloudevents-batch+json"));
    QCOMPARE(QJsonDocument::fromJson(first.body).array().size(), 10);
    const QString status = QString::fromUtf8(httpGet(url(u"/subscriptions/"_s + id), token).body);
    QVERIFY2(status.contains(u"\"unread\":30"_s), qPrintable(status));
    const QByteArray metrics = httpGet(url(u"/metrics"_s)).body;
    QVERIFY2(metrics.contains(u"sluice_poll_unread{subscription=\"%1\"} 30"_s.arg(id).toUtf8()), metrics.constData());
    QVERIFY(metrics.contains(u"sluice_subscription_up{subscription=\"%1\"} 1"_s.arg(id).toUtf8()));
    QCOMPARE(lastIdOf(first), u"c-9"_s);
    QCOMPARE(read(u"limit=10"_s).body, first.body); // read again without a cursor: the same page

    // Retention removed what was stored before now: an older cursor gets 410 with the oldest valid one.
    {
        agent::Store store(u"test"_s);
        QStringList errors;
        const auto json = agent::AgentConfig::readFile(m_config, &errors);
        const auto parsed = agent::AgentConfig::fromJson(*json, &errors);
        QVERIFY(parsed);
        QVERIFY(store.open(parsed->store, false, nullptr));
        QCOMPARE(store.queue().purgePolled(id, QDateTime::currentMSecsSinceEpoch() + 1), 30);
    }
    const test::HttpGot gone = read(u"cursor=1"_s);
    QCOMPARE(gone.status, 410);
    const QJsonObject problem = QJsonDocument::fromJson(gone.body).object();
    QVERIFY2(problem.value(u"detail"_s).toString().contains(u"removed by retention"_s), gone.body.constData());
    QVERIFY(problem.value(u"oldestCursor"_s).toString().toLongLong() > 1);
    QCOMPARE(read(u"cursor="_s + problem.value(u"oldestCursor"_s).toString()).status, 200);

    // Bad cursors and limits, a subscription that is not polled, another's: clear errors.
    QCOMPARE(read(u"cursor=abc"_s).status, 400);
    QCOMPARE(read(u"limit=5000"_s).status, 400);
    QCOMPARE(read(u"wait=31"_s).status, 400); // over consumers.maxPollWait
    QCOMPARE(read(u"wait=soon"_s).status, 400);
    QCOMPARE(httpGet(url(u"/subscriptions/nobody/events"_s), token).status, 404);
    QCOMPARE(httpGet(url(u"/subscriptions/%1/events"_s.arg(id))).status, 401);
    agent->terminate();
    agent->waitForFinished(20000);
}

void TestPolling::aLongPollWaitsForEvents()
{
    writeConfig(u"long"_s);
    auto agent = startAgent();
    QVERIFY(agent);
    const QString token = makeConsumer();
    const QString id = subscribe(token);
    QVERIFY(!id.isEmpty());
    const QString events = url(u"/subscriptions/%1/events"_s.arg(id));

    // Nothing there: the poll waits its time, then answers an empty batch at the same cursor.
    const test::HttpGot empty = httpGet(events + u"?cursor=0&wait=1"_s, token);
    QVERIFY2(empty.status == 200, empty.body.constData());
    QCOMPARE(empty.body, QByteArray("[]"));
    QCOMPARE(empty.header(subscriptionsapi::polling::CursorHeader), QByteArray("0"));

    // A poll that waits is answered when an event comes, not when its time is up.
    QNetworkAccessManager manager;
    QNetworkRequest request{QUrl(events + u"?wait=30"_s)};
    request.setRawHeader("Authorization", "Bearer " + token.toUtf8());
    QElapsedTimer waited;
    waited.start();
    std::unique_ptr<QNetworkReply> reply(manager.get(request));
    QTest::qWait(1000);
    QVERIFY(!reply->isFinished()); // still waiting: nothing to give
    Producer producer(m_cluster->bootstraps());
    producer.sendStructured(m_topic, makeEvent(kType, u"long-1"_s, u"content/1"_s, {{u"seq"_s, 1}}));
    producer.flush();
    QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 35000);
    QVERIFY2(waited.elapsed() < 25000, "answered at its deadline, not when the event came");
    const QJsonArray batch = QJsonDocument::fromJson(reply->readAll()).array();
    QCOMPARE(batch.size(), 1);
    QCOMPARE(batch.first().toObject().value(u"id"_s).toString(), u"long-1"_s);

    // A long poller that hangs up leaves the agent as it was.
    QTcpSocket leaving;
    leaving.connectToHost(u"127.0.0.1"_s, m_port);
    QVERIFY(leaving.waitForConnected(2000));
    leaving.write("GET /subscriptions/" + id.toUtf8() +
                  "/events?cursor=99999&wait=2 HTTP/1.1\r\nHost: x\r\n"
                  "Authorization: Bearer " +
                  token.toUtf8() + "\r\n\r\n");
    QVERIFY(leaving.waitForBytesWritten(2000));
    QTest::qWait(200);
    leaving.abort();
    QTest::qWait(2500);
    QCOMPARE(httpGet(url(u"/healthz"_s)).status, 200);
    QCOMPARE(agent->state(), QProcess::Running);
    agent->terminate();
    agent->waitForFinished(20000);
}

QTEST_GUILESS_MAIN(TestPolling)
#include "tst_polling.moc"
