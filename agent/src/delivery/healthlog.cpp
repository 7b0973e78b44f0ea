#include "delivery/healthlog.h"

#include "queue/store.h"

#include <QDateTime>
#include <QLoggingCategory>

using namespace Qt::Literals::StringLiterals;

Q_DECLARE_LOGGING_CATEGORY(lcDelivery)

namespace sluice::agent {

HealthLog::HealthLog(Store *store, QObject *parent)
    : QObject(parent)
    , m_store(store)
    // Rows of an earlier run in this process (a restart in place) are that run's, not this one's.
    , m_agent(u"%1/%2"_s.arg(store->owner()).arg(QDateTime::currentMSecsSinceEpoch()))
{
    m_timer.setInterval(10'000);
    connect(&m_timer, &QTimer::timeout, this, &HealthLog::save);
    m_timer.start();
    save(); // the hour before this start, from the store
}

HealthLog::~HealthLog() = default;

void HealthLog::close()
{
    if (!m_store)
        return;
    save();
    m_timer.stop();
    m_store = nullptr;
}

void HealthLog::add(const QString &subscription, qint64 at, int durationMs, bool success)
{
    const qint64 minute = HealthMinute::minuteOf(at);
    HealthMinute &slot = m_own[subscription][minute];
    slot.minute = minute;
    slot.add(durationMs, success);
    m_changed.insert({subscription, minute});
}

void HealthLog::save()
{
    if (!m_store)
        return;
    const qint64 from = HealthMinute::minuteOf(QDateTime::currentMSecsSinceEpoch() - kWindowMs);
    QList<HealthRow> rows;
    rows.reserve(m_changed.size());
    for (const auto &[subscription, minute] : std::as_const(m_changed))
        rows.append({subscription, m_agent, m_own.value(subscription).value(minute)});
    QString error;
    if (!m_store->health().save(rows, from, &error)) {
        qCWarning(lcDelivery).noquote() << "cannot keep the subscriptions' health, will retry:" << error;
        return;
    }
    m_changed.clear();
    for (auto it = m_own.begin(); it != m_own.end();) {
        QMap<qint64, HealthMinute> &minutes = it.value();
        minutes.erase(minutes.begin(), minutes.lowerBound(from));
        it = minutes.isEmpty() ? m_own.erase(it) : std::next(it);
    }
    const QList<HealthRow> stored = m_store->health().since(from, &error);
    if (!error.isEmpty()) {
        qCWarning(lcDelivery).noquote() << "cannot read the other agents' health, will retry:" << error;
        return; // what was read last time stays
    }
    m_others.clear();
    for (const HealthRow &row : stored) {
        if (row.agent != m_agent)
            m_others[row.subscription].append(row.minute);
    }
}

// The window: the 59 whole minutes before this one, and this one so far.
std::pair<qint64, qint64> HealthLog::window(qint64 now)
{
    const qint64 current = HealthMinute::minuteOf(now);
    return {current - kWindowMs + 60'000, current + 60'000};
}

QList<HealthMinute> HealthLog::minutesOf(const QString &subscription, qint64 from) const
{
    QList<HealthMinute> minutes = m_others.value(subscription);
    for (const HealthMinute &m : m_own.value(subscription)) {
        if (m.minute >= from)
            minutes.append(m);
    }
    return minutes;
}

QHash<QString, SubscriptionHealth> HealthLog::summaries(qint64 now) const
{
    const auto [from, to] = window(now);
    QSet<QString> names;
    for (auto it = m_own.cbegin(); it != m_own.cend(); ++it)
        names.insert(it.key());
    for (auto it = m_others.cbegin(); it != m_others.cend(); ++it)
        names.insert(it.key());
    QHash<QString, SubscriptionHealth> all;
    for (const QString &name : std::as_const(names)) {
        SubscriptionHealth health = SubscriptionHealth::of(name, minutesOf(name, from), from, to, false);
        if (health.attempts > 0)
            all.insert(name, health);
    }
    return all;
}

SubscriptionHealth HealthLog::of(const QString &subscription, qint64 now) const
{
    const auto [from, to] = window(now);
    return SubscriptionHealth::of(subscription, minutesOf(subscription, from), from, to, true);
}

} // namespace sluice::agent
