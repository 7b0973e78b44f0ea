#pragma once

// A delivery as the admin protocol carries it (deliveries.list, deliveries.get, the "deliveries"
// notification): the agent fills it from its store and dispatcher, the console's models hold it.
// Every key is named once, in deliveryitem.cpp.

#include "deliverystatus.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace sluice {

// One request that went out for a delivery. A delivery's attempts are its requests: every one is
// in its history, and its count is the history's length (the retry schedule's position, which an
// administrator's retry resets, is the agent's own business).
struct DeliveryAttempt {
    qint64 at = 0;      // ms since the epoch
    int httpStatus = 0; // 0: no response
    QString error;      // the transport error, or the verdict on the answer
    int durationMs = 0;
    QString responseExcerpt;

    QJsonObject toJson() const;
    static DeliveryAttempt fromJson(const QJsonObject &json);
};

struct DeliveryItem {
    QString id;
    QString subscription;
    QString state; // as stored: pending, delivered, dead, superseded, discarded
    DeliveryStatus status;
    int attempts = 0; // requests that went out, over its whole life
    QString eventId;
    QString source;
    QString type;
    QString subject;
    qint64 createdAt = 0; // ms since the epoch
    qint64 updatedAt = 0;
    qint64 nextAttemptAt = 0; // waiting: when it is due
    int lastStatus = 0;       // the last answer's HTTP status; 0: none
    QString lastError;        // the last attempt's outcome in English, as logged
    // deliveries.get only
    QJsonObject event;
    QList<DeliveryAttempt> history;

    QJsonObject toJson() const;
    static DeliveryItem fromJson(const QJsonObject &json);
    static QList<DeliveryItem> listFromJson(const QJsonArray &array);
};

} // namespace sluice
