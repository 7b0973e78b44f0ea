// What operators see: /healthz, /readyz and /metrics on the agent's HTTP server, checked against a
// known stream of events on the embedded Kafka-protocol cluster with receivers on 127.0.0.1.
#include "agent.h"
#include "ingest/ingest.h"
#include "testsupport.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace sluice;
using namespace sluice::agent;
using sluice::test::makeEvent;
using sluice::test::Producer;
using sluice::test::RecordingReceiver;
using sluice::test::subscription;

namespace {

using Fetched = test::HttpGot;

Fetched fetch(const QString &url)
{
    return test::httpGet(url);
}

// The Prometheus text format, read strictly: every sample's family has HELP and TYPE before it.
struct Metrics {
    QHash<QString, double> samples; // "name{labels}" -> value
    QHash<QString, QString> types;
    QString problem;

    double value(const QString &key) const { return samples.value(key, -1); }
};

Metrics parse(const QByteArray &text)
{
    Metrics m;
    static const QRegularExpression sampleLine(
        u"^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*\\})? (-?[0-9.e+-]+|\\+Inf|NaN)$"_s);
    static const QRegularExpression typeLine(u"^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram)$"_s);
    QStringList helped;
    for (const QString &line : QString::fromUtf8(text).split(u'\n', Qt::SkipEmptyParts)) {
        if (line.startsWith(u"# HELP "_s)) {
            helped.append(line.section(u' ', 2, 2));
            continue;
        }
        if (const auto type = typeLine.match(line); type.hasMatch()) {
            m.types.insert(type.captured(1), type.captured(2));
            continue;
        }
        const auto sample = sampleLine.match(line);
        if (!sample.hasMatch()) {
            m.problem = u"not a sample line: "_s + line;
            return m;
        }
        QString family = sample.captured(1);
        for (const QString &suffix : {u"_bucket"_s, u"_sum"_s, u"_count"_s}) {
            if (!m.types.contains(family) && family.endsWith(suffix))
                family.chop(suffix.size());
        }
        if (!m.types.contains(family) || !helped.contains(family)) {
            m.problem = u"%1 has no HELP or TYPE before its samples"_s.arg(family);
            return m;
        }
        m.samples.insert(sample.captured(1) + sample.captured(2), sample.captured(3).toDouble());
    }
    return m;
}

} // namespace

class TestOperations : public QObject, private test::ClusterFixture {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void healthReadinessAndMetrics();
    void aStandbyWithNoPartitionsIsReady();
};

// Two agents in one group on a one-partition topic: the second gets nothing to consume and is still
// ready (a standby), says so, and takes over when the first goes.
void TestOperations::aStandbyWithNoPartitionsIsReady()
{
    const QString topic = m_prefix + u"single"_s;
    QVERIFY(m_cluster->createTopic(topic, 1, nullptr));
    auto configFor = [&](const QString &name) {
        agent::AgentConfig c = config({}, {}, {{u"http"_s, QJsonObject{{u"listen"_s, u"127.0.0.1:0"_s}}}});
        c.kafka.topics = {topic};
        c.store.path = m_dir.filePath(m_prefix + name + u".db"_s);
        return c;
    };
    Agent first(configFor(u"first"_s));
    QVERIFY(first.start(nullptr));
    QTRY_COMPARE_WITH_TIMEOUT(first.assignedPartitions(), 1, 20000);
    Agent second(configFor(u"second"_s));
    QVERIFY(second.start(nullptr));
    const QString base = u"http://127.0.0.1:%1"_s.arg(second.httpPort());
    QTRY_COMPARE_WITH_TIMEOUT(fetch(base + u"/readyz"_s).status, 200, 30000);
    QTRY_COMPARE_WITH_TIMEOUT(first.assignedPartitions() + second.assignedPartitions(), 1, 30000);
    // Whichever the group gave nothing says so, and is ready all the same.
    Agent &standby = first.assignedPartitions() == 0 ? first : second;
    const Fetched ready = fetch(u"http://127.0.0.1:%1/readyz"_s.arg(standby.httpPort()));
    QCOMPARE(ready.status, 200);
    QVERIFY2(ready.body.contains("a standby in consumer group"), ready.body.constData());
    QVERIFY(second.notReadyBecause().isEmpty() && first.notReadyBecause().isEmpty());
    // The two agents have different static member ids (same host, different stores).
    QVERIFY(agent::Ingest::instanceId(configFor(u"first"_s)) != agent::Ingest::instanceId(configFor(u"second"_s)));
    QCOMPARE(agent::Ingest::instanceId(configFor(u"first"_s)), agent::Ingest::instanceId(configFor(u"first"_s)));
}

void TestOperations::initTestCase()
{
    startCluster();
}

void TestOperations::init()
{
    nextRun(u"ops"_s);
}

void TestOperations::healthReadinessAndMetrics()
{
    RecordingReceiver good;
    RecordingReceiver refusing;
    refusing.http().setBehaviour({400});
    Agent agent(config({subscription(u"cache"_s, good.url(), {u"be.test.wanted"_s}, {{u"handshake"_s, false}}),
                        subscription(u"strict"_s, refusing.url(), {u"be.test.refused"_s}, {{u"handshake"_s, false}})},
                       {}, {{u"http"_s, QJsonObject{{u"listen"_s, u"127.0.0.1:0"_s}}}}));
    QString error;
    QVERIFY2(agent.start(&error), qPrintable(error));
    const QString base = u"http://127.0.0.1:%1"_s.arg(agent.httpPort());

    QCOMPARE(fetch(base + u"/healthz"_s).status, 200);
    // Ready once a member of the consumer group; before that, 503 with the reason.
    const Fetched early = fetch(base + u"/readyz"_s);
    if (early.status != 200) {
        QCOMPARE(early.status, 503);
        QVERIFY2(early.body.contains("not yet a member of the consumer group"), early.body.constData());
    }
    QTRY_COMPARE_WITH_TIMEOUT(fetch(base + u"/readyz"_s).status, 200, 15000);

    // A known stream: 10 wanted, 3 refused by their endpoint, 5 nobody wants, 2 broken.
    Producer producer(m_cluster->bootstraps());
    for (int i = 0; i < 10; ++i)
        producer.sendStructured(m_prefix + u"str"_s, makeEvent(u"be.test.wanted"_s, u"w%1"_s.arg(i), u"s/%1"_s.arg(i)));
    for (int i = 0; i < 3; ++i)
        producer.sendStructured(m_prefix + u"str"_s, makeEvent(u"be.test.refused"_s, u"r%1"_s.arg(i)));
    for (int i = 0; i < 5; ++i)
        producer.sendStructured(m_prefix + u"str"_s, makeEvent(u"be.test.other"_s, u"o%1"_s.arg(i)));
    producer.send(m_prefix + u"str"_s, "b1", "not json", {{"content-type", "application/cloudevents+json"}});
    producer.send(m_prefix + u"str"_s, "b2", "{\"specversion\":\"0.3\"}",
                  {{"content-type", "application/cloudevents+json"}});
    producer.flush();
    QTRY_COMPARE_WITH_TIMEOUT(good.okCount(), 10, 15000);
    QTRY_COMPARE_WITH_TIMEOUT(agent.stats().dead, 3u, 15000);

    Metrics m;
    QTRY_VERIFY_WITH_TIMEOUT(
        (m = parse(fetch(base + u"/metrics"_s).body)).value(u"sluice_queue_depth{state=\"delivered\"}"_s) == 10, 10000);
    const Fetched raw = fetch(base + u"/metrics"_s);
    QVERIFY2(raw.contentType.startsWith("text/plain; version=0.0.4"), raw.contentType.constData());
    m = parse(raw.body);
    QVERIFY2(m.problem.isEmpty(), qPrintable(m.problem));
    QCOMPARE(m.value(u"sluice_events_consumed_total"_s), 20.0);
    QCOMPARE(m.value(u"sluice_events_matched_total"_s), 13.0);
    QCOMPARE(m.value(u"sluice_events_filtered_out_total"_s), 5.0);
    QCOMPARE(m.value(u"sluice_events_quarantined_total"_s), 2.0);
    QCOMPARE(m.value(u"sluice_deliveries_created_total"_s), 13.0);
    QCOMPARE(m.value(u"sluice_deliveries_total{subscription=\"cache\",outcome=\"delivered\"}"_s), 10.0);
    QCOMPARE(m.value(u"sluice_deliveries_total{subscription=\"cache\",outcome=\"dead\"}"_s), 0.0);
    QCOMPARE(m.value(u"sluice_deliveries_total{subscription=\"strict\",outcome=\"failed\"}"_s), 3.0);
    QCOMPARE(m.value(u"sluice_deliveries_total{subscription=\"strict\",outcome=\"dead\"}"_s), 3.0);
    QCOMPARE(m.value(u"sluice_queue_depth{state=\"dead\"}"_s), 3.0);
    QCOMPARE(m.value(u"sluice_queue_depth{state=\"pending\"}"_s), 0.0);
    QCOMPARE(m.value(u"sluice_quarantine_size"_s), 2.0);
    QCOMPARE(m.types.value(u"sluice_attempt_duration_seconds"_s), u"histogram"_s);
    QCOMPARE(m.value(u"sluice_attempt_duration_seconds_count"_s), 13.0);
    QCOMPARE(m.value(u"sluice_attempt_duration_seconds_bucket{le=\"+Inf\"}"_s), 13.0);
    QVERIFY(m.value(u"sluice_attempt_duration_seconds_bucket{le=\"0.005\"}"_s) <=
            m.value(u"sluice_attempt_duration_seconds_bucket{le=\"10\"}"_s));
    QVERIFY(m.value(u"sluice_attempt_duration_seconds_sum"_s) > 0);
    QCOMPARE(m.value(u"sluice_assigned_partitions"_s), 6.0);
    QCOMPARE(m.value(u"sluice_subscription_up{subscription=\"cache\"}"_s), 1.0);
    QVERIFY(m.value(u"sluice_store_size_bytes"_s) > 0);
    QCOMPARE(m.value(u"sluice_ready"_s), 1.0);
    QTRY_VERIFY_WITH_TIMEOUT(parse(fetch(base + u"/metrics"_s).body)
                                     .value(u"sluice_consumer_lag{topic=\"%1str\",partition=\"0\"}"_s.arg(m_prefix)) ==
                                 0,
                             10000);
    QCOMPARE(fetch(base + u"/nothing"_s).status, 404);
}

QTEST_GUILESS_MAIN(TestOperations)
#include "tst_operations.moc"
