#include "subscriptionhealth.h"

#include <QJsonArray>
#include <QMap>

#include <algorithm>
#include <cmath>

using namespace Qt::Literals::StringLiterals;

namespace sluice {

void LatencyBuckets::add(int durationMs, quint64 times)
{
    const auto bound = std::lower_bound(kUpperBoundsMs.begin(), kUpperBoundsMs.end(), std::max(durationMs, 0));
    m_counts[std::size_t(bound - kUpperBoundsMs.begin())] += times;
}

void LatencyBuckets::merge(const LatencyBuckets &other)
{
    for (std::size_t i = 0; i < kBuckets; ++i)
        m_counts[i] += other.m_counts[i];
}

quint64 LatencyBuckets::count() const
{
    quint64 total = 0;
    for (const quint64 c : m_counts)
        total += c;
    return total;
}

std::optional<double> LatencyBuckets::percentile(double q) const
{
    const quint64 total = count();
    if (total == 0)
        return std::nullopt;
    const double rank = std::clamp(q, 0.0, 1.0) * double(total);
    quint64 below = 0;
    for (std::size_t i = 0; i < kBuckets; ++i) {
        if (m_counts[i] == 0)
            continue;
        const double lower = i == 0 ? 0.0 : kUpperBoundsMs[i - 1];
        if (i == kUpperBoundsMs.size())
            return lower; // longer than every bound: said as the last bound
        if (double(below + m_counts[i]) >= rank) {
            const double upper = kUpperBoundsMs[i];
            return lower + (upper - lower) * std::max(0.0, rank - double(below)) / double(m_counts[i]);
        }
        below += m_counts[i];
    }
    return double(kUpperBoundsMs.back());
}

QString LatencyBuckets::toText() const
{
    std::size_t used = kBuckets;
    while (used > 0 && m_counts[used - 1] == 0)
        --used;
    QStringList parts;
    for (std::size_t i = 0; i < used; ++i)
        parts.append(QString::number(m_counts[i]));
    return parts.join(u',');
}

std::optional<LatencyBuckets> LatencyBuckets::fromText(const QString &text)
{
    LatencyBuckets buckets;
    if (text.isEmpty())
        return buckets;
    const QStringList parts = text.split(u',');
    if (std::size_t(parts.size()) > kBuckets)
        return std::nullopt;
    for (qsizetype i = 0; i < parts.size(); ++i) {
        bool ok = false;
        buckets.m_counts[std::size_t(i)] = parts.at(i).toULongLong(&ok);
        if (!ok)
            return std::nullopt;
    }
    return buckets;
}

void HealthMinute::add(int durationMs, bool success)
{
    ++attempts;
    if (success)
        ++succeeded;
    latency.add(durationMs);
}

void HealthMinute::merge(const HealthMinute &other)
{
    attempts += other.attempts;
    succeeded += other.succeeded;
    latency.merge(other.latency);
}

std::optional<double> SubscriptionHealth::successRate() const
{
    if (attempts == 0)
        return std::nullopt;
    return double(succeeded) / double(attempts);
}

SubscriptionHealth SubscriptionHealth::of(const QString &subscription, const QList<HealthMinute> &minutes, qint64 from,
                                          qint64 to, bool perMinute)
{
    SubscriptionHealth health;
    health.subscription = subscription;
    health.from = from;
    health.to = to;
    QMap<qint64, HealthMinute> byMinute;
    HealthMinute all;
    for (const HealthMinute &m : minutes) {
        if (m.minute < from || m.minute >= to)
            continue;
        all.merge(m);
        if (perMinute) {
            HealthMinute &slot = byMinute[m.minute];
            slot.minute = m.minute;
            slot.merge(m);
        }
    }
    health.attempts = all.attempts;
    health.succeeded = all.succeeded;
    health.p50Ms = all.latency.percentile(0.5);
    health.p95Ms = all.latency.percentile(0.95);
    for (const HealthMinute &m : std::as_const(byMinute)) {
        if (m.attempts > 0)
            health.minutes.append(
                {m.minute, m.attempts, m.succeeded, m.latency.percentile(0.5), m.latency.percentile(0.95)});
    }
    return health;
}

namespace {

void insertOptional(QJsonObject &json, const QString &key, const std::optional<double> &value)
{
    if (value)
        json.insert(key, std::round(*value * 10) / 10); // a tenth of a millisecond is plenty
}

std::optional<double> optionalOf(const QJsonObject &json, const QString &key)
{
    const QJsonValue value = json.value(key);
    return value.isDouble() ? std::optional(value.toDouble()) : std::nullopt;
}

} // namespace

QJsonObject SubscriptionHealth::toJson() const
{
    using namespace protocol::health;
    QJsonObject json{{Subscription, subscription},
                     {From, from},
                     {To, to},
                     {Attempts, qint64(attempts)},
                     {Succeeded, qint64(succeeded)}};
    if (const auto rate = successRate())
        json.insert(SuccessRate, *rate);
    insertOptional(json, P50Ms, p50Ms);
    insertOptional(json, P95Ms, p95Ms);
    if (!minutes.isEmpty()) {
        QJsonArray points;
        for (const Point &p : minutes) {
            QJsonObject point{{Minute, p.minute}, {Attempts, qint64(p.attempts)}, {Succeeded, qint64(p.succeeded)}};
            insertOptional(point, P50Ms, p.p50Ms);
            insertOptional(point, P95Ms, p.p95Ms);
            points.append(point);
        }
        json.insert(Minutes, points);
    }
    return json;
}

SubscriptionHealth SubscriptionHealth::fromJson(const QJsonObject &json)
{
    using namespace protocol::health;
    SubscriptionHealth health;
    health.subscription = json.value(Subscription).toString();
    health.from = json.value(From).toInteger();
    health.to = json.value(To).toInteger();
    health.attempts = quint64(std::max<qint64>(0, json.value(Attempts).toInteger()));
    health.succeeded = quint64(std::max<qint64>(0, json.value(Succeeded).toInteger()));
    health.p50Ms = optionalOf(json, P50Ms);
    health.p95Ms = optionalOf(json, P95Ms);
    for (const QJsonValue &value : json.value(Minutes).toArray()) {
        const QJsonObject p = value.toObject();
        health.minutes.append({p.value(Minute).toInteger(), quint64(std::max<qint64>(0, p.value(Attempts).toInteger())),
                               quint64(std::max<qint64>(0, p.value(Succeeded).toInteger())), optionalOf(p, P50Ms),
                               optionalOf(p, P95Ms)});
    }
    return health;
}

} // namespace sluice
