#pragma once

#include "queue/healthstore.h"

namespace sluice::agent {

class SqlDatabase;

class SqlHealthStore : public HealthStore {
public:
    explicit SqlHealthStore(SqlDatabase &db);

    bool save(const QList<HealthRow> &rows, qint64 dropBefore, QString *error) override;
    QList<HealthRow> since(qint64 minute, QString *error) override;

private:
    SqlDatabase &m_db;
};

} // namespace sluice::agent
