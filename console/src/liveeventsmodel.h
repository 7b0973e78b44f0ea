#pragma once

#include "shownrecord.h"

#include <QAbstractTableModel>
#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QStringList>

#include <deque>

namespace sluice::console {

// Events as the agent consumes them, newest on top, for the live view. Bounded: the oldest rows
// go when the capacity is reached; a batch is inserted with one beginInsertRows, so the view
// stays responsive at the agent's full rate. Paused, it keeps what it has and counts what it
// did not take. Delivery outcomes update the rows they belong to.
class LiveEventsModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { TimeColumn, TypeColumn, SubjectColumn, SourceColumn, MatchedColumn, OutcomeColumn, ColumnCount };
    enum Role {
        EventRole = Qt::UserRole + 1, // the CloudEvent as JSON
        RecordRole,                   // the Kafka record it came in (admin protocol: events' `record`)
    };

    explicit LiveEventsModel(int capacity = 5000, QObject *parent = nullptr);

    // An "events" notification's events, oldest first, as the agent sends them.
    void addEvents(const QJsonArray &events);
    // An "outcomes" notification.
    void addOutcomes(const QJsonArray &outcomes);
    void setPaused(bool paused);
    bool isPaused() const { return m_paused; }
    qint64 missedWhilePaused() const { return m_missed; }
    void clear();

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Row {
        QJsonObject event;
        ShownRecord record; // empty topic: the agent did not send it
        QStringList matched;
        QDateTime receivedAt;
        QHash<QString, QString> outcomes; // delivery id -> "subscription: state (status)"
        QStringList deliveryIds;
    };
    int rowOfDelivery(const QString &deliveryId) const;

    std::deque<Row> m_rows; // newest first
    int m_capacity;
    bool m_paused = false;
    qint64 m_missed = 0;
};

} // namespace sluice::console
