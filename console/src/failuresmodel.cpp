#include "failuresmodel.h"

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
    m_rows.clear();
    for (const QJsonValue &value : page.value(u"deliveries"_s).toArray())
        m_rows.append(value.toObject());
    m_total = page.value(u"total"_s).toInteger();
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

void FailuresModel::setState(const QStringList &ids, const QString &state)
{
    const QSet<QString> wanted(ids.begin(), ids.end());
    for (qsizetype row = 0; row < m_rows.size(); ++row) {
        if (!wanted.contains(m_rows.at(row).value(u"id"_s).toString()))
            continue;
        m_rows[row].insert(u"state"_s, state);
        Q_EMIT dataChanged(index(int(row), StateColumn), index(int(row), StateColumn));
    }
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
    const QJsonObject &d = m_rows.at(index.row());
    if (role == DeliveryIdRole)
        return d.value(u"id"_s).toString();
    if (role == DeliveryRole)
        return d;
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case SubscriptionColumn: return d.value(u"subscription"_s).toString();
    case TypeColumn: return d.value(u"type"_s).toString();
    case SubjectColumn: return d.value(u"subject"_s).toString();
    case StateColumn: return stateLabel(d.value(u"state"_s).toString());
    case StatusColumn: return d.contains(u"lastStatus"_s) ? QVariant(d.value(u"lastStatus"_s).toInt()) : QVariant();
    case AttemptsColumn: return d.value(u"attempts"_s).toInt();
    case ReasonColumn: return d.value(u"lastError"_s).toString();
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
