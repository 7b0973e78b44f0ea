// The console tells the truth about deliveries, offscreen, against the agent running in-process
// (embedded Kafka, SQLite store, admin API over a real WebSocket, receivers on 127.0.0.1): an
// endpoint failing behind an open circuit shows its held deliveries with the reason, in English and
// in Dutch; a dead letter appears without a refresh and the selection survives it; attempt counts
// agree between the list, the detail and the history; Retry all retries exactly what was confirmed.
#include "agentsession.h"
#include "consoleuisupport.h"
#include "deliverystatus.h"
#include "failuresmodel.h"
#include "failuresview.h"
#include "languages.h"
#include "mainwindow.h"

#include <QComboBox>
#include <QLabel>
#include <QPlainTextEdit>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace sluice;
using namespace sluice::agent;
using namespace sluice::console;
using namespace sluice::test;

class TestConsoleAttention : public QObject, private ConsoleUiFixture {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { startConsoleTests(u"tst_consoleattention"_s); }
    void init() { startRun(); }
    void cleanup() { endRun(); }
    void showsDeliveriesHeldBehindAnOpenCircuit();
    void deadLettersArriveWithoutARefresh();
    void retryAllRetriesWhatWasConfirmed();

private:
    QString cell(QTableView *table, int row, int column) const
    {
        return table->model()->index(row, column).data().toString();
    }
    void produce(const QString &type, const QString &prefix, int count);
    // An agent whose one subscription's receiver refuses (400): `count` dead letters made.
    std::unique_ptr<Agent> refusingAgent(RecordingReceiver &receiver, const QString &name, int count);
    // The console's Failures view, shown, with its table.
    static FailuresView &showFailures(ConsoleApp &app, QTableView **table);
};

std::unique_ptr<Agent> TestConsoleAttention::refusingAgent(RecordingReceiver &receiver, const QString &name, int count)
{
    receiver.http().setBehaviour({400});
    auto agent = startAgent({subscription(name, receiver.url(), {u"be.test.f"_s}, {{u"handshake"_s, false}})});
    if (!agent)
        return agent;
    produce(u"be.test.f"_s, name, count);
    if (!QTest::qWaitFor([&] { return agent->stats().dead >= quint64(count); }, 15000))
        qWarning("only %llu of %d dead letters", agent->stats().dead, count);
    return agent;
}

FailuresView &TestConsoleAttention::showFailures(ConsoleApp &app, QTableView **table)
{
    app.window().showView(MainWindow::View::Failures);
    FailuresView &view = app.window().failuresView();
    *table = child<QTableView>(&view, u"failuresTable"_s);
    return view;
}

void TestConsoleAttention::produce(const QString &type, const QString &prefix, int count)
{
    Producer producer(m_cluster->bootstraps());
    for (int i = 0; i < count; ++i)
        producer.sendStructured(m_prefix + u"str"_s, makeEvent(type, prefix + QString::number(i), u"s/%1"_s.arg(i)));
    producer.flush();
}

void TestConsoleAttention::showsDeliveriesHeldBehindAnOpenCircuit()
{
    RecordingReceiver receiver;
    receiver.http().setBehaviour({503});
    auto agent = startAgent({subscription(u"shaky"_s, receiver.url(), {u"be.test.f"_s}, {{u"handshake"_s, false}})}, {},
                            {{u"breakerFailures"_s, 3}, {u"breakerCooldown"_s, u"10m"_s}});
    QVERIFY(agent);
    produce(u"be.test.f"_s, u"h"_s, 12);
    QTRY_VERIFY_WITH_TIMEOUT(!agent->endpoints().isEmpty() && agent->endpoints().first().breakerOpen, 15000);

    auto app = connectedConsole(*agent);
    QVERIFY(app);
    QTableView *table = nullptr;
    FailuresView &view = showFailures(*app, &table);
    // It opens on what needs attention: the twelve, held, with the reason the agent logged.
    QCOMPARE(child<QComboBox>(&view, u"failuresState"_s)->currentData().toString(), u"attention"_s);
    QTRY_COMPARE_WITH_TIMEOUT(table->model()->rowCount(), 12, 10000);
    for (int row = 0; row < 12; ++row) {
        QCOMPARE(cell(table, row, FailuresModel::StateColumn), u"held"_s);
        const QString reason = cell(table, row, FailuresModel::ReasonColumn);
        const auto failures = QRegularExpression(u"after (\\d+) failures in a row"_s).match(reason);
        QVERIFY2(reason.contains(u"circuit is open"_s) && failures.hasMatch() && failures.captured(1).toInt() >= 3 &&
                     reason.contains(u"(last: HTTP 503 Service Unavailable)"_s),
                 qPrintable(reason));
    }

    // Attempts agree: the list's count is the detail's and the history's length.
    int attempted = -1;
    for (int row = 0; row < 12 && attempted < 0; ++row) {
        if (table->model()->index(row, FailuresModel::AttemptsColumn).data().toInt() > 0)
            attempted = row;
    }
    QVERIFY(attempted >= 0);
    const int attempts = table->model()->index(attempted, FailuresModel::AttemptsColumn).data().toInt();
    table->selectRow(attempted);
    QTRY_VERIFY_WITH_TIMEOUT(view.detail().contains(u"Attempts: %1"_s.arg(attempts)), 5000);
    const QString detail = view.detail();
    QCOMPARE(detail.count(QRegularExpression(u"\\n  \\S.*HTTP 503"_s)), attempts);
    QVERIFY2(detail.contains(u"held —"_s) && detail.contains(u"circuit is open"_s), qPrintable(detail));

    // In Dutch: the same reason, said in Dutch.
    app->languages().choose(u"nl"_s);
    QTRY_COMPARE_WITH_TIMEOUT(cell(table, 0, FailuresModel::StateColumn), u"vastgehouden"_s, 5000);
    const QString dutch = cell(table, 0, FailuresModel::ReasonColumn);
    QVERIFY2(dutch.contains(u"het circuit van het eindpunt is open sinds"_s) &&
                 dutch.contains(u"mislukkingen op rij"_s) && dutch.contains(u"HTTP 503"_s),
             qPrintable(dutch));
    QVERIFY2(!dutch.contains(u"held"_s) && !dutch.contains(u"failures"_s), qPrintable(dutch));
    app->languages().choose(u"en"_s);
}

void TestConsoleAttention::deadLettersArriveWithoutARefresh()
{
    RecordingReceiver receiver;
    auto agent = refusingAgent(receiver, u"strict"_s, 2);
    QVERIFY(agent);
    QCOMPARE(agent->stats().dead, 2u);
    auto app = connectedConsole(*agent);
    QVERIFY(app);
    QTableView *table = nullptr;
    FailuresView &view = showFailures(*app, &table);
    QTRY_COMPARE_WITH_TIMEOUT(table->model()->rowCount(), 2, 10000);
    QCOMPARE(cell(table, 0, FailuresModel::StateColumn), u"dead letter"_s);
    QVERIFY2(cell(table, 0, FailuresModel::ReasonColumn).contains(u"HTTP 400 is final"_s),
             qPrintable(cell(table, 0, FailuresModel::ReasonColumn)));
    table->selectRow(1);
    const QString chosen = table->model()->index(1, 0).data(FailuresModel::DeliveryIdRole).toString();
    QTRY_VERIFY_WITH_TIMEOUT(view.detail().contains(u"Attempts: 1"_s), 5000);

    // Three more are refused while the view is open: they appear, nobody pressed Refresh, and the
    // chosen delivery stays chosen.
    QSignalSpy pushed(&app->session(), &AgentSession::deliveriesChanged);
    produce(u"be.test.f"_s, u"later"_s, 3);
    QTRY_COMPARE_WITH_TIMEOUT(table->model()->rowCount(), 5, 10000);
    QVERIFY(!pushed.isEmpty());
    const QModelIndexList selected = table->selectionModel()->selectedRows();
    QCOMPARE(selected.size(), 1);
    QCOMPARE(selected.first().data(FailuresModel::DeliveryIdRole).toString(), chosen);
    QVERIFY(view.detail().contains(chosen));

    // Discarded from another console: it leaves this one's list, and its detail goes with it.
    auto other = connectedConsole(*agent);
    QVERIFY(other);
    bool done = false;
    other->session().changeDeliveries(false, {chosen}, [&](const QJsonObject &, const QString &) { done = true; });
    QTRY_VERIFY_WITH_TIMEOUT(done, 5000);
    QTRY_COMPARE_WITH_TIMEOUT(table->model()->rowCount(), 4, 10000);
    QVERIFY(!table->selectionModel()->hasSelection());
    QVERIFY(view.detail().isEmpty());
}

void TestConsoleAttention::retryAllRetriesWhatWasConfirmed()
{
    RecordingReceiver receiver;
    auto agent = refusingAgent(receiver, u"many"_s, 28);
    QVERIFY(agent);
    QCOMPARE(agent->stats().dead, 28u);
    auto app = connectedConsole(*agent);
    QVERIFY(app);
    QTableView *table = nullptr;
    FailuresView &view = showFailures(*app, &table);
    view.setQuery(u"many"_s, u"dead"_s);
    QTRY_COMPARE_WITH_TIMEOUT(table->model()->rowCount(), 28, 10000);

    // Confirmed for 20 (8 more matched after the count): exactly 20 go, and the console says so.
    receiver.http().setBehaviour({204});
    QSignalSpy messages(&view, &FailuresView::message);
    view.retryAll(20);
    QTRY_COMPARE_WITH_TIMEOUT(receiver.okCount(), 20, 15000);
    QTRY_VERIFY_WITH_TIMEOUT(!messages.isEmpty(), 5000);
    const QString said = messages.last().first().toString();
    QVERIFY2(said.contains(u"20 deliveries will be retried now."_s) && said.contains(u"8 more matched"_s),
             qPrintable(said));
    QTest::qWait(1000);
    QCOMPARE(receiver.okCount(), 20);
    QTRY_COMPARE_WITH_TIMEOUT(table->model()->rowCount(), 8, 5000);
}

QTEST_MAIN(TestConsoleAttention)
#include "tst_consoleattention.moc"
