#include "consoleapp.h"

#include "agentsession.h"
#include "connectiondialog.h"
#include "consumersmodel.h"
#include "failuresmodel.h"
#include "failuresview.h"
#include "languages.h"
#include "liveeventsmodel.h"
#include "liveeventsview.h"
#include "mainwindow.h"
#include "quarantinemodel.h"
#include "registermodel.h"
#include "subscriptionsmodel.h"
#include "tokenvault.h"

#include <QMessageBox>

using namespace Qt::Literals::StringLiterals;

namespace sluice::console {

ConsoleApp::ConsoleApp()
    : m_languages(std::make_unique<Languages>())
    , m_vault(std::make_unique<TokenVault>())
    , m_session(std::make_unique<AgentSession>())
    , m_register(std::make_unique<RegisterModel>())
    , m_subscriptions(std::make_unique<SubscriptionsModel>())
    , m_live(std::make_unique<LiveEventsModel>())
    , m_failures(std::make_unique<FailuresModel>())
    , m_consumers(std::make_unique<ConsumersModel>())
    , m_quarantine(std::make_unique<QuarantineModel>())
{
    m_window = std::make_unique<MainWindow>(
        *m_session,
        MainWindow::Models{*m_register, *m_subscriptions, *m_live, *m_failures, *m_quarantine, *m_consumers},
        *m_languages);
    AgentSession *session = m_session.get();
    connect(session, &AgentSession::stateChanged, this, [this](AgentSession::State state) {
        if (state == AgentSession::State::Connected)
            connected();
    });
    connect(session, &AgentSession::registerLoaded, m_register.get(), &RegisterModel::setEntries);
    connect(session, &AgentSession::entryChanged, m_register.get(), &RegisterModel::updateEntry);
    // Changes made elsewhere (another console, the command line, another agent) show within a second.
    connect(session, &AgentSession::subscriptionsChanged, session, &AgentSession::loadSubscriptions);
    connect(session, &AgentSession::registerChanged, this, [this](const QStringList &types) {
        m_session->reloadRegisterEntries(
            types, [this](const QString &type) { return m_register->indexOfType(type).isValid(); });
    });
    connect(session, &AgentSession::subscriptionsLoaded, m_subscriptions.get(), &SubscriptionsModel::setSubscriptions);
    connect(session, &AgentSession::statsArrived, m_subscriptions.get(), &SubscriptionsModel::applyStats);
    connect(session, &AgentSession::eventsArrived, m_live.get(),
            [this](const QJsonArray &events) { m_live->addEvents(events); });
    connect(session, &AgentSession::outcomesArrived, m_live.get(), &LiveEventsModel::addOutcomes);
    connect(session, &AgentSession::failuresLoaded, m_failures.get(), &FailuresModel::setPage);
    connect(session, &AgentSession::consumersLoaded, m_consumers.get(), &ConsumersModel::setConsumers);
    // Asked after the socket has finished with the refused handshake, not inside its signal.
    connect(session, &AgentSession::certificateNeedsTrust, this, &ConsoleApp::trustCertificate, Qt::QueuedConnection);
    connect(m_window.get(), &MainWindow::connectRequested, this, &ConsoleApp::chooseAgent);
    connect(m_window.get(), &MainWindow::disconnectRequested, session, &AgentSession::disconnectFromAgent);
    connect(m_window.get(), &MainWindow::refreshRequested, this, &ConsoleApp::refresh);
}

// The window goes first: its views hold references to the models and the session.
ConsoleApp::~ConsoleApp()
{
    m_window.reset();
}

void ConsoleApp::connectTo(const AgentProfile &profile, const QString &token, bool remember)
{
    m_profile = profile;
    m_token = token;
    if (remember) {
        rememberProfile(profile);
        m_vault->store(profile.name, token, [this](const QString &error) {
            if (!error.isEmpty())
                m_window->showMessage(error);
            Q_EMIT tokenStored(error);
        });
    }
    m_session->setTrustedFingerprints(profile.trustedFingerprints);
    m_session->connectTo(profile.url, token);
}

void ConsoleApp::chooseAgent()
{
    ConnectionDialog dialog(*m_vault, m_window.get());
    if (dialog.exec() == QDialog::Accepted)
        connectTo(dialog.profile(), dialog.token(), true);
}

void ConsoleApp::connected()
{
    m_live->clear();
    refresh();
    m_session->watchStats();
    m_window->liveEventsView().watch();
}

void ConsoleApp::refresh()
{
    m_session->loadRegister();
    m_session->loadSubscriptions();
    m_session->loadConsumers();
    m_window->failuresView().refresh();
}

void ConsoleApp::trustCertificate(const QString &fingerprint, const QString &subject, const QString &problems)
{
    const auto answer = QMessageBox::warning(
        m_window.get(), tr("Trust this certificate?"),
        tr("<p>The agent at %1 presented a certificate this computer does not trust:</p><p>%2</p>"
           "<p>Subject: %3<br>SHA-256 fingerprint:<br><code>%4</code></p>"
           "<p>Compare the fingerprint with the agent's (<code>openssl x509 -noout -fingerprint -sha256 -in "
           "CERT</code>). Trust it for this agent from now on?</p>")
            .arg(m_profile.url.toString().toHtmlEscaped(), problems.toHtmlEscaped(), subject.toHtmlEscaped(),
                 fingerprint),
        QMessageBox::Yes | QMessageBox::No, QMessageBox::No);
    if (answer != QMessageBox::Yes)
        return;
    m_profile.trustedFingerprints.append(fingerprint);
    QList<AgentProfile> saved = loadProfiles();
    if (std::any_of(saved.cbegin(), saved.cend(), [this](const AgentProfile &p) { return p.name == m_profile.name; }))
        rememberProfile(m_profile);
    connectTo(m_profile, m_token, false);
}

} // namespace sluice::console
