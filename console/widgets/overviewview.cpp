#include "overviewview.h"

#include "protocol.h"
#include "statssnapshot.h"
#include "throughputchart.h"

#include <QDateTime>
#include <QEvent>
#include <QGridLayout>
#include <QJsonArray>
#include <QLabel>
#include <QLocale>
#include <QVBoxLayout>

using namespace Qt::Literals::StringLiterals;

namespace sluice::console {

namespace {

QString uptime(qint64 seconds)
{
    const qint64 days = seconds / 86400;
    const qint64 hours = seconds % 86400 / 3600;
    const qint64 minutes = seconds % 3600 / 60;
    if (days > 0)
        return OverviewView::tr("%1 d %2 h").arg(days).arg(hours);
    if (hours > 0)
        return OverviewView::tr("%1 h %2 min").arg(hours).arg(minutes);
    return OverviewView::tr("%1 min %2 s").arg(minutes).arg(seconds % 60);
}

} // namespace

OverviewView::OverviewView(QWidget *parent)
    : QWidget(parent)
    , m_chart(new ThroughputChart(this))
    , m_title(new QLabel(this))
{
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    auto *grid = new QGridLayout;
    const QStringList names{u"queue"_s, u"dead"_s,     u"lag"_s,     u"quarantined"_s, u"duplicates"_s,
                            u"store"_s, u"consumed"_s, u"version"_s, u"uptime"_s};
    for (int i = 0; i < names.size(); ++i) {
        QLabel *value = addFigure(names.at(i));
        grid->addWidget(m_figures.last().first, (i / 5) * 2, i % 5);
        grid->addWidget(value, (i / 5) * 2 + 1, i % 5);
    }
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addWidget(m_chart, 1);
    layout->addLayout(grid);
    retranslate();
}

QLabel *OverviewView::addFigure(const QString &name)
{
    auto *caption = new QLabel(this);
    caption->setForegroundRole(QPalette::PlaceholderText);
    auto *value = new QLabel(u"–"_s, this);
    value->setObjectName(name);
    QFont big = value->font();
    big.setPointSizeF(big.pointSizeF() * 1.4);
    value->setFont(big);
    value->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_figures.append(qMakePair(caption, value));
    return value;
}

QString OverviewView::figure(const QString &name) const
{
    for (const auto &[caption, value] : m_figures) {
        if (value->objectName() == name)
            return value->text();
    }
    return QString();
}

void OverviewView::retranslate()
{
    m_title->setText(m_staleSince.isValid()
                         ? tr("Events per second, last five minutes — not live since %1: the agent cannot be reached")
                               .arg(QLocale().toString(m_staleSince.time(), QLocale::ShortFormat))
                         : tr("Events per second, last five minutes"));
    const QStringList captions{tr("Waiting deliveries"), tr("Dead letters"),  tr("Consumer lag"),
                               tr("Quarantined"),        tr("Duplicates"),    tr("Store size"),
                               tr("Consumed in all"),    tr("Agent version"), tr("Up for")};
    for (int i = 0; i < m_figures.size(); ++i)
        m_figures[i].first->setText(captions.at(i));
    m_figures[2].first->setToolTip(tr("Messages on the bus not yet consumed, over all partitions"));
    m_figures[3].first->setToolTip(tr("Messages that could not be read as events, in all and per second"));
    m_figures[4].first->setToolTip(tr("Events read again (after a restart or a rebalance) and dropped, because "
                                      "their deliveries were made the first time; in all and per second"));
    if (!m_last.isEmpty())
        applyStats(m_last);
    m_chart->update();
}

void OverviewView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void OverviewView::clear()
{
    m_chart->clear();
    m_last = {};
    for (const auto &[caption, value] : m_figures)
        value->setText(u"–"_s);
    setLive(true);
}

void OverviewView::setLive(bool live)
{
    if (live == !m_staleSince.isValid())
        return;
    m_staleSince = live ? QDateTime() : QDateTime::currentDateTime();
    // Greyed: what is shown is how things stood when the agent was last heard.
    m_chart->setEnabled(live);
    for (const auto &[caption, value] : m_figures)
        value->setEnabled(live);
    retranslate();
}

void OverviewView::applyStats(const QJsonObject &stats)
{
    const bool fresh = m_last != stats;
    m_last = stats;
    const StatsSnapshot s = StatsSnapshot::fromJson(stats);
    if (fresh)
        m_chart->addSample({double(s.perSecond.in), double(s.perSecond.matched), double(s.perSecond.delivered),
                            double(s.perSecond.failed)});
    const QLocale locale;
    const QStringList values{
        locale.toString(s.waiting()),
        locale.toString(s.queue.value(protocol::stats::Dead)),
        tr("%1 over %n partition(s)", nullptr, int(s.lag.size())).arg(locale.toString(s.totalLag())),
        tr("%1 (%2/s)")
            .arg(locale.toString(s.queue.value(protocol::stats::Quarantined)),
                 locale.toString(s.perSecond.quarantined)),
        tr("%1 (%2/s)").arg(locale.toString(s.totals.duplicates), locale.toString(s.perSecond.duplicates)),
        locale.formattedDataSize(s.storeBytes),
        locale.toString(s.totals.consumed),
        s.version,
        uptime(s.uptimeSeconds),
    };
    for (int i = 0; i < m_figures.size(); ++i)
        m_figures[i].second->setText(values.at(i));
}

} // namespace sluice::console
