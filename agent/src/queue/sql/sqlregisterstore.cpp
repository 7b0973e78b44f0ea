// The event register's tables and the audit log in SQLite: small, written now and then.
#include "queue/sql/sqlregisterstore.h"

#include "queue/sql/sqldatabase.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QVariant>

#include <algorithm>
#include <tuple>

using namespace Qt::Literals::StringLiterals;

namespace sluice::agent {

SqlRegisterStore::SqlRegisterStore(SqlDatabase &db)
    : m_db(db)
{
}

QList<QByteArray> SqlRegisterStore::entries()
{
    QList<QByteArray> entries;
    QSqlQuery query = m_db.query(u"SELECT entry FROM register_entries ORDER BY type"_s);
    if (!m_db.exec(query, nullptr))
        return entries;
    while (query.next())
        entries.append(query.value(0).toByteArray());
    return entries;
}

std::optional<QByteArray> SqlRegisterStore::entry(const QString &type)
{
    QSqlQuery &query = m_db.statement(u"SELECT entry FROM register_entries WHERE type = ?"_s);
    query.addBindValue(type);
    std::optional<QByteArray> found;
    if (m_db.exec(query, nullptr) && query.next())
        found = query.value(0).toByteArray();
    query.finish();
    return found;
}

QHash<QString, QMap<qint64, quint64>> SqlRegisterStore::counts(qint64 sinceMinute)
{
    QHash<QString, QMap<qint64, quint64>> counts;
    QSqlQuery query = m_db.query(u"SELECT type, minute, count FROM register_counts WHERE minute >= ?"_s);
    query.addBindValue(sinceMinute);
    if (!m_db.exec(query, nullptr))
        return counts;
    while (query.next())
        counts[query.value(0).toString()].insert(query.value(1).toLongLong(), query.value(2).toULongLong());
    return counts;
}

bool SqlRegisterStore::save(const QList<std::pair<QString, QByteArray>> &entries, const QList<RegisterCount> &counts,
                            qint64 dropBeforeMinute, QString *error)
{
    Transaction transaction(m_db, error);
    if (!transaction.ok())
        return false;
    QSqlQuery &saveEntry = m_db.statement(u"INSERT INTO register_entries (type, entry, updated_at) VALUES (?,?,?)"
                                          u" ON CONFLICT (type) DO UPDATE SET entry = excluded.entry,"
                                          u" updated_at = excluded.updated_at"_s);
    const qint64 at = QDateTime::currentMSecsSinceEpoch();
    // Rows in one order (by key) in every agent sharing the store: two agents saving at once then
    // wait for each other instead of deadlocking.
    QList<std::pair<QString, QByteArray>> sortedEntries = entries;
    std::sort(sortedEntries.begin(), sortedEntries.end(),
              [](const auto &a, const auto &b) { return a.first < b.first; });
    for (const auto &[type, entry] : std::as_const(sortedEntries)) {
        saveEntry.addBindValue(type);
        saveEntry.addBindValue(QString::fromUtf8(entry));
        saveEntry.addBindValue(at);
        if (!m_db.exec(saveEntry, error) || !m_db.notify(SqlDatabase::kRegisterChannel, type, error))
            return false;
    }
    QSqlQuery &saveCount = m_db.statement(u"INSERT INTO register_counts (type, minute, count) VALUES (?,?,?)"
                                          u" ON CONFLICT (type, minute) DO UPDATE SET count = excluded.count"_s);
    QList<RegisterCount> sortedCounts = counts;
    std::sort(sortedCounts.begin(), sortedCounts.end(), [](const RegisterCount &a, const RegisterCount &b) {
        return std::tie(a.type, a.minute) < std::tie(b.type, b.minute);
    });
    for (const RegisterCount &c : std::as_const(sortedCounts)) {
        saveCount.addBindValue(c.type);
        saveCount.addBindValue(c.minute);
        saveCount.addBindValue(qint64(c.count));
        if (!m_db.exec(saveCount, error))
            return false;
    }
    QSqlQuery &drop = m_db.statement(u"DELETE FROM register_counts WHERE minute < ?"_s);
    drop.addBindValue(dropBeforeMinute);
    return m_db.exec(drop, error) && transaction.commit(error);
}

SqlAuditLog::SqlAuditLog(SqlDatabase &db)
    : m_db(db)
{
}

bool SqlAuditLog::append(const QString &token, const QString &method, const QJsonObject &params, const QString &outcome,
                         QString *error)
{
    Transaction transaction(m_db, error);
    if (!transaction.ok())
        return false;
    QSqlQuery &insert =
        m_db.statement(u"INSERT INTO audit (at, token, method, params, outcome) VALUES (?, ?, ?, ?, ?)"_s);
    insert.addBindValue(QDateTime::currentMSecsSinceEpoch());
    insert.addBindValue(token);
    insert.addBindValue(method);
    insert.addBindValue(QString::fromUtf8(QJsonDocument(params).toJson(QJsonDocument::Compact)));
    insert.addBindValue(outcome);
    return m_db.exec(insert, error) && transaction.commit(error);
}

QList<AuditEntry> SqlAuditLog::list(int offset, int limit, qint64 *total)
{
    QList<AuditEntry> out;
    if (total)
        *total = m_db.scalar(u"SELECT COUNT(*) FROM audit"_s);
    QSqlQuery query =
        m_db.query(u"SELECT at, token, method, params, outcome FROM audit ORDER BY id DESC LIMIT ? OFFSET ?"_s);
    query.addBindValue(limit);
    query.addBindValue(offset);
    if (!m_db.exec(query, nullptr))
        return out;
    while (query.next()) {
        out.append({query.value(0).toLongLong(), query.value(1).toString(), query.value(2).toString(),
                    QJsonDocument::fromJson(query.value(3).toByteArray()).object(), query.value(4).toString()});
    }
    return out;
}

} // namespace sluice::agent
