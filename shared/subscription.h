#pragma once

#include "cloudevent.h"
#include "eventfilter.h"

#include <QJsonObject>
#include <QList>
#include <QUrl>

#include <chrono>
#include <optional>

namespace sluice {

enum class DeliveryMode { Structured, Binary };

// Append-only: the numbers are stored in the database and sent over the admin protocol.
enum class Priority { Low = 0, Normal = 1, High = 2, Immediate = 3 };

QString priorityName(Priority priority);
std::optional<Priority> priorityFromName(QStringView name);

// Who receives which events, and how.
struct Subscription {
    QString name;
    QUrl endpoint;
    QList<std::pair<QByteArray, QByteArray>> headers; // extra HTTP headers, e.g. an API key
    TypeSelector types;
    EventFilter filter;
    bool enabled = true;
    DeliveryMode mode = DeliveryMode::Structured;
    Priority priority = Priority::Normal;
    int concurrency = 0;                                           // 0: the agent's default
    std::optional<QList<std::chrono::milliseconds>> retrySchedule; // unset: the agent's default

    bool matches(const CloudEvent &event) const
    {
        return enabled && types.matches(event.type) && filter.matches(event);
    }

    // Reads one subscription; the error names the key that is wrong and how to fix it.
    static std::optional<Subscription> fromJson(const QJsonObject &json, QString *error);
    QJsonObject toJson() const;

    static std::optional<QList<std::chrono::milliseconds>> parseRetrySchedule(const QJsonValue &json, QString *error);
};

} // namespace sluice
