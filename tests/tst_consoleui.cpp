// The console's widgets, offscreen, driven like an administrator would, against the agent running
// in-process (embedded Kafka cluster, SQLite store, admin API over a real WebSocket, receivers on
// 127.0.0.1): connect through the dialog, browse and search the register, create and edit a
// subscription and see the agent hold it, watch live events, retry failures, switch to Dutch.
// Every model of the application runs under QAbstractItemModelTester.
#include "admintokens.h"
#include "agent.h"
#include "agentprofiles.h"
#include "agentsession.h"
#include "connectiondialog.h"
#include "consoleapp.h"
#include "failuresmodel.h"
#include "failuresview.h"
#include "filterconditions.h"
#include "languages.h"
#include "liveeventsmodel.h"
#include "liveeventsview.h"
#include "mainwindow.h"
#include "overviewview.h"
#include "quarantinemodel.h"
#include "register.h"
#include "registermodel.h"
#include "registerview.h"
#include "subscriptioneditor.h"
#include "subscriptionsmodel.h"
#include "subscriptionsview.h"
#include "testsupport.h"
#include "throughputchart.h"
#include "tokenvault.h"

#include <QAbstractItemModelTester>
#include <QAbstractProxyModel>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardItemModel>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTest>
#include <QTimer>
#include <QTreeView>

using namespace Qt::Literals::StringLiterals;
using namespace sluice;
using namespace sluice::agent;
using namespace sluice::console;
using sluice::test::makeEvent;
using sluice::test::Producer;
using sluice::test::RecordingReceiver;
using sluice::test::subscription;

namespace {

// Runs act on the next modal dialog of type T (and objectName name, when given) as soon as it is
// shown (inside its exec()).
template<typename T> void onNextDialog(std::function<void(T *)> act, const QString &name = QString())
{
    auto *timer = new QTimer(qApp);
    timer->setInterval(20);
    QObject::connect(timer, &QTimer::timeout, timer, [timer, act, name] {
        auto *dialog = qobject_cast<T *>(QApplication::activeModalWidget());
        if (!dialog || !dialog->isVisible() || (!name.isEmpty() && dialog->objectName() != name))
            return;
        timer->stop();
        timer->deleteLater();
        act(dialog);
    });
    timer->start();
}

void answer(QMessageBox::StandardButton button)
{
    onNextDialog<QMessageBox>([button](QMessageBox *box) { box->button(button)->click(); });
}

template<typename T> T *child(QObject *parent, const QString &name)
{
    T *found = parent->findChild<T *>(name);
    if (!found)
        qWarning("no %s named %s", T::staticMetaObject.className(), qPrintable(name));
    return found;
}

QStandardItem *findItem(QStandardItemModel *model, const QString &pattern)
{
    const QModelIndexList hits =
        model->match(model->index(0, 0), Qt::UserRole + 1, pattern, 1, Qt::MatchExactly | Qt::MatchRecursive);
    return hits.isEmpty() ? nullptr : model->itemFromIndex(hits.first());
}

} // namespace

class TestConsoleUi : public QObject, private test::ClusterFixture {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void connectsThroughTheDialog();
    void keepsTheTokenInTheKeychain();
    void refusedWithAWrongToken();
    void browsesAndSearchesTheRegister();
    void createsAndEditsASubscription();
    void watchesLiveEvents();
    void retriesFailuresAndSeesThemDelivered();
    void editorKeepsEverything();
    void filterConditions_data();
    void filterConditions();
    void switchesToDutch();
    void viewerCannotChange();
    void trustsASelfSignedAgentAfterAsking();

private:
    std::unique_ptr<Agent> startAgent(const QJsonArray &subscriptions = {}, const QJsonObject &admin = {});
    // A console connected (without the dialog) as the named token; null if it did not connect.
    std::unique_ptr<ConsoleApp> connectedConsole(const Agent &agent, const QString &tokenName = u"admin"_s);
    QString token(const QString &name) const;
    QString tokenFile() const { return m_dir.filePath(m_prefix + u"tokens.json"_s); }
    void testModels(ConsoleApp &app);

    std::vector<std::unique_ptr<QAbstractItemModelTester>> m_testers;
};

void TestConsoleUi::initTestCase()
{
    QCoreApplication::setOrganizationName(u"SluiceTests"_s);
    QCoreApplication::setApplicationName(u"tst_consoleui"_s);
    QCoreApplication::setApplicationVersion(u"9.9.9-test"_s); // what the in-process agent reports
    startCluster();
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_dir.path());
}

void TestConsoleUi::init()
{
    nextRun(u"ui"_s);
    QSettings().clear();
    QSettings().setValue(u"language"_s, u"en"_s);
}

void TestConsoleUi::cleanup()
{
    m_testers.clear();
}

std::unique_ptr<Agent> TestConsoleUi::startAgent(const QJsonArray &subscriptions, const QJsonObject &admin)
{
    QJsonObject adminSection{{u"listen"_s, u"127.0.0.1:0"_s}, {u"tokenFile"_s, tokenFile()}};
    for (auto it = admin.begin(); it != admin.end(); ++it)
        adminSection.insert(it.key(), it.value());
    auto agent = std::make_unique<Agent>(config(subscriptions, {}, {{u"admin"_s, adminSection}}));
    QString error;
    if (!agent->start(&error)) {
        qWarning("%s", qPrintable(error));
        return nullptr;
    }
    return agent;
}

QString TestConsoleUi::token(const QString &name) const
{
    AdminTokens tokens(tokenFile());
    QString error;
    tokens.reloadIfChanged(&error);
    return tokens.find(name) ? tokens.find(name)->secret : QString();
}

void TestConsoleUi::testModels(ConsoleApp &app)
{
    for (QAbstractItemModel *model : std::initializer_list<QAbstractItemModel *>{
             &app.registerModel(), &app.subscriptions(), &app.liveEvents(), &app.failures(), &app.quarantine()})
        m_testers.push_back(
            std::make_unique<QAbstractItemModelTester>(model, QAbstractItemModelTester::FailureReportingMode::QtTest));
    // The views' proxies (search, sorting) too.
    const auto proxies = app.window().findChildren<QAbstractProxyModel *>();
    QVERIFY2(proxies.size() >= 5, "register search, subscriptions, live events, deliveries, quarantine");
    for (QAbstractProxyModel *proxy : proxies)
        m_testers.push_back(
            std::make_unique<QAbstractItemModelTester>(proxy, QAbstractItemModelTester::FailureReportingMode::QtTest));
}

std::unique_ptr<ConsoleApp> TestConsoleUi::connectedConsole(const Agent &agent, const QString &tokenName)
{
    auto app = std::make_unique<ConsoleApp>();
    testModels(*app);
    app->window().show();
    app->connectTo({u"test"_s, QUrl(u"ws://127.0.0.1:%1"_s.arg(agent.adminPort())), {}}, token(tokenName), false);
    QElapsedTimer waited;
    waited.start();
    while ((app->session().state() != AgentSession::State::Connected || app->registerModel().rowCount() == 0) &&
           waited.elapsed() < 10000)
        QTest::qWait(10);
    return app->session().state() == AgentSession::State::Connected ? std::move(app) : nullptr;
}

void TestConsoleUi::connectsThroughTheDialog()
{
    auto agent = startAgent();
    QVERIFY(agent);
    ConsoleApp app;
    testModels(app);
    app.window().show();
    QVERIFY(app.window().connectionText().contains(u"Not connected"_s));

    // A new agent: name, address and token typed into the dialog.
    const QString url = u"ws://127.0.0.1:%1"_s.arg(agent->adminPort());
    bool connectEnabledBeforeToken = true;
    onNextDialog<QDialog>([&](QDialog *dialog) {
        QCOMPARE(dialog->objectName(), u"connectionDialog"_s);
        auto *name = child<QLineEdit>(dialog, u"agentName"_s);
        auto *address = child<QLineEdit>(dialog, u"agentUrl"_s);
        auto *secret = child<QLineEdit>(dialog, u"agentToken"_s);
        name->clear();
        QTest::keyClicks(name, u"Acceptance"_s);
        address->clear();
        QTest::keyClicks(address, url);
        auto *ok = dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
        connectEnabledBeforeToken = ok->isEnabled();
        QCOMPARE(secret->echoMode(), QLineEdit::Password);
        QTest::keyClicks(secret, token(u"admin"_s));
        QVERIFY(ok->isEnabled());
        ok->click();
    });
    QSignalSpy stored(&app, &ConsoleApp::tokenStored);
    app.chooseAgent();
    QVERIFY2(!connectEnabledBeforeToken, "Connect must wait for a token");
    QTRY_COMPARE_WITH_TIMEOUT(app.session().state(), AgentSession::State::Connected, 5000);
    QTRY_VERIFY_WITH_TIMEOUT(app.window().connectionText().contains(u"Connected as administrator"_s), 2000);
    QTRY_VERIFY_WITH_TIMEOUT(app.registerModel().rowCount() > 0, 5000);

    // Saved, but the token not in the settings file.
    const QList<AgentProfile> saved = loadProfiles();
    QCOMPARE(saved.size(), 1);
    QCOMPARE(saved.first().name, u"Acceptance"_s);
    QCOMPARE(saved.first().url, QUrl(url));
    QSettings().sync();
    QFile settings(QSettings().fileName());
    QVERIFY(settings.open(QIODevice::ReadOnly));
    QVERIFY(!settings.readAll().contains(token(u"admin"_s).toUtf8()));
    QVERIFY(stored.wait(10000) || stored.size() == 1);

    // Lost when the agent goes, back when it returns; the status bar says so.
    const quint16 port = agent->adminPort();
    agent.reset();
    QTRY_VERIFY_WITH_TIMEOUT(app.window().connectionText().contains(u"reconnecting"_s), 5000);
    Q_UNUSED(port);
}

void TestConsoleUi::keepsTheTokenInTheKeychain()
{
    // The Secret Service runs when CTest starts us through tests/keyring/with-keyring.sh; without
    // one the console must say so clearly (and go on with the token for this session only).
    const bool keyring = qEnvironmentVariableIsSet("SLUICE_TEST_KEYRING");
    TokenVault vault(u"sluice-console-test-%1"_s.arg(m_prefix));
    QString storeError = u"(no answer)"_s;
    vault.store(u"Acceptance"_s, u"sluice_secret_token_value"_s, [&](const QString &error) { storeError = error; });
    QTRY_VERIFY_WITH_TIMEOUT(storeError != u"(no answer)"_s, 15000);
    if (!keyring) {
        if (!storeError.isEmpty()) {
            QVERIFY2(storeError.contains(u"keychain"_s), qPrintable(storeError));
            QSKIP("no Secret Service here: the message was clear; run under with-keyring.sh for the round trip");
        }
    }
    QVERIFY2(storeError.isEmpty(), qPrintable(storeError));
    QString read = u"(no answer)"_s;
    QString readError;
    vault.read(u"Acceptance"_s, [&](const QString &token, const QString &error) {
        read = token;
        readError = error;
    });
    QTRY_VERIFY_WITH_TIMEOUT(read != u"(no answer)"_s, 15000);
    QCOMPARE(read, u"sluice_secret_token_value"_s);
    QVERIFY(readError.isEmpty());

    // The dialog fills the token of a saved agent from the keychain.
    saveProfiles({{u"Acceptance"_s, QUrl(u"ws://127.0.0.1:8791"_s), {}}});
    {
        ConnectionDialog dialog(vault);
        QTRY_COMPARE_WITH_TIMEOUT(child<QLineEdit>(&dialog, u"agentToken"_s)->text(), u"sluice_secret_token_value"_s,
                                  15000);
    }
    QString removeError = u"(no answer)"_s;
    vault.remove(u"Acceptance"_s, [&](const QString &error) { removeError = error; });
    QTRY_VERIFY_WITH_TIMEOUT(removeError != u"(no answer)"_s, 15000);
    QVERIFY(removeError.isEmpty());
    read = u"(no answer)"_s;
    vault.read(u"Acceptance"_s, [&](const QString &token, const QString &) { read = token; });
    QTRY_VERIFY_WITH_TIMEOUT(read != u"(no answer)"_s, 15000);
    QVERIFY(read.isEmpty());
}

void TestConsoleUi::refusedWithAWrongToken()
{
    auto agent = startAgent();
    QVERIFY(agent);
    ConsoleApp app;
    app.window().show();
    app.connectTo({u"test"_s, QUrl(u"ws://127.0.0.1:%1"_s.arg(agent->adminPort())), {}}, u"sluice_wrong"_s, false);
    QTRY_COMPARE_WITH_TIMEOUT(app.session().state(), AgentSession::State::Refused, 5000);
    QVERIFY(app.window().connectionText().contains(u"Refused"_s));
    QVERIFY(app.window().findChild<QLabel *>(u"connectionState"_s)->toolTip().contains(u"token"_s));
}

void TestConsoleUi::browsesAndSearchesTheRegister()
{
    auto agent = startAgent();
    QVERIFY(agent);
    auto app = connectedConsole(*agent);
    QVERIFY(app);
    MainWindow &window = app->window();
    window.showView(MainWindow::View::Register);
    RegisterView &view = window.registerView();
    auto *tree = child<QTreeView>(&view, u"registerTree"_s);
    auto *search = child<QLineEdit>(&view, u"registerSearch"_s);

    // The tree by source and type path.
    const QModelIndex top = tree->model()->index(0, 0);
    QVERIFY(top.isValid());
    QStringList roots;
    for (int row = 0; row < tree->model()->rowCount(); ++row)
        roots.append(tree->model()->index(row, 0).data().toString());
    QVERIFY2(roots.contains(u"be.digipolis.wcm.v4"_s), qPrintable(roots.join(u", "_s)));

    // Search as you type: only what matches stays, with its namespaces.
    QTest::keyClicks(search, u"status_chan"_s);
    const QModelIndexList hits = tree->model()->match(tree->model()->index(0, 0), Qt::DisplayRole, u"status_changed"_s,
                                                      -1, Qt::MatchExactly | Qt::MatchRecursive);
    QCOMPARE(hits.size(), 1);
    QCOMPARE(tree->model()->rowCount(), 1); // one source left
    QVERIFY(tree->model()
                ->match(tree->model()->index(0, 0), Qt::DisplayRole, u"created"_s, -1,
                        Qt::MatchExactly | Qt::MatchRecursive)
                .isEmpty());
    tree->setCurrentIndex(hits.first());
    const QString type = u"be.digipolis.wcm.v4.content.item.status_changed"_s;
    QCOMPARE(view.selectedType(), type);
    const QList<QLabel *> labels = view.findChildren<QLabel *>();
    QVERIFY(std::any_of(labels.begin(), labels.end(),
                        [](QLabel *l) { return l->text() == u"Content item status changed"_s; }));
    const QList<QPlainTextEdit *> panes = view.findChildren<QPlainTextEdit *>();
    QVERIFY(std::any_of(panes.begin(), panes.end(),
                        [](QPlainTextEdit *p) { return p->toPlainText().contains(u"\"$schema\""_s); }));
    search->clear();
    QVERIFY(tree->model()->rowCount() > 1);

    // The administrator changes exposure and validation; the agent holds it.
    view.selectType(u"be.digipolis.wcm.v4.menu.changed"_s);
    QCOMPARE(view.selectedType(), u"be.digipolis.wcm.v4.menu.changed"_s);
    auto *exposed = child<QCheckBox>(&view, u"registerExposed"_s);
    QVERIFY(exposed->isEnabled());
    const bool wasExposed = agent->eventRegister().entry(u"be.digipolis.wcm.v4.menu.changed"_s)->exposed;
    QCOMPARE(exposed->isChecked(), wasExposed);
    exposed->click();
    QTRY_COMPARE_WITH_TIMEOUT(agent->eventRegister().entry(u"be.digipolis.wcm.v4.menu.changed"_s)->exposed, !wasExposed,
                              5000);
    auto *validation = child<QComboBox>(&view, u"registerValidation"_s);
    validation->setCurrentIndex(validation->findData(u"enforce"_s));
    Q_EMIT validation->activated(validation->currentIndex());
    QTRY_COMPARE_WITH_TIMEOUT(agent->eventRegister().entry(u"be.digipolis.wcm.v4.menu.changed"_s)->validation,
                              ValidationPolicy::Enforce, 5000);
    // The model follows the agent's answer.
    QTRY_COMPARE_WITH_TIMEOUT(app->registerModel()
                                  .indexOfType(u"be.digipolis.wcm.v4.menu.changed"_s)
                                  .siblingAtColumn(RegisterModel::ExposedColumn)
                                  .data()
                                  .toString(),
                              wasExposed ? u"internal"_s : u"exposed"_s, 5000);

    // Export AsyncAPI to a file.
    const QString path = m_dir.filePath(m_prefix + u"asyncapi.json"_s);
    QString exportError = u"(no answer)"_s;
    view.exportAsyncApi(path, [&](const QString &error) { exportError = error; });
    QTRY_VERIFY_WITH_TIMEOUT(exportError != u"(no answer)"_s, 5000);
    QVERIFY2(exportError.isEmpty(), qPrintable(exportError));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QJsonObject asyncApi = QJsonDocument::fromJson(file.readAll()).object();
    QCOMPARE(asyncApi.value(u"asyncapi"_s).toString(), u"3.0.0"_s);
    QVERIFY(asyncApi.value(u"channels"_s).toObject().size() > 5);

    // The figures of the type shown follow the bus; a type discovered later appears on a reload.
    view.selectType(u"be.digipolis.wcm.v4.taxonomy.term.created"_s);
    Producer producer(m_cluster->bootstraps());
    producer.sendStructured(m_prefix + u"str"_s, makeEvent(u"be.digipolis.wcm.v4.taxonomy.term.created"_s, u"t1"_s));
    producer.sendStructured(m_prefix + u"str"_s, makeEvent(u"be.test.discovered"_s, u"n1"_s));
    producer.flush();
    auto seen = [&] {
        const QList<QLabel *> all = view.findChildren<QLabel *>();
        return std::any_of(all.begin(), all.end(),
                           [](QLabel *l) { return l->text().contains(u"1 in the last hour"_s); });
    };
    QTRY_VERIFY_WITH_TIMEOUT(seen(), 15000);
    QVERIFY(!app->registerModel().indexOfType(u"be.test.discovered"_s).isValid());
    app->session().loadRegister();
    QTRY_VERIFY_WITH_TIMEOUT(app->registerModel().indexOfType(u"be.test.discovered"_s).isValid(), 5000);
    QCOMPARE(view.selectedType(), u"be.digipolis.wcm.v4.taxonomy.term.created"_s); // kept across the reload
}

void TestConsoleUi::createsAndEditsASubscription()
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
    QTRY_VERIFY_WITH_TIMEOUT(agent->subscription(u"ui-news"_s), 5000);
    QTRY_VERIFY_WITH_TIMEOUT(!shownSecret.isEmpty(), 5000);
    QVERIFY(shownSecret.startsWith(u"whsec_"_s));
    QCOMPARE(QGuiApplication::clipboard()->text(), shownSecret);
    const Subscription *held = agent->subscription(u"ui-news"_s);
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
    QTRY_COMPARE_WITH_TIMEOUT(agent->subscription(u"ui-news"_s)->endpoint.toString(), receiver.url(u"/news-v2"_s),
                              5000);
    QCOMPARE(agent->subscription(u"ui-news"_s)->headers,
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
    QTRY_VERIFY_WITH_TIMEOUT(agent->stats().consumed >= 2, 10000);
    view.dryRun();
    QTRY_VERIFY2_WITH_TIMEOUT(view.output().contains(u"1 of the last "_s), qPrintable(view.output()), 5000);
    QVERIFY2(view.output().contains(u"content/1"_s) && !view.output().contains(u"other/2"_s),
             qPrintable(view.output()));

    // Disable, then delete (after saying yes).
    view.toggleEnabled();
    QTRY_VERIFY_WITH_TIMEOUT(!agent->subscription(u"ui-news"_s)->enabled, 5000);
    QTRY_VERIFY_WITH_TIMEOUT(app->subscriptions().rowOf(u"ui-news"_s) >= 0, 5000);
    view.select(u"ui-news"_s);
    answer(QMessageBox::Yes);
    view.remove();
    QTRY_VERIFY_WITH_TIMEOUT(!agent->subscription(u"ui-news"_s), 5000);
}

void TestConsoleUi::watchesLiveEvents()
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
    QCOMPARE(table->model()->rowCount(), 22);

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
    QCOMPARE(exported.at(0).toObject().value(u"id"_s).toString(), u"o2"_s);
    QCOMPARE(exported.at(0).toObject().value(u"specversion"_s).toString(), u"1.0"_s);

    // The overview has drawn the figures of the same agent.
    QTRY_VERIFY_WITH_TIMEOUT(app->window().overview().chart()->sampleCount() >= 2, 5000);
    QCOMPARE(app->window().overview().figure(u"version"_s), u"9.9.9-test"_s);
    QTRY_VERIFY_WITH_TIMEOUT(app->window().overview().figure(u"consumed"_s).remove(u',').toInt() >= 27, 5000);
}

void TestConsoleUi::retriesFailuresAndSeesThemDelivered()
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
    view.retryAll();
    QTRY_COMPARE_WITH_TIMEOUT(receiver.okCount(), 29, 15000);
    QTRY_VERIFY_WITH_TIMEOUT(!progress.isEmpty() &&
                                 progress.last().first().toJsonObject().value(u"state"_s).toString() == u"finished"_s,
                             5000);
    QCOMPARE(progress.last().first().toJsonObject().value(u"retried"_s).toInt(), 28);
    QTRY_COMPARE_WITH_TIMEOUT(table->model()->rowCount(), 0, 5000);
    const QList<QLabel *> labels = view.findChildren<QLabel *>();
    QVERIFY(std::any_of(labels.begin(), labels.end(), [](QLabel *l) {
        return l->isVisible() && l->text() == u"No failures — everything was delivered."_s;
    }));

    // The quarantined message with its decode error, then discarded.
    auto *quarantine = child<QTableView>(&view, u"quarantineTable"_s);
    QTRY_COMPARE_WITH_TIMEOUT(quarantine->model()->rowCount(), 1, 5000);
    QVERIFY(!quarantine->model()->index(0, QuarantineModel::ReasonColumn).data().toString().isEmpty());
    quarantine->selectRow(0);
    view.discardQuarantined();
    QTRY_COMPARE_WITH_TIMEOUT(quarantine->model()->rowCount(), 0, 5000);
}

void TestConsoleUi::editorKeepsEverything()
{
    // Every key a subscription has goes through the editor's fields and comes back the same.
    const QJsonObject full = QJsonDocument::fromJson(R"({
        "name": "everything", "endpoint": "https://consumer.example/hooks", "enabled": false,
        "types": ["be.digipolis.wcm.v4.content.*", "nl.overheid.zaken.zaak-gekoppeld"],
        "mode": "batch", "batchSize": 50, "priority": "high", "concurrency": 3, "ordered": true,
        "handshake": false, "initialEvents": true,
        "filter": {"all": [{"prefix": {"subject": "content/"}}, {"data": {"path": "/v", "gte": 3}}]},
        "priorityRules": [{"types": ["be.x"], "priority": "immediate"}],
        "headers": {"x-api-key": "***", "x-tenant": "antwerpen"},
        "auth": {"type": "basic", "username": "sluice"},
        "tls": {"caCertificates": "/etc/sluice/ca.pem", "clientCertificate": "/etc/sluice/c.pem",
                "clientKey": "/etc/sluice/c.key"},
        "retrySchedule": ["0", "10s", "1m"], "rateLimit": 25,
        "windows": [{"from": "01:00", "to": "05:00", "days": ["mon", "tue"]}], "timeZone": "Europe/Brussels",
        "coalesce": ["type", "subject"]})")
                                 .object();
    AgentSession session;
    RegisterModel types;
    SubscriptionEditor editor(session, types);
    QJsonObject shown = full;
    shown.insert(u"origin"_s, u"api"_s); // what the agent adds when showing one is not sent back
    shown.insert(u"queue"_s, QJsonObject{{u"waiting"_s, 1}});
    editor.setSubscription(shown);
    QString error;
    QCOMPARE(editor.subscription(&error), full);
    QVERIFY(error.isEmpty());
    // A filter richer than conditions stays as it was, and shows no conditions.
    QCOMPARE(editor.findChild<FilterConditions *>()->count(), 0);
}

void TestConsoleUi::filterConditions_data()
{
    QTest::addColumn<QByteArray>("filter");
    QTest::addColumn<bool>("asConditions");
    QTest::newRow("attribute is") << QByteArray(R"({"exact": {"type": "be.x"}})") << true;
    QTest::newRow("starts and ends")
        << QByteArray(R"({"all": [{"prefix": {"subject": "content/"}}, {"suffix": {"source": "/plain"}}]})") << true;
    QTest::newRow("data is a string") << QByteArray(R"({"data": {"path": "/status/new", "equals": "published"}})")
                                      << true;
    QTest::newRow("data is a number") << QByteArray(R"({"data": {"path": "/item/version", "equals": 3}})") << true;
    QTest::newRow("data is true") << QByteArray(R"({"data": {"path": "/flag", "equals": true}})") << true;
    QTest::newRow("data exists") << QByteArray(R"({"data": {"path": "/item/parent", "exists": true}})") << true;
    QTest::newRow("any") << QByteArray(R"({"any": [{"exact": {"type": "a"}}, {"exact": {"type": "b"}}]})") << false;
    QTest::newRow("not") << QByteArray(R"({"not": {"exact": {"type": "a"}}})") << false;
    QTest::newRow("data compares") << QByteArray(R"({"data": {"path": "/v", "gte": 3}})") << false;
    QTest::newRow("data does not exist") << QByteArray(R"({"data": {"path": "/v", "exists": false}})") << false;
    QTest::newRow("all with an any inside")
        << QByteArray(R"({"all": [{"exact": {"type": "a"}}, {"any": [{"exact": {"type": "b"}}]}]})") << false;
}

void TestConsoleUi::filterConditions()
{
    QFETCH(QByteArray, filter);
    QFETCH(bool, asConditions);
    const QJsonObject json = QJsonDocument::fromJson(filter).object();
    FilterConditions conditions;
    QCOMPARE(conditions.setFilter(json), asConditions);
    QString error;
    if (asConditions) {
        QCOMPARE(conditions.filter(&error), json); // the same filter back
        QVERIFY(error.isEmpty());
    } else {
        QCOMPARE(conditions.count(), 0);
    }
    // An incomplete condition is named.
    conditions.clear();
    conditions.addCondition(FilterConditions::DataIs, u"status"_s, u"x"_s);
    QVERIFY(conditions.filter(&error).isEmpty());
    QVERIFY2(error.contains(u"Condition 1"_s) && error.contains(u"JSON pointer"_s), qPrintable(error));
}

void TestConsoleUi::switchesToDutch()
{
    auto agent = startAgent();
    QVERIFY(agent);
    auto app = connectedConsole(*agent);
    QVERIFY(app);
    MainWindow &window = app->window();
    auto menuTitles = [&] {
        QStringList titles;
        const QList<QAction *> actions = window.menuBar()->actions();
        for (QAction *action : actions)
            titles.append(action->text());
        return titles;
    };
    auto *tabs = child<QTabWidget>(&window, u"views"_s);
    QCOMPARE(menuTitles(), (QStringList{u"&Agent"_s, u"&View"_s, u"&Language"_s, u"&Help"_s}));
    QCOMPARE(tabs->tabText(0), u"&Overview"_s);

    // From the menu, without a restart.
    const QList<QAction *> languageMenu = window.menuBar()->actions().at(2)->menu()->actions();
    const auto dutch = std::find_if(languageMenu.begin(), languageMenu.end(),
                                    [](QAction *a) { return a->data().toString() == u"nl"_s; });
    QVERIFY(dutch != languageMenu.end());
    (*dutch)->trigger();
    QCOMPARE(app->languages().current(), u"nl"_s);
    QTRY_COMPARE_WITH_TIMEOUT(menuTitles(), (QStringList{u"&Agent"_s, u"&Beeld"_s, u"&Taal"_s, u"&Hulp"_s}), 2000);
    QCOMPARE(tabs->tabText(1), u"&Register"_s);
    QCOMPARE(tabs->tabText(2), u"&Abonnementen"_s);
    QVERIFY(window.connectionText().contains(u"Verbonden als beheerder"_s));
    QCOMPARE(app->subscriptions().headerData(SubscriptionsModel::WaitingColumn, Qt::Horizontal).toString(),
             u"Wachtend"_s);
    QCOMPARE(QLocale().language(), QLocale::Dutch);
    QCOMPARE(QSettings().value(u"language"_s).toString(), u"nl"_s);

    // Back to English.
    app->languages().choose(u"en"_s);
    QTRY_COMPARE_WITH_TIMEOUT(menuTitles().at(1), u"&View"_s, 2000);
    QCOMPARE(QLocale().language(), QLocale::English);
    // Chosen in code, the menu shows the choice.
    const auto english = std::find_if(languageMenu.begin(), languageMenu.end(),
                                      [](QAction *a) { return a->data().toString() == u"en"_s; });
    QVERIFY((*english)->isChecked());
    QVERIFY(!(*dutch)->isChecked());
}

void TestConsoleUi::viewerCannotChange()
{
    auto agent =
        startAgent({subscription(u"cache"_s, u"http://127.0.0.1:9/"_s, {u"be.test.v"_s}, {{u"handshake"_s, false}})});
    QVERIFY(agent);
    auto app = connectedConsole(*agent, u"viewer"_s);
    QVERIFY(app);
    QVERIFY(app->window().connectionText().contains(u"viewer"_s));
    QVERIFY(!child<QCheckBox>(&app->window().registerView(), u"registerExposed"_s)->isEnabled());
    SubscriptionsView &subs = app->window().subscriptionsView();
    QTRY_VERIFY_WITH_TIMEOUT(app->subscriptions().rowOf(u"cache"_s) >= 0, 5000);
    subs.select(u"cache"_s);
    const QList<QAction *> actions = subs.actions();
    for (QAction *action : actions) {
        const QString text = action->text();
        if (text == u"&New…"_s || text == u"&Delete"_s || text == u"&Test"_s || text == u"&Rotate secret"_s)
            QVERIFY2(!action->isEnabled(), qPrintable(text));
        if (text == u"D&ry-run"_s)
            QVERIFY(action->isEnabled());
    }
    // The editor shows everything but offers no Save.
    bool saveShown = true;
    onNextDialog<QDialog>([&](QDialog *editor) {
        saveShown = editor->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Save)->isVisible();
        editor->reject();
    });
    subs.edit();
    QVERIFY(!saveShown);
}

void TestConsoleUi::trustsASelfSignedAgentAfterAsking()
{
    if (!QSslSocket::supportsSsl())
        QSKIP("no TLS backend");
    QString cert;
    QString key;
    QVERIFY(test::makeSelfSignedCertificate(m_dir.filePath(m_prefix), &cert, &key));
    auto agent = startAgent({}, {{u"tlsCertificate"_s, cert}, {u"tlsKey"_s, key}});
    QVERIFY(agent);
    const QString fingerprint = AgentSession::fingerprintOf(QSslCertificate::fromPath(cert).first());
    const AgentProfile profile{u"Remote"_s, QUrl(u"wss://127.0.0.1:%1"_s.arg(agent->adminPort())), {}};
    saveProfiles({profile});
    ConsoleApp app;
    app.window().show();

    // First refused: the administrator is shown the fingerprint and says no.
    QString shown;
    onNextDialog<QMessageBox>([&](QMessageBox *box) {
        shown = box->text();
        box->button(QMessageBox::No)->click();
    });
    app.connectTo(profile, token(u"admin"_s), false);
    QTRY_VERIFY_WITH_TIMEOUT(!shown.isEmpty(), 10000);
    QVERIFY2(shown.contains(fingerprint), qPrintable(shown));
    QCOMPARE(app.session().state(), AgentSession::State::Refused);

    // Then trusted: connected, and remembered for this agent.
    answer(QMessageBox::Yes);
    app.connectTo(profile, token(u"admin"_s), false);
    QTRY_COMPARE_WITH_TIMEOUT(app.session().state(), AgentSession::State::Connected, 10000);
    QCOMPARE(loadProfiles().first().trustedFingerprints, QStringList{fingerprint});

    // Next time without asking.
    ConsoleApp again;
    again.connectTo(loadProfiles().first(), token(u"admin"_s), false);
    QTRY_COMPARE_WITH_TIMEOUT(again.session().state(), AgentSession::State::Connected, 10000);
}

QTEST_MAIN(TestConsoleUi)
#include "tst_consoleui.moc"
