// A subscription's health from its minutes: latency percentiles from duration buckets, the
// store's text form, the window and several agents' rows of one minute, and the JSON.
#include "subscriptionhealth.h"

#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace sluice;

class TestSubscriptionHealth : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void percentiles_data();
    void percentiles();
    void text_data();
    void text();
    void window();
    void json();
};

void TestSubscriptionHealth::percentiles_data()
{
    QTest::addColumn<QList<int>>("durations");
    QTest::addColumn<double>("q");
    QTest::addColumn<double>("low");  // the percentile lies in [low, high]
    QTest::addColumn<double>("high");
    QTest::newRow("one at 60 ms: its bucket 50-70") << QList<int>{60} << 0.5 << 50.0 << 70.0;
    QTest::newRow("median of 1..100 ms") << [] {
        QList<int> all;
        for (int i = 1; i <= 100; ++i)
            all.append(i);
        return all;
    }() << 0.5 << 40.0 << 60.0;
    QTest::newRow("p95 of 95 fast, 5 slow") << [] {
        QList<int> all(95, 4);
        all.append(QList<int>(5, 2500));
        return all;
    }() << 0.95 << 3.0 << 5.0;
    QTest::newRow("p95 of 90 fast, 10 slow") << [] {
        QList<int> all(90, 4);
        all.append(QList<int>(10, 2500));
        return all;
    }() << 0.95 << 2000.0 << 3000.0;
    QTest::newRow("0 ms") << QList<int>{0, 0} << 0.5 << 0.0 << 1.0;
    QTest::newRow("longer than every bound") << QList<int>{500'000} << 0.5 << 120'000.0 << 120'000.0;
    QTest::newRow("negative counts as 0") << QList<int>{-5} << 0.5 << 0.0 << 1.0;
}

void TestSubscriptionHealth::percentiles()
{
    QFETCH(QList<int>, durations);
    QFETCH(double, q);
    QFETCH(double, low);
    QFETCH(double, high);
    LatencyBuckets buckets;
    for (const int d : durations)
        buckets.add(d);
    QCOMPARE(buckets.count(), quint64(durations.size()));
    const std::optional<double> p = buckets.percentile(q);
    QVERIFY(p);
    QVERIFY2(*p >= low && *p <= high, qPrintable(QString::number(*p)));
}

void TestSubscriptionHealth::text_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("valid");
    QTest::newRow("empty: no attempts") << QString() << true;
    QTest::newRow("counts") << u"0,3,0,7"_s << true;
    QTest::newRow("not a number") << u"0,x"_s << false;
    QTest::newRow("negative") << u"-1"_s << false;
    QTest::newRow("more buckets than there are") << QStringList(40, u"1"_s).join(u',') << false;
}

void TestSubscriptionHealth::text()
{
    QFETCH(QString, text);
    QFETCH(bool, valid);
    const std::optional<LatencyBuckets> read = LatencyBuckets::fromText(text);
    QCOMPARE(bool(read), valid);
    if (valid)
        QCOMPARE(read->toText(), text);
}

void TestSubscriptionHealth::window()
{
    HealthMinute early{0, 10, 0, {}};   // before the window: left out
    HealthMinute a{60'000, 4, 3, {}};   // one agent's minute
    HealthMinute b{60'000, 6, 6, {}};   // another's, the same minute
    HealthMinute c{120'000, 10, 5, {}}; // the next minute
    HealthMinute late{180'000, 1, 1, {}}; // at the window's end: left out
    a.latency.add(10, 4);
    b.latency.add(100, 6);
    c.latency.add(1000, 10);
    const SubscriptionHealth h =
        SubscriptionHealth::of(u"s"_s, {early, a, b, c, late}, 60'000, 180'000, true);
    QCOMPARE(h.attempts, 20u);
    QCOMPARE(h.succeeded, 14u);
    QCOMPARE(*h.successRate(), 0.7);
    QCOMPARE(h.minutes.size(), 2);
    QCOMPARE(h.minutes.at(0).attempts, 10u);
    QCOMPARE(h.minutes.at(0).succeeded, 9u);
    QVERIFY(*h.minutes.at(0).p50Ms > 70 && *h.minutes.at(0).p50Ms <= 100); // 4 at 10 ms, 6 at 100 ms
    QVERIFY(*h.p95Ms > 700);                                              // half took a second
    const SubscriptionHealth summary = SubscriptionHealth::of(u"s"_s, {a}, 60'000, 180'000, false);
    QVERIFY(summary.minutes.isEmpty());
    QVERIFY(!SubscriptionHealth::of(u"s"_s, {}, 0, 1, false).successRate());
}

void TestSubscriptionHealth::json()
{
    HealthMinute m{60'000, 3, 2, {}};
    m.latency.add(20, 3);
    const SubscriptionHealth h = SubscriptionHealth::of(u"s"_s, {m}, 0, 3'600'000, true);
    const QJsonObject json = h.toJson();
    QCOMPARE(json.value(protocol::health::SuccessRate).toDouble(), 2.0 / 3.0);
    const SubscriptionHealth back = SubscriptionHealth::fromJson(json);
    QCOMPARE(back.toJson(), json);
    QCOMPARE(back.minutes.size(), 1);
    // Without attempts there is no rate and no percentile, rather than zeros.
    const QJsonObject empty = SubscriptionHealth::of(u"s"_s, {}, 0, 1, false).toJson();
    QVERIFY(!empty.contains(protocol::health::SuccessRate));
    QVERIFY(!empty.contains(protocol::health::P50Ms));
    QVERIFY(!SubscriptionHealth::fromJson(empty).p50Ms);
}

QTEST_GUILESS_MAIN(TestSubscriptionHealth)
#include "tst_subscriptionhealth.moc"
