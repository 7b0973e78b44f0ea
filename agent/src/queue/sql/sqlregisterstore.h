#pragma once

#include "queue/auditlog.h"
#include "queue/registerstore.h"

namespace sluice::agent {

class SqlDatabase;

class SqlRegisterStore : public RegisterStore {
public:
    explicit SqlRegisterStore(SqlDatabase &db);

    QList<QByteArray> entries() override;
    std::optional<QByteArray> entry(const QString &type) override;
    QHash<QString, QMap<qint64, quint64>> counts(qint64 sinceMinute) override;
    bool save(const QList<std::pair<QString, QByteArray>> &entries, const QList<RegisterCount> &counts,
              qint64 dropBeforeMinute, QString *error) override;

private:
    SqlDatabase &m_db;
};

class SqlAuditLog : public AuditLog {
public:
    explicit SqlAuditLog(SqlDatabase &db);

    bool append(const QString &token, const QString &method, const QJsonObject &params, const QString &outcome,
                QString *error) override;
    QList<AuditEntry> list(int offset, int limit, qint64 *total) override;

private:
    SqlDatabase &m_db;
};

} // namespace sluice::agent
