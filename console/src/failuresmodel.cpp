#include "failuresmodel.h"
#include "protocol.h"

#include "labels.h"

#include <QSet>

using namespace Qt::Literals::StringLiterals;

namespace sluice::console {

FailuresModel::FailuresModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void FailuresModel::setPage(const QJsonObject &page)
{
    beginResetModel();
    m_rows = DeliveryItem::listFromJson(page.value(protocol::deliveryquery::Deliveries).toArray());
    m_total = page.value(protocol::page::Total).toInteger();
    endResetModel();
}

QStringList FailuresModel::idsOf(const QModelIndexList &rows) const
{
    QStringList ids;
    for (const QModelIndex &index : rows) {
        const QString id = index.data(DeliveryIdRole).toString();
        if (!id.isEmpty() && !ids.contains(id))
            ids.append(id);
    }
    return ids;
}

void FailuresModel::setStatus(const QStringList &ids, const DeliveryStatus &status)
{
    const QSet<QString> wanted(ids.begin(), ids.end());
    for (qsizetype row = 0; row < m_rows.size(); ++row) {
        if (!wanted.contains(m_rows.at(row).id))
            continue;
        m_rows[row].status = status;
        Q_EMIT dataChanged(index(int(row), 0), index(int(row), ColumnCount - 1));
    }
}

const DeliveryItem *FailuresModel::delivery(const QString &id) const
{
    for (const DeliveryItem &d : m_rows) {
        if (d.id == id)
            return &d;
    }
    return nullptr;
}

int FailuresModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int FailuresModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant FailuresModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const DeliveryItem &d = m_rows.at(index.row());
    if (role == DeliveryIdRole)
        return d.id;
    if (role == Qt::ToolTipRole && index.column() == ReasonColumn)
        return statusText(d.status);
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case SubscriptionColumn: return d.subscription;
    case TypeColumn: return d.type;
    case SubjectColumn: return d.subject;
    case StateColumn: return phaseLabel(d.status.phase);
    case StatusColumn: return d.lastStatus > 0 ? QVariant(d.lastStatus) : QVariant();
    case AttemptsColumn: return d.attempts;
    case ReasonColumn: return statusText(d.status);
    default: return {};
    }
}

QVariant FailuresModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case SubscriptionColumn: return tr("Subscription");
    case TypeColumn: return tr("Type");
    case SubjectColumn: return tr("Subject");
    case StateColumn: return tr("State");
    case StatusColumn: return tr("HTTP status");
    case AttemptsColumn: return tr("Attempts");
    case ReasonColumn: return tr("Reason");
    default: return {};
    }
}

} // namespace sluice::console
