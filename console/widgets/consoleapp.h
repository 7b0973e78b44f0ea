#pragma once

#include "agentprofiles.h"

#include <QObject>

#include <memory>

namespace sluice::console {

class AgentSession;
class ConsumersModel;
class FailuresModel;
class Languages;
class LiveEventsModel;
class MainWindow;
class QuarantineModel;
class RegisterModel;
class SubscriptionsModel;
class TokenVault;

// The console program: owns every layer (session, models, window, languages, keychain) and wires
// the session's signals to the models. The window and the views never see the protocol.
class ConsoleApp : public QObject {
    Q_OBJECT

public:
    ConsoleApp();
    ~ConsoleApp() override;

    MainWindow &window() const { return *m_window; }
    AgentSession &session() const { return *m_session; }
    Languages &languages() const { return *m_languages; }
    TokenVault &vault() const { return *m_vault; }
    RegisterModel &registerModel() const { return *m_register; }
    SubscriptionsModel &subscriptions() const { return *m_subscriptions; }
    LiveEventsModel &liveEvents() const { return *m_live; }
    FailuresModel &failures() const { return *m_failures; }
    QuarantineModel &quarantine() const { return *m_quarantine; }
    ConsumersModel &consumers() const { return *m_consumers; }

    // Connects; with remember, the agent is saved and its token put in the keychain.
    void connectTo(const AgentProfile &profile, const QString &token, bool remember);
    // Asks which agent (the connection dialog), then connects to it.
    void chooseAgent();

Q_SIGNALS:
    // After remembering: the keychain's answer (empty when the token was stored).
    void tokenStored(const QString &error);

private:
    void connected();
    void trustCertificate(const QString &fingerprint, const QString &subject, const QString &problems);
    void refresh();

    std::unique_ptr<Languages> m_languages;
    std::unique_ptr<TokenVault> m_vault;
    std::unique_ptr<AgentSession> m_session;
    std::unique_ptr<RegisterModel> m_register;
    std::unique_ptr<SubscriptionsModel> m_subscriptions;
    std::unique_ptr<LiveEventsModel> m_live;
    std::unique_ptr<FailuresModel> m_failures;
    std::unique_ptr<ConsumersModel> m_consumers;
    std::unique_ptr<QuarantineModel> m_quarantine;
    std::unique_ptr<MainWindow> m_window;
    AgentProfile m_profile;
    QString m_token;
};

} // namespace sluice::console
