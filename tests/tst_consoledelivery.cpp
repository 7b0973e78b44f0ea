// The console's delivery work, offscreen, driven like an administrator would, against the agent
// running in-process (embedded Kafka cluster, SQLite store, admin API over a real WebSocket,
// receivers on 127.0.0.1): create and edit a subscription and see the agent hold it (and refuse
// what it will not take), every key through the editor, filter conditions, watch live events,
// retry failures and see them delivered. Every model and proxy runs under QAbstractItemModelTester.
#include "agentsession.h"
#include "consoleuisupport.h"
#include "failuresmodel.h"
#include "failuresview.h"
#include "filterconditions.h"
#include "liveeventsmodel.h"
#include "liveeventsview.h"
#include "mainwindow.h"
#include "overviewview.h"
#include "protocol.h"
#include "quarantinemodel.h"
#include "register/register.h"
#include "registermodel.h"
#include "replaydialog.h"
#include "ruleseditors.h"
#include "subscriptioneditor.h"
#include "subscriptions/subscriptionregistry.h"
#include "subscriptionsmodel.h"
#include "subscriptionstatus.h"
#include "subscriptionsview.h"
#include "throughputchart.h"

#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QDialogButtonBox>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardItemModel>
#include <QTableView>
#include <QTableWidget>
#include <QTest>
#include <QTimeEdit>
#include <QTreeView>

using namespace Qt::Literals::StringLiterals;
using namespace sluice;
using namespace sluice::agent;
using namespace sluice::console;
using namespace sluice::test;

class TestConsoleDelivery : public QObject, private ConsoleUiFixture {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { startConsoleTests(u"tst_consoledelivery"_s); }
    void init() { startRun(); }
    void cleanup() { endRun(); }
    void createsAndEditsASubscription();
    void watchesLiveEvents();
    void retriesFailuresAndSeesThemDelivered();
    void replaysAfterCountingFirst();
};

void TestConsoleDelivery::createsAndEditsASubscription()
{
    RecordingReceiver receiver;
    auto agent = startAgent();
    QVERIFY(agent);
    auto app = connectedConsole(*agent);
    QVERIFY(app);
    app->window().showView(MainWindow::View::Subscriptions);
    SubscriptionsView &view = app->window().subscriptionsView();
    const QString type = u"be.digipolis.wcm.v4.content.item.created"_s;

    // New: the editor, filled in; the types picked in the register tree; a header with an API key.
    onNextDialog<QDialog>([&](QDialog *editor) {
        QCOMPARE(editor->objectName(), u"subscriptionEditor"_s);
        QTest::keyClicks(child<QLineEdit>(editor, u"subscriptionName"_s), u"ui-news"_s);
        QTest::keyClicks(child<QLineEdit>(editor, u"subscriptionEndpoint"_s), receiver.url(u"/news"_s));
        auto *types = qobject_cast<QStandardItemModel *>(child<QTreeView>(editor, u"subscriptionTypes"_s)->model());
        QStandardItem *created = findItem(types, type);
        QVERIFY(created && created->isEnabled());
        created->setCheckState(Qt::Checked);
        // Internal types cannot be picked.
        QStandardItem *internal = findItem(types, u"be.digipolis.wcm.v4.system.started"_s);
        QVERIFY(internal && !internal->isEnabled());
        child<QPushButton>(editor, u"addHeader"_s)->click();
        auto *headers = child<QTableWidget>(editor, u"subscriptionHeaders"_s);
        headers->setItem(0, 0, new QTableWidgetItem(u"x-api-key"_s));
        headers->setItem(0, 1, new QTableWidgetItem(u"k-123"_s));
        // A filter that is not JSON is refused in the editor, with the field named.
        QTest::keyClicks(child<QPlainTextEdit>(editor, u"subscriptionFilter"_s), u"{not json"_s);
        editor->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Save)->click();
        QVERIFY(editor->isVisible());
        const QList<QLabel *> labels = editor->findChildren<QLabel *>();
        QVERIFY(std::any_of(labels.begin(), labels.end(), [](QLabel *l) { return l->text().startsWith(u"Filter"_s); }));
        // The conditions write the filter.
        auto *conditions = editor->findChild<FilterConditions *>();
        conditions->addCondition(FilterConditions::AttributeStartsWith, u"subject"_s, u"content/"_s);
        QCOMPARE(QJsonDocument::fromJson(child<QPlainTextEdit>(editor, u"subscriptionFilter"_s)->toPlainText().toUtf8())
                     .object(),
                 (QJsonObject{{u"prefix"_s, QJsonObject{{u"subject"_s, u"content/"_s}}}}));
        // The agent refuses a type that is not exposed: the editor stays, with its reason and all
        // that was typed.
        auto *extra = child<QLineEdit>(editor, u"subscriptionExtraTypes"_s);
        extra->setText(u"be.digipolis.wcm.v4.system.started"_s);
        editor->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Save)->click();
        auto refusal = [&] {
            for (QLabel *l : labels) {
                if (l->text().startsWith(u"The agent did not take it"_s))
                    return l->text();
            }
            return QString();
        };
        QTRY_VERIFY_WITH_TIMEOUT(!refusal().isEmpty(), 5000);
        QVERIFY2(refusal().contains(u"system.started"_s), qPrintable(refusal()));
        QVERIFY(editor->isVisible());
        QCOMPARE(child<QLineEdit>(editor, u"subscriptionName"_s)->text(), u"ui-news"_s);
        extra->clear();
        editor->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Save)->click();
    });
    // Then the signing secret, shown once, with a copy button.
    QString shownSecret;
    onNextDialog<QDialog>(
        [&](QDialog *dialog) {
            shownSecret = child<QLineEdit>(dialog, u"secret"_s)->text();
            child<QPushButton>(dialog, u"copySecret"_s)->click();
            dialog->accept();
        },
        u"secretDialog"_s);
    view.create();
    QTRY_VERIFY_WITH_TIMEOUT(agent->subscriptions().find(u"ui-news"_s), 5000);
    QTRY_VERIFY_WITH_TIMEOUT(!shownSecret.isEmpty(), 5000);
    QVERIFY(shownSecret.startsWith(u"whsec_"_s));
    QCOMPARE(QGuiApplication::clipboard()->text(), shownSecret);
    const Subscription *held = agent->subscriptions().find(u"ui-news"_s);
    QCOMPARE(held->endpoint.toString(), receiver.url(u"/news"_s));
    QCOMPARE(held->types.patterns(), QStringList{type});
    QCOMPARE(held->toJson().value(u"filter"_s).toObject(),
             (QJsonObject{{u"prefix"_s, QJsonObject{{u"subject"_s, u"content/"_s}}}}));
    QTRY_VERIFY_WITH_TIMEOUT(app->subscriptions().rowOf(u"ui-news"_s) >= 0, 5000);

    // Edit: another endpoint; the API key, shown as ***, is kept.
    view.select(u"ui-news"_s);
    QCOMPARE(view.selectedName(), u"ui-news"_s);
    onNextDialog<QDialog>([&](QDialog *editor) {
        auto *name = child<QLineEdit>(editor, u"subscriptionName"_s);
        QVERIFY(name->isReadOnly());
        QCOMPARE(editor->findChild<FilterConditions *>()->count(), 1); // the filter shown as its condition
        QCOMPARE(child<QTableWidget>(editor, u"subscriptionHeaders"_s)->item(0, 1)->text(), u"***"_s);
        auto *endpoint = child<QLineEdit>(editor, u"subscriptionEndpoint"_s);
        endpoint->setText(receiver.url(u"/news-v2"_s));
        editor->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Save)->click();
    });
    view.edit();
    QTRY_COMPARE_WITH_TIMEOUT(agent->subscriptions().find(u"ui-news"_s)->endpoint.toString(),
                              receiver.url(u"/news-v2"_s), 5000);
    QCOMPARE(agent->subscriptions().find(u"ui-news"_s)->headers,
             (QList<std::pair<QByteArray, QByteArray>>{{"x-api-key", "k-123"}}));

    // Test: one signed example event, the whole attempt shown; the receiver got the real key.
    view.select(u"ui-news"_s);
    view.test();
    QTRY_VERIFY_WITH_TIMEOUT(view.output().contains(u"HTTP 204"_s), 10000);
    QVERIFY(view.output().contains(u"x-api-key: ***"_s));
    QVERIFY(view.output().contains(u"webhook-signature"_s));
    QTRY_COMPARE_WITH_TIMEOUT(receiver.requests().size(), 1, 5000);
    QCOMPARE(receiver.requests().first().header("x-api-key"), QByteArray("k-123"));

    // Dry-run over what was consumed.
    Producer producer(m_cluster->bootstraps());
    producer.sendStructured(m_prefix + u"str"_s, makeEvent(type, u"d1"_s, u"content/1"_s));
    producer.sendStructured(m_prefix + u"str"_s, makeEvent(type, u"d2"_s, u"other/2"_s));
    producer.flush();
    // Counted as consumed at once; in the recent window once their batch is stored.
    QTRY_VERIFY_WITH_TIMEOUT(agent->recentEvents().latest(10).size() >= 2, 10000);
    view.dryRun();
    QTRY_VERIFY2_WITH_TIMEOUT(view.output().contains(u"1 of the last "_s), qPrintable(view.output()), 5000);
    QVERIFY2(view.output().contains(u"content/1"_s) && !view.output().contains(u"other/2"_s),
             qPrintable(view.output()));

    // Disable, then delete (after saying yes).
    view.toggleEnabled();
    QTRY_VERIFY_WITH_TIMEOUT(!agent->subscriptions().find(u"ui-news"_s)->enabled, 5000);
    QTRY_VERIFY_WITH_TIMEOUT(app->subscriptions().rowOf(u"ui-news"_s) >= 0, 5000);
    view.select(u"ui-news"_s);
    answer(QMessageBox::Yes);
    view.remove();
    QTRY_VERIFY_WITH_TIMEOUT(!agent->subscriptions().find(u"ui-news"_s), 5000);
}

void TestConsoleDelivery::watchesLiveEvents()
{
    RecordingReceiver receiver;
    auto agent = startAgent({subscription(u"cache"_s, receiver.url(), {u"be.test.live"_s}, {{u"handshake"_s, false}})});
    QVERIFY(agent);
    auto app = connectedConsole(*agent);
    QVERIFY(app);
    app->window().showView(MainWindow::View::LiveEvents);
    LiveEventsView &view = app->window().liveEventsView();
    auto *table = child<QTableView>(&view, u"liveTable"_s);

    Producer producer(m_cluster->bootstraps());
    for (int i = 0; i < 20; ++i)
        producer.sendStructured(m_prefix + u"str"_s, makeEvent(u"be.test.live"_s, u"l%1"_s.arg(i), u"s/%1"_s.arg(i)));
    producer.sendStructured(m_prefix + u"str"_s, makeEvent(u"be.test.other"_s, u"o1"_s, u"x/1"_s));
    producer.flush();
    QTRY_COMPARE_WITH_TIMEOUT(table->model()->rowCount(), 21, 10000);
    // Newest on top (partitions interleave, so by arrival time), matched subscriptions and outcomes shown.
    QAbstractItemModel *rows = table->model();
    for (int row = 1; row < rows->rowCount(); ++row)
        QVERIFY(rows->index(row - 1, LiveEventsModel::TimeColumn).data().toString() >=
                rows->index(row, LiveEventsModel::TimeColumn).data().toString());
    const QModelIndexList other = rows->match(rows->index(0, LiveEventsModel::TypeColumn), Qt::DisplayRole,
                                              u"be.test.other"_s, -1, Qt::MatchExactly);
    QCOMPARE(other.size(), 1);
    QCOMPARE(other.first().siblingAtColumn(LiveEventsModel::MatchedColumn).data().toString(), u"none"_s);
    const int live = other.first().row() == 0 ? 1 : 0;
    QCOMPARE(rows->index(live, LiveEventsModel::MatchedColumn).data().toString(), u"cache"_s);
    QTRY_VERIFY_WITH_TIMEOUT(
        rows->index(live, LiveEventsModel::OutcomeColumn).data().toString().contains(u"delivered"_s), 5000);

    // Detail of the chosen event.
    table->selectRow(live);
    const QString id = rows->index(live, 0).data(LiveEventsModel::EventRole).toJsonObject().value(u"id"_s).toString();
    QVERIFY(child<QPlainTextEdit>(&view, u"livePretty"_s)->toPlainText().contains(u"\"id\": \"%1\""_s.arg(id)));

    // Search narrows what is shown; pause keeps what was fetched.
    view.setSearch(u"s/1"_s); // s/1 and s/10..s/19
    QCOMPARE(view.shownCount(), 11);
    view.setSearch(QString());
    view.setPaused(true);
    for (int i = 20; i < 25; ++i)
        producer.sendStructured(m_prefix + u"str"_s, makeEvent(u"be.test.live"_s, u"l%1"_s.arg(i)));
    producer.flush();
    QTRY_COMPARE_WITH_TIMEOUT(receiver.okCount(), 25, 10000);
    QTest::qWait(600);
    QCOMPARE(table->model()->rowCount(), 21);
    QVERIFY(app->liveEvents().missedWhilePaused() >= 5);
    view.setPaused(false);

    // The server-side filter: only what the agent is told to send.
    view.setServerFilter(u"be.test.other"_s, QString());
    QTest::qWait(300);
    producer.sendStructured(m_prefix + u"str"_s, makeEvent(u"be.test.live"_s, u"l99"_s));
    producer.sendStructured(m_prefix + u"str"_s, makeEvent(u"be.test.other"_s, u"o2"_s));
    producer.flush();
    QTRY_COMPARE_WITH_TIMEOUT(
        table->model()->index(0, 0).data(LiveEventsModel::EventRole).toJsonObject().value(u"id"_s).toString(), u"o2"_s,
        10000);
    QTest::qWait(500);
    QCOMPARE(table->model()->rowCount(), 1); // what the old choice showed went with it
    producer.sendStructured(m_prefix + u"str"_s, makeEvent(u"be.test.other"_s, u"o3"_s));
    producer.sendStructured(m_prefix + u"str"_s, makeEvent(u"be.test.other"_s, u"o4"_s));
    producer.flush();
    QTRY_COMPARE_WITH_TIMEOUT(table->model()->rowCount(), 3, 10000);

    // Raw is the Kafka record the event came in.
    table->selectRow(2);
    auto *raw = child<QPlainTextEdit>(&view, u"liveRaw"_s);
    QTRY_VERIFY_WITH_TIMEOUT(raw->toPlainText().startsWith(u"Topic %1str · partition "_s.arg(m_prefix)), 5000);
    QVERIFY2(raw->toPlainText().contains(u"content-type: application/cloudevents+json"_s) &&
                 raw->toPlainText().contains(u"\"id\":\"o2\""_s),
             qPrintable(raw->toPlainText()));

    // Export of the selection.
    table->clearSelection();
    table->selectionModel()->select(table->model()->index(0, 0),
                                    QItemSelectionModel::Select | QItemSelectionModel::Rows);
    table->selectionModel()->select(table->model()->index(2, 0),
                                    QItemSelectionModel::Select | QItemSelectionModel::Rows);
    const QString path = m_dir.filePath(m_prefix + u"events.json"_s);
    QCOMPARE(view.exportSelection(path), QString());
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QJsonArray exported = QJsonDocument::fromJson(file.readAll()).array();
    QCOMPARE(exported.size(), 2);
    QCOMPARE(exported.at(0).toObject().value(u"id"_s).toString(), u"o4"_s);
    QCOMPARE(exported.at(1).toObject().value(u"id"_s).toString(), u"o2"_s);
    QCOMPARE(exported.at(0).toObject().value(u"specversion"_s).toString(), u"1.0"_s);

    // The overview has drawn the figures of the same agent.
    QTRY_VERIFY_WITH_TIMEOUT(app->window().overview().chart()->sampleCount() >= 2, 5000);
    QCOMPARE(app->window().overview().figure(u"version"_s), u"9.9.9-test"_s);
    QTRY_VERIFY_WITH_TIMEOUT(app->window().overview().figure(u"consumed"_s).remove(u',').toInt() >= 27, 5000);
}

void TestConsoleDelivery::retriesFailuresAndSeesThemDelivered()
{
    RecordingReceiver receiver;
    receiver.http().setBehaviour({400});
    auto agent = startAgent({subscription(u"crm"_s, receiver.url(), {u"be.test.f"_s}, {{u"handshake"_s, false}})});
    QVERIFY(agent);
    Producer producer(m_cluster->bootstraps());
    for (int i = 0; i < 30; ++i)
        producer.sendStructured(m_prefix + u"str"_s, makeEvent(u"be.test.f"_s, u"f%1"_s.arg(i), u"s/%1"_s.arg(i)));
    producer.send(m_prefix + u"str"_s, "broken", "{ not json", {{"content-type", "application/cloudevents+json"}});
    producer.flush();
    QTRY_COMPARE_WITH_TIMEOUT(agent->stats().dead, 30u, 15000);

    auto app = connectedConsole(*agent);
    QVERIFY(app);
    app->window().showView(MainWindow::View::Failures);
    FailuresView &view = app->window().failuresView();
    auto *table = child<QTableView>(&view, u"failuresTable"_s);
    QSignalSpy loaded(&app->session(), &AgentSession::failuresLoaded);
    view.setQuery(u"crm"_s, u"dead"_s);
    QVERIFY(loaded.wait(5000));
    QCOMPARE(table->model()->rowCount(), 30);
    QCOMPARE(table->model()->index(0, FailuresModel::StatusColumn).data().toInt(), 400);

    // The attempt history of one.
    table->selectRow(0);
    QTRY_VERIFY2_WITH_TIMEOUT(view.detail().contains(u"HTTP 400"_s), qPrintable(view.detail()), 5000);

    // Retry one: delivered now.
    receiver.http().setBehaviour({204});
    table->clearSelection();
    table->selectRow(0);
    view.retrySelected();
    QTRY_COMPARE_WITH_TIMEOUT(receiver.okCount(), 1, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(table->model()->index(0, FailuresModel::StateColumn).data().toString(), u"waiting"_s,
                              5000);

    // Discard one.
    table->clearSelection();
    table->selectRow(1);
    view.discardSelected();
    QTRY_COMPARE_WITH_TIMEOUT(table->model()->index(1, FailuresModel::StateColumn).data().toString(), u"discarded"_s,
                              5000);

    // Retry all that match, with progress: the other 28 arrive.
    QSignalSpy progress(&app->session(), &AgentSession::jobProgress);
    view.setQuery(u"crm"_s, u"dead"_s);
    QTRY_COMPARE_WITH_TIMEOUT(table->model()->rowCount(), 28, 5000);
    view.retryAll(28);
    QTRY_COMPARE_WITH_TIMEOUT(receiver.okCount(), 29, 15000);
    QTRY_VERIFY_WITH_TIMEOUT(!progress.isEmpty() &&
                                 progress.last().first().toJsonObject().value(u"state"_s).toString() == u"finished"_s,
                             5000);
    QCOMPARE(progress.last().first().toJsonObject().value(u"retried"_s).toInt(), 28);
    QTRY_COMPARE_WITH_TIMEOUT(table->model()->rowCount(), 0, 5000);
    const QList<QLabel *> labels = view.findChildren<QLabel *>();
    QVERIFY(std::any_of(labels.begin(), labels.end(),
                        [](QLabel *l) { return l->isVisible() && l->text() == u"No dead letters."_s; }));

    // The quarantined message with its decode error, then discarded.
    auto *quarantine = child<QTableView>(&view, u"quarantineTable"_s);
    QTRY_COMPARE_WITH_TIMEOUT(quarantine->model()->rowCount(), 1, 5000);
    QVERIFY(!quarantine->model()->index(0, QuarantineModel::ReasonColumn).data().toString().isEmpty());
    quarantine->selectRow(0);
    view.discardQuarantined();
    QTRY_COMPARE_WITH_TIMEOUT(quarantine->model()->rowCount(), 0, 5000);
}

// Replay from the Subscriptions view: a count first (the dry-run), only then the replay of what it
// counted, with its progress, and the events arrive again.
void TestConsoleDelivery::replaysAfterCountingFirst()
{
    RecordingReceiver receiver;
    auto agent = startAgent({subscription(u"crm"_s, receiver.url(), {u"be.test.r"_s}, {{u"handshake"_s, false}})});
    QVERIFY(agent);
    Producer producer(m_cluster->bootstraps());
    for (int i = 0; i < 30; ++i)
        producer.sendStructured(m_prefix + u"str"_s, makeEvent(u"be.test.r"_s, u"r%1"_s.arg(i), u"s/%1"_s.arg(i)));
    producer.flush();
    QTRY_COMPARE_WITH_TIMEOUT(receiver.uniqueIds().size(), 30, 15000);
    auto app = connectedConsole(*agent);
    QVERIFY(app);
    app->window().showView(MainWindow::View::Subscriptions);
    SubscriptionsView &view = app->window().subscriptionsView();
    QTRY_VERIFY_WITH_TIMEOUT(app->subscriptions().rowOf(u"crm"_s) >= 0, 5000);
    view.select(u"crm"_s);
    QString counted;
    QString replayed;
    onNextDialog<QDialog>(
        [&](QDialog *dialog) {
            auto *start = child<QPushButton>(dialog, u"replayStart"_s);
            QVERIFY(!start->isEnabled()); // nothing counted yet
            child<QDateTimeEdit>(dialog, u"replayFrom"_s)->setDateTime(QDateTime::currentDateTime().addSecs(-600));
            child<QPushButton>(dialog, u"replayCount"_s)->click();
            QTRY_VERIFY_WITH_TIMEOUT(start->isEnabled(), 20000);
            counted = qobject_cast<ReplayDialog *>(dialog)->result();
            start->click();
            QTRY_VERIFY_WITH_TIMEOUT(qobject_cast<ReplayDialog *>(dialog)->result().startsWith(u"Done"_s), 20000);
            replayed = qobject_cast<ReplayDialog *>(dialog)->result();
            dialog->reject();
        },
        u"replayDialog"_s);
    view.replay();
    QVERIFY2(counted.startsWith(u"30 events would be sent again"_s), qPrintable(counted));
    QVERIFY2(counted.contains(u"For example:"_s) && counted.contains(u"be.test.r"_s), qPrintable(counted));
    QVERIFY2(replayed.startsWith(u"Done: 30 events stored"_s), qPrintable(replayed));
    QTRY_COMPARE_WITH_TIMEOUT(receiver.ids().size(), 60, 20000);
}

QTEST_MAIN(TestConsoleDelivery)
#include "tst_consoledelivery.moc"
