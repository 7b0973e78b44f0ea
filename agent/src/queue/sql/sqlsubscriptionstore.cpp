#include "queue/sql/sqlsubscriptionstore.h"

#include "deliverystatus.h"

#include "queue/sql/sqldatabase.h"
#include "webhooksignature.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QVariant>

using namespace Qt::Literals::StringLiterals;

namespace sluice::agent {

namespace {

qint64 now()
{
    return QDateTime::currentMSecsSinceEpoch();
}

} // namespace

SqlSubscriptionStore::SqlSubscriptionStore(SqlDatabase &db)
    : m_db(db)
{
}

// Other agents sharing the store look again at once, instead of at their next regular look.
bool SqlSubscriptionStore::changed(const QString &name, QString *error)
{
    return m_db.notify(SqlDatabase::kSubscriptionsChannel, name, error);
}

QList<StoredSubscription> SqlSubscriptionStore::definitions()
{
    QList<StoredSubscription> list;
    QSqlQuery query = m_db.query(u"SELECT definition, origin FROM subscriptions ORDER BY created_at, name"_s);
    if (!m_db.exec(query, nullptr))
        return list;
    while (query.next())
        list.append({QJsonDocument::fromJson(query.value(0).toByteArray()).object(), query.value(1).toString()});
    return list;
}

bool SqlSubscriptionStore::saveDefinition(const QString &name, const QJsonObject &definition, const QString &origin,
                                          QString *error)
{
    Transaction transaction(m_db, error);
    if (!transaction.ok())
        return false;
    QSqlQuery &save = m_db.statement(u"INSERT INTO subscriptions (name, definition, origin, created_at, updated_at)"
                                     u" VALUES (?, ?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET"
                                     u" definition = excluded.definition, origin = excluded.origin,"
                                     u" updated_at = excluded.updated_at"_s);
    const qint64 at = now();
    save.addBindValue(name);
    save.addBindValue(QString::fromUtf8(QJsonDocument(definition).toJson(QJsonDocument::Compact)));
    save.addBindValue(origin);
    save.addBindValue(at);
    save.addBindValue(at);
    return m_db.exec(save, error) && changed(name, error) && transaction.commit(error);
}

bool SqlSubscriptionStore::deleteDefinition(const QString &name, QString *error)
{
    Transaction transaction(m_db, error);
    if (!transaction.ok())
        return false;
    QSqlQuery &remove = m_db.statement(u"DELETE FROM subscriptions WHERE name = ?"_s);
    remove.addBindValue(name);
    return m_db.exec(remove, error) && changed(name, error) && transaction.commit(error);
}

QHash<QString, SubscriptionState> SqlSubscriptionStore::states()
{
    QHash<QString, SubscriptionState> states;
    QSqlQuery query =
        m_db.query(u"SELECT name, state, reason, validated_endpoint, allowed_rate FROM subscription_state"_s);
    if (!m_db.exec(query, nullptr))
        return states;
    while (query.next()) {
        states.insert(query.value(0).toString(),
                      {query.value(0).toString(), endpointStateFromName(query.value(1).toString()),
                       query.value(2).toString(), query.value(3).toString(), query.value(4).toDouble()});
    }
    return states;
}

bool SqlSubscriptionStore::saveState(const SubscriptionState &state, QString *error)
{
    Transaction transaction(m_db, error);
    if (!transaction.ok())
        return false;
    QSqlQuery &query = m_db.statement(
        u"INSERT INTO subscription_state (name, state, reason, validated_endpoint, allowed_rate, updated_at)"
        u" VALUES (?,?,?,?,?,?) ON CONFLICT (name) DO UPDATE SET state = excluded.state, reason = excluded.reason,"
        u" validated_endpoint = excluded.validated_endpoint, allowed_rate = excluded.allowed_rate,"
        u" updated_at = excluded.updated_at"_s);
    query.addBindValue(state.name);
    query.addBindValue(endpointStateName(state.state));
    query.addBindValue(state.reason.isEmpty() ? QVariant() : QVariant(state.reason));
    query.addBindValue(state.validatedEndpoint.isEmpty() ? QVariant() : QVariant(state.validatedEndpoint));
    query.addBindValue(state.allowedRate);
    query.addBindValue(now());
    return m_db.exec(query, error) && changed(state.name, error) && transaction.commit(error);
}

bool SqlSubscriptionStore::remove(const QString &name, const QString &deadLetterReason, QString *error)
{
    Transaction transaction(m_db, error);
    if (!transaction.ok())
        return false;
    const QStringList statements = {
        u"DELETE FROM subscription_state WHERE name = ?"_s,
        u"DELETE FROM secrets WHERE subscription = ?"_s,
        u"UPDATE deliveries SET state = 'dead', last_error = ?, last_reason = ?, updated_at = ?"
        u" WHERE subscription = ? AND state IN ('pending', 'sending')"_s,
    };
    for (const QString &sql : statements) {
        QSqlQuery query = m_db.query(sql);
        if (sql.startsWith(u"UPDATE")) {
            query.addBindValue(deadLetterReason);
            query.addBindValue(reason::SubscriptionDeleted);
            query.addBindValue(now());
        }
        query.addBindValue(name);
        if (!m_db.exec(query, error))
            return false;
    }
    return changed(name, error) && transaction.commit(error);
}

QStringList SqlSubscriptionStore::activeSecrets(const QString &subscription, qint64 at)
{
    QStringList secrets;
    QSqlQuery &query = m_db.statement(u"SELECT secret FROM secrets WHERE subscription = ?"
                                      u" AND (expires_at IS NULL OR expires_at > ?) ORDER BY id DESC"_s);
    query.addBindValue(subscription);
    query.addBindValue(at);
    if (m_db.exec(query, nullptr)) {
        while (query.next())
            secrets.append(query.value(0).toString());
    }
    query.finish();
    return secrets;
}

bool SqlSubscriptionStore::addSecret(const QString &subscription, const QString &secret, bool revealed, QString *error)
{
    Transaction transaction(m_db, error);
    if (!transaction.ok())
        return false;
    QSqlQuery query =
        m_db.query(u"INSERT INTO secrets (subscription, secret, created_at, revealed) VALUES (?,?,?,?)"_s);
    query.addBindValue(subscription);
    query.addBindValue(secret);
    query.addBindValue(now());
    query.addBindValue(revealed ? 1 : 0);
    return m_db.exec(query, error) && changed(subscription, error) && transaction.commit(error);
}

std::optional<QString> SqlSubscriptionStore::rotateSecret(const QString &subscription, qint64 overlapMs, QString *error)
{
    const qint64 at = now();
    const QString secret = webhooks::generateSecret();
    Transaction transaction(m_db, error);
    if (!transaction.ok())
        return std::nullopt;
    QSqlQuery expire = m_db.query(u"UPDATE secrets SET expires_at = ? WHERE subscription = ?"
                                  u" AND (expires_at IS NULL OR expires_at > ?)"_s);
    expire.addBindValue(at + overlapMs);
    expire.addBindValue(subscription);
    expire.addBindValue(at + overlapMs);
    QSqlQuery insert =
        m_db.query(u"INSERT INTO secrets (subscription, secret, created_at, revealed) VALUES (?,?,?,1)"_s);
    insert.addBindValue(subscription);
    insert.addBindValue(secret);
    insert.addBindValue(at);
    if (!m_db.exec(expire, error) || !m_db.exec(insert, error) || !changed(subscription, error) ||
        !transaction.commit(error))
        return std::nullopt;
    return secret;
}

std::optional<QString> SqlSubscriptionStore::revealSecret(const QString &subscription)
{
    Transaction transaction(m_db, nullptr);
    if (!transaction.ok())
        return std::nullopt;
    QSqlQuery query =
        m_db.query(u"SELECT id, secret, revealed FROM secrets WHERE subscription = ? ORDER BY id DESC LIMIT 1"_s);
    query.addBindValue(subscription);
    if (!m_db.exec(query, nullptr) || !query.next() || query.value(2).toInt() != 0)
        return std::nullopt;
    const qint64 id = query.value(0).toLongLong();
    const QString secret = query.value(1).toString();
    query.finish();
    QSqlQuery mark = m_db.query(u"UPDATE secrets SET revealed = 1 WHERE id = ?"_s);
    mark.addBindValue(id);
    if (!m_db.exec(mark, nullptr) || !transaction.commit(nullptr))
        return std::nullopt;
    return secret;
}

QList<LatestItem> SqlSubscriptionStore::latestEvents(QString *error)
{
    QList<LatestItem> items;
    QSqlQuery query = m_db.query(u"SELECT payload FROM latest ORDER BY received_at"_s);
    if (!m_db.exec(query, error))
        return items;
    while (query.next()) {
        const QByteArray payload = query.value(0).toByteArray();
        QString why;
        auto event = CloudEvent::fromJson(QJsonDocument::fromJson(payload).object(), &why);
        if (!event)
            continue; // stored by this agent after decoding: cannot happen short of corruption
        items.append({std::move(*event), payload});
    }
    return items;
}

} // namespace sluice::agent
