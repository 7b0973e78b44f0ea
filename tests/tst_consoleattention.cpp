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
#include "healthchart.h"
#include "healthpane.h"
#include "languages.h"
#include "mainwindow.h"
#include "overviewview.h"
#include "quarantinemodel.h"
#include "registermodel.h"
#include "subscriptionsmodel.h"
#include "subscriptionsview.h"
#include "throughputchart.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QAction>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTabBar>
#include <QTabWidget>
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
    void disconnectingGreysTheFigures();
    void changesElsewhereShowWithoutARefresh();
    void subscriptionHealthShowsTheLastHour();
    void everyViewSpeaksDutch();

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
    QVERIFY2(detail.contains(u"State: held — the endpoint's circuit is open"_s) &&
                 detail.contains(u"circuit is open"_s),
             qPrintable(detail));

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

void TestConsoleAttention::disconnectingGreysTheFigures()
{
    RecordingReceiver receiver;
    auto agent = startAgent({subscription(u"calm"_s, receiver.url(), {u"be.test.f"_s}, {{u"handshake"_s, false}})});
    QVERIFY(agent);
    produce(u"be.test.f"_s, u"c"_s, 3);
    QTRY_COMPARE_WITH_TIMEOUT(receiver.okCount(), 3, 15000);
    auto app = connectedConsole(*agent);
    QVERIFY(app);
    MainWindow &window = app->window();
    OverviewView &overview = window.overview();
    QTRY_VERIFY_WITH_TIMEOUT(overview.chart()->sampleCount() >= 2, 5000);
    QTRY_VERIFY_WITH_TIMEOUT(overview.figure(u"consumed"_s) == u"3"_s, 5000);
    // Values on hover: the newest sample under the right edge.
    overview.chart()->resize(640, 260);
    overview.chart()->grab();
    const QString hover = overview.chart()->valuesAt(overview.chart()->width() - 13);
    QVERIFY2(hover.startsWith(u"now — in "_s) && hover.contains(u"delivered"_s), qPrintable(hover));

    window.showView(MainWindow::View::Subscriptions);
    auto *table = child<QTableView>(&window.subscriptionsView(), u"subscriptionsTable"_s);
    QTRY_COMPARE_WITH_TIMEOUT(table->model()->rowCount(), 1, 5000);
    table->selectRow(0);
    auto *edit = child<QAction>(&window.subscriptionsView(), u"editSubscription"_s);
    auto *dryRun = child<QAction>(&window.subscriptionsView(), u"dryRunSubscription"_s);
    QVERIFY(edit->isEnabled() && dryRun->isEnabled());
    auto *rate = child<QLabel>(&window, u"liveRate"_s);
    QTRY_VERIFY2_WITH_TIMEOUT(rate->text().startsWith(u"in "_s) && rate->text().contains(u"duplicates 0 (0/s)"_s),
                              qPrintable(rate->text()), 5000);

    // The agent goes: what is shown stays, greyed, and says since when; nothing needs the agent.
    agent.reset();
    QTRY_VERIFY_WITH_TIMEOUT(!overview.isLive(), 10000);
    QVERIFY(!overview.chart()->isEnabled());
    auto *consumed = child<QLabel>(&overview, u"consumed"_s);
    QCOMPARE(consumed->text(), u"3"_s);
    QVERIFY(!consumed->isEnabled());
    QVERIFY2(rate->text().startsWith(u"not live since "_s) && !rate->isEnabled(), qPrintable(rate->text()));
    QVERIFY(!edit->isEnabled());
    QVERIFY(!dryRun->isEnabled());
    const QList<QLabel *> labels = overview.findChildren<QLabel *>();
    QVERIFY(
        std::any_of(labels.begin(), labels.end(), [](QLabel *l) { return l->text().contains(u"not live since"_s); }));
}

// What another console changes (a subscription, a register entry) shows here within a second,
// and the chosen subscription stays chosen.
void TestConsoleAttention::changesElsewhereShowWithoutARefresh()
{
    RecordingReceiver receiver;
    auto agent = startAgent({subscription(u"first"_s, receiver.url(), {u"be.test.f"_s}, {{u"handshake"_s, false}})});
    QVERIFY(agent);
    produce(u"be.test.f"_s, u"r"_s, 1); // the type is discovered
    QTRY_COMPARE_WITH_TIMEOUT(receiver.okCount(), 1, 15000);
    auto here = connectedConsole(*agent);
    auto there = connectedConsole(*agent);
    QVERIFY(here && there);
    here->window().showView(MainWindow::View::Subscriptions);
    auto *table = child<QTableView>(&here->window().subscriptionsView(), u"subscriptionsTable"_s);
    QTRY_COMPARE_WITH_TIMEOUT(table->model()->rowCount(), 1, 5000);
    table->selectRow(0);
    QTRY_VERIFY_WITH_TIMEOUT(here->registerModel().indexOfType(u"be.test.f"_s).isValid(), 5000);

    bool saved = false;
    there->session().saveSubscription(QJsonObject{{u"name"_s, u"second"_s},
                                                  {u"endpoint"_s, receiver.url()},
                                                  {u"types"_s, QJsonArray{u"be.test.f"_s}},
                                                  {u"handshake"_s, false}},
                                      true, [&](const QJsonObject &, const QString &error) {
                                          QVERIFY2(error.isEmpty(), qPrintable(error));
                                          saved = true;
                                      });
    QTRY_VERIFY_WITH_TIMEOUT(saved, 5000);
    QTRY_COMPARE_WITH_TIMEOUT(table->model()->rowCount(), 2, 5000);
    QCOMPARE(here->window().subscriptionsView().selectedName(), u"first"_s);

    bool updated = false;
    there->session().updateRegisterEntry(u"be.test.f"_s, {{u"status"_s, u"deprecated"_s}}, [&](const QString &error) {
        QVERIFY2(error.isEmpty(), qPrintable(error));
        updated = true;
    });
    QTRY_VERIFY_WITH_TIMEOUT(updated, 5000);
    QTRY_COMPARE_WITH_TIMEOUT(here->registerModel()
                                  .indexOfType(u"be.test.f"_s)
                                  .data(RegisterModel::EntryRole)
                                  .toJsonObject()
                                  .value(u"status"_s)
                                  .toString(),
                              u"deprecated"_s, 5000);
}

namespace {

// English words a Dutch screen must not show (whole words, any case). Words Dutch shares with
// English, or that the product keeps in both (event, filter, type, topic, offset, token, agent,
// status, register, live, batch, handshake, per, circuit, open), are not listed.
const QStringList kEnglishWords{
    u"the"_s,        u"and"_s,      u"with"_s,       u"without"_s,     u"not"_s,          u"none"_s,
    u"nothing"_s,    u"waiting"_s,  u"held"_s,       u"delivered"_s,   u"dead"_s,         u"letters"_s,
    u"retry"_s,      u"refresh"_s,  u"discard"_s,    u"discarded"_s,   u"subscription"_s, u"subscriptions"_s,
    u"choose"_s,     u"since"_s,    u"attempt"_s,    u"attempts"_s,    u"reason"_s,       u"subject"_s,
    u"source"_s,     u"failures"_s, u"failed"_s,     u"shows"_s,       u"here"_s,         u"connected"_s,
    u"computer"_s,   u"keychain"_s, u"structured"_s, u"binary"_s,      u"headers"_s,      u"enabled"_s,
    u"disabled"_s,   u"pending"_s,  u"duplicates"_s, u"quarantined"_s, u"matched"_s,      u"pause"_s,
    u"export"_s,     u"clear"_s,    u"search"_s,     u"new"_s,         u"edit"_s,         u"delete"_s,
    u"rotate"_s,     u"secret"_s,   u"consumers"_s,  u"overview"_s,    u"everything"_s,   u"messages"_s,
    u"deliveries"_s, u"delivery"_s, u"minutes"_s,    u"ago"_s,         u"second"_s,       u"endpoint"_s,
    u"probe"_s,      u"last"_s,     u"time"_s,       u"size"_s,        u"version"_s,      u"waiting"_s,
    u"outcome"_s,    u"state"_s,    u"name"_s,
};

QStringList englishIn(const QString &text)
{
    QStringList found;
    static const QRegularExpression word(u"[A-Za-z]+"_s);
    QString plain = text;
    plain.remove(QRegularExpression(u"<[^>]*>"_s));  // rich text
    plain.remove(u'&');                              // accelerators
    plain.remove(u"Subscriptions API"_s);            // a name
    plain.remove(QRegularExpression(u"\\{.*\\}"_s)); // JSON, as in an example
    for (auto it = word.globalMatch(plain); it.hasNext();) {
        const QString w = it.next().captured().toLower();
        if (kEnglishWords.contains(w) && !found.contains(w))
            found.append(w);
    }
    return found;
}

// Everything a person reads on the window now: labels, buttons, actions, tabs, placeholders,
// list items, headers and the first rows of every table and tree.
QStringList visibleTexts(QWidget *window)
{
    QStringList texts;
    for (QWidget *w : window->findChildren<QWidget *>()) {
        if (!w->isVisibleTo(window))
            continue;
        if (auto *label = qobject_cast<QLabel *>(w))
            texts << label->text();
        else if (auto *button = qobject_cast<QAbstractButton *>(w))
            texts << button->text() << button->toolTip();
        else if (auto *line = qobject_cast<QLineEdit *>(w))
            texts << line->placeholderText();
        else if (auto *text = qobject_cast<QPlainTextEdit *>(w))
            texts << text->placeholderText();
        else if (auto *tabs = qobject_cast<QTabBar *>(w)) {
            for (int i = 0; i < tabs->count(); ++i)
                texts << tabs->tabText(i);
        } else if (auto *combo = qobject_cast<QComboBox *>(w)) {
            for (int i = 0; i < combo->count(); ++i)
                texts << combo->itemText(i);
        } else if (auto *view = qobject_cast<QAbstractItemView *>(w); view && view->model()) {
            const QAbstractItemModel *model = view->model();
            for (int column = 0; column < model->columnCount(); ++column) {
                texts << model->headerData(column, Qt::Horizontal).toString();
                for (int row = 0; row < std::min(5, model->rowCount()); ++row)
                    texts << model->index(row, column).data().toString()
                          << model->index(row, column).data(Qt::ToolTipRole).toString();
            }
        }
    }
    for (QAction *action : window->findChildren<QAction *>())
        texts << action->text() << action->toolTip();
    return texts;
}

} // namespace

// Dutch all the way: every view, with a held subscription, dead letters, quarantine and live events,
// shows no English word from the list above.
// Subscriptions say how each endpoint did in the last hour, and the chosen one's minutes are
// drawn; new attempts reach the chart without a refresh.
void TestConsoleAttention::subscriptionHealthShowsTheLastHour()
{
    RecordingReceiver receiver;
    receiver.failNext(2, 503);
    auto agent = startAgent({subscription(u"steady"_s, receiver.url(), {u"be.test.f"_s}, {{u"handshake"_s, false}})});
    QVERIFY(agent);
    produce(u"be.test.f"_s, u"a"_s, 6);
    QTRY_COMPARE_WITH_TIMEOUT(receiver.okCount(), 6, 15000);

    auto app = connectedConsole(*agent);
    QVERIFY(app);
    MainWindow &window = app->window();
    window.showView(MainWindow::View::Subscriptions);
    auto *table = child<QTableView>(&window.subscriptionsView(), u"subscriptionsTable"_s);
    QTRY_COMPARE_WITH_TIMEOUT(table->model()->rowCount(), 1, 5000);
    QTRY_COMPARE_WITH_TIMEOUT(cell(table, 0, SubscriptionsModel::SuccessColumn), u"75.0 %"_s, 5000);
    QVERIFY2(cell(table, 0, SubscriptionsModel::LatencyColumn).contains(u" ms / "_s),
             qPrintable(cell(table, 0, SubscriptionsModel::LatencyColumn)));
    const HealthPane &pane = window.subscriptionsView().healthPane();
    QCOMPARE(pane.title(), u"Choose a subscription to see its last hour."_s);
    table->selectRow(0);
    QTRY_VERIFY2_WITH_TIMEOUT(pane.title().startsWith(u"steady in the last hour: 75.0 % of 8 attempts succeeded"_s),
                              qPrintable(pane.title()), 5000);
    quint64 drawn = 0;
    for (const SubscriptionHealth::Point &p : pane.chart().health().minutes)
        drawn += p.attempts;
    QCOMPARE(drawn, 8u);
    // The minute under the pointer, in words.
    const HealthChart &chart = pane.chart();
    QString somewhere;
    for (int x = 0; x < chart.width() && !somewhere.contains(u"succeeded"_s); ++x)
        somewhere = chart.valuesAt(x);
    QVERIFY2(somewhere.contains(u"succeeded"_s), qPrintable(somewhere));

    // More attempts: pushed summary, then the minutes asked for again (at most every five seconds).
    produce(u"be.test.f"_s, u"b"_s, 2);
    QTRY_COMPARE_WITH_TIMEOUT(cell(table, 0, SubscriptionsModel::SuccessColumn), u"80.0 %"_s, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(pane.title().contains(u"80.0 % of 10 attempts succeeded"_s), 10000);

    app->languages().choose(u"nl"_s);
    QTRY_VERIFY_WITH_TIMEOUT(pane.title().contains(u"van 10 pogingen gelukt"_s), 5000);
    QCOMPARE(table->model()->headerData(SubscriptionsModel::SuccessColumn, Qt::Horizontal).toString(),
             u"Gelukt (1 u)"_s);
}

void TestConsoleAttention::everyViewSpeaksDutch()
{
    RecordingReceiver refusing;
    refusing.http().setBehaviour({400});
    RecordingReceiver failing;
    failing.http().setBehaviour({503});
    auto agent = startAgent({subscription(u"streng"_s, refusing.url(), {u"be.test.f"_s}, {{u"handshake"_s, false}}),
                             subscription(u"wankel"_s, failing.url(), {u"be.test.f"_s}, {{u"handshake"_s, false}})},
                            {}, {{u"breakerFailures"_s, 2}, {u"breakerCooldown"_s, u"10m"_s}});
    QVERIFY(agent);
    produce(u"be.test.f"_s, u"nl"_s, 4);
    Producer(m_cluster->bootstraps())
        .send(m_prefix + u"str"_s, "kapot", "{ geen json", {{"content-type", "application/cloudevents+json"}});
    QTRY_VERIFY_WITH_TIMEOUT(agent->stats().dead >= 4 && agent->stats().quarantined >= 1, 15000);
    auto app = connectedConsole(*agent);
    QVERIFY(app);
    app->languages().choose(u"nl"_s);
    MainWindow &window = app->window();
    QStringList problems;
    for (auto view : {MainWindow::View::Overview, MainWindow::View::Register, MainWindow::View::Subscriptions,
                      MainWindow::View::LiveEvents, MainWindow::View::Failures, MainWindow::View::Consumers}) {
        window.showView(view);
        QTest::qWait(1500); // its data, and a stats notification or two
        if (view == MainWindow::View::LiveEvents)
            produce(u"be.test.f"_s, u"live"_s, 2);
        if (view == MainWindow::View::Failures) {
            QTableView *table = nullptr;
            showFailures(*app, &table);
            QTRY_VERIFY_WITH_TIMEOUT(table->model()->rowCount() >= 4, 10000);
            table->selectRow(0);
            QTest::qWait(500);
        }
        for (const QString &text : visibleTexts(&window)) {
            const QStringList english = englishIn(text);
            if (!english.isEmpty())
                problems << u"%1 in \"%2\""_s.arg(english.join(u", "_s), text.left(160));
        }
    }
    // The quarantine says why in Dutch: the agent sends the reason's code and params.
    window.showView(MainWindow::View::Failures);
    child<QTabWidget>(&window.failuresView(), QString())->setCurrentIndex(1);
    auto *quarantine = child<QTableView>(&window.failuresView(), u"quarantineTable"_s);
    QTRY_VERIFY_WITH_TIMEOUT(quarantine->model()->rowCount() >= 1, 10000);
    const QString why = quarantine->model()->index(0, QuarantineModel::ReasonColumn).data().toString();
    QVERIFY2(why.startsWith(u"het bericht is geen geldige JSON: "_s) && why.contains(u" bij byte "_s), qPrintable(why));
    QVERIFY2(!englishIn(why).size(), qPrintable(why));
    // What the agent refuses is said in Dutch too: it sends a reason's code, not only English.
    QString refused;
    app->session().getSubscription(u"niemand"_s, [&](const QJsonObject &, const QString &error) { refused = error; });
    QTRY_COMPARE_WITH_TIMEOUT(refused, u"geen abonnement met de naam \"niemand\""_s, 5000);
    problems.removeDuplicates();
    app->languages().choose(u"en"_s);
    QVERIFY2(problems.isEmpty(), qPrintable(u"English in the Dutch console:\n"_s + problems.join(u'\n')));
}

QTEST_MAIN(TestConsoleAttention)
#include "tst_consoleattention.moc"
