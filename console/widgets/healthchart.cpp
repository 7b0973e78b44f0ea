#include "healthchart.h"

#include "labels.h"

#include <QDateTime>
#include <QLocale>
#include <QPainter>
#include <QPainterPath>

using namespace Qt::Literals::StringLiterals;

namespace sluice::console {

namespace {

constexpr int kMinutes = 60;
const QColor kSucceeded(0x2c, 0xa0, 0x2c);
const QColor kFailed(0xd6, 0x27, 0x28);
const QColor kLatency(0x1f, 0x77, 0xb4);

} // namespace

HealthChart::HealthChart(QWidget *parent)
    : ChartWidget(u"healthChart"_s, 110, parent)
{
}

void HealthChart::setHealth(const SubscriptionHealth &health)
{
    m_health = health;
    update();
}

int HealthChart::minuteAt(int x) const
{
    if (m_plot.width() < kMinutes || x < m_plot.left() || x > m_plot.right())
        return -1;
    return std::min(kMinutes - 1, (x - m_plot.left()) * kMinutes / m_plot.width());
}

QString HealthChart::valuesAt(int x) const
{
    const int slot = minuteAt(x);
    if (slot < 0)
        return QString();
    const qint64 minute = m_health.from + qint64(slot) * 60'000;
    const QString at = QLocale().toString(QDateTime::fromMSecsSinceEpoch(minute).time(), QLocale::ShortFormat);
    for (const SubscriptionHealth::Point &p : m_health.minutes) {
        if (p.minute != minute)
            continue;
        SubscriptionHealth one;
        one.attempts = p.attempts;
        one.succeeded = p.succeeded;
        one.p50Ms = p.p50Ms;
        one.p95Ms = p.p95Ms;
        return tr("%1 — %2").arg(at, healthSummary(one));
    }
    return tr("%1 — no attempts").arg(at);
}

// Grey while disabled: the agent is not there to say more.
QColor HealthChart::colour(const QColor &live) const
{
    return isEnabled() ? live : palette().color(QPalette::Disabled, QPalette::WindowText);
}

void HealthChart::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const QFontMetrics metrics(font());
    const QLocale locale;
    quint64 mostAttempts = 1;
    double slowest = 1;
    for (const SubscriptionHealth::Point &p : m_health.minutes) {
        mostAttempts = std::max(mostAttempts, p.attempts);
        slowest = std::max(slowest, p.p95Ms.value_or(0));
    }
    const QString leftLabel = locale.toString(qint64(mostAttempts));
    const QString rightLabel = durationLabel(slowest);
    const int left = metrics.horizontalAdvance(leftLabel) + 10;
    const int right = metrics.horizontalAdvance(rightLabel) + 10;
    const int legendHeight = metrics.height() + 4;
    m_plot = QRect(left, 6, width() - left - right, height() - 12 - legendHeight);
    if (m_plot.width() < kMinutes || m_plot.height() < 20)
        return;

    painter.setPen(QPen(palette().color(QPalette::Mid), 1, Qt::DotLine));
    painter.drawLine(m_plot.topLeft(), m_plot.topRight());
    painter.drawLine(m_plot.bottomLeft(), m_plot.bottomRight());
    painter.setPen(palette().color(QPalette::Text));
    painter.drawText(QRect(0, m_plot.top() - metrics.height() / 2, left - 4, metrics.height()), Qt::AlignRight,
                     leftLabel);
    painter.drawText(QRect(m_plot.right() + 4, m_plot.top() - metrics.height() / 2, right, metrics.height()),
                     Qt::AlignLeft, rightLabel);

    const double slot = double(m_plot.width()) / kMinutes;
    QPainterPath latency;
    bool started = false;
    for (const SubscriptionHealth::Point &p : m_health.minutes) {
        const qint64 index = (p.minute - m_health.from) / 60'000;
        if (index < 0 || index >= kMinutes)
            continue;
        const double x = m_plot.left() + double(index) * slot;
        const double total = double(p.attempts) / double(mostAttempts) * m_plot.height();
        const double ok = double(p.succeeded) / double(mostAttempts) * m_plot.height();
        painter.fillRect(QRectF(x + 1, m_plot.bottom() - ok, slot - 2, ok), colour(kSucceeded));
        painter.fillRect(QRectF(x + 1, m_plot.bottom() - total, slot - 2, total - ok), colour(kFailed));
        if (p.p95Ms) {
            const QPointF point(x + slot / 2, m_plot.bottom() - *p.p95Ms / slowest * m_plot.height());
            started ? latency.lineTo(point) : latency.moveTo(point);
            started = true;
        }
    }
    painter.setPen(QPen(colour(kLatency), 1.5));
    painter.drawPath(latency);

    const QStringList names{tr("succeeded"), tr("failed"), tr("p95 duration")};
    const QList<QColor> colours{kSucceeded, kFailed, kLatency};
    int x = m_plot.left();
    const int y = height() - legendHeight;
    for (qsizetype i = 0; i < names.size(); ++i) {
        painter.fillRect(QRect(x, y + metrics.height() / 2 - 5, 10, 10), colour(colours.at(i)));
        painter.setPen(palette().color(QPalette::Text));
        painter.drawText(x + 14, y + metrics.ascent(), names.at(i));
        x += 14 + metrics.horizontalAdvance(names.at(i)) + 18;
    }
    painter.drawText(QRect(x, y, m_plot.right() - x, metrics.height()), Qt::AlignRight,
                     tr("the last hour, a column per minute"));
}

} // namespace sluice::console
