#pragma once

#include "chartwidget.h"

#include <array>
#include <deque>

namespace sluice::console {

// Events per second in, matched, delivered and failed over the last minutes, one sample a second,
// drawn as lines with a legend. Painted by hand: Qt Charts is not part of our stack.
class ThroughputChart : public ChartWidget {
    Q_OBJECT

public:
    static constexpr int kSeries = 4;
    static constexpr int kSeconds = 300;
    using Sample = std::array<double, kSeries>;

    explicit ThroughputChart(QWidget *parent = nullptr);

    void addSample(const Sample &sample);
    void clear();
    qsizetype sampleCount() const { return qsizetype(m_samples.size()); }
    QSize sizeHint() const override { return {640, 260}; }
    QString valuesAt(int x) const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QColor colour(int series) const;

    std::deque<Sample> m_samples; // oldest first
    QRect m_plot;                 // where the lines were drawn last
};

} // namespace sluice::console
