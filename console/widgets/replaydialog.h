#pragma once

#include "jobprogress.h"

#include <QDialog>
#include <QJsonObject>

class QCheckBox;
class QDateTimeEdit;
class QLabel;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;

namespace sluice::console {

class AgentSession;

// Sends a subscription's events again from Kafka (docs/operations.md#replay): a time range, a
// count first (a dry-run: how many would be sent, examples, what Kafka no longer has), then the
// replay itself with its progress, which can be stopped. The agent applies the subscription as it
// is now.
class ReplayDialog : public QDialog {
    Q_OBJECT

public:
    ReplayDialog(AgentSession &session, const QString &subscription, QWidget *parent = nullptr);

    void count();
    void start();
    void stop();
    QString result() const;

private:
    QJsonObject params(bool dryRun) const;
    void begin(bool dryRun);
    void progress(const QJsonObject &job);
    void finished(const JobProgress &job);
    void rangeChanged();
    void updateButtons();

    AgentSession &m_session;
    QString m_subscription;
    QDateTimeEdit *m_from;
    QDateTimeEdit *m_to;
    QCheckBox *m_untilNow;
    QPushButton *m_count;
    QPushButton *m_start;
    QPushButton *m_stop;
    QProgressBar *m_progress;
    QLabel *m_state;
    QPlainTextEdit *m_result;
    QString m_job;         // the job under way; empty: none
    QJsonObject m_counted; // the range the last finished count was for
    bool m_dryRun = false;
};

} // namespace sluice::console
