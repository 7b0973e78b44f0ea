#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace sluice::agent {

// A consumer of the Subscriptions API: who it is and what it may subscribe to. Its token is kept
// only as a SHA-256 hash; the token itself is shown once, when made or rotated.
struct Consumer {
    QString name;
    QStringList allowedTypes; // type names and prefixes ("be.digipolis.wcm.*"); empty: every exposed type
    int maxSubscriptions = 0; // 0: the agent's default (consumers.maxSubscriptions)
    qint64 createdAt = 0;
    qint64 tokenAt = 0;   // the current token was made then
    qint64 revokedAt = 0; // 0: the token works
    qint64 usedAt = 0;    // the token's last use, to the minute

    bool revoked() const { return revokedAt != 0; }
};

class ConsumerStore {
public:
    virtual ~ConsumerStore() = default;

    virtual QList<Consumer> consumers(QString *error = nullptr) = 0;
    virtual std::optional<Consumer> find(const QString &name, QString *error = nullptr) = 0;
    // The consumer whose token has this hash, if it is not revoked.
    virtual std::optional<Consumer> byTokenHash(const QByteArray &hash, QString *error = nullptr) = 0;
    virtual bool create(const Consumer &consumer, const QByteArray &tokenHash, QString *error) = 0;
    virtual bool update(const Consumer &consumer, QString *error) = 0; // allowed types and limit
    // A new token; the old one stops working at once, and a revoked consumer works again.
    virtual bool replaceToken(const QString &name, const QByteArray &tokenHash, qint64 at, QString *error) = 0;
    virtual bool revoke(const QString &name, qint64 at, QString *error) = 0;
    virtual bool remove(const QString &name, QString *error) = 0;
    virtual void markUsed(const QString &name, qint64 at) = 0;
};

} // namespace sluice::agent
