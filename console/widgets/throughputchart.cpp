#include "throughputchart.h"

#include <QLocale>
#include <QPainter>
#include <QPainterPath>

#include <cmath>

using namespace Qt::Literals::StringLiterals;

namespace sluice::console {

namespace {

const std::array<QColor, ThroughputChart::kSeries> kColours{QColor(0x1f, 0x77, 0xb4), QColor(0x9c, 0x27, 0xb0),
                                                            QColor(0x2c, 0xa0, 0x2c), QColor(0xd6, 0x27, 0x28)};

// 1, 2, 5, 10, 20, 50, … at or above value.
double niceCeiling(double value)
{
    if (value <= 1)
        return 1;
    const double magnitude = std::pow(10.0, std::floor(std::log10(value)));
    for (double step : {1.0, 2.0, 5.0, 10.0}) {
        if (value <= step * magnitude)
            return step * magnitude;
    }
    return 10 * magnitude;
}

} // namespace

ThroughputChart::ThroughputChart(QWidget *parent)
    : ChartWidget(u"throughputChart"_s, 180, parent)
{
}

void ThroughputChart::addSample(const Sample &sample)
{
    m_samples.push_back(sample);
    while (m_samples.size() > size_t(kSeconds))
        m_samples.pop_front();
    update();
}

void ThroughputChart::clear()
{
    m_samples.clear();
    update();
}

QString ThroughputChart::valuesAt(int x) const
{
    if (m_samples.empty() || m_plot.width() < 20 || x < m_plot.left() || x > m_plot.right())
        return QString();
    const double dx = double(m_plot.width()) / (kSeconds - 1);
    const double offset = kSeconds - double(m_samples.size());
    const qint64 i = qRound64(double(x - m_plot.left()) / dx - offset);
    if (i < 0 || i >= qint64(m_samples.size()))
        return QString();
    const Sample &sample = m_samples[size_t(i)];
    const QLocale locale;
    const qint64 ago = qint64(m_samples.size()) - 1 - i;
    return tr("%1 — in %2/s · matched %3/s · delivered %4/s · failed %5/s")
        .arg(ago == 0 ? tr("now") : tr("%n s ago", nullptr, int(ago)), locale.toString(sample[0], 'f', 0),
             locale.toString(sample[1], 'f', 0), locale.toString(sample[2], 'f', 0),
             locale.toString(sample[3], 'f', 0));
}

// Grey while disabled: the figures are no longer live.
QColor ThroughputChart::colour(int series) const
{
    return isEnabled() ? kColours[size_t(series)] : palette().color(QPalette::Disabled, QPalette::WindowText);
}

void ThroughputChart::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const QFontMetrics metrics(font());
    const QLocale locale;
    double top = 1;
    for (const Sample &sample : m_samples) {
        for (double value : sample)
            top = std::max(top, value);
    }
    top = niceCeiling(std::max(top, 5.0));
    // 1, 5 and 10 split in five, 2 in four: whole numbers on every line.
    const double leading = top / std::pow(10.0, std::floor(std::log10(top)));
    const int lines = qFuzzyCompare(leading, 2.0) ? 4 : 5;
    const QString topLabel = locale.toString(top, 'f', 0);
    const int left = metrics.horizontalAdvance(topLabel) + 12;
    const int legendHeight = metrics.height() + 8;
    const QRect plot(left, 8, width() - left - 12, height() - 16 - legendHeight - metrics.height());
    m_plot = plot;
    if (plot.width() < 20 || plot.height() < 20)
        return;

    // Grid: four lines with their values; seconds below.
    painter.setPen(QPen(palette().color(QPalette::Mid), 1, Qt::DotLine));
    for (int i = 0; i <= lines; ++i) {
        const int y = plot.bottom() - plot.height() * i / lines;
        painter.drawLine(plot.left(), y, plot.right(), y);
        painter.setPen(palette().color(QPalette::Text));
        painter.drawText(QRect(0, y - metrics.height() / 2, left - 6, metrics.height()), Qt::AlignRight,
                         locale.toString(top * i / lines, 'f', 0));
        painter.setPen(QPen(palette().color(QPalette::Mid), 1, Qt::DotLine));
    }
    painter.setPen(palette().color(QPalette::Text));
    painter.drawText(QRect(plot.left(), plot.bottom() + 2, plot.width(), metrics.height()), Qt::AlignLeft,
                     tr("%n minute(s) ago", nullptr, kSeconds / 60));
    painter.drawText(QRect(plot.left(), plot.bottom() + 2, plot.width(), metrics.height()), Qt::AlignRight, tr("now"));

    const double dx = double(plot.width()) / (kSeconds - 1);
    const double offset = kSeconds - double(m_samples.size());
    for (int series = 0; series < kSeries; ++series) {
        QPainterPath path;
        for (size_t i = 0; i < m_samples.size(); ++i) {
            const QPointF point(plot.left() + (offset + double(i)) * dx,
                                plot.bottom() - m_samples[i][size_t(series)] / top * plot.height());
            if (i == 0)
                path.moveTo(point);
            else
                path.lineTo(point);
        }
        painter.setPen(QPen(colour(series), series == 0 ? 2.0 : 1.5));
        painter.drawPath(path);
    }

    // Legend with the latest values.
    const QStringList names{tr("in"), tr("matched"), tr("delivered"), tr("failed")};
    int x = plot.left();
    const int y = height() - legendHeight + 4;
    for (int series = 0; series < kSeries; ++series) {
        const double latest = m_samples.empty() ? 0 : m_samples.back()[size_t(series)];
        const QString text = tr("%1 %2/s").arg(names.at(series), locale.toString(latest, 'f', 0));
        painter.fillRect(QRect(x, y + metrics.height() / 2 - 5, 10, 10), colour(series));
        painter.setPen(palette().color(QPalette::Text));
        painter.drawText(x + 14, y + metrics.ascent(), text);
        x += 14 + metrics.horizontalAdvance(text) + 18;
    }
}

} // namespace sluice::console
