#pragma once

#include "queue/consumerstore.h"

#include <QSqlQuery>

namespace sluice::agent {

class SqlDatabase;

class SqlConsumerStore : public ConsumerStore {
public:
    explicit SqlConsumerStore(SqlDatabase &db);

    QList<Consumer> consumers(QString *error) override;
    std::optional<Consumer> find(const QString &name, QString *error) override;
    std::optional<Consumer> byTokenHash(const QByteArray &hash, QString *error) override;
    bool create(const Consumer &consumer, const QByteArray &tokenHash, QString *error) override;
    bool update(const Consumer &consumer, QString *error) override;
    bool replaceToken(const QString &name, const QByteArray &tokenHash, qint64 at, QString *error) override;
    bool revoke(const QString &name, qint64 at, QString *error) override;
    bool remove(const QString &name, QString *error) override;
    void markUsed(const QString &name, qint64 at) override;

private:
    std::optional<Consumer> one(const QString &where, const QString &value, QString *error);
    bool changeOne(QSqlQuery &query, const QString &name, QString *error);

    SqlDatabase &m_db;
};

} // namespace sluice::agent
