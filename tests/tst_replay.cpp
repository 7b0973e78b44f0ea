// Replay against the real agent on the embedded Kafka-protocol cluster (SQLite; PostgreSQL in the
// _postgresql variant), through the admin API as the console and the command line use it: 1,000
// events a receiver "lost" are replayed after a dry-run that counts exactly as many, through the
// subscription's current filter, while live traffic keeps flowing; a range partly past what Kafka
// keeps reports its gap.
#include "adminclient.h"
#include "testsupport.h"

#include "agent.h"
#include "delivery/requestbuilder.h"
#include "protocol.h"
#include "subscriptions/subscriptionregistry.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace sluice;
using namespace sluice::agent;
using namespace sluice::test;
namespace method = sluice::protocol::method;
namespace replay = sluice::protocol::replay;

namespace {

const QString kType = u"com.example.orders.order.paid"_s;
const QString kOther = u"com.example.orders.order.viewed"_s;

} // namespace

class TestReplay : public QObject, private AdminFixture {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { startCluster(); }
    void init() { nextRun(u"rpl"_s); }
    void lostEventsAreReplayedThroughTheCurrentFilter();
    void aRangePastWhatKafkaKeepsReportsItsGap();

private:
    QJsonObject waitForJob(AdminClient &admin, const QString &id, int timeoutMs = 60000);
    // A replay at 100 events a second, once it has stored some: its id; empty if it stored none in 20 s.
    QString startSlowly(AdminClient &admin, const QString &subscription, const QString &from, const QString &to);
};

QJsonObject TestReplay::waitForJob(AdminClient &admin, const QString &id, int timeoutMs)
{
    QJsonObject job;
    QElapsedTimer waited;
    waited.start();
    do {
        QTest::qWait(100);
        job = admin.result(method::JobsGet, {{u"id"_s, id}});
    } while ((job.value(u"state"_s).toString() == u"planning" || job.value(u"state"_s).toString() == u"running") &&
             waited.elapsed() < timeoutMs);
    return job;
}

QString TestReplay::startSlowly(AdminClient &admin, const QString &subscription, const QString &from, const QString &to)
{
    const QString id = admin
                           .result(method::DeliveriesReplay, {{replay::Subscription, subscription},
                                                              {replay::From, from},
                                                              {replay::To, to},
                                                              {replay::EventsPerSecond, 100}})
                           .value(u"id"_s)
                           .toString();
    QElapsedTimer waited;
    waited.start();
    while (admin.result(method::JobsGet, {{u"id"_s, id}}).value(u"stored"_s).toInteger() == 0) {
        if (waited.elapsed() > 20000)
            return QString(); // it never stored anything
        QTest::qWait(50);
    }
    return id;
}

void TestReplay::lostEventsAreReplayedThroughTheCurrentFilter()
{
    RecordingReceiver receiver;
    // Only paid orders worth keeping: the filter the replay must apply as it is now.
    const QJsonObject filter{{u"data"_s, QJsonObject{{u"path"_s, u"/keep"_s}, {u"equals"_s, true}}}};
    auto agent = startAgent(
        {subscription(u"shop"_s, receiver.url(), {kType}, {{u"handshake"_s, false}, {u"filter"_s, filter}})});
    QVERIFY(agent);
    AdminClient admin;
    QVERIFY(admin.open(adminUrl(*agent)));
    QVERIFY(admin.authenticate(token(u"admin"_s)));

    const QString from = QDateTime::currentDateTimeUtc().addSecs(-1).toString(Qt::ISODateWithMs);
    Producer producer(m_cluster->bootstraps());
    for (int i = 0; i < 1000; ++i)
        producer.sendStructured(m_prefix + u"str"_s, makeEvent(kType, u"o-%1"_s.arg(i), u"order/%1"_s.arg(i % 10),
                                                               {{u"keep"_s, true}, {u"n"_s, i}}));
    for (int i = 0; i < 100; ++i) {
        producer.sendStructured(m_prefix + u"str"_s,
                                makeEvent(kType, u"x-%1"_s.arg(i), u"order/x"_s, {{u"keep"_s, false}}));
        producer.sendStructured(m_prefix + u"str"_s, makeEvent(kOther, u"v-%1"_s.arg(i)));
    }
    producer.flush();
    QTRY_COMPARE_WITH_TIMEOUT(receiver.uniqueIds().size(), 1000, 60000);
    const QString to = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
    QTest::qWait(20); // the live events below come after "to"
    // The receiver lost them all (a disk failed): a dry-run first.
    const QJsonObject dry = admin.result(method::DeliveriesReplay, {{replay::Subscription, u"shop"_s},
                                                                    {replay::From, from},
                                                                    {replay::To, to},
                                                                    {replay::DryRun, true},
                                                                    {replay::Examples, 3}});
    QCOMPARE(dry.value(u"kind"_s).toString(), u"replayDryRun"_s);
    const QJsonObject counted = waitForJob(admin, dry.value(u"id"_s).toString());
    QCOMPARE(counted.value(u"state"_s).toString(), u"finished"_s);
    QCOMPARE(counted.value(u"matched"_s).toInteger(), 1000);
    QCOMPARE(counted.value(u"done"_s).toInteger(), 1200); // every message in the range was read
    QCOMPARE(counted.value(u"stored"_s).toInteger(), 0);
    QCOMPARE(counted.value(u"examples"_s).toArray().size(), 3);
    QVERIFY(counted.value(u"gaps"_s).toArray().isEmpty());
    QTest::qWait(500);
    QCOMPARE(receiver.ids().size(), 1000); // a dry-run sends nothing

    // The replay, paced, while live events keep coming and going out.
    const QJsonObject started = admin.result(
        method::DeliveriesReplay,
        {{replay::Subscription, u"shop"_s}, {replay::From, from}, {replay::To, to}, {replay::EventsPerSecond, 250}});
    const QString id = started.value(u"id"_s).toString();
    QVERIFY(id.startsWith(u"rpl_"_s));
    // One replay of a subscription at a time.
    QCOMPARE(admin.errorCode(method::DeliveriesReplay, {{replay::Subscription, u"shop"_s}, {replay::From, from}}),
             int(protocol::error::Conflict));
    // Once it stores replay deliveries, live events come: they go out while it runs.
    QTRY_VERIFY_WITH_TIMEOUT(admin.result(method::JobsGet, {{u"id"_s, id}}).value(u"stored"_s).toInteger() > 0, 20000);
    for (int i = 0; i < 20; ++i)
        producer.sendStructured(m_prefix + u"str"_s,
                                makeEvent(kType, u"live-%1"_s.arg(i), u"order/live"_s, {{u"keep"_s, true}}));
    producer.flush();
    QTRY_VERIFY_WITH_TIMEOUT(receiver.uniqueIds().contains(u"live-19"_s), 20000);
    QCOMPARE(admin.result(method::JobsGet, {{u"id"_s, id}}).value(u"state"_s).toString(), u"running"_s);
    const QJsonObject done = waitForJob(admin, id);
    QCOMPARE(done.value(u"state"_s).toString(), u"finished"_s);
    QCOMPARE(done.value(u"stored"_s).toInteger(), counted.value(u"matched"_s).toInteger());

    // Each lost event came again, once, as a replay: its own webhook-id, marked with the job.
    QTRY_COMPARE_WITH_TIMEOUT(receiver.ids().size(), 2020, 30000);
    QSet<QByteArray> webhookIds;
    int replayed = 0;
    for (const auto &request : receiver.requests()) {
        webhookIds.insert(request.header("webhook-id"));
        const QJsonObject event = QJsonDocument::fromJson(request.body).object();
        if (event.contains(RequestBuilder::kReplayExtension)) {
            QCOMPARE(event.value(RequestBuilder::kReplayExtension).toString(), id);
            QVERIFY(event.value(u"id"_s).toString().startsWith(u"o-"_s));
            ++replayed;
        }
    }
    QCOMPARE(replayed, 1000);
    QCOMPARE(webhookIds.size(), 2020);

    // A slow replay stopped half-way: what it stored stays (and is sent), the rest is not.
    const QString slow = startSlowly(admin, u"shop"_s, from, to);
    QVERIFY(!slow.isEmpty());
    QCOMPARE(admin.result(method::JobsStop, {{u"id"_s, slow}}).value(u"id"_s).toString(), slow);
    const QJsonObject stopped = waitForJob(admin, slow);
    QCOMPARE(stopped.value(u"state"_s).toString(), u"stopped"_s);
    const qint64 kept = stopped.value(u"stored"_s).toInteger();
    QVERIFY2(kept > 0 && kept < 1000, qPrintable(QString::number(kept)));
    QTRY_COMPARE_WITH_TIMEOUT(receiver.ids().size(), 2020 + int(kept), 20000);
    QCOMPARE(admin.errorCode(method::JobsStop, {{u"id"_s, u"rpl_nothing"_s}}), int(protocol::error::NotFound));

    // A subscription deleted while its replay runs ends the replay, which says why.
    QString why;
    const auto made =
        Subscription::fromJson(subscription(u"api-shop"_s, receiver.url(), {kType}, {{u"handshake"_s, false}}), &why);
    QVERIFY2(made && agent->subscriptions().save(*made, true, &why), qPrintable(why));
    const QString orphan = startSlowly(admin, u"api-shop"_s, from, to);
    QVERIFY(!orphan.isEmpty());
    QVERIFY2(agent->subscriptions().remove(u"api-shop"_s, &why, u"deleted by the test"_s), qPrintable(why));
    const QJsonObject ended = waitForJob(admin, orphan);
    QCOMPARE(ended.value(u"state"_s).toString(), u"failed"_s);
    QVERIFY2(ended.value(u"error"_s).toString().contains(u"was deleted during the replay"_s),
             qPrintable(ended.value(u"error"_s).toString()));
}

void TestReplay::aRangePastWhatKafkaKeepsReportsItsGap()
{
    auto agent = startAgent({subscription(u"shop"_s, u"http://127.0.0.1:9/"_s, {kType}, {{u"handshake"_s, false}})});
    QVERIFY(agent);
    AdminClient admin;
    QVERIFY(admin.open(adminUrl(*agent)));
    QVERIFY(admin.authenticate(token(u"admin"_s)));
    // The embedded cluster keeps about 5 MiB of a partition: 8 MiB into one pushes the oldest out.
    const QString from = QDateTime::currentDateTimeUtc().addSecs(-1).toString(Qt::ISODateWithMs);
    Producer producer(m_cluster->bootstraps());
    const QByteArray pad(1000, 'p');
    for (int i = 0; i < 8000; ++i)
        producer.send(m_prefix + u"bin"_s, "same-partition",
                      R"({"specversion":"1.0","id":")" + QByteArray::number(i) + R"(","source":"/s","type":")" +
                          kOther.toUtf8() + R"(","data":")" + pad + "\"}",
                      {{"content-type", "application/cloudevents+json"}});
    producer.flush();

    const QJsonObject byTime =
        waitForJob(admin, admin
                              .result(method::DeliveriesReplay,
                                      {{replay::Subscription, u"shop"_s}, {replay::From, from}, {replay::DryRun, true}})
                              .value(u"id"_s)
                              .toString());
    QCOMPARE(byTime.value(u"state"_s).toString(), u"finished"_s);
    const QJsonArray gaps = byTime.value(u"gaps"_s).toArray();
    QCOMPARE(gaps.size(), 1);
    const QJsonObject gap = gaps.first().toObject();
    QCOMPARE(gap.value(u"topic"_s).toString(), m_prefix + u"bin"_s);
    QCOMPARE(gap.value(u"from"_s).toInteger(), 0);
    const qint64 low = gap.value(u"to"_s).toInteger();
    QVERIFY2(low > 0 && low < 8000, qPrintable(QString::number(low)));
    QVERIFY2(gap.value(u"reason"_s).toString().contains(u"may have been among those removed"_s),
             qPrintable(gap.value(u"reason"_s).toString()));
    QCOMPARE(byTime.value(u"done"_s).toInteger(), 8000 - low); // what is left was read, nothing skipped

    // By offsets: exactly the lost part, and the rest read.
    const QJsonObject byOffsets = waitForJob(
        admin, admin
                   .result(method::DeliveriesReplay,
                           {{replay::Subscription, u"shop"_s},
                            {replay::DryRun, true},
                            {replay::Offsets, QJsonArray{QJsonObject{{replay::Topic, m_prefix + u"bin"_s},
                                                                     {replay::Partition, gap.value(u"partition"_s)},
                                                                     {replay::From, low - 10},
                                                                     {replay::To, low + 10}}}}})
                   .value(u"id"_s)
                   .toString());
    const QJsonObject lost = byOffsets.value(u"gaps"_s).toArray().first().toObject();
    QCOMPARE(lost.value(u"from"_s).toInteger(), low - 10);
    QCOMPARE(lost.value(u"to"_s).toInteger(), low);
    QCOMPARE(byOffsets.value(u"done"_s).toInteger(), 10);

    // Bad input: clear errors, nothing started.
    QCOMPARE(admin.errorCode(method::DeliveriesReplay, {{replay::Subscription, u"nobody"_s}, {replay::From, from}}),
             int(protocol::error::NotFound));
    QCOMPARE(
        admin.errorCode(method::DeliveriesReplay, {{replay::Subscription, u"shop"_s}, {replay::From, u"monday"_s}}),
        int(protocol::error::InvalidParams));
    QCOMPARE(admin.errorCode(method::DeliveriesReplay,
                             {{replay::Subscription, u"shop"_s}, {replay::Offsets, QJsonArray{QJsonObject{}}}}),
             int(protocol::error::InvalidParams));
    AdminClient viewer;
    QVERIFY(viewer.open(adminUrl(*agent)));
    QVERIFY(viewer.authenticate(token(u"viewer"_s)));
    QCOMPARE(viewer.errorCode(method::DeliveriesReplay, {{replay::Subscription, u"shop"_s}, {replay::From, from}}),
             int(protocol::error::Forbidden));
}

QTEST_GUILESS_MAIN(TestReplay)
#include "tst_replay.moc"
