#include "consumersmodel.h"

#include "protocol.h"

#include <QDateTime>
#include <QLocale>

using namespace Qt::Literals::StringLiterals;
namespace key = sluice::protocol::consumer;

namespace sluice::console {

namespace {

QString when(const QJsonValue &rfc3339)
{
    const QDateTime at = QDateTime::fromString(rfc3339.toString(), Qt::ISODateWithMs);
    return at.isValid() ? QLocale().toString(at.toLocalTime(), QLocale::ShortFormat) : QString();
}

} // namespace

ConsumersModel::ConsumersModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void ConsumersModel::setConsumers(const QJsonArray &consumers)
{
    beginResetModel();
    m_rows.clear();
    for (const QJsonValue &c : consumers)
        m_rows.append(c.toObject());
    endResetModel();
}

int ConsumersModel::rowOf(const QString &name) const
{
    for (qsizetype i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).value(key::Name).toString() == name)
            return int(i);
    }
    return -1;
}

int ConsumersModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ConsumersModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ConsumersModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const QJsonObject &c = m_rows.at(index.row());
    const bool revoked = c.contains(key::Revoked);
    if (role == ConsumerRole)
        return c;
    if (role == Qt::ToolTipRole && index.column() == StateColumn && revoked)
        return tr("Revoked on %1: the token no longer works; its subscriptions keep delivering")
            .arg(when(c.value(key::Revoked)));
    if (role == Qt::TextAlignmentRole && index.column() == SubscriptionsColumn)
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case NameColumn: return c.value(key::Name).toString();
    case StateColumn: return revoked ? tr("revoked") : tr("active");
    case TypesColumn: {
        QStringList types;
        for (const QJsonValue &t : c.value(key::AllowedTypes).toArray())
            types.append(t.toString());
        return types.isEmpty() ? tr("every exposed type") : types.join(u", "_s);
    }
    case SubscriptionsColumn: {
        const int max = c.value(key::MaxSubscriptions).toInt();
        const QString count = QLocale().toString(c.value(key::Subscriptions).toInteger());
        return max > 0 ? tr("%1 of %2").arg(count, QLocale().toString(max)) : count;
    }
    case TokenColumn: return when(c.value(key::TokenCreated));
    case LastUsedColumn: return c.contains(key::LastUsed) ? when(c.value(key::LastUsed)) : tr("never");
    default: return {};
    }
}

QVariant ConsumersModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case NameColumn: return tr("Consumer");
    case StateColumn: return tr("Token");
    case TypesColumn: return tr("May subscribe to");
    case SubscriptionsColumn: return tr("Subscriptions");
    case TokenColumn: return tr("Token made");
    case LastUsedColumn: return tr("Last used");
    default: return {};
    }
}

} // namespace sluice::console
