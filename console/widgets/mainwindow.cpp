#include "mainwindow.h"

#include "agentsession.h"
#include "consumersview.h"
#include "failuresview.h"
#include "languages.h"
#include "liveeventsview.h"
#include "overviewview.h"
#include "protocol.h"
#include "registerview.h"
#include "statssnapshot.h"
#include "subscriptionsview.h"

#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QFileDialog>
#include <QLabel>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QPointer>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QTime>

using namespace Qt::Literals::StringLiterals;

namespace sluice::console {

struct MainWindow::Actions {
    QMenu *agent = nullptr;
    QMenu *view = nullptr;
    QMenu *language = nullptr;
    QMenu *help = nullptr;
    QAction *connect = nullptr;
    QAction *disconnect = nullptr;
    QAction *refresh = nullptr;
    QAction *exportAsyncApi = nullptr;
    QAction *quit = nullptr;
    QList<QAction *> views;
    QAction *systemLanguage = nullptr;
    QAction *about = nullptr;
};

MainWindow::MainWindow(AgentSession &session, const Models &models, Languages &languages, QWidget *parent)
    : QMainWindow(parent)
    , m_session(session)
    , m_languages(languages)
    , m_tabs(new QTabWidget(this))
    , m_overview(new OverviewView(this))
    , m_register(new RegisterView(session, models.registerModel, this))
    , m_subscriptions(new SubscriptionsView(session, models.subscriptions, models.registerModel, this))
    , m_live(new LiveEventsView(session, models.liveEvents, this))
    , m_failures(new FailuresView(session, models.failures, models.quarantine, models.subscriptions, this))
    , m_consumers(new ConsumersView(session, models.consumers, this))
    , m_connection(new QLabel(this))
    , m_rate(new QLabel(this))
    , m_languageGroup(new QActionGroup(this))
    , m_actions(std::make_unique<Actions>())
{
    setObjectName(u"mainWindow"_s);
    m_tabs->setObjectName(u"views"_s);
    m_connection->setObjectName(u"connectionState"_s);
    m_rate->setObjectName(u"liveRate"_s);
    m_tabs->setDocumentMode(true);
    for (QWidget *view :
         std::initializer_list<QWidget *>{m_overview, m_register, m_subscriptions, m_live, m_failures, m_consumers})
        m_tabs->addTab(view, QString());
    setCentralWidget(m_tabs);
    statusBar()->addWidget(m_connection, 1);
    statusBar()->addPermanentWidget(m_rate);
    buildMenus();

    connect(&session, &AgentSession::stateChanged, this, &MainWindow::sessionChanged);
    connect(&session, &AgentSession::statsArrived, this, &MainWindow::statsArrived);
    connect(&session, &AgentSession::failed, this,
            [this](const QString &what, const QString &why) { showMessage(tr("%1 failed: %2").arg(what, why)); });
    connect(m_live, &LiveEventsView::rateChanged, this, [this] { statsArrived({}); });
    // Each view says what happened in one line; the status bar shows it.
    connect(m_register, &RegisterView::message, this, &MainWindow::showMessage);
    connect(m_subscriptions, &SubscriptionsView::message, this, &MainWindow::showMessage);
    connect(m_live, &LiveEventsView::message, this, &MainWindow::showMessage);
    connect(m_failures, &FailuresView::message, this, &MainWindow::showMessage);
    connect(m_consumers, &ConsumersView::message, this, &MainWindow::showMessage);
    retranslate();
    sessionChanged();
    resize(1200, 760);
    restoreLayout();
}

MainWindow::~MainWindow() = default;

void MainWindow::buildMenus()
{
    Actions &a = *m_actions;
    a.agent = menuBar()->addMenu(QString());
    a.connect =
        a.agent->addAction(QIcon::fromTheme(u"network-connect"_s), QString(), this, &MainWindow::connectRequested);
    a.connect->setShortcut(Qt::CTRL | Qt::Key_O);
    a.disconnect = a.agent->addAction(QIcon::fromTheme(u"network-disconnect"_s), QString(), this,
                                      &MainWindow::disconnectRequested);
    a.agent->addSeparator();
    a.refresh = a.agent->addAction(QIcon::fromTheme(u"view-refresh"_s), QString(), this, &MainWindow::refreshRequested);
    a.refresh->setShortcut(QKeySequence::Refresh);
    a.exportAsyncApi = a.agent->addAction(QIcon::fromTheme(u"document-export"_s), QString());
    a.exportAsyncApi->setShortcut(Qt::CTRL | Qt::Key_E);
    connect(a.exportAsyncApi, &QAction::triggered, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Export AsyncAPI"), u"asyncapi.json"_s,
                                                          tr("AsyncAPI documents (*.json)"));
        if (path.isEmpty())
            return;
        QPointer<MainWindow> self(this);
        m_register->exportAsyncApi(path, [self, path](const QString &error) {
            if (self)
                self->showMessage(error.isEmpty() ? tr("AsyncAPI saved to %1").arg(path) : error);
        });
    });
    a.agent->addSeparator();
    a.quit = a.agent->addAction(QIcon::fromTheme(u"application-exit"_s), QString(), this, &QWidget::close);
    a.quit->setShortcut(QKeySequence::Quit);

    a.view = menuBar()->addMenu(QString());
    for (int i = 0; i < m_tabs->count(); ++i) {
        QAction *action = a.view->addAction(QString(), this, [this, i] { m_tabs->setCurrentIndex(i); });
        action->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + i)));
        a.views.append(action);
    }

    a.language = menuBar()->addMenu(QString());
    a.systemLanguage = a.language->addAction(QString());
    a.systemLanguage->setData(QString());
    a.language->addSeparator();
    // Each language in its own words, so one can find one's own in a menu one cannot read.
    a.language->addAction(u"English"_s)->setData(u"en"_s);
    a.language->addAction(u"Nederlands"_s)->setData(u"nl"_s);
    const QList<QAction *> languageActions = a.language->actions();
    for (QAction *action : languageActions) {
        if (action->isSeparator())
            continue;
        action->setCheckable(true);
        action->setChecked(action->data().toString() == m_languages.chosen());
        m_languageGroup->addAction(action);
    }
    connect(m_languageGroup, &QActionGroup::triggered, this,
            [this](QAction *action) { m_languages.choose(action->data().toString()); });
    // Chosen elsewhere (a test, a future preference page): the menu shows it.
    connect(&m_languages, &Languages::chosenChanged, this, [this](const QString &chosen) {
        const QList<QAction *> actions = m_languageGroup->actions();
        for (QAction *action : actions)
            action->setChecked(action->data().toString() == chosen);
    });

    a.help = menuBar()->addMenu(QString());
    a.about = a.help->addAction(QString(), this, [this] {
        QMessageBox::about(this, tr("About Sluice Console"),
                           tr("<h3>Sluice Console %1</h3><p>Governs a Sluice agent: the event register, "
                              "subscriptions, live events and failures.</p><p>Agent: %2</p>")
                               .arg(QApplication::applicationVersion(), m_session.agentVersion().isEmpty()
                                                                            ? tr("not connected")
                                                                            : m_session.agentVersion()));
    });
}

void MainWindow::retranslate()
{
    Actions &a = *m_actions;
    setWindowTitle(tr("Sluice Console"));
    const QStringList views{tr("&Overview"),    tr("&Register"), tr("&Subscriptions"),
                            tr("&Live events"), tr("&Failures"), tr("Co&nsumers")};
    for (int i = 0; i < views.size(); ++i) {
        m_tabs->setTabText(i, views.at(i));
        a.views.at(i)->setText(views.at(i));
    }
    a.agent->setTitle(tr("&Agent"));
    a.connect->setText(tr("&Connect…"));
    a.connect->setToolTip(tr("Connect to an agent, saved or new"));
    a.disconnect->setText(tr("&Disconnect"));
    a.refresh->setText(tr("&Refresh"));
    a.exportAsyncApi->setText(tr("Export &AsyncAPI…"));
    a.quit->setText(tr("&Quit"));
    a.view->setTitle(tr("&View"));
    a.language->setTitle(tr("&Language"));
    a.systemLanguage->setText(tr("Follow the &system"));
    a.help->setTitle(tr("&Help"));
    a.about->setText(tr("&About Sluice Console"));
    sessionChanged();
    statsArrived({});
}

void MainWindow::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QMainWindow::changeEvent(event);
}

void MainWindow::sessionChanged()
{
    using State = AgentSession::State;
    const State state = m_session.state();
    const bool connected = state == State::Connected;
    const bool admin = connected && m_session.role() == u"admin"_s;
    m_register->setEditable(admin);
    m_subscriptions->setEditable(admin);
    m_subscriptions->setConnected(connected);
    m_failures->setEditable(admin);
    m_consumers->setEditable(admin);
    m_actions->disconnect->setEnabled(state != State::Disconnected);
    m_actions->refresh->setEnabled(connected);
    m_actions->exportAsyncApi->setEnabled(connected);
    const char *colour = connected ? "#2ca02c" : state == State::Refused ? "#d62728" : "#ff9800";
    QString text;
    switch (state) {
    case State::Disconnected: text = tr("Not connected"); break;
    case State::Connecting: text = tr("Connecting…"); break;
    case State::Connected:
        text = admin ? tr("Connected as administrator") : tr("Connected as viewer (read only)");
        break;
    case State::Lost: text = tr("Connection lost, reconnecting"); break;
    case State::Refused: text = tr("Refused"); break;
    }
    m_connection->setText(
        u"<span style=\"color:%1\">●</span> %2"_s.arg(QLatin1StringView(colour), text.toHtmlEscaped()));
    m_connection->setToolTip(m_session.stateMessage());
    if (state == State::Disconnected)
        m_overview->clear();
    else if (connected)
        m_overview->setLive(true);
    else if (m_overview->isLive()) {
        m_overview->setLive(false);
        m_staleSince = QLocale().toString(QTime::currentTime(), QLocale::ShortFormat);
    }
    statsArrived({});
}

QString MainWindow::connectionText() const
{
    return m_connection->text();
}

void MainWindow::statsArrived(const QJsonObject &stats)
{
    if (!stats.isEmpty()) {
        m_overview->applyStats(stats);
        const StatsSnapshot s = StatsSnapshot::fromJson(stats);
        m_figures = {double(s.perSecond.in), double(s.perSecond.delivered), double(s.perSecond.duplicates),
                     double(s.perSecond.quarantined)};
        m_totals = {s.totals.duplicates, s.totals.quarantined};
    }
    const QLocale locale;
    auto rate = [&](double value) { return locale.toString(value, 'f', 0); };
    if (!m_overview->isLive()) { // the last figures would look current: say since when they are not
        m_rate->setEnabled(false);
        m_rate->setText(tr("not live since %1").arg(m_staleSince));
        return;
    }
    m_rate->setEnabled(true);
    m_rate->setText(tr("in %1/s · delivered %2/s · duplicates %3 (%4/s) · quarantined %5 (%6/s) · live %7/s")
                        .arg(rate(m_figures.in), rate(m_figures.delivered), locale.toString(m_totals.duplicates),
                             rate(m_figures.duplicates), locale.toString(m_totals.quarantined),
                             rate(m_figures.quarantined), rate(m_live->eventsPerSecond())));
}

// A message longer than the bar shows stays longer, whole in the tooltip.
void MainWindow::showMessage(const QString &text)
{
    const bool long_ = statusBar()->fontMetrics().horizontalAdvance(text) > statusBar()->width() / 2;
    statusBar()->showMessage(text, long_ ? 20000 : 8000);
    statusBar()->setToolTip(text);
}

void MainWindow::showView(View view)
{
    m_tabs->setCurrentIndex(int(view));
}

MainWindow::View MainWindow::currentView() const
{
    return View(m_tabs->currentIndex());
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveLayout();
    QMainWindow::closeEvent(event);
}

void MainWindow::saveLayout() const
{
    QSettings settings;
    settings.setValue(u"window/geometry"_s, saveGeometry());
    settings.setValue(u"window/state"_s, saveState());
    settings.setValue(u"window/view"_s, m_tabs->currentIndex());
    const QList<QSplitter *> splitters = findChildren<QSplitter *>();
    for (const QSplitter *splitter : splitters) {
        if (!splitter->objectName().isEmpty())
            settings.setValue(u"splitters/"_s + splitter->objectName(), splitter->saveState());
    }
}

void MainWindow::restoreLayout()
{
    const QSettings settings;
    restoreGeometry(settings.value(u"window/geometry"_s).toByteArray());
    restoreState(settings.value(u"window/state"_s).toByteArray());
    m_tabs->setCurrentIndex(settings.value(u"window/view"_s, 0).toInt());
    const QList<QSplitter *> splitters = findChildren<QSplitter *>();
    for (QSplitter *splitter : splitters) {
        if (!splitter->objectName().isEmpty())
            splitter->restoreState(settings.value(u"splitters/"_s + splitter->objectName()).toByteArray());
    }
}

} // namespace sluice::console
