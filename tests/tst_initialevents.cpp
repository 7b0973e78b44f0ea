// Initial events against real parts: the embedded Kafka-protocol cluster, the store (SQLite, or
// PostgreSQL in the _postgresql variant), receivers on 127.0.0.1, agents stopped and started again.
// A subscription asking for initial events gets the newest event of each subject it selects; the
// agent keeps those only for the types such subscriptions select.
#include "agent.h"
#include "register/register.h"
#include "testsupport.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace sluice;
using namespace sluice::agent;
using sluice::test::makeEvent;
using sluice::test::Producer;
using sluice::test::RecordingReceiver;
using sluice::test::subscription;

namespace {

const QString kCreated = u"be.digipolis.wcm.v4.content.item.created"_s;

} // namespace

class TestInitialEvents : public QObject, private test::ClusterFixture {
    Q_OBJECT

    QString topic() const { return m_prefix + u"str"_s; }

private Q_SLOTS:
    void initTestCase() { startCluster(); }
    void init() { nextRun(u"ini"_s); }
    void initialEventsForALateSubscriber();
    void keepsLatestOnlyWhereInitialEventsNeedIt();
};

void TestInitialEvents::initialEventsForALateSubscriber()
{
    RecordingReceiver early;
    RecordingReceiver late;
    Producer producer(m_cluster->bootstraps());
    // The early subscriber asks for initial events too: that is what keeps the newest event per
    // subject of the types it selects (none existed when it was created, so it gets none itself).
    const QJsonObject initial{{u"initialEvents"_s, true}};
    {
        Agent agent(config({subscription(u"early"_s, early.url(), {u"be.*"_s}, initial)}));
        QVERIFY(agent.start(nullptr));
        for (int version = 0; version < 3; ++version) {
            for (int s = 0; s < 3; ++s)
                producer.send(
                    topic(), QByteArray::number(s),
                    makeEvent(kCreated, u"i-%1-%2"_s.arg(s).arg(version), u"page/%1"_s.arg(s)).toStructuredBytes(),
                    {{"content-type", "application/cloudevents+json"}});
        }
        producer.flush();
        QTRY_COMPARE_WITH_TIMEOUT(early.okCount(), 9, 30000);
        QSignalSpy stopped(&agent, &Agent::stopped);
        agent.stop(); // commits the offsets: the next run does not read these again
        QVERIFY(stopped.wait(15000));
    }
    Agent agent(
        config({subscription(u"early"_s, early.url(), {u"be.*"_s}, initial),
                subscription(u"late"_s, late.url(), {u"be.*"_s},
                             {{u"initialEvents"_s, true},
                              {u"filter"_s, QJsonObject{{u"exact"_s, QJsonObject{{u"subject"_s, u"page/1"_s}}}}}})}));
    QVERIFY(agent.start(nullptr));
    QTRY_COMPARE_WITH_TIMEOUT(late.okCount(), 1, 30000);
    QTest::qWait(300);
    QCOMPARE(late.uniqueIds(), QStringList{u"i-1-2"_s}); // the newest state of the subject it selects
    QCOMPARE(early.okCount(), 9);
}

// The newest event per subject is kept only for types some subscription with initial events
// selects (or the configuration names): other types cost no row in the store.
void TestInitialEvents::keepsLatestOnlyWhereInitialEventsNeedIt()
{
    RecordingReceiver pages;
    RecordingReceiver other;
    RecordingReceiver late;
    Producer producer(m_cluster->bootstraps());
    const QString kUpdated = u"be.digipolis.wcm.v4.content.item.updated"_s;
    const QString kIndexed = u"be.test.search.indexed"_s; // discovered, exposed (as tests configure it)
    const QJsonArray first = {subscription(u"pages"_s, pages.url(), {kCreated}, {{u"initialEvents"_s, true}}),
                              subscription(u"other"_s, other.url(), {kUpdated})};
    {
        Agent agent(config(first));
        QVERIFY(agent.start(nullptr));
        for (const QString &type : {kCreated, kUpdated, kIndexed}) {
            for (int s = 0; s < 3; ++s)
                producer.send(
                    topic(), QByteArray::number(s),
                    makeEvent(type, type.section(u'.', -1) + u"-%1"_s.arg(s), u"page/%1"_s.arg(s)).toStructuredBytes(),
                    {{"content-type", "application/cloudevents+json"}});
        }
        producer.flush();
        QTRY_COMPARE_WITH_TIMEOUT(pages.okCount() + other.okCount(), 6, 30000);
        QTRY_COMPARE_WITH_TIMEOUT(agent.stats().consumed, 9u, 15000);
        QSignalSpy stopped(&agent, &Agent::stopped);
        agent.stop();
        QVERIFY(stopped.wait(15000));
    }
    // A late subscriber to all three types gets the newest event of each subject of the one type
    // that initial events already needed; of the others nothing was kept.
    QJsonArray second = first;
    second.append(subscription(u"late"_s, late.url(), {u"be.*"_s}, {{u"initialEvents"_s, true}}));
    Agent agent(config(second));
    QVERIFY(agent.start(nullptr));
    QTRY_COMPARE_WITH_TIMEOUT(late.okCount(), 3, 30000);
    QTest::qWait(500);
    QStringList types = late.types();
    types.removeDuplicates();
    QCOMPARE(types, QStringList{kCreated});
    QCOMPARE(late.okCount(), 3);
    QVERIFY(agent.eventRegister().isExposed(kIndexed)); // not kept, though it could have been sent
}

QTEST_GUILESS_MAIN(TestInitialEvents)
#include "tst_initialevents.moc"
