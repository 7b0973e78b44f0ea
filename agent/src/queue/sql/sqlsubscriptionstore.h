#pragma once

#include "queue/subscriptionstore.h"

namespace sluice::agent {

class SqlDatabase;

class SqlSubscriptionStore : public SubscriptionStore {
public:
    explicit SqlSubscriptionStore(SqlDatabase &db);

    QList<StoredSubscription> definitions() override;
    bool saveDefinition(const QString &name, const QJsonObject &definition, const QString &origin,
                        QString *error) override;
    bool deleteDefinition(const QString &name, QString *error) override;
    QHash<QString, SubscriptionState> states() override;
    bool saveState(const SubscriptionState &state, QString *error) override;
    bool remove(const QString &name, const QString &deadLetterReason, QString *error) override;
    QStringList activeSecrets(const QString &subscription, qint64 now) override;
    bool addSecret(const QString &subscription, const QString &secret, bool revealed, QString *error) override;
    std::optional<QString> rotateSecret(const QString &subscription, qint64 overlapMs, QString *error) override;
    std::optional<QString> revealSecret(const QString &subscription) override;
    QList<LatestItem> latestEvents(QString *error) override;

private:
    bool changed(const QString &name, QString *error);

    SqlDatabase &m_db;
};

} // namespace sluice::agent
