#pragma once

#include "config.h"

#include <QList>
#include <QString>

#include <utility>

namespace sluice::agent {

// Copies an embedded store (a SQLite file) into an empty PostgreSQL database, row for row with
// their ids, in one transaction: everything or nothing. The file is first brought to the current
// schema, as an agent starting on it would. Returns how many rows each table had.
std::optional<QList<std::pair<QString, qint64>>> copySqliteToPostgres(const QString &sqlitePath,
                                                                      const PostgresConfig &target, QString *error);

} // namespace sluice::agent
