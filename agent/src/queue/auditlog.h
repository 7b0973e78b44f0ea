#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>

namespace sluice::agent {

struct AuditEntry {
    qint64 at = 0;
    QString token; // the token's name, never its secret
    QString method;
    QJsonObject params;
    QString outcome;
};

// Who changed what through the admin API.
class AuditLog {
public:
    virtual ~AuditLog() = default;

    virtual bool append(const QString &token, const QString &method, const QJsonObject &params, const QString &outcome,
                        QString *error = nullptr) = 0;
    // Newest first, and how many there are in all.
    virtual QList<AuditEntry> list(int offset, int limit, qint64 *total) = 0;
};

} // namespace sluice::agent
