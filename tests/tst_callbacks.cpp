// Callbacks in, against the real agent on the embedded Kafka-protocol cluster (SQLite; PostgreSQL
// in the _postgresql variant): an outside caller that is not ours (tests/node/callback-client.js:
// the CloudEvents SDK, the Standard Webhooks library, Node's fetch) posts events, preflights and
// bad requests; what reached Kafka, the webhook, the quarantine and /metrics is then looked at in
// the agent. Kafka taken away on purpose: nothing is acknowledged that Kafka did not take.
#include "testsupport.h"

#include "agent.h"
#include "ingest/kafka.h"
#include "queue/store.h"
#include "webhooksignature.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QProcess>
#include <QTcpSocket>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace sluice;
using namespace sluice::agent;
using namespace sluice::test;

namespace {

const QString kType = u"com.example.orders.order.paid"_s;

QString firstLine(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.readLine().trimmed());
}

} // namespace

class TestCallbacks : public QObject, private ClusterFixture {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { startCluster(); }
    void init() { nextRun(u"cb"_s); }
    void anOutsideCallerReachesAWebhookThroughKafka();
    void nothingIsAcknowledgedThatKafkaDidNotTake();

private:
    std::unique_ptr<Agent> start(RecordingReceiver &receiver);
    QString file(const QString &name) const { return m_dir.filePath(m_prefix + name); }
};

// One callback, "orders", with both proofs, into the run's binary topic; a webhook for its type.
std::unique_ptr<Agent> TestCallbacks::start(RecordingReceiver &receiver)
{
    const QJsonObject callback{
        {u"name"_s, u"orders"_s},
        {u"topic"_s, m_prefix + u"bin"_s},
        {u"tokenFile"_s, file(u"orders.token"_s)},
        {u"signingSecretFile"_s, file(u"orders.secret"_s)},
        {u"mapping"_s,
         QJsonObject{{u"typePointer"_s, u"/kind"_s}, {u"source"_s, u"/orders"_s}, {u"subjectPointer"_s, u"/order"_s}}},
        {u"challengeMember"_s, u"/challenge"_s},
        {u"ackTimeout"_s, u"1s"_s},
    };
    const QJsonObject sections{
        {u"http"_s, QJsonObject{{u"listen"_s, u"127.0.0.1:0"_s}, {u"maxBodyBytes"_s, 16384}}},
        {u"callbacks"_s, QJsonArray{callback}},
    };
    auto agent = std::make_unique<Agent>(
        config({subscription(u"shop"_s, receiver.url(), {kType}, {{u"handshake"_s, false}})}, {}, sections));
    QString error;
    if (!agent->start(&error)) {
        qWarning("agent did not start: %s", qPrintable(error));
        return nullptr;
    }
    return agent;
}

void TestCallbacks::anOutsideCallerReachesAWebhookThroughKafka()
{
    const QString script = QStringLiteral(SLUICE_SOURCE_DIR) + u"/tests/node/callback-client.js"_s;
    if (!QFile::exists(QStringLiteral(SLUICE_SOURCE_DIR) + u"/tests/node/node_modules/standardwebhooks/package.json"_s))
        QFAIL("tests/node has no node_modules: run npm ci --prefix tests/node (scripts/test.sh does)");
    RecordingReceiver receiver;
    auto agent = start(receiver);
    QVERIFY(agent);
    // The agent made both secrets, readable by its user only.
    const QString token = firstLine(file(u"orders.token"_s));
    const QString secret = firstLine(file(u"orders.secret"_s));
    QVERIFY(token.startsWith(u"sluicecb_"_s));
    QVERIFY(secret.startsWith(u"whsec_"_s));
    QCOMPARE(QFile(file(u"orders.secret"_s)).permissions() & (QFile::ReadOther | QFile::ReadGroup),
             QFile::Permissions());

    QProcess node;
    node.setProcessChannelMode(QProcess::MergedChannels);
    node.start(u"node"_s, {script, u"http://127.0.0.1:%1"_s.arg(agent->httpPort()), token, secret, kType});
    QTRY_VERIFY_WITH_TIMEOUT(node.state() == QProcess::NotRunning, 60000);
    const QString output = QString::fromUtf8(node.readAll());
    qInfo().noquote() << output;
    QVERIFY2(node.exitCode() == 0, qPrintable(output));

    // Four requests made events, one of them the retry of another: three events at the webhook, once each.
    QTRY_COMPARE_WITH_TIMEOUT(receiver.uniqueIds().size(), 3, 15000);
    QTRY_COMPARE_WITH_TIMEOUT(agent->stats().consumed, quint64(4), 5000);
    QCOMPARE(agent->stats().duplicates, quint64(1));
    QStringList ids = receiver.ids();
    ids.sort();
    QCOMPARE(ids, (QStringList{u"cb-bin-1"_s, u"cb-str-1"_s, u"msg-plain-1"_s}));
    const CloudEvent plain = receiver.events().value(u"msg-plain-1"_s);
    QCOMPARE(plain.type, kType);
    QCOMPARE(plain.source, u"/orders"_s);
    QCOMPARE(plain.subject, u"order/3"_s);
    QCOMPARE(plain.jsonData().toObject().value(u"n"_s).toInt(), 3);
    QCOMPARE(receiver.events().value(u"cb-bin-1"_s).subject, u"order/1"_s);

    // The undecodable body is in the quarantine, with its reason and without the caller's secrets.
    const QList<QuarantineRecord> quarantined = agent->store().queue().quarantine(0, 100, nullptr);
    QCOMPARE(quarantined.size(), 1);
    QCOMPARE(quarantined.first().topic, u"callback:orders"_s);
    const auto record = agent->store().queue().quarantined(quarantined.first().id);
    QVERIFY(record);
    QCOMPARE(record->value, QByteArray("order 4 paid"));
    QCOMPARE(record->partition, -1);
    bool signatureKept = false;
    for (const auto &[name, value] : record->headers) {
        QVERIFY(name != "authorization");
        signatureKept = signatureKept || name == "webhook-signature";
    }
    QVERIFY(signatureKept); // what the caller sent, to see why it was refused
    QVERIFY2(quarantined.first().reason.contains(u"JSON"_s), qPrintable(quarantined.first().reason));

    const QByteArray metrics = httpGet(u"http://127.0.0.1:%1/metrics"_s.arg(agent->httpPort())).body;
    for (const char *line : {"sluice_callback_requests_total{callback=\"orders\",outcome=\"accepted\"} 4",
                             "sluice_callback_requests_total{callback=\"orders\",outcome=\"preflight\"} 3",
                             "sluice_callback_requests_total{callback=\"orders\",outcome=\"refused\"} 3",
                             "sluice_callback_requests_total{callback=\"orders\",outcome=\"quarantined\"} 1",
                             "sluice_callback_requests_total{callback=\"orders\",outcome=\"failed\"} 0"})
        QVERIFY2(metrics.contains(line), line);
}

void TestCallbacks::nothingIsAcknowledgedThatKafkaDidNotTake()
{
    RecordingReceiver receiver;
    auto agent = start(receiver);
    QVERIFY(agent);
    const QString url =
        u"http://127.0.0.1:%1/callbacks/orders/%2"_s.arg(agent->httpPort()).arg(firstLine(file(u"orders.token"_s)));
    const QString secret = firstLine(file(u"orders.secret"_s));
    QString why;
    const QByteArray key = *webhooks::secretKey(secret, &why);
    auto post = [&](const QByteArray &id, int timeoutMs = 10000) {
        const QByteArray body = R"({"kind":")" + kType.toUtf8() + R"(","order":"order/)" + id + "\"}";
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        const QList<std::pair<QByteArray, QByteArray>> headers = {
            {"content-type", "application/json"},
            {"webhook-id", id},
            {"webhook-timestamp", QByteArray::number(now)},
            {"webhook-signature", webhooks::sign(key, id, now, body)}};
        return httpRequest("POST", url, headers, body, timeoutMs);
    };

    m_cluster->setBrokersUp(false);
    const HttpGot refused = post("down-1");
    // A caller that gives up while its request waits: the agent answers nobody, and lives on.
    QTcpSocket leaving;
    leaving.connectToHost(u"127.0.0.1"_s, agent->httpPort());
    QVERIFY(leaving.waitForConnected(2000));
    const QByteArray body = R"({"kind":"x","order":"o"})";
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    leaving.write("POST " + QUrl(url).path().toUtf8() +
                  " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
                  "application/json\r\nwebhook-id: left-1\r\nwebhook-timestamp: " +
                  QByteArray::number(now) + "\r\nwebhook-signature: " + webhooks::sign(key, "left-1", now, body) +
                  "\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body);
    QVERIFY(leaving.waitForBytesWritten(2000));
    QTest::qWait(100);
    leaving.abort();
    QTest::qWait(1500); // past the acknowledgement timeout: both are answered (or dropped) by now
    m_cluster->setBrokersUp(true);

    QCOMPARE(refused.status, 503);
    QCOMPARE(refused.header("Retry-After"), QByteArray("5"));
    QVERIFY2(refused.body.contains("send it again"), refused.body.constData());
    QCOMPARE(httpGet(u"http://127.0.0.1:%1/healthz"_s.arg(agent->httpPort())).status, 200);

    // Kafka back: the caller sends it again, and it is taken and delivered.
    // (While the client reconnects, an attempt may still time out: each one answered 503 is counted.)
    int unavailable = 2;
    QElapsedTimer waited;
    waited.start();
    int status = 0;
    while ((status = post("down-1").status) != 202 && waited.elapsed() < 30000) {
        QCOMPARE(status, 503);
        ++unavailable;
    }
    QCOMPARE(status, 202);
    QTRY_VERIFY_WITH_TIMEOUT(receiver.uniqueIds().contains(u"down-1"_s), 30000);
    const QByteArray metrics = httpGet(u"http://127.0.0.1:%1/metrics"_s.arg(agent->httpPort())).body;
    QVERIFY2(metrics.contains("sluice_callback_requests_total{callback=\"orders\",outcome=\"failed\"} " +
                              QByteArray::number(unavailable)),
             metrics.constData());
}

QTEST_GUILESS_MAIN(TestCallbacks)
#include "tst_callbacks.moc"
