#pragma once

#include "agentsession.h"

#include <QWidget>

class QAction;
class QLabel;
class QTableView;
class QToolBar;

namespace sluice::console {

class ConsumersModel;

// The consumers of the Subscriptions API and what an administrator does with them: make one
// (its token shown once), change which types it may subscribe to, rotate or revoke its token,
// delete it once it has no subscriptions.
class ConsumersView : public QWidget {
    Q_OBJECT

public:
    ConsumersView(AgentSession &session, ConsumersModel &model, QWidget *parent = nullptr);

    void setEditable(bool editable);
    QString selectedName() const;
    void select(const QString &name);
    // The operations behind the toolbar; dialogs ask what they need.
    void create();
    void edit();
    void rotate();
    void revoke();
    void remove();
    void reload();

Q_SIGNALS:
    void message(const QString &text);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void updateActions();
    // Runs a consumers.* change; a token in the answer is shown once.
    void change(const QString &method, const QJsonObject &params, const QString &done);
    // The dialog for a new consumer (name empty) or an existing one; false when cancelled.
    bool ask(QJsonObject &consumer);

    AgentSession &m_session;
    ConsumersModel &m_model;
    QToolBar *m_toolbar;
    QTableView *m_table;
    QLabel *m_empty;
    QAction *m_new;
    QAction *m_edit;
    QAction *m_rotate;
    QAction *m_revoke;
    QAction *m_delete;
    bool m_editable = false;
    QString m_keep;
};

} // namespace sluice::console
