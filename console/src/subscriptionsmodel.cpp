#include "subscriptionsmodel.h"

#include "labels.h"
#include "protocol.h"
#include "statssnapshot.h"
#include "subscription.h"

#include <QDateTime>
#include <QLocale>

using namespace Qt::Literals::StringLiterals;

namespace sluice::console {

SubscriptionsModel::SubscriptionsModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void SubscriptionsModel::setSubscriptions(const QJsonArray &subscriptions)
{
    beginResetModel();
    m_rows.clear();
    for (const QJsonValue &value : subscriptions)
        m_rows.append({SubscriptionStatus::fromJson(value.toObject()), 0});
    endResetModel();
}

void SubscriptionsModel::applyStats(const QJsonObject &stats)
{
    for (const StatsSnapshot::Subscription &figures : StatsSnapshot::fromJson(stats).subscriptions) {
        const int row = rowOf(figures.name);
        if (row < 0)
            continue; // created since the list was loaded: the next load shows it
        SubscriptionStatus &status = m_rows[row].status;
        status.state = figures.state;
        status.queue.waiting = figures.waiting;
        status.queue.deliveredLastHour = figures.deliveredLastHour;
        status.queue.deadLastHour = figures.deadLastHour;
        status.poll = figures.poll;
        status.held = figures.held;
        status.health = figures.health;
        m_rows[row].deliveredPerSecond = figures.deliveredPerSecond;
        Q_EMIT dataChanged(index(row, StateColumn), index(row, RateColumn));
    }
}

int SubscriptionsModel::rowOf(const QString &name) const
{
    for (qsizetype i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).status.name() == name)
            return int(i);
    }
    return -1;
}

int SubscriptionsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int SubscriptionsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant SubscriptionsModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const Row &r = m_rows.at(index.row());
    const SubscriptionStatus &s = r.status;
    const SubscriptionHealth health = s.health.value_or(SubscriptionHealth{s.name()});
    if (role == SubscriptionRole)
        return QVariant::fromValue(s);
    if (role == HealthRole)
        return QVariant::fromValue(health);
    if (role == Qt::ToolTipRole && (index.column() == SuccessColumn || index.column() == LatencyColumn))
        return healthSummary(health);
    if (role == Qt::ToolTipRole && index.column() == StateColumn)
        return s.held ? statusText(*s.held) : s.reason;
    if (role == Qt::TextAlignmentRole && index.column() >= WaitingColumn)
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    const QLocale locale;
    switch (index.column()) {
    case NameColumn: return s.name();
    case StateColumn: return stateLabel(s);
    case EndpointColumn: return s.polled() ? pollDescription(s.poll) : s.endpoint();
    case OwnerColumn:
        // A consumer made it through the Subscriptions API; else an administrator, or the file.
        if (!s.owner().isEmpty())
            return s.owner();
        return s.fromFile() ? tr("configuration file") : tr("administrator");
    case WaitingColumn: return locale.toString(s.queue.waiting);
    case DeliveredColumn: return locale.toString(s.queue.deliveredLastHour);
    case DeadColumn: return locale.toString(s.queue.deadLastHour);
    case SuccessColumn: return health.successRate() ? percentLabel(*health.successRate()) : u"—"_s;
    case LatencyColumn:
        if (!health.p50Ms || !health.p95Ms)
            return u"—"_s;
        return tr("%1 / %2").arg(durationLabel(*health.p50Ms), durationLabel(*health.p95Ms));
    case RateColumn: return tr("%1/s").arg(locale.toString(r.deliveredPerSecond));
    default: return {};
    }
}

QString SubscriptionsModel::stateLabel(const SubscriptionStatus &s) const
{
    if (s.held)
        return holdLabel(s.held->reason);
    if (s.state == endpointStateName(EndpointState::Active))
        return tr("active");
    if (s.state == endpointStateName(EndpointState::Pending))
        return tr("pending");
    if (s.state == endpointStateName(EndpointState::Disabled) || !s.enabled())
        return tr("disabled");
    return s.state;
}

namespace {

// "12 s ago", "3 min ago", "2 h ago": how long since a time (ms since the epoch).
QString ago(qint64 at)
{
    const qint64 seconds = std::max<qint64>(0, (QDateTime::currentMSecsSinceEpoch() - at) / 1000);
    if (seconds < 60)
        return SubscriptionsModel::tr("%n s ago", nullptr, int(seconds));
    if (seconds < 3600)
        return SubscriptionsModel::tr("%n min ago", nullptr, int(seconds / 60));
    return SubscriptionsModel::tr("%n h ago", nullptr, int(seconds / 3600));
}

} // namespace

// How its consumer keeps up: when it last polled, and since when the oldest unread event waits.
QString SubscriptionsModel::pollDescription(const QJsonObject &poll) const
{
    QStringList parts{tr("fetched by its consumer (polling)")};
    const qint64 lastPoll = poll.value(protocol::poll::LastPollAt).toInteger();
    parts.append(lastPoll > 0 ? tr("last poll %1").arg(ago(lastPoll)) : tr("never polled"));
    if (const qint64 oldest = poll.value(protocol::poll::OldestUnreadAt).toInteger(); oldest > 0)
        parts.append(tr("oldest unread stored %1").arg(ago(oldest)));
    return parts.join(u" · "_s);
}

QVariant SubscriptionsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && role == Qt::ToolTipRole && section == DeadColumn)
        return tr("Deliveries that became dead letters in the last hour");
    if (orientation == Qt::Horizontal && role == Qt::ToolTipRole && section == SuccessColumn)
        return tr("Attempts in the last hour that the endpoint accepted");
    if (orientation == Qt::Horizontal && role == Qt::ToolTipRole && section == LatencyColumn)
        return tr("How long attempts took in the last hour: half were quicker than the first, 95 in 100 than the "
                  "second");
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn: return tr("Subscription");
    case StateColumn: return tr("State");
    case EndpointColumn: return tr("Endpoint");
    case OwnerColumn: return tr("Owner");
    case WaitingColumn: return tr("Waiting");
    case DeliveredColumn: return tr("Delivered (1 h)");
    case DeadColumn: return tr("Failed (1 h)");
    case SuccessColumn: return tr("Success (1 h)");
    case LatencyColumn: return tr("p50 / p95 (1 h)");
    case RateColumn: return tr("Rate");
    default: return {};
    }
}

} // namespace sluice::console
