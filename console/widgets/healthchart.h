#pragma once

#include "subscriptionhealth.h"

#include "chartwidget.h"

namespace sluice::console {

// A subscription's last hour, a column per minute: how many attempts (succeeded below, failed
// above them, in red) and a line through each minute's p95 duration. Painted by hand, like the
// throughput chart; the values of a minute on hover.
class HealthChart : public ChartWidget {
    Q_OBJECT

public:
    explicit HealthChart(QWidget *parent = nullptr);

    void setHealth(const SubscriptionHealth &health);
    const SubscriptionHealth &health() const { return m_health; }
    QSize sizeHint() const override { return {640, 130}; }
    QString valuesAt(int x) const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    int minuteAt(int x) const; // 0 for the window's first minute; -1 outside the plot
    QColor colour(const QColor &live) const;

    SubscriptionHealth m_health;
    QRect m_plot;
};

} // namespace sluice::console
