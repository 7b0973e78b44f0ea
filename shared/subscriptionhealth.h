#pragma once

// How a subscription's endpoint has been doing: its attempts per minute, how many succeeded and how
// long they took, and the summary over a window (the last hour). The agent keeps the minutes in its
// store; subscriptions.health and the stats carry them to the console (docs/protocol.md#health).

#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>

#include <array>
#include <optional>

namespace sluice {

namespace protocol::health {
inline const QString Health = QStringLiteral("health"); // in stats and subscriptions.list/get: the summary
inline const QString Subscription = QStringLiteral("subscription");
inline const QString From = QStringLiteral("from"); // ms since the epoch
inline const QString To = QStringLiteral("to");
inline const QString Attempts = QStringLiteral("attempts");
inline const QString Succeeded = QStringLiteral("succeeded");
inline const QString SuccessRate = QStringLiteral("successRate"); // 0..1; absent without attempts
inline const QString P50Ms = QStringLiteral("p50Ms");
inline const QString P95Ms = QStringLiteral("p95Ms");
inline const QString Minutes = QStringLiteral("minutes"); // subscriptions.health only: one per minute with attempts
inline const QString Minute = QStringLiteral("minute");   // the minute's start, ms since the epoch
} // namespace protocol::health

// Attempt durations counted in buckets that grow by about half each, from 1 ms to 60 s and beyond:
// percentiles from them are within a bucket's width (interpolated linearly inside it).
class LatencyBuckets {
public:
    static constexpr std::array<int, 30> kUpperBoundsMs{
        1,   2,   3,    5,    7,    10,   15,   20,   30,    50,    70,    100,   150,   200,   300,
        500, 700, 1000, 1500, 2000, 3000, 5000, 7000, 10000, 15000, 20000, 30000, 45000, 60000, 120000};
    static constexpr std::size_t kBuckets = kUpperBoundsMs.size() + 1; // the last: longer than all

    void add(int durationMs, quint64 times = 1);
    void merge(const LatencyBuckets &other);
    quint64 count() const;
    // The duration below which q (0..1) of the attempts took; none without attempts.
    std::optional<double> percentile(double q) const;

    // "count,count,..." (trailing zeros left out), for the store.
    QString toText() const;
    static std::optional<LatencyBuckets> fromText(const QString &text);
    bool operator==(const LatencyBuckets &other) const { return m_counts == other.m_counts; }

private:
    std::array<quint64, kBuckets> m_counts{};
};

// One minute of one subscription's attempts.
struct HealthMinute {
    qint64 minute = 0; // its start, ms since the epoch
    quint64 attempts = 0;
    quint64 succeeded = 0;
    LatencyBuckets latency;

    static qint64 minuteOf(qint64 atMs) { return atMs - atMs % 60'000; }
    void add(int durationMs, bool success);
    void merge(const HealthMinute &other);
};

// A subscription's health over a window: success rate, median and 95th percentile of how long an
// attempt took, and (when asked for) the same per minute.
struct SubscriptionHealth {
    struct Point {
        qint64 minute = 0;
        quint64 attempts = 0;
        quint64 succeeded = 0;
        std::optional<double> p50Ms;
        std::optional<double> p95Ms;
    };
    QString subscription;
    qint64 from = 0;
    qint64 to = 0;
    quint64 attempts = 0;
    quint64 succeeded = 0;
    std::optional<double> p50Ms;
    std::optional<double> p95Ms;
    QList<Point> minutes; // oldest first, only minutes with attempts

    std::optional<double> successRate() const;
    // From the minutes in [from, to) (several agents' rows of one minute add up).
    static SubscriptionHealth of(const QString &subscription, const QList<HealthMinute> &minutes, qint64 from,
                                 qint64 to, bool perMinute);
    QJsonObject toJson() const;
    static SubscriptionHealth fromJson(const QJsonObject &json);
};

} // namespace sluice

Q_DECLARE_METATYPE(sluice::SubscriptionHealth)
