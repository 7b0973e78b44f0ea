#pragma once

#include "deliveryitem.h"

#include <QAbstractTableModel>
#include <QJsonArray>
#include <QJsonObject>

namespace sluice::console {

// Deliveries that need a look (dead letters, held back, waiting after failed attempts), one page
// of a deliveries.list query, for the failures view: phase, reason, HTTP status, attempts. Retried
// or discarded rows are updated in place when the agent confirms.
class FailuresModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column {
        SubscriptionColumn,
        TypeColumn,
        SubjectColumn,
        StateColumn,
        StatusColumn,
        AttemptsColumn,
        ReasonColumn,
        ColumnCount
    };
    enum Role { DeliveryIdRole = Qt::UserRole + 1 };

    explicit FailuresModel(QObject *parent = nullptr);

    void setPage(const QJsonObject &page); // deliveries.list's result
    qint64 total() const { return m_total; }
    QStringList idsOf(const QModelIndexList &rows) const;
    void setStatus(const QStringList &ids, const DeliveryStatus &status); // after a retry or discard
    const DeliveryItem *delivery(const QString &id) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<DeliveryItem> m_rows;
    qint64 m_total = 0;
};

} // namespace sluice::console
