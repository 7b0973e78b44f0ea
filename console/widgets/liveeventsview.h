#pragma once

#include <QElapsedTimer>
#include <QJsonObject>
#include <QPersistentModelIndex>
#include <QWidget>

class QAction;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QSortFilterProxyModel;
class QTabWidget;
class QTableView;
class QToolBar;

namespace sluice::console {

class AgentSession;
class LiveEventsModel;

// Events as the agent consumes them, newest on top: pause keeps what was fetched, the server-side
// filter decides what the agent sends, search narrows what is shown, export saves the selection.
class LiveEventsView : public QWidget {
    Q_OBJECT

public:
    LiveEventsView(AgentSession &session, LiveEventsModel &model, QWidget *parent = nullptr);

    // Starts (again) the agent's stream with the filter fields; called when connected.
    void watch();
    void setPaused(bool paused);
    void setSearch(const QString &text);
    void setServerFilter(const QString &types, const QString &filter);
    // The selected events (all shown when none is selected) as a JSON array into path.
    QString exportSelection(const QString &path) const;
    int shownCount() const;
    double eventsPerSecond() const { return m_rate; }

Q_SIGNALS:
    void message(const QString &text);
    void rateChanged(double eventsPerSecond);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void showDetail(const QModelIndex &index);
    void chooseExportFile();
    void count(int arrived);

    AgentSession &m_session;
    LiveEventsModel &m_model;
    QSortFilterProxyModel *m_proxy;
    QToolBar *m_toolbar;
    QAction *m_pause;
    QAction *m_clear;
    QAction *m_export;
    QLineEdit *m_types;
    QLineEdit *m_filter;
    QAction *m_apply;
    QLineEdit *m_search;
    QTableView *m_table;
    QTabWidget *m_detail;
    QPlainTextEdit *m_pretty;
    QPlainTextEdit *m_raw;
    QLabel *m_empty;
    QLabel *m_status;
    qint64 m_skipped = 0;
    int m_arrivedThisSecond = 0;
    QElapsedTimer m_second;
    double m_rate = 0;
    QJsonObject m_watched;          // the types and filter the agent was last asked for
    QPersistentModelIndex m_anchor; // the top row while someone reads: kept in place as rows arrive
};

} // namespace sluice::console
