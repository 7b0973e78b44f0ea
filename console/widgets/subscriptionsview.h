#pragma once

#include "agentsession.h"
#include "subscription.h"

#include <QJsonObject>
#include <QWidget>

class QAction;
class QLabel;
class QPlainTextEdit;
class QSortFilterProxyModel;
class QTableView;
class QToolBar;

namespace sluice::console {

class HealthPane;
class RegisterModel;
class SubscriptionsModel;

// Subscriptions with their health at a glance, and what an administrator does with them: create,
// edit, enable or disable, delete, test, dry-run, rotate the signing secret.
class SubscriptionsView : public QWidget {
    Q_OBJECT

public:
    SubscriptionsView(AgentSession &session, SubscriptionsModel &model, const RegisterModel &types,
                      QWidget *parent = nullptr);

    void setEditable(bool editable);
    // Without the agent nothing can be opened, tried or changed.
    void setConnected(bool connected);
    QString selectedName() const;
    void select(const QString &name);
    // The operations behind the toolbar, for tests and shortcuts; dialogs ask what they need.
    void create();
    void edit();
    void remove();
    void toggleEnabled();
    void test();
    void dryRun();
    void rotateSecret();
    void replay();
    QString output() const;
    const HealthPane &healthPane() const { return *m_health; }

Q_SIGNALS:
    void message(const QString &text);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void updateActions();
    void updateHealth();
    void showOutput(const QString &text);
    void reload();
    // The editor's Save: done with the agent's answer, the subscription (with its `secret` when
    // created) or the refusal, which the editor shows.
    void save(const Subscription &subscription, bool create, AgentSession::Done done);

    AgentSession &m_session;
    SubscriptionsModel &m_model;
    const RegisterModel &m_types;
    QSortFilterProxyModel *m_proxy;
    QToolBar *m_toolbar;
    QTableView *m_table;
    QPlainTextEdit *m_output;
    HealthPane *m_health;
    QLabel *m_empty;
    QAction *m_new;
    QAction *m_edit;
    QAction *m_delete;
    QAction *m_enable;
    QAction *m_test;
    QAction *m_dryRun;
    QAction *m_rotate;
    QAction *m_replay;
    bool m_editable = false;
    bool m_connected = false;
    QString m_outputFor; // the subscription the output pane speaks of
    QString m_keep;
};

} // namespace sluice::console
