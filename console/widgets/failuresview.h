#pragma once

#include <QJsonObject>
#include <QTimer>
#include <QWidget>

class QAction;
class QComboBox;
class QLabel;
class QPlainTextEdit;
class QProgressBar;
class QTabWidget;
class QTableView;
class QToolBar;

namespace sluice::console {

class AgentSession;
class FailuresModel;
class QuarantineModel;
class SubscriptionsModel;

// Dead letters and failing deliveries by subscription, with the attempt history and response
// excerpts: retry one, the selection or all that match (with progress), discard. And quarantined
// messages with why they could not be decoded.
class FailuresView : public QWidget {
    Q_OBJECT

public:
    FailuresView(AgentSession &session, FailuresModel &failures, QuarantineModel &quarantine,
                 const SubscriptionsModel &subscriptions, QWidget *parent = nullptr);

    void setEditable(bool editable);
    void refresh();
    QJsonObject query() const; // deliveries.list's filters from the choices above the table
    void setQuery(const QString &subscription, const QString &state);
    void selectAll();
    void retrySelected();
    // Every delivery matching the choices, at most `confirmed` of them (the count the administrator
    // said yes to), in the background with progress.
    void retryAll(qint64 confirmed);
    void discardSelected();
    void discardQuarantined();
    QString detail() const;

Q_SIGNALS:
    void message(const QString &text);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void fillSubscriptions();
    void showDelivery();
    void showQuarantined();
    void jobProgress(const QJsonObject &job);
    void endJob(); // retry-all finished, stopped or refused
    void updateActions();
    void changeSelected(bool retry); // retry or discard the selected deliveries
    void updateEmptyText();
    void rememberSelection();
    void restoreSelection();
    void confirmRetryAll();

    AgentSession &m_session;
    FailuresModel &m_failures;
    QuarantineModel &m_quarantine;
    const SubscriptionsModel &m_subscriptions;
    QTabWidget *m_tabs;
    QToolBar *m_toolbar;
    QComboBox *m_subscription;
    QComboBox *m_state;
    QAction *m_refresh;
    QAction *m_retry;
    QAction *m_retryAll;
    QAction *m_discard;
    QProgressBar *m_progress;
    QAction *m_progressAction = nullptr;
    QTableView *m_table;
    QPlainTextEdit *m_detail;
    QLabel *m_empty;
    QLabel *m_total;
    QToolBar *m_quarantineBar;
    QAction *m_discardQuarantined;
    QTableView *m_quarantineTable;
    QPlainTextEdit *m_quarantineDetail;
    QLabel *m_quarantineEmpty;
    QString m_job;
    QStringList m_keep; // ids selected before a reload
    QString m_keepCurrent;
    int m_keepScroll = 0;
    QTimer m_reload; // a pushed change, reloaded once
    bool m_editable = false;
};

} // namespace sluice::console
