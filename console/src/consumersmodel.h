#pragma once

#include <QAbstractTableModel>
#include <QJsonArray>
#include <QJsonObject>

namespace sluice::console {

// The consumers of the Subscriptions API (consumers.list): who they are, what they may subscribe
// to, how many subscriptions they have, and whether their token works.
class ConsumersModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { NameColumn, StateColumn, TypesColumn, SubscriptionsColumn, TokenColumn, LastUsedColumn, ColumnCount };
    enum Role { ConsumerRole = Qt::UserRole + 1 }; // the consumer as JSON

    explicit ConsumersModel(QObject *parent = nullptr);

    void setConsumers(const QJsonArray &consumers);
    int rowOf(const QString &name) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<QJsonObject> m_rows;
};

} // namespace sluice::console
