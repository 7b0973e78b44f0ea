// The agent's own events, through a real agent on the embedded cluster, a real SQLite store and
// real receivers: started and stopped (delivered at the next start when the stop cut it off),
// created and deleted, and validation against the register like any consumed event.
#include "agent.h"
#include "ingest/lifecycle.h"
#include "queue/store.h"
#include "register/register.h"
#include "testsupport.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace sluice;
using namespace sluice::agent;
using namespace sluice::test;

namespace {

QList<CloudEvent> ofType(const RecordingReceiver &receiver, const QString &type)
{
    QList<CloudEvent> found;
    for (const CloudEvent &event : receiver.events()) {
        if (event.type == type)
            found.append(event);
    }
    return found;
}

bool stop(Agent &agent)
{
    QSignalSpy stopped(&agent, &Agent::stopped);
    agent.stop();
    return stopped.wait(15000);
}

} // namespace

class TestLifecycle : public QObject, private test::ClusterFixture {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { startCluster(); }
    void init() { nextRun(u"lfc"_s); }
    void stoppedArrivesAtTheNextStart();
    void deletedWhenTheFileNoLongerHasIt();
    void validatedAgainstTheRegisterLikeAnyEvent();
    void removedWhileItsRequestIsInFlight();
};

void TestLifecycle::stoppedArrivesAtTheNextStart()
{
    RecordingReceiver audit;
    const QJsonArray subscriptions{
        subscription(u"audit"_s, audit.url(), {u"sluice.agent.*"_s}, {{u"handshake"_s, false}})};
    {
        Agent agent(config(subscriptions));
        QVERIFY(agent.start(nullptr));
        QTRY_COMPARE_WITH_TIMEOUT(ofType(audit, u"sluice.agent.started"_s).size(), 1, 15000);
        QVERIFY(stop(agent));
    }
    Agent agent(config(subscriptions));
    QVERIFY(agent.start(nullptr));
    QTRY_COMPARE_WITH_TIMEOUT(ofType(audit, u"sluice.agent.stopped"_s).size(), 1, 15000);
    QTRY_COMPARE_WITH_TIMEOUT(ofType(audit, u"sluice.agent.started"_s).size(), 2, 15000);
    const CloudEvent stopped = ofType(audit, u"sluice.agent.stopped"_s).first();
    QCOMPARE(stopped.source, Lifecycle::source());
    QVERIFY(stopped.jsonData().toObject().contains(u"host"_s));
    QVERIFY(stop(agent));
}

void TestLifecycle::deletedWhenTheFileNoLongerHasIt()
{
    RecordingReceiver audit;
    RecordingReceiver leaving;
    const QJsonObject auditSub =
        subscription(u"audit"_s, audit.url(), {u"sluice.subscription.*"_s}, {{u"handshake"_s, false}});
    Agent agent(config({auditSub, subscription(u"leaving"_s, leaving.url(), {u"be.*"_s}, {{u"handshake"_s, false}})},
                       {{u"retrySchedule"_s, QJsonArray{u"0"_s, u"1h"_s}}})); // it stays waiting
    QVERIFY(agent.start(nullptr));
    QTRY_COMPARE_WITH_TIMEOUT(ofType(audit, u"sluice.subscription.created"_s).size(), 2, 15000);
    // One delivery waits for its retry when the subscription goes.
    leaving.failNext(1000, 503);
    Producer producer(m_cluster->bootstraps());
    const CloudEvent waiting = makeEvent(u"be.digipolis.wcm.v4.content.item.created"_s, u"left-1"_s);
    producer.sendStructured(m_prefix + u"str"_s, waiting);
    producer.flush();
    const QString id = DeliveryQueue::deliveryIdFor(u"leaving"_s, waiting);
    QTRY_VERIFY_WITH_TIMEOUT(agent.store().queue().delivery(id) && agent.store().queue().delivery(id)->attempts > 0,
                             15000);

    // SIGHUP with "leaving" gone from the file.
    QString error;
    QVERIFY2(agent.reloadFileSubscriptions(config({auditSub}).subscriptions, &error), qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(ofType(audit, u"sluice.subscription.deleted"_s).size(), 1, 15000);
    const CloudEvent deleted = ofType(audit, u"sluice.subscription.deleted"_s).first();
    QCOMPARE(deleted.subject, u"leaving"_s);
    QCOMPARE(deleted.jsonData().toObject().value(u"name"_s).toString(), u"leaving"_s);
    QVERIFY(!agent.store().subscriptions().states().contains(u"leaving"_s));
    // Nothing disappears unseen: what it had waiting is a dead letter, with the reason.
    const auto dead = agent.store().queue().delivery(id);
    QCOMPARE(dead->state, DeliveryState::Dead);
    QCOMPARE(dead->lastError, u"the subscription was deleted"_s);
    QVERIFY(stop(agent));
}

void TestLifecycle::validatedAgainstTheRegisterLikeAnyEvent()
{
    RecordingReceiver audit;
    const QJsonObject auditSub =
        subscription(u"audit"_s, audit.url(), {u"sluice.subscription.*"_s}, {{u"handshake"_s, false}});
    Agent agent(config({auditSub}));
    QVERIFY(agent.start(nullptr));
    QTRY_COMPARE_WITH_TIMEOUT(ofType(audit, u"sluice.subscription.created"_s).size(), 1, 15000);

    // A schema the agent's own "created" event does not meet, enforced: the event is kept in the
    // store but not delivered, and the register counts it invalid.
    EventRegister::Change change;
    change.schema = QJsonObject{{u"type"_s, u"object"_s}, {u"required"_s, QJsonArray{u"nowhere"_s}}};
    change.example = QJsonObject{{u"nowhere"_s, 1}};
    change.validation = ValidationPolicy::Enforce;
    QString error;
    QVERIFY2(agent.eventRegister().update(u"sluice.subscription.created"_s, change, &error), qPrintable(error));
    RecordingReceiver other;
    const QJsonArray withOther{auditSub, subscription(u"other"_s, other.url(), {u"be.*"_s}, {{u"handshake"_s, false}})};
    QVERIFY2(agent.reloadFileSubscriptions(config(withOther).subscriptions, &error), qPrintable(error));
    QTRY_VERIFY_WITH_TIMEOUT(agent.eventRegister().entry(u"sluice.subscription.created"_s)->figures.invalid >= 1, 5000);
    QTest::qWait(500);
    QCOMPARE(ofType(audit, u"sluice.subscription.created"_s).size(), 1);
    QVERIFY(stop(agent));
}

// The endpoint goes with its subscription; the request it had running finishes, its attempt is
// recorded, and the delivery stays the dead letter the deletion made it (nothing revives it).
void TestLifecycle::removedWhileItsRequestIsInFlight()
{
    RecordingReceiver slow;
    receiver::HttpReceiver::Behaviour behaviour;
    behaviour.delayMs = 1500;
    slow.http().setBehaviour(behaviour);
    const QJsonObject keep =
        subscription(u"keep"_s, slow.url(u"/keep"_s), {u"sluice.agent.*"_s}, {{u"handshake"_s, false}});
    Agent agent(config({keep, subscription(u"slow"_s, slow.url(u"/slow"_s), {u"be.*"_s}, {{u"handshake"_s, false}})}));
    QVERIFY(agent.start(nullptr));
    Producer producer(m_cluster->bootstraps());
    const CloudEvent event = makeEvent(u"be.digipolis.wcm.v4.content.item.created"_s, u"slow-1"_s);
    producer.sendStructured(m_prefix + u"str"_s, event);
    producer.flush();
    QTRY_VERIFY_WITH_TIMEOUT(agent.stats().inFlight > 0 && agent.stats().deliveriesCreated > 0, 15000);

    QString error;
    QVERIFY2(agent.reloadFileSubscriptions(config({keep}).subscriptions, &error), qPrintable(error));
    const QList<EndpointStatus> endpoints = agent.endpoints();
    QVERIFY(
        std::none_of(endpoints.begin(), endpoints.end(), [](const EndpointStatus &e) { return e.name == u"slow"_s; }));
    const QString id = DeliveryQueue::deliveryIdFor(u"slow"_s, event);
    QTRY_VERIFY_WITH_TIMEOUT(agent.store().queue().delivery(id)->history.size() == 1, 10000);
    const auto record = agent.store().queue().delivery(id);
    QCOMPARE(record->history.first().httpStatus, 204);
    QCOMPARE(record->state, DeliveryState::Dead);
    QCOMPARE(record->lastError, u"the subscription was deleted"_s);
    QTRY_COMPARE_WITH_TIMEOUT(agent.stats().inFlight, 0, 5000);
    QVERIFY(stop(agent));
}

QTEST_GUILESS_MAIN(TestLifecycle)
#include "tst_lifecycle.moc"
