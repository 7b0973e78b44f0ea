#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QWidget>

class QLabel;

namespace sluice::console {

class ThroughputChart;

// The agent at a glance: throughput over the last minutes, queue, consumer lag, store, version, uptime.
class OverviewView : public QWidget {
    Q_OBJECT

public:
    explicit OverviewView(QWidget *parent = nullptr);

    void applyStats(const QJsonObject &stats); // a stats notification
    void clear();
    // Not live: the agent cannot be reached; the figures and the chart grey out, "since HH:MM".
    void setLive(bool live);
    bool isLive() const { return !m_staleSince.isValid(); }
    ThroughputChart *chart() const { return m_chart; }
    QString figure(const QString &name) const; // the shown text of one figure, by its objectName

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    QLabel *addFigure(const QString &name);

    ThroughputChart *m_chart;
    QLabel *m_title;
    QList<QPair<QLabel *, QLabel *>> m_figures; // caption, value
    QJsonObject m_last;
    QDateTime m_staleSince; // invalid: live
};

} // namespace sluice::console
