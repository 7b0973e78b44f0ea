#pragma once

#include "shownrecord.h"

#include <QAbstractTableModel>
#include <QJsonObject>

namespace sluice::console {

// Quarantined messages (quarantine.list): what could not be decoded, with the reason.
class QuarantineModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { ReceivedColumn, TopicColumn, PartitionColumn, OffsetColumn, SizeColumn, ReasonColumn, ColumnCount };
    enum Role { MessageIdRole = Qt::UserRole + 1 };

    explicit QuarantineModel(QObject *parent = nullptr);

    void setPage(const QJsonObject &page); // quarantine.list's result
    qint64 total() const { return m_total; }
    void remove(const QList<qint64> &ids);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<QuarantinedMessage> m_rows;
    qint64 m_total = 0;
};

} // namespace sluice::console
