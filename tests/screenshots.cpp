// Screenshots of every console view, in English and in Dutch, with demo traffic flowing: the agent
// runs in-process on its embedded cluster with the demo configuration (resources/demo.json), its
// subscriptions delivering to a receiver on 127.0.0.1, one of them to an endpoint that fails.
// Run under Xvfb: scripts/screenshots.sh (writes docs/screenshots/).
#include "admin/admintokens.h"
#include "agent.h"
#include "agentsession.h"
#include "connectiondialog.h"
#include "consoleapp.h"
#include "consumer/consumeraccess.h"
#include "consumersview.h"
#include "failuresview.h"
#include "languages.h"
#include "liveeventsview.h"
#include "mainwindow.h"
#include "registerview.h"
#include "replaydialog.h"
#include "subscriptioneditor.h"
#include "subscriptions/subscriptionregistry.h"
#include "subscriptionsmodel.h"
#include "subscriptionsview.h"
#include "testsupport.h"

#include <QApplication>
#include <QDateTimeEdit>
#include <QDir>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QSettings>
#include <QTabWidget>
#include <QTableView>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace sluice;
using sluice::console::MainWindow;

namespace {

void wait(int ms)
{
    QTest::qWait(ms);
}

} // namespace

// Selects the first row of the table whose first column is `name`.
static void selectFirst(QTableView *table, const QString &name)
{
    for (int row = 0; row < table->model()->rowCount(); ++row) {
        if (table->model()->index(row, 0).data().toString() == name) {
            table->selectRow(row);
            return;
        }
    }
    table->selectRow(0);
}

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(u"SluiceScreenshots"_s);
    QApplication::setApplicationName(u"sluice-console"_s);
    QApplication::setApplicationVersion(u"0.1.0"_s);
    const QString out = argc > 1 ? QString::fromLocal8Bit(argv[1]) : u"docs/screenshots"_s;
    QDir().mkpath(out);
    QTemporaryDir dir;
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, dir.path());
    QSettings().clear();

    test::RecordingReceiver receiver;
    test::RecordingReceiver failing;
    failing.failNext(1000000, 500);
    test::RecordingReceiver unavailable;
    unavailable.failNext(1000000, 503);
    QStringList errors;
    auto json = agent::AgentConfig::readFile(QStringLiteral(SLUICE_SOURCE_DIR "/resources/demo.json"), &errors);
    if (!json) {
        qCritical("%s", qPrintable(errors.join(u'\n')));
        return 1;
    }
    json->insert(u"store"_s, QJsonObject{{u"path"_s, dir.filePath(u"store.db"_s)}});
    json->insert(u"admin"_s,
                 QJsonObject{{u"listen"_s, u"127.0.0.1:0"_s}, {u"tokenFile"_s, dir.filePath(u"tokens.json"_s)}});
    json->insert(u"http"_s, QJsonObject{{u"listen"_s, u""_s}});
    json->remove(u"callbacks"_s); // they need the HTTP server, and would make their token file here
    QJsonObject delivery = json->value(u"delivery"_s).toObject();
    delivery.insert(u"retrySchedule"_s, QJsonArray{u"0"_s, u"1s"_s});
    json->insert(u"delivery"_s, delivery);
    QJsonArray subscriptions;
    for (const QJsonValue &value : json->value(u"subscriptions"_s).toArray()) {
        QJsonObject sub = value.toObject();
        sub.insert(u"endpoint"_s, receiver.url(QUrl(sub.value(u"endpoint"_s).toString()).path()));
        subscriptions.append(sub);
    }
    // An endpoint answering 503: after five failures its circuit opens and its deliveries are held.
    subscriptions.append(QJsonObject{{u"name"_s, u"partner-feed"_s},
                                     {u"endpoint"_s, unavailable.url(u"/feed"_s)},
                                     {u"types"_s, QJsonArray{u"be.digipolis.wcm.v4.content.item.changed"_s}},
                                     {u"handshake"_s, false}});
    subscriptions.append(QJsonObject{{u"name"_s, u"crm-export"_s},
                                     {u"endpoint"_s, failing.url(u"/crm"_s)},
                                     {u"types"_s, QJsonArray{u"be.digipolis.wcm.v4.content.item.created"_s}},
                                     {u"retrySchedule"_s, QJsonArray{u"0"_s}},
                                     {u"handshake"_s, false}});
    json->insert(u"subscriptions"_s, subscriptions);
    auto config = agent::AgentConfig::fromJson(*json, &errors);
    if (!config) {
        qCritical("%s", qPrintable(errors.join(u'\n')));
        return 1;
    }
    config->demo.enabled = true;
    agent::Agent agent(*config);
    QString error;
    if (!agent.start(&error)) {
        qCritical("%s", qPrintable(error));
        return 1;
    }
    agent::AdminTokens tokens(dir.filePath(u"tokens.json"_s));
    tokens.reloadIfChanged(&error);
    // Consumers of the Subscriptions API: one with a subscription of its own, one revoked.
    agent::ConsumerAccess consumers(&agent.store(), dir.filePath(u"tokens.json"_s));
    consumers.create({u"crm"_s, {u"be.digipolis.wcm.v4.content.*"_s}, 5, 0, 0, 0, 0}, &error);
    consumers.create({u"search-index"_s, {}, 0, 0, 0, 0, 0}, &error);
    consumers.create({u"old-portal"_s, {u"be.digipolis.wcm.v4.menu.*"_s}, 0, 0, 0, 0, 0}, &error);
    consumers.revoke(u"old-portal"_s, &error);
    if (auto crm = Subscription::fromJson(QJsonObject{{u"name"_s, u"8f1c2b0e-crm-content"_s},
                                                      {u"endpoint"_s, receiver.url(u"/crm-content"_s)},
                                                      {u"types"_s, u"be.digipolis.wcm.v4.content.item.changed"_s},
                                                      {u"owner"_s, u"crm"_s}},
                                          &error))
        agent.subscriptions().save(*crm, true, &error);
    if (auto polled = Subscription::fromJson(QJsonObject{{u"name"_s, u"3a9e77d1-search-poll"_s},
                                                         {u"protocol"_s, u"poll"_s},
                                                         {u"types"_s, u"be.digipolis.wcm.v4.content.*"_s},
                                                         {u"owner"_s, u"search-index"_s}},
                                             &error))
        agent.subscriptions().save(*polled, true, &error);

    console::ConsoleApp console;
    MainWindow &window = console.window();
    window.resize(1280, 800);
    window.show();
    console.connectTo({u"demo"_s, QUrl(u"ws://127.0.0.1:%1"_s.arg(agent.adminPort())), {}},
                      tokens.find(u"admin"_s)->secret, false);
    wait(qEnvironmentVariableIntValue("SLUICE_SHOT_WAIT") > 0
             ? qEnvironmentVariableIntValue("SLUICE_SHOT_WAIT")
             : 90000); // traffic, deliveries, dead letters, a chart with a minute and a half in it

    for (const QString &language : {u"en"_s, u"nl"_s}) {
        console.languages().choose(language);
        wait(1200);
        auto save = [&](QWidget &widget, const QString &name) {
            const QString path = u"%1/%2-%3.png"_s.arg(out, name, language);
            if (!widget.grab().save(path))
                qCritical("%s could not be written", qPrintable(path));
            else
                qInfo("%s", qPrintable(path));
        };
        auto shoot = [&](MainWindow::View view, const QString &name) {
            window.showView(view);
            wait(1500);
            save(window, name);
        };
        shoot(MainWindow::View::Overview, u"overview"_s);
        window.registerView().selectType(u"be.digipolis.wcm.v4.content.item.status_changed"_s);
        shoot(MainWindow::View::Register, u"register"_s);
        window.subscriptionsView().select(u"taxonomy-sync"_s);
        window.subscriptionsView().test();
        shoot(MainWindow::View::Subscriptions, u"subscriptions"_s);
        window.showView(MainWindow::View::LiveEvents);
        wait(1000);
        window.liveEventsView().setPaused(true);
        window.liveEventsView().findChild<QTableView *>(u"liveTable"_s)->selectRow(2);
        shoot(MainWindow::View::LiveEvents, u"live-events"_s);
        window.liveEventsView().setPaused(false);
        // What needs attention: dead letters and deliveries held behind an open circuit.
        window.failuresView().setQuery(QString(), u"attention"_s);
        wait(800);
        selectFirst(window.failuresView().findChild<QTableView *>(u"failuresTable"_s), u"partner-feed"_s);
        shoot(MainWindow::View::Failures, u"failures"_s);
        window.failuresView().setQuery(u"crm-export"_s, u"dead"_s);
        wait(800);
        window.failuresView().findChild<QTableView *>(u"failuresTable"_s)->selectRow(0);
        shoot(MainWindow::View::Failures, u"failures-dead"_s);
        auto *failureTabs = window.failuresView().findChild<QTabWidget *>();
        failureTabs->setCurrentIndex(1);
        window.failuresView().findChild<QTableView *>(u"quarantineTable"_s)->selectRow(0);
        shoot(MainWindow::View::Failures, u"quarantine"_s);
        failureTabs->setCurrentIndex(0);
        window.consumersView().select(u"crm"_s);
        shoot(MainWindow::View::Consumers, u"consumers"_s);

        // The subscription editor on its filter tab, for a subscription with a data filter.
        const int row = console.subscriptions().rowOf(u"published-news"_s);
        console::SubscriptionEditor editor(console.session(), console.registerModel(), &window);
        QString why;
        editor.setSubscription(*Subscription::fromJson(console.subscriptions()
                                                           .index(row, 0)
                                                           .data(console::SubscriptionsModel::SubscriptionRole)
                                                           .value<SubscriptionStatus>()
                                                           .definition,
                                                       &why, Subscription::Reading::Shown));
        editor.findChild<QTabWidget *>()->setCurrentIndex(2);
        editor.resize(760, 600);
        editor.show();
        wait(800);
        save(editor, u"subscription-editor"_s);
        editor.close();

        // Replay: a subscription's last two minutes counted first, with examples.
        console::ReplayDialog replay(console.session(), u"taxonomy-sync"_s, &window);
        replay.findChild<QDateTimeEdit *>(u"replayFrom"_s)->setDateTime(QDateTime::currentDateTime().addSecs(-120));
        replay.show();
        replay.count();
        wait(4000);
        save(replay, u"replay"_s);
        replay.close();

        // Connecting: the dialog with the agent profile.
        console::ConnectionDialog connection(console.vault(), &window);
        connection.resize(620, 420);
        connection.show();
        wait(800);
        save(connection, u"connection"_s);
        connection.close();
    }
    // The agent gone: the last figures greyed, "not live since".
    agent.stop();
    for (const QString &language : {u"en"_s, u"nl"_s}) {
        console.languages().choose(language);
        window.showView(MainWindow::View::Overview);
        wait(3000);
        const QString path = u"%1/disconnected-%2.png"_s.arg(out, language);
        if (!window.grab().save(path))
            qCritical("%s could not be written", qPrintable(path));
    }
    console.session().disconnectFromAgent();
    return 0;
}
