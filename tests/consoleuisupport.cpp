#include "consoleuisupport.h"

#include "consumersmodel.h"

#include "agentsession.h"
#include "failuresmodel.h"
#include "liveeventsmodel.h"
#include "mainwindow.h"
#include "quarantinemodel.h"
#include "registermodel.h"
#include "subscriptionsmodel.h"

#include <QAbstractProxyModel>
#include <QPushButton>
#include <QSettings>
#include <QStandardItemModel>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace sluice::agent;
using namespace sluice::console;

namespace sluice::test {

void answer(QMessageBox::StandardButton button)
{
    onNextDialog<QMessageBox>([button](QMessageBox *box) { box->button(button)->click(); });
}

QStandardItem *findItem(QStandardItemModel *model, const QString &pattern)
{
    const QModelIndexList hits =
        model->match(model->index(0, 0), Qt::UserRole + 1, pattern, 1, Qt::MatchExactly | Qt::MatchRecursive);
    return hits.isEmpty() ? nullptr : model->itemFromIndex(hits.first());
}

void ConsoleUiFixture::startConsoleTests(const QString &applicationName)
{
    QCoreApplication::setOrganizationName(u"SluiceTests"_s);
    QCoreApplication::setApplicationName(applicationName);
    QCoreApplication::setApplicationVersion(u"9.9.9-test"_s); // what the in-process agent reports
    startCluster();
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_dir.path());
}

void ConsoleUiFixture::startRun()
{
    nextRun(u"ui"_s);
    QSettings().clear();
    QSettings().setValue(u"language"_s, u"en"_s);
}

void ConsoleUiFixture::endRun()
{
    m_testers.clear();
}

void ConsoleUiFixture::testModels(ConsoleApp &app)
{
    for (QAbstractItemModel *model :
         std::initializer_list<QAbstractItemModel *>{&app.registerModel(), &app.subscriptions(), &app.liveEvents(),
                                                     &app.failures(), &app.quarantine(), &app.consumers()})
        m_testers.push_back(
            std::make_unique<QAbstractItemModelTester>(model, QAbstractItemModelTester::FailureReportingMode::QtTest));
    // The views' proxies (search, sorting) too.
    const auto proxies = app.window().findChildren<QAbstractProxyModel *>();
    QVERIFY2(proxies.size() >= 5, "register search, subscriptions, live events, deliveries, quarantine");
    for (QAbstractProxyModel *proxy : proxies)
        m_testers.push_back(
            std::make_unique<QAbstractItemModelTester>(proxy, QAbstractItemModelTester::FailureReportingMode::QtTest));
}

std::unique_ptr<ConsoleApp> ConsoleUiFixture::connectedConsole(const Agent &agent, const QString &tokenName)
{
    auto app = std::make_unique<ConsoleApp>();
    testModels(*app);
    app->window().show();
    app->connectTo({u"test"_s, adminUrl(agent), {}}, token(tokenName), false);
    QElapsedTimer waited;
    waited.start();
    while ((app->session().state() != AgentSession::State::Connected || app->registerModel().rowCount() == 0) &&
           waited.elapsed() < 10000)
        QTest::qWait(10);
    return app->session().state() == AgentSession::State::Connected ? std::move(app) : nullptr;
}

} // namespace sluice::test
