#include "queue/storecopy.h"

#include "queue/postgresql/postgresdatabase.h"
#include "queue/sqlite/sqlitedatabase.h"

#include <QFileInfo>
#include <QSqlField>
#include <QSqlRecord>
#include <QVariant>

using namespace Qt::Literals::StringLiterals;

namespace sluice::agent {

namespace {

// In an order that satisfies the foreign keys; the tables with an id sequence to move on after.
const QStringList kTables = {u"events"_s,           u"deliveries"_s,         u"attempts"_s, u"quarantine"_s,
                             u"subscriptions"_s,    u"subscription_state"_s, u"secrets"_s,  u"latest"_s,
                             u"register_entries"_s, u"register_counts"_s,    u"audit"_s,    u"consumers"_s,
                             u"poll_state"_s};
const QStringList kSequences = {u"events"_s, u"deliveries"_s, u"attempts"_s, u"quarantine"_s, u"secrets"_s, u"audit"_s};

bool copyTable(SqlDatabase &from, SqlDatabase &to, const QString &table, qint64 *rows, QString *error)
{
    const QSqlRecord record = from.connection().record(table);
    QStringList columns;
    for (int i = 0; i < record.count(); ++i)
        columns.append(record.fieldName(i));
    if (columns.isEmpty()) {
        *error = u"the store has no table %1"_s.arg(table);
        return false;
    }
    // Names from the schema, never from input.
    QSqlQuery select = from.query(u"SELECT %1 FROM %2"_s.arg(columns.join(u", "_s), table));
    if (!from.exec(select, error))
        return false;
    QStringList marks(columns.size(), u"?"_s);
    QSqlQuery &insert =
        to.statement(u"INSERT INTO %1 (%2) VALUES (%3)"_s.arg(table, columns.join(u", "_s), marks.join(u","_s)));
    *rows = 0;
    while (select.next()) {
        for (int i = 0; i < columns.size(); ++i)
            insert.addBindValue(select.value(i));
        if (!to.exec(insert, error))
            return false;
        ++*rows;
    }
    return true;
}

} // namespace

std::optional<QList<std::pair<QString, qint64>>> copySqliteToPostgres(const QString &sqlitePath,
                                                                      const PostgresConfig &target, QString *error)
{
    if (!QFileInfo(sqlitePath).isFile()) {
        *error = u"there is no store \"%1\""_s.arg(sqlitePath);
        return std::nullopt;
    }
    SqliteDatabase from(u"copy-from"_s);
    PostgresDatabase to(u"copy-to"_s);
    if (!from.open(sqlitePath, true, error) || !to.open(target, error))
        return std::nullopt;
    qint64 present = 0;
    for (const QString &table : kTables)
        present += to.scalar(u"SELECT COUNT(*) FROM %1"_s.arg(table));
    if (present > 0) {
        *error = u"%1 already holds %2 rows; copy into an empty database"_s.arg(to.location()).arg(present);
        return std::nullopt;
    }
    QList<std::pair<QString, qint64>> counts;
    Transaction transaction(to, error);
    if (!transaction.ok())
        return std::nullopt;
    for (const QString &table : kTables) {
        qint64 rows = 0;
        if (!copyTable(from, to, table, &rows, error))
            return std::nullopt;
        counts.append({table, rows});
    }
    for (const QString &table : kSequences) {
        if (!to.run(u"SELECT setval(pg_get_serial_sequence('%1', 'id'), COALESCE((SELECT MAX(id) FROM %1), 0) + 1,"
                    u" false)"_s.arg(table),
                    error))
            return std::nullopt;
    }
    if (!transaction.commit(error))
        return std::nullopt;
    return counts;
}

} // namespace sluice::agent
