#pragma once

#include <QDateTime>
#include <QJsonValue>
#include <QList>
#include <QTime>
#include <QTimeZone>

#include <optional>

namespace sluice {

// A daily span of local time in which a subscription accepts deliveries ("only between 01:00 and
// 05:00"), optionally on some weekdays only. A span whose end is before its start runs past midnight
// and belongs to the day it starts on.
struct DeliveryWindow {
    QTime from;
    QTime to;
    QList<int> days; // 1 = Monday … 7 = Sunday; empty: every day

    static std::optional<DeliveryWindow> fromJson(const QJsonValue &json, QString *error);
    QJsonValue toJson() const;
};

// The windows of one subscription in one time zone. No windows: always open. A zone not given (an
// invalid QTimeZone) is the time zone of the machine the schedule runs on: the agent's.
class DeliverySchedule {
public:
    DeliverySchedule() = default;
    DeliverySchedule(QList<DeliveryWindow> windows, QTimeZone zone);

    bool isEmpty() const { return m_windows.isEmpty(); }
    bool isOpen(const QDateTime &at) const;
    // The first moment at or after `at` when a window is open (at itself when open now).
    QDateTime nextOpen(const QDateTime &at) const;
    const QList<DeliveryWindow> &windows() const { return m_windows; }
    QTimeZone timeZone() const { return m_zone; }
    bool zoneGiven() const { return m_zoneGiven; }

private:
    QList<DeliveryWindow> m_windows;
    QTimeZone m_zone = QTimeZone::systemTimeZone();
    bool m_zoneGiven = false;
};

} // namespace sluice
