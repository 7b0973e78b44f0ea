#pragma once

#include <QMainWindow>

class QActionGroup;
class QLabel;
class QTabWidget;

namespace sluice::console {

class AgentSession;
class FailuresModel;
class FailuresView;
class ConsumersModel;
class ConsumersView;
class Languages;
class LiveEventsModel;
class LiveEventsView;
class OverviewView;
class QuarantineModel;
class RegisterModel;
class RegisterView;
class SubscriptionsModel;
class SubscriptionsView;

// The console's window: six views on tabs, menus with shortcuts, a status bar with the connection
// and the live rate. It knows the session's domain operations and states, never the protocol.
class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    struct Models {
        RegisterModel &registerModel;
        SubscriptionsModel &subscriptions;
        LiveEventsModel &liveEvents;
        FailuresModel &failures;
        QuarantineModel &quarantine;
        ConsumersModel &consumers;
    };
    enum class View { Overview, Register, Subscriptions, LiveEvents, Failures, Consumers };

    MainWindow(AgentSession &session, const Models &models, Languages &languages, QWidget *parent = nullptr);
    ~MainWindow() override;

    OverviewView &overview() const { return *m_overview; }
    RegisterView &registerView() const { return *m_register; }
    SubscriptionsView &subscriptionsView() const { return *m_subscriptions; }
    LiveEventsView &liveEventsView() const { return *m_live; }
    FailuresView &failuresView() const { return *m_failures; }
    ConsumersView &consumersView() const { return *m_consumers; }
    void showView(View view);
    View currentView() const;
    QString connectionText() const;
    void showMessage(const QString &text);

Q_SIGNALS:
    void connectRequested();
    void disconnectRequested();
    void refreshRequested();

protected:
    void changeEvent(QEvent *event) override;
    void closeEvent(QCloseEvent *event) override;

private:
    void buildMenus();
    void retranslate();
    void sessionChanged();
    void statsArrived(const QJsonObject &stats);
    void saveLayout() const;
    void restoreLayout();

    AgentSession &m_session;
    Languages &m_languages;
    QTabWidget *m_tabs;
    OverviewView *m_overview;
    RegisterView *m_register;
    SubscriptionsView *m_subscriptions;
    LiveEventsView *m_live;
    FailuresView *m_failures;
    ConsumersView *m_consumers;
    QLabel *m_connection;
    QLabel *m_rate;
    QActionGroup *m_languageGroup;
    struct Actions;
    std::unique_ptr<Actions> m_actions;
    struct { // per second, from the last stats
        double in = 0, delivered = 0, duplicates = 0, quarantined = 0;
    } m_figures;
    struct {
        qint64 duplicates = 0, quarantined = 0;
    } m_totals;
    QString m_staleSince; // when the agent was last heard, once the connection is lost
};

} // namespace sluice::console
