#pragma once

#include "subscriptionhealth.h"

#include <QList>
#include <QString>

namespace sluice::agent {

struct HealthRow {
    QString subscription;
    QString agent; // who made the attempts (Store::owner())
    HealthMinute minute;
};

// Each agent's attempts per subscription and minute (shared/subscriptionhealth.h): agents sharing
// the store each write their own rows, and reading adds them up.
class HealthStore {
public:
    virtual ~HealthStore() = default;

    // Replaces the rows' agent's rows for those minutes, and removes every row older than dropBefore.
    virtual bool save(const QList<HealthRow> &rows, qint64 dropBefore, QString *error) = 0;
    // Every agent's rows from that minute on.
    virtual QList<HealthRow> since(qint64 minute, QString *error) = 0;
};

} // namespace sluice::agent
