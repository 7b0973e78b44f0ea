#include "subscriptionsmodel.h"

#include "labels.h"
#include "protocol.h"

#include <QDateTime>
#include <QLocale>

using namespace Qt::Literals::StringLiterals;

namespace sluice::console {

SubscriptionsModel::SubscriptionsModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

namespace {

std::optional<DeliveryStatus> heldOf(const QJsonObject &subscription)
{
    if (!subscription.contains(protocol::hold::Held))
        return std::nullopt;
    return DeliveryStatus::fromJson(subscription.value(protocol::hold::Held).toObject());
}

SubscriptionHealth healthOf(const QJsonObject &subscription)
{
    return SubscriptionHealth::fromJson(subscription.value(protocol::health::Health).toObject());
}

} // namespace

void SubscriptionsModel::setSubscriptions(const QJsonArray &subscriptions)
{
    beginResetModel();
    m_rows.clear();
    for (const QJsonValue &value : subscriptions) {
        const QJsonObject sub = value.toObject();
        const QJsonObject queue = sub.value(u"queue"_s).toObject();
        m_rows.append({sub, sub.value(u"state"_s).toString(), queue.value(u"waiting"_s).toInteger(),
                       queue.value(u"deliveredLastHour"_s).toInteger(), queue.value(u"deadLastHour"_s).toInteger(), 0,
                       sub.value(protocol::poll::Poll).toObject(), heldOf(sub), healthOf(sub)});
    }
    endResetModel();
}

void SubscriptionsModel::applyStats(const QJsonObject &stats)
{
    for (const QJsonValue &value : stats.value(protocol::stats::Subscriptions).toArray()) {
        const QJsonObject s = value.toObject();
        const int row = rowOf(s.value(protocol::stats::Name).toString());
        if (row < 0)
            continue; // created since the list was loaded: the next load shows it
        Row &r = m_rows[row];
        r.state = s.value(protocol::stats::State).toString();
        r.waiting = s.value(protocol::stats::Waiting).toInteger();
        const QJsonObject lastHour = s.value(protocol::stats::LastHour).toObject();
        r.delivered = lastHour.value(protocol::stats::Delivered).toInteger();
        r.dead = lastHour.value(protocol::stats::Dead).toInteger();
        r.deliveredPerSecond =
            s.value(protocol::stats::PerSecond).toObject().value(protocol::stats::Delivered).toInteger();
        r.poll = s.value(protocol::poll::Poll).toObject();
        r.held = heldOf(s);
        r.health = healthOf(s);
        Q_EMIT dataChanged(index(row, StateColumn), index(row, RateColumn));
    }
}

int SubscriptionsModel::rowOf(const QString &name) const
{
    for (qsizetype i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).subscription.value(u"name"_s).toString() == name)
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
    if (role == SubscriptionRole)
        return r.subscription;
    if (role == HealthRole)
        return QVariant::fromValue(r.health);
    if (role == Qt::ToolTipRole && (index.column() == SuccessColumn || index.column() == LatencyColumn))
        return healthSummary(r.health);
    if (role == Qt::ToolTipRole && index.column() == StateColumn)
        return r.held ? statusText(*r.held) : r.subscription.value(u"reason"_s).toString();
    if (role == Qt::TextAlignmentRole && index.column() >= WaitingColumn)
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    const QLocale locale;
    switch (index.column()) {
    case NameColumn: return r.subscription.value(u"name"_s).toString();
    case StateColumn:
        if (r.held)
            return holdLabel(r.held->reason);
        if (r.state == u"active")
            return tr("active");
        if (r.state == u"pending")
            return tr("pending");
        if (r.state == u"disabled")
            return tr("disabled");
        return r.subscription.value(u"enabled"_s).toBool(true) ? r.state : tr("disabled");
    case EndpointColumn:
        if (r.subscription.value(u"protocol"_s) == u"poll"_s)
            return pollDescription(r.poll);
        return r.subscription.value(u"endpoint"_s).toString();
    case OwnerColumn:
        // A consumer made it through the Subscriptions API; else an administrator, or the file.
        if (const QString owner = r.subscription.value(u"owner"_s).toString(); !owner.isEmpty())
            return owner;
        return r.subscription.value(u"origin"_s) == u"file"_s ? tr("configuration file") : tr("administrator");
    case WaitingColumn: return locale.toString(r.waiting);
    case DeliveredColumn: return locale.toString(r.delivered);
    case DeadColumn: return locale.toString(r.dead);
    case SuccessColumn: return r.health.successRate() ? percentLabel(*r.health.successRate()) : u"—"_s;
    case LatencyColumn:
        if (!r.health.p50Ms || !r.health.p95Ms)
            return u"—"_s;
        return tr("%1 / %2").arg(durationLabel(*r.health.p50Ms), durationLabel(*r.health.p95Ms));
    case RateColumn: return tr("%1/s").arg(locale.toString(r.deliveredPerSecond));
    default: return {};
    }
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
