// The console's widgets, offscreen, driven like an administrator would, against the agent running
// in-process (embedded Kafka cluster, SQLite store, admin API over a real WebSocket): connect
// through the dialog (token in the keychain, refused tokens, a self-signed agent trusted after
// asking), browse and search the register, switch to Dutch, a viewer who cannot change anything,
// consumers made and revoked.
// Every model and proxy runs under QAbstractItemModelTester. Subscriptions, live events and
// failures are in tst_consoledelivery.
#include "agentprofiles.h"
#include "agentsession.h"
#include "connectiondialog.h"
#include "consoleuisupport.h"
#include "consumer/consumeraccess.h"
#include "consumersmodel.h"
#include "consumersview.h"
#include "languages.h"
#include "mainwindow.h"
#include "queue/store.h"
#include "register/register.h"
#include "registermodel.h"
#include "registerview.h"
#include "subscriptions/subscriptionregistry.h"
#include "subscriptionsmodel.h"
#include "subscriptionsview.h"
#include "tokenvault.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTest>
#include <QTreeView>

using namespace Qt::Literals::StringLiterals;
using namespace sluice;
using namespace sluice::agent;
using namespace sluice::console;
using namespace sluice::test;

class TestConsoleUi : public QObject, private ConsoleUiFixture {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { startConsoleTests(u"tst_consoleui"_s); }
    void init() { startRun(); }
    void cleanup() { endRun(); }
    void connectsThroughTheDialog();
    void keepsTheTokenInTheKeychain();
    void refusedWithAWrongToken();
    void browsesAndSearchesTheRegister();
    void switchesToDutch();
    void viewerCannotChange();
    void managesConsumers();
    void trustsASelfSignedAgentAfterAsking();
};

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

    // The figures of the type shown follow the bus; a type discovered later appears by itself (the
    // agent tells the console), and the chosen type stays chosen.
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
    QTRY_VERIFY_WITH_TIMEOUT(app->registerModel().indexOfType(u"be.test.discovered"_s).isValid(), 5000);
    QCOMPARE(view.selectedType(), u"be.digipolis.wcm.v4.taxonomy.term.created"_s); // kept across the reload
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
    QCOMPARE(child<QComboBox>(&window.registerView(), u"registerValidation"_s)->itemText(2), u"afdwingen"_s);
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

// An administrator makes a consumer (its token shown once), revokes it, and sees which consumer
// owns a subscription.
void TestConsoleUi::managesConsumers()
{
    auto agent = startAgent();
    QVERIFY(agent);
    auto app = connectedConsole(*agent);
    QVERIFY(app);
    ConsumersView &view = app->window().consumersView();
    onNextDialog<QDialog>(
        [&](QDialog *dialog) {
            child<QLineEdit>(dialog, u"consumerName"_s)->setText(u"crm"_s);
            child<QPlainTextEdit>(dialog, u"consumerTypes"_s)->setPlainText(u"be.digipolis.wcm.v4.content.*\n"_s);
            dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->click();
        },
        u"consumerDialog"_s);
    QString shownToken;
    onNextDialog<QDialog>(
        [&](QDialog *dialog) {
            shownToken = child<QLineEdit>(dialog, u"secret"_s)->text();
            dialog->accept();
        },
        u"tokenDialog"_s);
    view.create();
    QTRY_VERIFY_WITH_TIMEOUT(!shownToken.isEmpty(), 5000);
    QVERIFY(shownToken.startsWith(u"sluicec_"_s));
    const auto consumer = agent->store().consumers().byTokenHash(ConsumerAccess::hash(shownToken));
    QVERIFY(consumer && consumer->name == u"crm"_s);
    QTRY_COMPARE_WITH_TIMEOUT(app->consumers().rowCount(), 1, 5000);
    QCOMPARE(app->consumers().index(0, ConsumersModel::TypesColumn).data().toString(),
             u"be.digipolis.wcm.v4.content.*"_s);
    QCOMPARE(app->consumers().index(0, ConsumersModel::StateColumn).data().toString(), u"active"_s);

    // A subscription the consumer made shows it as its owner.
    Subscription mine = *Subscription::fromJson(
        subscription(u"crm-sub"_s, u"https://crm.example/hook"_s, {u"be.digipolis.wcm.v4.content.item.changed"_s}),
        nullptr);
    mine.owner = u"crm"_s;
    QString why;
    QVERIFY2(agent->subscriptions().save(mine, true, &why), qPrintable(why));
    app->window().refreshRequested();
    QTRY_VERIFY_WITH_TIMEOUT(app->subscriptions().rowOf(u"crm-sub"_s) >= 0, 5000);
    QCOMPARE(app->subscriptions()
                 .index(app->subscriptions().rowOf(u"crm-sub"_s), SubscriptionsModel::OwnerColumn)
                 .data()
                 .toString(),
             u"crm"_s);
    QTRY_COMPARE_WITH_TIMEOUT(app->consumers().index(0, ConsumersModel::SubscriptionsColumn).data().toString(), u"1"_s,
                              5000);

    // Revoked: the token stops working, the list says so.
    view.select(u"crm"_s);
    answer(QMessageBox::Yes);
    view.revoke();
    QTRY_COMPARE_WITH_TIMEOUT(app->consumers().index(0, ConsumersModel::StateColumn).data().toString(), u"revoked"_s,
                              5000);
    QVERIFY(!agent->store().consumers().byTokenHash(ConsumerAccess::hash(shownToken)));

    // A viewer sees consumers but cannot change them.
    auto viewer = connectedConsole(*agent, u"viewer"_s);
    QVERIFY(viewer);
    QTRY_COMPARE_WITH_TIMEOUT(viewer->consumers().rowCount(), 1, 5000);
    const QList<QAction *> actions = viewer->window().consumersView().actions();
    QVERIFY(std::none_of(actions.begin(), actions.end(), [](QAction *a) { return a->isEnabled(); }));
}

QTEST_MAIN(TestConsoleUi)
#include "tst_consoleui.moc"
