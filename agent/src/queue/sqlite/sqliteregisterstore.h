#pragma once

#include "queue/auditlog.h"
#include "queue/registerstore.h"

namespace sluice::agent {

class SqliteDatabase;

class SqliteRegisterStore : public RegisterStore {
public:
    explicit SqliteRegisterStore(SqliteDatabase &db);

    QList<QByteArray> entries() override;
    QHash<QString, QMap<qint64, quint64>> counts(qint64 sinceMinute) override;
    bool save(const QList<std::pair<QString, QByteArray>> &entries, const QList<RegisterCount> &counts,
              qint64 dropBeforeMinute, QString *error) override;

private:
    SqliteDatabase &m_db;
};

class SqliteAuditLog : public AuditLog {
public:
    explicit SqliteAuditLog(SqliteDatabase &db);

    bool append(const QString &token, const QString &method, const QJsonObject &params, const QString &outcome,
                QString *error) override;
    QList<AuditEntry> list(int offset, int limit, qint64 *total) override;

private:
    SqliteDatabase &m_db;
};

} // namespace sluice::agent
