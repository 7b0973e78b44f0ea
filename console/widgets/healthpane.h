#pragma once

#include "subscriptionhealth.h"

#include <QElapsedTimer>
#include <QWidget>

class QLabel;

namespace sluice::console {

class AgentSession;
class HealthChart;

// The chosen subscription's last hour: its summary in words and a column per minute. The minutes
// are asked for when the choice changes, and again when the summary the stats push says there
// were new attempts (at most every five seconds).
class HealthPane : public QWidget {
    Q_OBJECT

public:
    explicit HealthPane(AgentSession &session, QWidget *parent = nullptr);

    // The subscription chosen now (empty: none) and its summary as the stats last told it.
    void follow(const QString &subscription, const SubscriptionHealth &summary);
    void setConnected(bool connected);
    QString title() const;
    const HealthChart &chart() const { return *m_chart; }

protected:
    void changeEvent(QEvent *event) override;

private:
    void fetch();
    void retranslate();

    AgentSession &m_session;
    QLabel *m_title;
    HealthChart *m_chart;
    QString m_subscription;
    quint64 m_shownAttempts = 0; // the summary's attempts when the minutes were asked for
    QElapsedTimer m_asked;
    bool m_connected = false;
};

} // namespace sluice::console
