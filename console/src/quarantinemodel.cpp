#include "quarantinemodel.h"
#include "protocol.h"

#include "labels.h"

#include <QDateTime>
#include <QJsonArray>
#include <QLocale>

using namespace Qt::Literals::StringLiterals;

namespace sluice::console {

QuarantineModel::QuarantineModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void QuarantineModel::setPage(const QJsonObject &page)
{
    beginResetModel();
    m_rows.clear();
    for (const QJsonValue &value : page.value(protocol::deliveryquery::Messages).toArray())
        m_rows.append(QuarantinedMessage::fromJson(value.toObject()));
    m_total = page.value(protocol::page::Total).toInteger();
    endResetModel();
}

void QuarantineModel::remove(const QList<qint64> &ids)
{
    for (qsizetype row = m_rows.size() - 1; row >= 0; --row) {
        if (!ids.contains(m_rows.at(row).id))
            continue;
        beginRemoveRows({}, int(row), int(row));
        m_rows.removeAt(row);
        --m_total;
        endRemoveRows();
    }
}

int QuarantineModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int QuarantineModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant QuarantineModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const QuarantinedMessage &m = m_rows.at(index.row());
    if (role == MessageIdRole)
        return m.id;
    if (role == Qt::ToolTipRole && index.column() == ReasonColumn)
        return quarantineText(m);
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case ReceivedColumn:
        return QLocale().toString(QDateTime::fromString(m.receivedAt, Qt::ISODateWithMs).toLocalTime(),
                                  QLocale::ShortFormat);
    case TopicColumn: return m.record.topic;
    case PartitionColumn: return m.record.partition;
    case OffsetColumn: return m.record.offset;
    case SizeColumn: return QLocale().formattedDataSize(m.record.size);
    case ReasonColumn: return quarantineText(m);
    default: return {};
    }
}

QVariant QuarantineModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case ReceivedColumn: return tr("Received");
    case TopicColumn: return tr("Topic");
    case PartitionColumn: return tr("Partition");
    case OffsetColumn: return tr("Offset");
    case SizeColumn: return tr("Size");
    case ReasonColumn: return tr("Why it was quarantined");
    default: return {};
    }
}

} // namespace sluice::console
