#include "agent.h"
#include "deliverystatus.h"
#include "queue/store.h"
#include "testsupport.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace sluice;
using namespace sluice::agent;
using sluice::test::makeEvent;
using sluice::test::Producer;
using sluice::test::RecordingReceiver;
using sluice::test::subscription;

namespace {

const QString kContentCreated = u"be.digipolis.wcm.v4.content.item.created"_s;
const QString kStatusChanged = u"be.digipolis.wcm.v4.content.item.status_changed"_s;
const QString kTermChanged = u"be.digipolis.wcm.v4.taxonomy.term.changed"_s;

QMultiHash<QByteArray, QString> idsByPath(const RecordingReceiver &receiver)
{
    QMultiHash<QByteArray, QString> ids;
    for (const receiver::ReceivedRequest &request : receiver.requests()) {
        QString why;
        for (const CloudEvent &event : receiver::cloudEventsIn(request, &why))
            ids.insert(request.path, event.id);
    }
    return ids;
}

QStringList sorted(QStringList list)
{
    list.sort();
    return list;
}

} // namespace

class TestPipeline : public QObject, private test::ClusterFixture {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void deliversExactlyTheMatchingSetInEveryMode();
    void retriesUntilTheReceiverRecovers();
    void deadLettersARefusalAtOnce();
    void losesNothingWhileTheReceiverIsDown();
    void quarantinesWhatItCannotDecodeAndCarriesOn();
    void gracefulStopResumesWhereItStopped();
    void startsTheEmbeddedClusterWithoutBrokers();
    void commitsBeforePartitionsMoveInARebalance();
};

void TestPipeline::initTestCase()
{
    startCluster();
}

void TestPipeline::init()
{
    nextRun(u"run"_s);
}

void TestPipeline::deliversExactlyTheMatchingSetInEveryMode()
{
    RecordingReceiver receiver;
    const QJsonObject publishedOnly{
        {u"mode"_s, u"binary"_s},
        {u"filter"_s,
         QJsonObject{{u"data"_s, QJsonObject{{u"path"_s, u"/status/new"_s}, {u"equals"_s, u"published"_s}}}}}};
    Agent agent(config({subscription(u"content"_s, receiver.url(u"/content"_s), {u"be.digipolis.wcm.v4.content.*"_s}),
                        subscription(u"published"_s, receiver.url(u"/published"_s), {kStatusChanged}, publishedOnly)}));
    QString error;
    QVERIFY2(agent.start(&error), qPrintable(error));

    Producer producer(m_cluster->bootstraps());
    QStringList expectContent, expectPublished;
    QHash<QString, QByteArray> producedStructured;
    int unmatched = 0;
    for (int i = 0; i < 60; ++i) {
        const QString type = i % 3 == 0 ? kContentCreated : i % 3 == 1 ? kStatusChanged : kTermChanged;
        const QString status = i % 2 ? u"published"_s : u"draft"_s;
        const CloudEvent event = makeEvent(type, u"e%1"_s.arg(i), u"content/%1"_s.arg(i % 7),
                                           {{u"status"_s, QJsonObject{{u"new"_s, status}}}, {u"n"_s, i}});
        switch ((i / 3) % 3) {
        case 0: producer.sendBinary(m_prefix + u"bin"_s, event); break;
        case 1:
            producer.sendStructured(m_prefix + u"str"_s, event);
            producedStructured.insert(event.id, event.toStructuredBytes());
            break;
        default:
            producer.send(m_prefix + u"plain"_s, event.subject.toUtf8(),
                          QJsonDocument(QJsonObject{{u"t"_s, type},
                                                    {u"id"_s, event.id},
                                                    {u"s"_s, event.subject},
                                                    {u"d"_s, event.jsonData()}})
                              .toJson(QJsonDocument::Compact));
        }
        if (type != kTermChanged)
            expectContent.append(event.id);
        if (type == kStatusChanged && status == u"published")
            expectPublished.append(event.id);
        if (type == kTermChanged)
            ++unmatched;
    }
    producer.flush();

    const int expected = int(expectContent.size() + expectPublished.size());
    QTRY_COMPARE_WITH_TIMEOUT(receiver.okCount(), expected, 30000);
    QTest::qWait(500); // anything extra would arrive now
    QCOMPARE(receiver.ids().size(), expected);
    const auto byPath = idsByPath(receiver);
    QCOMPARE(sorted(byPath.values("/content")), sorted(expectContent));
    QCOMPARE(sorted(byPath.values("/published")), sorted(expectPublished));
    QCOMPARE(agent.stats().filteredOut, quint64(unmatched));
    QCOMPARE(agent.stats().quarantined, 0u);

    // The binding each subscription asked for, and an id for de-duplication on every request.
    int comparedBodies = 0;
    for (const receiver::ReceivedRequest &request : receiver.requests()) {
        QVERIFY(request.header("webhook-id").startsWith("dlv_"));
        if (request.path == "/published") {
            QCOMPARE(request.header("ce-specversion"), QByteArray("1.0"));
            QCOMPARE(request.header("ce-type"), kStatusChanged.toUtf8());
            QCOMPARE(request.header("content-type"), QByteArray("application/json"));
            QVERIFY(request.body.contains("\"published\""));
        } else {
            QVERIFY(request.header("content-type").startsWith("application/cloudevents+json"));
            // Produced in structured mode, delivered in structured mode: byte for byte the same.
            QString why;
            const QString id = receiver::cloudEventsIn(request, &why).value(0).id;
            if (producedStructured.contains(id)) {
                QCOMPARE(request.body, producedStructured.value(id));
                ++comparedBodies;
            }
        }
    }
    QVERIFY(comparedBodies >= 10);
    // The plain-JSON events came through their mapping rule.
    const auto events = receiver.events();
    QCOMPARE(events.value(u"e6"_s).source, u"/plain"_s);
    QCOMPARE(events.value(u"e6"_s).subject, u"content/6"_s);
    QCOMPARE(events.value(u"e0"_s).source, u"/test"_s);

    // The recent window holds every consumed event, matched or not, newest first, with its matches.
    const QList<RecentEvents::Entry> recent = agent.recentEvents().latest(1000);
    QCOMPARE(recent.size(), 60);
    int filteredOutSeen = 0;
    for (const RecentEvents::Entry &entry : recent) {
        if (entry.event.type == kTermChanged) {
            QVERIFY(entry.matched.isEmpty());
            ++filteredOutSeen;
        } else {
            QVERIFY(entry.matched.contains(u"content"_s));
        }
        // Data kept raw is still readable, for dry-runs of data filters.
        QVERIFY(entry.event.jsonData().toObject().contains(u"n"_s));
    }
    QCOMPARE(filteredOutSeen, unmatched);
}

void TestPipeline::retriesUntilTheReceiverRecovers()
{
    RecordingReceiver receiver;
    receiver.failNext(2, 503);
    Agent agent(config({subscription(u"s"_s, receiver.url(), {u"be.*"_s})}));
    QVERIFY(agent.start(nullptr));
    Producer producer(m_cluster->bootstraps());
    const CloudEvent event = makeEvent(kContentCreated, u"retry-1"_s);
    producer.sendStructured(m_prefix + u"str"_s, event);
    producer.flush();

    QTRY_COMPARE_WITH_TIMEOUT(receiver.okCount(), 1, 30000);
    const QString id = DeliveryQueue::deliveryIdFor(u"s"_s, event);
    QTRY_VERIFY_WITH_TIMEOUT(agent.store().queue().delivery(id) &&
                                 agent.store().queue().delivery(id)->state == DeliveryState::Delivered,
                             5000);
    const DeliveryRecord record = *agent.store().queue().delivery(id);
    QCOMPARE(record.attempts, 3);
    QCOMPARE(record.history.size(), 3);
    QCOMPARE(record.history.at(0).httpStatus, 503);
    QVERIFY(record.history.at(0).responseExcerpt.contains("Service Unavailable"));
    QCOMPARE(record.history.at(1).httpStatus, 503);
    QCOMPARE(record.history.at(2).httpStatus, 204);
    QCOMPARE(receiver.ids(), (QStringList{u"retry-1"_s, u"retry-1"_s, u"retry-1"_s}));
    QCOMPARE(receiver.requests().at(2).header("sluice-attempt"), QByteArray("3"));
    // Every attempt carries the same delivery id, so the receiver can de-duplicate.
    QCOMPARE(receiver.requests().at(0).header("webhook-id"), receiver.requests().at(2).header("webhook-id"));
}

void TestPipeline::deadLettersARefusalAtOnce()
{
    RecordingReceiver receiver;
    receiver.http().setBehaviour({400, 0, 0, 503});
    Agent agent(config({subscription(u"s"_s, receiver.url(), {u"be.*"_s})}));
    QVERIFY(agent.start(nullptr));
    Producer producer(m_cluster->bootstraps());
    const CloudEvent event = makeEvent(kContentCreated, u"refused-1"_s);
    producer.sendBinary(m_prefix + u"bin"_s, event);
    producer.flush();

    const QString id = DeliveryQueue::deliveryIdFor(u"s"_s, event);
    QTRY_VERIFY_WITH_TIMEOUT(
        agent.store().queue().delivery(id) && agent.store().queue().delivery(id)->state == DeliveryState::Dead, 30000);
    QTest::qWait(700); // longer than the retry schedule: a retry would show now
    const DeliveryRecord record = *agent.store().queue().delivery(id);
    QCOMPARE(record.attempts, 1);
    QCOMPARE(receiver.requests().size(), 1);
    QCOMPARE(record.lastError, u"HTTP 400 Bad Request"_s);
    QCOMPARE(record.lastReason, sluice::reason::Refused);
    QCOMPARE(agent.stats().dead, 1u);
}

void TestPipeline::losesNothingWhileTheReceiverIsDown()
{
    RecordingReceiver receiver;
    const QString url = receiver.url();
    receiver.http().close();
    const QJsonObject delivery{{u"retrySchedule"_s, QJsonArray{u"0"_s, u"200ms"_s, u"300ms"_s, u"500ms"_s, u"1s"_s,
                                                               u"1s"_s, u"1s"_s, u"1s"_s, u"1s"_s, u"1s"_s}},
                               // The circuit breaker has its own test; here every retry must be tried.
                               {u"breakerFailures"_s, 1000}};
    // A receiver that is down cannot answer the validation handshake either.
    Agent agent(config({subscription(u"s"_s, url, {u"be.*"_s}, {{u"handshake"_s, false}})}, delivery));
    QVERIFY(agent.start(nullptr));
    Producer producer(m_cluster->bootstraps());
    QStringList ids;
    for (int i = 0; i < 25; ++i) {
        ids.append(u"down-%1"_s.arg(i));
        producer.sendStructured(m_prefix + u"str"_s, makeEvent(kContentCreated, ids.last()));
    }
    producer.flush();

    QTRY_VERIFY_WITH_TIMEOUT(agent.stats().retried >= 25, 30000);
    const auto failed = agent.store().queue().deliveries(u"s"_s);
    QVERIFY(!failed.isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(!agent.store().queue().deliveries(u"s"_s).first().history.isEmpty(), 2000);
    const QString transportError = agent.store().queue().deliveries(u"s"_s).first().history.first().error;
    QVERIFY2(transportError.contains(u"refused"_s, Qt::CaseInsensitive), qPrintable(transportError));

    QVERIFY(receiver.http().listen(QHostAddress::LocalHost, 0, nullptr)); // back, on the same port
    QTRY_COMPARE_WITH_TIMEOUT(receiver.okCount(), 25, 30000);
    QCOMPARE(sorted(receiver.uniqueIds()), sorted(ids));
    QCOMPARE(agent.stats().dead, 0u);
}

void TestPipeline::quarantinesWhatItCannotDecodeAndCarriesOn()
{
    RecordingReceiver receiver;
    Agent agent(config({subscription(u"s"_s, receiver.url(), {u"be.*"_s})}));
    QVERIFY(agent.start(nullptr));
    Producer producer(m_cluster->bootstraps());
    const QList<std::pair<QByteArray, QByteArray>> structured = {{"content-type", "application/cloudevents+json"}};
    const QString str = m_prefix + u"str"_s;
    producer.send(str, "k", "not json at all", structured);
    producer.send(str, "k", R"({"specversion":"0.3","id":"1","source":"/s","type":"a"})", structured);
    producer.send(str, "k", R"({"specversion":"1.0","source":"/s","type":"a"})", structured);
    producer.send(str, "k", "{\"specversion\":\"1.0\",\"id\":\"\xff\",\"source\":\"/s\",\"type\":\"a\"}", structured);
    producer.send(m_prefix + u"bin"_s, "k", "{}", {{"ce_specversion", "1.0"}, {"ce_id", "x"}, {"ce_source", "/s"}});
    producer.send(m_prefix + u"plain"_s, "k", R"({"id":"p1","d":{}})");
    producer.sendStructured(str, makeEvent(kContentCreated, u"good-after-bad"_s));
    producer.flush();

    QTRY_COMPARE_WITH_TIMEOUT(receiver.okCount(), 1, 30000);
    QCOMPARE(receiver.ids(), QStringList{u"good-after-bad"_s});
    QTRY_COMPARE_WITH_TIMEOUT(agent.store().queue().quarantine(0, 1000000, nullptr).size(), 6, 5000);
    QStringList reasons;
    for (const QuarantineRecord &q : agent.store().queue().quarantine(0, 1000000, nullptr)) {
        reasons.append(q.reason);
        QVERIFY(q.topic.startsWith(m_prefix));
        QVERIFY(q.offset >= 0);
    }
    const QString all = reasons.join(u'\n');
    for (const QString &expected :
         {u"not valid JSON"_s, u"unsupported specversion \"0.3\""_s, u"missing required attribute \"id\""_s,
          u"not valid UTF-8"_s, u"missing required attribute \"type\""_s, u"typePointer \"/t\" finds no string"_s})
        QVERIFY2(all.contains(expected), qPrintable(u"missing \"%1\" in:\n%2"_s.arg(expected, all)));
    QCOMPARE(agent.stats().quarantined, 6u);
}

void TestPipeline::gracefulStopResumesWhereItStopped()
{
    RecordingReceiver receiver;
    const AgentConfig cfg = config({subscription(u"s"_s, receiver.url(), {u"be.*"_s})});
    Producer producer(m_cluster->bootstraps());
    const QString str = m_prefix + u"str"_s;
    {
        Agent agent(cfg);
        QVERIFY(agent.start(nullptr));
        for (int i = 0; i < 10; ++i)
            producer.sendStructured(str, makeEvent(kContentCreated, u"first-%1"_s.arg(i)));
        producer.flush();
        QTRY_COMPARE_WITH_TIMEOUT(receiver.okCount(), 10, 30000);
        QSignalSpy stopped(&agent, &Agent::stopped);
        agent.stop();
        QVERIFY(stopped.wait(15000));
    }
    for (int i = 0; i < 10; ++i)
        producer.sendStructured(str, makeEvent(kContentCreated, u"second-%1"_s.arg(i)));
    producer.flush();
    Agent again(cfg);
    QVERIFY(again.start(nullptr));
    QTRY_COMPARE_WITH_TIMEOUT(receiver.okCount(), 20, 30000);
    QTest::qWait(1000);
    // Offsets were committed on the way down: the second agent reads only what is new.
    QCOMPARE(receiver.ids().size(), 20);
    QCOMPARE(again.stats().consumed, 10u);
}

void TestPipeline::startsTheEmbeddedClusterWithoutBrokers()
{
    RecordingReceiver receiver;
    AgentConfig cfg = config({subscription(u"s"_s, receiver.url(), {u"be.*"_s})});
    cfg.kafka.brokers.clear();
    cfg.kafka.embeddedTopics = {u"embedded.topic"_s};
    cfg.kafka.topics = {u"^embedded\\..*"_s}; // a pattern subscription, too
    Agent agent(cfg);
    QString error;
    QVERIFY2(agent.start(&error), qPrintable(error));
    QVERIFY(!agent.bootstrapServers().isEmpty());
    QVERIFY(agent.bootstrapServers() != m_cluster->bootstraps());
    Producer producer(agent.bootstrapServers());
    producer.sendStructured(u"embedded.topic"_s, makeEvent(kContentCreated, u"embedded-1"_s));
    producer.flush();
    QTRY_COMPARE_WITH_TIMEOUT(receiver.okCount(), 1, 30000);
}

void TestPipeline::commitsBeforePartitionsMoveInARebalance()
{
    // Two agents in one group, each with its own store: when the second joins, partitions move.
    // Had the first not committed what it stored before giving them up, the second would read
    // those events again and deliver them a second time; its own store cannot know them.
    // (librdkafka's mock broker refuses every commit while a newcomer is joining, where Kafka
    // accepts them until the rebalance completes, so the commit in the revoke callback cannot be
    // the one that saves us here: committing each batch as soon as it is durable is.)
    RecordingReceiver receiver;
    const AgentConfig first = config({subscription(u"s"_s, receiver.url(), {u"be.*"_s})});
    AgentConfig second = first;
    second.store.path = m_dir.filePath(m_prefix + u"second.db"_s);
    Producer producer(m_cluster->bootstraps());
    QStringList ids;
    int produced = 0;
    auto produce = [&](int count) {
        for (int i = 0; i < count; ++i, ++produced) {
            ids.append(u"rb-%1"_s.arg(produced));
            producer.sendStructured(m_prefix + (produced % 2 ? u"str"_s : u"bin"_s),
                                    makeEvent(kContentCreated, ids.last(), u"item/%1"_s.arg(produced % 13)));
        }
        producer.flush();
    };

    Agent a(first);
    QVERIFY(a.start(nullptr));
    produce(100);
    QTRY_COMPARE_WITH_TIMEOUT(receiver.okCount(), 100, 30000);
    QTRY_COMPARE_WITH_TIMEOUT(a.assignedPartitions(), 6, 5000);

    Agent b(second);
    QVERIFY(b.start(nullptr));
    // Both share the six partitions once the rebalance is over; the mock broker may run a second
    // join round, so the split must hold for a while before the next events go in.
    auto split = [&] {
        return a.assignedPartitions() > 0 && b.assignedPartitions() > 0 &&
               a.assignedPartitions() + b.assignedPartitions() == 6;
    };
    QElapsedTimer stable;
    QTRY_VERIFY_WITH_TIMEOUT(
        (split() ? (stable.isValid() ? true : (stable.start(), true)) : (stable.invalidate(), false)) &&
            stable.elapsed() > 2000,
        30000);
    produce(100);
    QTRY_COMPARE_WITH_TIMEOUT(receiver.uniqueIds().size(), 200, 30000);
    QTest::qWait(500);
    QCOMPARE(receiver.ids().size(), 200); // nothing twice
    QVERIFY(b.stats().consumed > 0);
    QCOMPARE(a.stats().consumed + b.stats().consumed, 200u);
}

QTEST_GUILESS_MAIN(TestPipeline)
#include "tst_pipeline.moc"
