#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QMap>
#include <QString>

#include <optional>

namespace sluice::agent {

struct RegisterCount {
    QString type;
    qint64 minute = 0;
    quint64 count = 0;
};

// The event register's tables: one JSON document per type (RegisterEntry::toJson), and how many
// events of each type were seen per minute.
class RegisterStore {
public:
    virtual ~RegisterStore() = default;

    virtual QList<QByteArray> entries() = 0;
    virtual std::optional<QByteArray> entry(const QString &type) = 0;
    virtual QHash<QString, QMap<qint64, quint64>> counts(qint64 sinceMinute) = 0;
    virtual bool save(const QList<std::pair<QString, QByteArray>> &entries, const QList<RegisterCount> &counts,
                      qint64 dropBeforeMinute, QString *error) = 0;
};

} // namespace sluice::agent
