// What a replay reads and what it reports lost, row by row: asked offsets or the offsets Kafka's
// offsetsForTimes gave, against what Kafka still keeps of each partition.
#include "replay/replayplan.h"

#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace sluice::agent;

Q_DECLARE_METATYPE(QList<OffsetRange>)
Q_DECLARE_METATYPE(QList<TimeOffsets>)

namespace {

// "topic/partition:from-to" for each range, joined by spaces.
QString text(const QList<OffsetRange> &ranges)
{
    QStringList parts;
    for (const OffsetRange &r : ranges)
        parts.append(u"%1/%2:%3-%4"_s.arg(r.topic).arg(r.partition).arg(r.from).arg(r.to));
    return parts.join(u' ');
}

// Topic "a": partition 0 keeps 100 to 199, partition 1 is empty at 50; topic "b" keeps 0 to 9.
const QList<PartitionWindow> kWindows = {{u"a"_s, 0, 100, 200}, {u"a"_s, 1, 50, 50}, {u"b"_s, 0, 0, 10}};

} // namespace

class TestReplayPlan : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void byOffsets_data();
    void byOffsets();
    void byTime_data();
    void byTime();
};

void TestReplayPlan::byOffsets_data()
{
    QTest::addColumn<QList<OffsetRange>>("asked");
    QTest::addColumn<QString>("ranges");
    QTest::addColumn<QString>("gaps");
    QTest::addColumn<qint64>("messages");

    QTest::newRow("inside what is kept") << QList<OffsetRange>{{u"a"_s, 0, 120, 130}} << u"a/0:120-130"_s << QString()
                                         << qint64(10);
    QTest::newRow("partly removed: the gap, then the rest")
        << QList<OffsetRange>{{u"a"_s, 0, 90, 110}} << u"a/0:100-110"_s << u"a/0:90-100"_s << qint64(10);
    QTest::newRow("all removed") << QList<OffsetRange>{{u"a"_s, 0, 10, 20}} << QString() << u"a/0:10-20"_s << qint64(0);
    QTest::newRow("to the end (-1)") << QList<OffsetRange>{{u"b"_s, 0, 5, -1}} << u"b/0:5-10"_s << QString()
                                     << qint64(5);
    QTest::newRow("past what is written: not read, not a gap")
        << QList<OffsetRange>{{u"b"_s, 0, 8, 50}} << u"b/0:8-10"_s << QString() << qint64(2);
    QTest::newRow("an empty partition") << QList<OffsetRange>{{u"a"_s, 1, 0, -1}} << QString() << u"a/1:0-50"_s
                                        << qint64(0);
    QTest::newRow("a partition that does not exist")
        << QList<OffsetRange>{{u"c"_s, 0, 0, 5}} << QString() << QString() << qint64(0);
    QTest::newRow("several") << QList<OffsetRange>{{u"a"_s, 0, 0, -1}, {u"b"_s, 0, 0, -1}} << u"a/0:100-200 b/0:0-10"_s
                             << u"a/0:0-100"_s << qint64(110);
}

void TestReplayPlan::byOffsets()
{
    QFETCH(QList<OffsetRange>, asked);
    QFETCH(QString, ranges);
    QFETCH(QString, gaps);
    QFETCH(qint64, messages);
    const ReplayPlan plan = planByOffsets(kWindows, asked);
    QCOMPARE(text(plan.ranges), ranges);
    QCOMPARE(text(plan.gaps), gaps);
    QCOMPARE(plan.messages(), messages);
}

void TestReplayPlan::byTime_data()
{
    QTest::addColumn<QList<TimeOffsets>>("offsets");
    QTest::addColumn<QString>("ranges");

    QTest::newRow("from a time to the end") << QList<TimeOffsets>{{u"a"_s, 0, 150, -1}} << u"a/0:150-200"_s;
    QTest::newRow("between two times") << QList<TimeOffsets>{{u"a"_s, 0, 150, 160}} << u"a/0:150-160"_s;
    QTest::newRow("nothing that late") << QList<TimeOffsets>{{u"a"_s, 0, -1, -1}} << QString();
    QTest::newRow("an offset below what is kept starts at the oldest kept")
        << QList<TimeOffsets>{{u"a"_s, 0, 40, 120}} << u"a/0:100-120"_s;
    QTest::newRow("each partition on its own")
        << QList<TimeOffsets>{{u"a"_s, 0, 190, -1}, {u"b"_s, 0, 0, 3}} << u"a/0:190-200 b/0:0-3"_s;
}

void TestReplayPlan::byTime()
{
    QFETCH(QList<TimeOffsets>, offsets);
    QFETCH(QString, ranges);
    const ReplayPlan plan = planByTime(kWindows, offsets);
    QCOMPARE(text(plan.ranges), ranges);
    QVERIFY(plan.gaps.isEmpty()); // by time, the reader tells from the first message it reads
}

QTEST_GUILESS_MAIN(TestReplayPlan)
#include "tst_replayplan.moc"
