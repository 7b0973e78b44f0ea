// The console's lower layers against the agent running in-process (embedded Kafka cluster,
// SQLite store, admin API over a real WebSocket): AgentSession's states, and the register tree
// model fed by it, under QAbstractItemModelTester.
#include "admin/admintokens.h"
#include "agent.h"
#include "agentsession.h"
#include "deliverystatus.h"
#include "failuresmodel.h"
#include "liveeventsmodel.h"
#include "protocol.h"
#include "registermodel.h"
#include "subscriptionsmodel.h"
#include "testsupport.h"

#include <QAbstractItemModelTester>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace sluice;
using namespace sluice::agent;
using sluice::console::AgentSession;
using sluice::console::FailuresModel;
using sluice::console::LiveEventsModel;
using sluice::console::RegisterModel;
using sluice::console::SubscriptionsModel;
using sluice::test::makeEvent;
using sluice::test::Producer;
using sluice::test::RecordingReceiver;
using sluice::test::subscription;

class TestConsole : public QObject, private test::ClusterFixture {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void paths_data();
    void paths();
    void sessionStates();
    void registerTreeModel();
    void liveEventsModelIsBoundedAndBatched();
    void liveEventsFromTheAgent();
    void subscriptionsWithTheirHealth();
    void failuresRetriedAndDiscarded();

private:
    std::unique_ptr<Agent> startAgent(const QJsonArray &subscriptions = {});
    // A session authenticated with the named token; null when it did not get connected.
    std::unique_ptr<AgentSession> connectedSession(const Agent &agent, const QString &tokenName);
    QString token(const QString &name) const;
    QString tokenFile() const { return m_dir.filePath(m_prefix + u"tokens.json"_s); }
};

void TestConsole::initTestCase()
{
    startCluster();
}

void TestConsole::init()
{
    nextRun(u"con"_s);
}

std::unique_ptr<Agent> TestConsole::startAgent(const QJsonArray &subscriptions)
{
    auto agent = std::make_unique<Agent>(
        config(subscriptions, {},
               {{u"admin"_s, QJsonObject{{u"listen"_s, u"127.0.0.1:0"_s}, {u"tokenFile"_s, tokenFile()}}}}));
    QString error;
    if (!agent->start(&error)) {
        qWarning("%s", qPrintable(error));
        return nullptr;
    }
    return agent;
}

std::unique_ptr<AgentSession> TestConsole::connectedSession(const Agent &agent, const QString &tokenName)
{
    auto session = std::make_unique<AgentSession>();
    session->connectTo(QUrl(u"ws://127.0.0.1:%1"_s.arg(agent.adminPort())), token(tokenName));
    QElapsedTimer waited;
    waited.start();
    while (session->state() != AgentSession::State::Connected && waited.elapsed() < 5000)
        QTest::qWait(10);
    return session->state() == AgentSession::State::Connected ? std::move(session) : nullptr;
}

QString TestConsole::token(const QString &name) const
{
    AdminTokens tokens(tokenFile());
    QString error;
    tokens.reloadIfChanged(&error);
    return tokens.find(name) ? tokens.find(name)->secret : QString();
}

void TestConsole::paths_data()
{
    QTest::addColumn<QString>("type");
    QTest::addColumn<QStringList>("path");
    QTest::newRow("versioned namespace") << u"be.digipolis.wcm.v4.content.item.created"_s
                                         << QStringList{u"be.digipolis.wcm.v4"_s, u"content"_s, u"item"_s,
                                                        u"created"_s};
    QTest::newRow("three-part namespace")
        << u"nl.overheid.zaken.zaak-gekoppeld"_s << QStringList{u"nl.overheid.zaken"_s, u"zaak-gekoppeld"_s};
    QTest::newRow("short") << u"sluice.agent.started"_s << QStringList{u"sluice"_s, u"agent"_s, u"started"_s};
    QTest::newRow("two parts") << u"a.b"_s << QStringList{u"a"_s, u"b"_s};
    QTest::newRow("one part") << u"single"_s << QStringList{u"single"_s};
}

void TestConsole::paths()
{
    QFETCH(QString, type);
    QFETCH(QStringList, path);
    QCOMPARE(RegisterModel::pathOf(type), path);
}

void TestConsole::sessionStates()
{
    auto agent = startAgent();
    QVERIFY(agent);
    const QUrl url(u"ws://127.0.0.1:%1"_s.arg(agent->adminPort()));

    // Refused: a wrong token, with the agent's reason; no reconnecting.
    AgentSession wrong;
    QSignalSpy wrongStates(&wrong, &AgentSession::stateChanged);
    wrong.connectTo(url, u"sluice_not_the_token_at_all"_s);
    QTRY_COMPARE_WITH_TIMEOUT(wrong.state(), AgentSession::State::Refused, 5000);
    QVERIFY2(wrong.stateMessage().contains(u"token"_s), qPrintable(wrong.stateMessage()));
    QTest::qWait(1500);
    QCOMPARE(wrong.state(), AgentSession::State::Refused);

    // Refused: another major protocol version.
    QVERIFY(AgentSession::incompatibility({{u"protocol"_s, protocol::kVersion}}).isEmpty());
    QVERIFY(AgentSession::incompatibility({{u"protocol"_s, u"3.7.0"_s}}).isEmpty());
    QVERIFY(AgentSession::incompatibility({{u"protocol"_s, u"2.1.0"_s}}).contains(u"2.1.0"_s));

    // Connected, with the role; lost when the agent goes, and back when it returns.
    AgentSession session;
    QSignalSpy states(&session, &AgentSession::stateChanged);
    session.connectTo(url, token(u"viewer"_s));
    QTRY_COMPARE_WITH_TIMEOUT(session.state(), AgentSession::State::Connected, 5000);
    QCOMPARE(session.role(), u"viewer"_s);
    QCOMPARE(states.first().first().value<AgentSession::State>(), AgentSession::State::Connecting);
    const quint16 port = agent->adminPort();
    QSignalSpy stopped(agent.get(), &Agent::stopped);
    agent->stop();
    QVERIFY(stopped.wait(15000));
    agent.reset();
    QTRY_COMPARE_WITH_TIMEOUT(session.state(), AgentSession::State::Lost, 5000);
    QVERIFY(session.stateMessage().contains(u"trying again"_s));
    // The same port again, so the session's reconnect finds it.
    auto again = std::make_unique<Agent>(
        config({}, {},
               {{u"admin"_s, QJsonObject{{u"listen"_s, u"127.0.0.1:%1"_s.arg(port)}, {u"tokenFile"_s, tokenFile()}}}}));
    QString error;
    QVERIFY2(again->start(&error), qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(session.state(), AgentSession::State::Connected, 15000);
}

void TestConsole::registerTreeModel()
{
    auto agent = startAgent();
    QVERIFY(agent);
    auto connected = connectedSession(*agent, u"admin"_s);
    QVERIFY(connected);
    AgentSession &session = *connected;

    RegisterModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSortFilterProxyModel search;
    search.setSourceModel(&model);
    search.setRecursiveFilteringEnabled(true);
    search.setFilterCaseSensitivity(Qt::CaseInsensitive);
    search.setFilterKeyColumn(-1);
    QAbstractItemModelTester proxyTester(&search, QAbstractItemModelTester::FailureReportingMode::QtTest);
    connect(&session, &AgentSession::registerLoaded, &model, &RegisterModel::setEntries);
    connect(&session, &AgentSession::entryChanged, &model, &RegisterModel::updateEntry);
    QSignalSpy loaded(&session, &AgentSession::registerLoaded);
    session.loadRegister();
    QVERIFY(loaded.wait(5000));

    // Namespaces at the top, the type path below, types as leaves.
    QStringList roots;
    for (int row = 0; row < model.rowCount(); ++row)
        roots.append(model.index(row, 0).data().toString());
    QVERIFY2(roots.contains(u"be.digipolis.wcm.v4"_s) && roots.contains(u"nl.overheid.zaken"_s) &&
                 roots.contains(u"sluice"_s),
             qPrintable(roots.join(u", "_s)));
    const QModelIndex created = model.indexOfType(u"be.digipolis.wcm.v4.content.item.created"_s);
    QVERIFY(created.isValid());
    QCOMPARE(created.data().toString(), u"created"_s);
    QCOMPARE(created.parent().data().toString(), u"item"_s);
    QCOMPARE(created.parent().parent().parent().data().toString(), u"be.digipolis.wcm.v4"_s);
    QCOMPARE(created.data(RegisterModel::TypeRole).toString(), u"be.digipolis.wcm.v4.content.item.created"_s);
    QCOMPARE(created.siblingAtColumn(RegisterModel::TitleColumn).data().toString(), u"Content item created"_s);
    QCOMPARE(created.siblingAtColumn(RegisterModel::ExposedColumn).data().toString(), u"exposed"_s);
    QCOMPARE(model.rowCount(created), 0);

    // A change made through the session shows in place.
    const QModelIndex installed = model.indexOfType(u"be.digipolis.wcm.v4.module.installed"_s);
    QCOMPARE(installed.siblingAtColumn(RegisterModel::ExposedColumn).data().toString(), u"internal"_s);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QString failure = u"(no answer)"_s;
    session.updateRegisterEntry(u"be.digipolis.wcm.v4.module.installed"_s, {{u"exposed"_s, true}},
                                [&failure](const QString &error) { failure = error; });
    QTRY_VERIFY_WITH_TIMEOUT(failure.isEmpty(), 5000);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(installed.siblingAtColumn(RegisterModel::ExposedColumn).data().toString(), u"exposed"_s);

    // Search as you type: the proxy keeps matching types with their path.
    search.setFilterFixedString(u"zaak-ont"_s);
    QCOMPARE(search.rowCount(), 1);
    const QModelIndex zaak = search.index(0, 0);
    QCOMPARE(zaak.data().toString(), u"nl.overheid.zaken"_s);
    QCOMPARE(search.rowCount(zaak), 1);
    QCOMPARE(search.index(0, 0, zaak).data(RegisterModel::TypeRole).toString(), u"nl.overheid.zaken.zaak-ontkoppeld"_s);
}

namespace {

QJsonArray batch(int from, int count)
{
    QJsonArray events;
    for (int i = from; i < from + count; ++i) {
        events.append(QJsonObject{
            {u"event"_s, QJsonObject{{u"id"_s, u"e%1"_s.arg(i)}, {u"type"_s, u"be.test"_s}, {u"source"_s, u"/t"_s}}},
            {u"matched"_s, QJsonArray{u"s"_s}},
            {u"deliveries"_s, QJsonArray{QJsonObject{{u"subscription"_s, u"s"_s}, {u"id"_s, u"d%1"_s.arg(i)}}}},
            {u"receivedAt"_s, u"2026-11-23T10:00:00.000Z"_s}});
    }
    return events;
}

} // namespace

void TestConsole::liveEventsModelIsBoundedAndBatched()
{
    LiveEventsModel model(100);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    model.addEvents(batch(0, 60));
    QCOMPARE(model.rowCount(), 60);
    QCOMPARE(inserted.count(), 1); // one batch, one insertion
    QCOMPARE(model.index(0, LiveEventsModel::TypeColumn)
                 .data(LiveEventsModel::EventRole)
                 .toJsonObject()
                 .value(u"id"_s)
                 .toString(),
             u"e59"_s); // newest on top
    model.addEvents(batch(60, 60));
    QCOMPARE(model.rowCount(), 100); // the oldest went
    QCOMPARE(removed.count(), 1);
    QCOMPARE(model.index(99, 0).data(LiveEventsModel::EventRole).toJsonObject().value(u"id"_s).toString(), u"e20"_s);
    model.addEvents(batch(200, 250)); // larger than the window: its newest 100
    QCOMPARE(model.rowCount(), 100);
    QCOMPARE(model.index(0, 0).data(LiveEventsModel::EventRole).toJsonObject().value(u"id"_s).toString(), u"e449"_s);
    QCOMPARE(model.index(99, 0).data(LiveEventsModel::EventRole).toJsonObject().value(u"id"_s).toString(), u"e350"_s);

    // An outcome lands on its row.
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.addOutcomes(
        {QJsonObject{{u"id"_s, u"d449"_s},
                     {u"subscription"_s, u"s"_s},
                     {u"status"_s, QJsonObject{{u"phase"_s, u"delivered"_s}, {u"reason"_s, u"delivered"_s}}},
                     {u"httpStatus"_s, 204}},
         QJsonObject{{u"id"_s, u"d1"_s},
                     {u"subscription"_s, u"s"_s},
                     {u"status"_s, QJsonObject{{u"phase"_s, u"dead"_s}, {u"reason"_s, u"gaveUp"_s}}}},
         QJsonObject{{u"id"_s, u"d448"_s},
                     {u"subscription"_s, u"s"_s},
                     {u"status"_s, sluice::DeliveryStatus{sluice::DeliveryPhase::Waiting,
                                                          sluice::reason::RetryScheduled,
                                                          {{u"at"_s, u"2026-11-27T10:00:00Z"_s},
                                                           {u"last"_s, u"HTTP 503 Service Unavailable"_s}}}
                                       .toJson()},
                     {u"httpStatus"_s, 503}}});
    QCOMPARE(changed.count(), 2); // d1's event left the window long ago
    QCOMPARE(model.index(0, LiveEventsModel::OutcomeColumn).data().toString(), u"s: delivered (204)"_s);
    // Waiting says why, and until when (in local time).
    const QString waiting = model.index(1, LiveEventsModel::OutcomeColumn).data().toString();
    QVERIFY2(waiting.startsWith(u"s: waiting (503) — next attempt at "_s) &&
                 waiting.endsWith(u"; last: HTTP 503 Service Unavailable"_s),
             qPrintable(waiting));

    // Paused: what is there stays, what comes is counted.
    model.setPaused(true);
    model.addEvents(batch(500, 30));
    QCOMPARE(model.rowCount(), 100);
    QCOMPARE(model.missedWhilePaused(), 30);
    model.setPaused(false);
    model.clear();
    QCOMPARE(model.rowCount(), 0);
}

void TestConsole::liveEventsFromTheAgent()
{
    RecordingReceiver receiver;
    auto agent = startAgent({subscription(u"cache"_s, receiver.url(), {u"be.test.live"_s}, {{u"handshake"_s, false}})});
    QVERIFY(agent);
    auto connected = connectedSession(*agent, u"viewer"_s);
    QVERIFY(connected);
    AgentSession &session = *connected;
    LiveEventsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    connect(&session, &AgentSession::eventsArrived, &model,
            [&model](const QJsonArray &events, qint64) { model.addEvents(events); });
    connect(&session, &AgentSession::outcomesArrived, &model, &LiveEventsModel::addOutcomes);
    session.watchEvents({{u"types"_s, QJsonArray{u"be.test.*"_s}}}, 100);
    QTest::qWait(300);

    Producer producer(m_cluster->bootstraps());
    for (int i = 0; i < 5; ++i)
        producer.sendStructured(m_prefix + u"str"_s, makeEvent(u"be.test.live"_s, u"l%1"_s.arg(i), u"s/%1"_s.arg(i)));
    producer.sendStructured(m_prefix + u"str"_s, makeEvent(u"be.test.other"_s, u"o1"_s));
    producer.flush();
    QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), 6, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(receiver.okCount(), 5, 10000);
    auto rowOf = [&](const QString &id) {
        for (int row = 0; row < model.rowCount(); ++row) {
            if (model.index(row, 0).data(LiveEventsModel::EventRole).toJsonObject().value(u"id"_s).toString() == id)
                return row;
        }
        return -1;
    };
    QVERIFY(rowOf(u"o1"_s) >= 0);
    QCOMPARE(model.index(rowOf(u"o1"_s), LiveEventsModel::MatchedColumn).data().toString(), u"none"_s);
    QCOMPARE(model.index(rowOf(u"l3"_s), LiveEventsModel::MatchedColumn).data().toString(), u"cache"_s);
    QTRY_COMPARE_WITH_TIMEOUT(model.index(rowOf(u"l3"_s), LiveEventsModel::OutcomeColumn).data().toString(),
                              u"cache: delivered (204)"_s, 5000);
}

void TestConsole::subscriptionsWithTheirHealth()
{
    RecordingReceiver good;
    RecordingReceiver refusing;
    refusing.http().setBehaviour({400});
    QJsonObject polled{{u"name"_s, u"pull"_s}, {u"protocol"_s, u"poll"_s}, {u"types"_s, QJsonArray{u"be.test.a"_s}}};
    auto agent =
        startAgent({subscription(u"cache"_s, good.url(), {u"be.test.a"_s}, {{u"handshake"_s, false}}),
                    subscription(u"strict"_s, refusing.url(), {u"be.test.b"_s}, {{u"handshake"_s, false}}), polled});
    QVERIFY(agent);
    auto connected = connectedSession(*agent, u"viewer"_s);
    QVERIFY(connected);
    AgentSession &session = *connected;
    SubscriptionsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    connect(&session, &AgentSession::subscriptionsLoaded, &model, &SubscriptionsModel::setSubscriptions);
    connect(&session, &AgentSession::statsArrived, &model, &SubscriptionsModel::applyStats);
    QSignalSpy loaded(&session, &AgentSession::subscriptionsLoaded);
    session.loadSubscriptions();
    QVERIFY(loaded.wait(5000));
    QCOMPARE(model.rowCount(), 3);
    const int cache = model.rowOf(u"cache"_s);
    const int strict = model.rowOf(u"strict"_s);
    QCOMPARE(model.index(cache, SubscriptionsModel::EndpointColumn).data().toString(), good.url());
    session.watchStats();

    Producer producer(m_cluster->bootstraps());
    for (int i = 0; i < 4; ++i)
        producer.sendStructured(m_prefix + u"str"_s, makeEvent(u"be.test.a"_s, u"a%1"_s.arg(i)));
    producer.sendStructured(m_prefix + u"str"_s, makeEvent(u"be.test.b"_s, u"b1"_s));
    producer.flush();
    QTRY_COMPARE_WITH_TIMEOUT(model.index(cache, SubscriptionsModel::DeliveredColumn).data().toString(), u"4"_s, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(model.index(strict, SubscriptionsModel::DeadColumn).data().toString(), u"1"_s, 10000);
    QCOMPARE(model.index(cache, SubscriptionsModel::StateColumn).data().toString(), u"active"_s);
    QCOMPARE(model.index(cache, SubscriptionsModel::WaitingColumn).data().toString(), u"0"_s);

    // A polled subscription: what waits for its consumer, since when, and when it last asked.
    const int pull = model.rowOf(u"pull"_s);
    QTRY_COMPARE_WITH_TIMEOUT(model.index(pull, SubscriptionsModel::WaitingColumn).data().toString(), u"4"_s, 10000);
    QString endpoint = model.index(pull, SubscriptionsModel::EndpointColumn).data().toString();
    QVERIFY2(endpoint.contains(u"never polled"_s) && endpoint.contains(u"oldest unread stored "_s),
             qPrintable(endpoint));
    QString why;
    const auto page = agent->store().queue().poll(u"pull"_s, -1, 2, QDateTime::currentMSecsSinceEpoch(), &why);
    QVERIFY2(page, qPrintable(why));
    QVERIFY(agent->store().queue().poll(u"pull"_s, page->events.last().cursor, 2, QDateTime::currentMSecsSinceEpoch(),
                                        &why)); // the first two acknowledged
    QTRY_COMPARE_WITH_TIMEOUT(model.index(pull, SubscriptionsModel::WaitingColumn).data().toString(), u"2"_s, 10000);
    endpoint = model.index(pull, SubscriptionsModel::EndpointColumn).data().toString();
    QVERIFY2(endpoint.contains(u"last poll "_s) && endpoint.contains(u" s ago"_s), qPrintable(endpoint));
}

void TestConsole::failuresRetriedAndDiscarded()
{
    RecordingReceiver receiver;
    receiver.http().setBehaviour({400});
    auto agent = startAgent({subscription(u"cache"_s, receiver.url(), {u"be.test.f"_s}, {{u"handshake"_s, false}})});
    QVERIFY(agent);
    Producer producer(m_cluster->bootstraps());
    for (int i = 0; i < 3; ++i)
        producer.sendStructured(m_prefix + u"str"_s, makeEvent(u"be.test.f"_s, u"f%1"_s.arg(i), u"s/%1"_s.arg(i)));
    producer.flush();
    QTRY_COMPARE_WITH_TIMEOUT(agent->stats().dead, 3u, 15000);

    auto connected = connectedSession(*agent, u"admin"_s);
    QVERIFY(connected);
    AgentSession &session = *connected;
    FailuresModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    connect(&session, &AgentSession::failuresLoaded, &model, &FailuresModel::setPage);
    QSignalSpy loaded(&session, &AgentSession::failuresLoaded);
    session.loadFailures({{u"state"_s, u"dead"_s}});
    QVERIFY(loaded.wait(5000));
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.total(), 3);
    QCOMPARE(model.index(0, FailuresModel::StatusColumn).data().toInt(), 400);
    QVERIFY(model.index(0, FailuresModel::ReasonColumn).data().toString().contains(u"not retried"_s));

    // Retry the first (the receiver takes it now), discard the second.
    receiver.http().setBehaviour({204});
    const QStringList first = model.idsOf({model.index(0, 0), model.index(0, 3)});
    QCOMPARE(first.size(), 1);
    QJsonObject answer;
    session.changeDeliveries(true, first, [&](const QJsonObject &result, const QString &) { answer = result; });
    QTRY_COMPARE_WITH_TIMEOUT(answer.value(u"retried"_s).toInt(), 1, 5000);
    model.setStatus(first, {sluice::DeliveryPhase::Waiting, sluice::reason::Due, {}});
    QCOMPARE(model.index(0, FailuresModel::StateColumn).data().toString(), u"waiting"_s);
    QTRY_COMPARE_WITH_TIMEOUT(receiver.okCount(), 1, 10000);
    answer = {};
    const QStringList second = model.idsOf({model.index(1, 0)});
    session.changeDeliveries(false, second, [&](const QJsonObject &result, const QString &) { answer = result; });
    QTRY_COMPARE_WITH_TIMEOUT(answer.value(u"discarded"_s).toInt(), 1, 5000);
    session.loadFailures({{u"state"_s, u"dead"_s}});
    QVERIFY(loaded.wait(5000));
    QCOMPARE(model.rowCount(), 1);
}

QTEST_GUILESS_MAIN(TestConsole)
#include "tst_console.moc"
