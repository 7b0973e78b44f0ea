#pragma once

#include "queue/healthstore.h"
#include "subscriptionhealth.h"

#include <QHash>
#include <QMap>
#include <QObject>
#include <QSet>
#include <QTimer>

namespace sluice::agent {

class Store;

// How each subscription's attempts went, per minute, over the last hour (shared/subscriptionhealth.h):
// this agent's attempts as they are recorded, kept in the store every few seconds, so that a
// restart and the other agents sharing the store see the same hour. Lives on the main thread.
class HealthLog : public QObject {
    Q_OBJECT

public:
    static constexpr qint64 kWindowMs = 3'600'000;

    explicit HealthLog(Store *store, QObject *parent = nullptr);
    ~HealthLog() override;

    void add(const QString &subscription, qint64 at, int durationMs, bool success);
    // The last hour's summary of every subscription with attempts in it.
    QHash<QString, SubscriptionHealth> summaries(qint64 now) const;
    // The last hour of one subscription, with a point per minute.
    SubscriptionHealth of(const QString &subscription, qint64 now) const;
    // Writes this agent's changed minutes and reads the other agents' (every 10 s).
    void save();
    // Saves a last time and lets go of the store (which may close now); what is known stays readable.
    void close();

private:
    QList<HealthMinute> minutesOf(const QString &subscription, qint64 from) const;
    static std::pair<qint64, qint64> window(qint64 now); // [from, to) in ms since the epoch

    Store *m_store;
    QString m_agent;
    QHash<QString, QMap<qint64, HealthMinute>> m_own; // by subscription, by minute
    QSet<std::pair<QString, qint64>> m_changed;       // (subscription, minute) not yet saved
    QHash<QString, QList<HealthMinute>> m_others;     // rows of other agents, and of this one's earlier runs
    QTimer m_timer;
};

} // namespace sluice::agent
