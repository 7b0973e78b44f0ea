#pragma once

#include "deliverystatus.h"
#include "subscriptionhealth.h"
#include "subscriptionstatus.h"

#include <QAbstractTableModel>
#include <QJsonArray>
#include <QJsonObject>

#include <optional>

namespace sluice::console {

// Subscriptions with their health at a glance: state, queue, the last hour's success rate and
// attempt durations, and rates, kept current by the agent's stats notifications.
class SubscriptionsModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column {
        NameColumn,
        StateColumn,
        EndpointColumn,
        OwnerColumn,
        WaitingColumn,
        DeliveredColumn,
        DeadColumn,
        SuccessColumn, // the last hour's attempts that succeeded
        LatencyColumn, // the last hour's p50 and p95 attempt durations
        RateColumn,
        ColumnCount
    };
    enum Role {
        SubscriptionRole = Qt::UserRole + 1, // the subscription and where it stands (SubscriptionStatus)
        HealthRole,                          // the last hour's summary (SubscriptionHealth)
    };

    explicit SubscriptionsModel(QObject *parent = nullptr);

    void setSubscriptions(const QJsonArray &subscriptions); // subscriptions.list
    void applyStats(const QJsonObject &stats);              // a stats notification
    int rowOf(const QString &name) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Row {
        SubscriptionStatus status; // as listed, then kept current by the stats
        qint64 deliveredPerSecond = 0;
    };
    QString pollDescription(const QJsonObject &poll) const;
    QString stateLabel(const SubscriptionStatus &status) const;
    QList<Row> m_rows;
};

} // namespace sluice::console
