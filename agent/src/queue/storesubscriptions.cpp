// The store's subscription side: endpoint state, signing secrets, the latest event per subject
// for initial events, and the event register's tables.
#include "queue/store.h"

#include "webhooksignature.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QSqlQuery>
#include <QVariant>

using namespace Qt::Literals::StringLiterals;

namespace sluice::agent {

namespace {

qint64 now()
{
    return QDateTime::currentMSecsSinceEpoch();
}

} // namespace

QHash<QString, SubscriptionState> Store::subscriptionStates()
{
    QHash<QString, SubscriptionState> states;
    QSqlQuery query(m_db);
    query.prepare(u"SELECT name, state, reason, validated_endpoint, allowed_rate FROM subscription_state"_s);
    if (!exec(query, nullptr))
        return states;
    while (query.next()) {
        states.insert(query.value(0).toString(),
                      {query.value(0).toString(), endpointStateFromName(query.value(1).toString()),
                       query.value(2).toString(), query.value(3).toString(), query.value(4).toDouble()});
    }
    return states;
}

bool Store::saveSubscriptionState(const SubscriptionState &state, QString *error)
{
    QMutexLocker lock(&s_writeLock);
    QSqlQuery &query = statement(
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
    return exec(query, error);
}

bool Store::removeSubscription(const QString &name, QString *error)
{
    if (!begin(error))
        return false;
    const QStringList statements = {
        u"DELETE FROM subscription_state WHERE name = ?"_s,
        u"DELETE FROM secrets WHERE subscription = ?"_s,
        u"UPDATE deliveries SET state = 'dead', last_error = 'the subscription was deleted', updated_at = ?"
        u" WHERE subscription = ? AND state IN ('pending', 'sending')"_s,
    };
    for (const QString &sql : statements) {
        QSqlQuery query(m_db);
        query.prepare(sql);
        if (sql.startsWith(u"UPDATE"))
            query.addBindValue(now());
        query.addBindValue(name);
        if (!exec(query, error)) {
            rollback();
            return false;
        }
    }
    return commitOrRollback(error);
}

QStringList Store::activeSecrets(const QString &subscription, qint64 at)
{
    QStringList secrets;
    QSqlQuery &query = statement(u"SELECT secret FROM secrets WHERE subscription = ?"
                                 u" AND (expires_at IS NULL OR expires_at > ?) ORDER BY id DESC"_s);
    query.addBindValue(subscription);
    query.addBindValue(at);
    if (exec(query, nullptr)) {
        while (query.next())
            secrets.append(query.value(0).toString());
    }
    query.finish();
    return secrets;
}

bool Store::addSecret(const QString &subscription, const QString &secret, bool revealed, QString *error)
{
    QMutexLocker lock(&s_writeLock);
    QSqlQuery query(m_db);
    query.prepare(u"INSERT INTO secrets (subscription, secret, created_at, revealed) VALUES (?,?,?,?)"_s);
    query.addBindValue(subscription);
    query.addBindValue(secret);
    query.addBindValue(now());
    query.addBindValue(revealed ? 1 : 0);
    return exec(query, error);
}

std::optional<QString> Store::rotateSecret(const QString &subscription, qint64 overlapMs, QString *error)
{
    const qint64 at = now();
    const QString secret = webhooks::generateSecret();
    if (!begin(error))
        return std::nullopt;
    QSqlQuery expire(m_db);
    expire.prepare(u"UPDATE secrets SET expires_at = ? WHERE subscription = ?"
                   u" AND (expires_at IS NULL OR expires_at > ?)"_s);
    expire.addBindValue(at + overlapMs);
    expire.addBindValue(subscription);
    expire.addBindValue(at + overlapMs);
    QSqlQuery insert(m_db);
    insert.prepare(u"INSERT INTO secrets (subscription, secret, created_at, revealed) VALUES (?,?,?,1)"_s);
    insert.addBindValue(subscription);
    insert.addBindValue(secret);
    insert.addBindValue(at);
    if (!exec(expire, error) || !exec(insert, error) || !commit(error)) {
        rollback();
        return std::nullopt;
    }
    return secret;
}

std::optional<QString> Store::revealSecret(const QString &subscription)
{
    if (!begin(nullptr))
        return std::nullopt;
    QSqlQuery query(m_db);
    query.prepare(u"SELECT id, secret, revealed FROM secrets WHERE subscription = ? ORDER BY id DESC LIMIT 1"_s);
    query.addBindValue(subscription);
    if (!exec(query, nullptr) || !query.next() || query.value(2).toInt() != 0) {
        rollback();
        return std::nullopt;
    }
    const qint64 id = query.value(0).toLongLong();
    const QString secret = query.value(1).toString();
    query.finish();
    QSqlQuery mark(m_db);
    mark.prepare(u"UPDATE secrets SET revealed = 1 WHERE id = ?"_s);
    mark.addBindValue(id);
    if (!exec(mark, nullptr) || !commit(nullptr)) {
        rollback();
        return std::nullopt;
    }
    return secret;
}

int Store::enqueueLatest(const QString &subscription,
                         const std::function<std::optional<NewDelivery>(const CloudEvent &)> &accept, QString *error)
{
    QList<IngestItem> items;
    {
        QSqlQuery query(m_db);
        query.prepare(u"SELECT payload FROM latest ORDER BY received_at"_s);
        if (!exec(query, error))
            return -1;
        while (query.next()) {
            const QByteArray payload = query.value(0).toByteArray();
            QString why;
            auto event = CloudEvent::fromJson(QJsonDocument::fromJson(payload).object(), &why);
            if (!event)
                continue; // stored by this agent after decoding: cannot happen short of corruption
            std::optional<NewDelivery> delivery = accept(*event);
            if (!delivery)
                continue;
            delivery->subscription = subscription;
            items.append({std::move(*event), KafkaRecord(), {*delivery}, payload});
        }
    }
    const auto result = ingest(items, {}, error);
    return result ? result->deliveriesCreated : -1;
}

QList<QByteArray> Store::registerEntries()
{
    QList<QByteArray> entries;
    QSqlQuery query(m_db);
    query.prepare(u"SELECT entry FROM register_entries ORDER BY type"_s);
    if (!exec(query, nullptr))
        return entries;
    while (query.next())
        entries.append(query.value(0).toByteArray());
    return entries;
}

QHash<QString, QMap<qint64, quint64>> Store::registerCounts(qint64 sinceMinute)
{
    QHash<QString, QMap<qint64, quint64>> counts;
    QSqlQuery query(m_db);
    query.prepare(u"SELECT type, minute, count FROM register_counts WHERE minute >= ?"_s);
    query.addBindValue(sinceMinute);
    if (!exec(query, nullptr))
        return counts;
    while (query.next())
        counts[query.value(0).toString()].insert(query.value(1).toLongLong(), query.value(2).toULongLong());
    return counts;
}

bool Store::saveRegister(const QList<std::pair<QString, QByteArray>> &entries, const QList<RegisterCount> &counts,
                         qint64 dropBeforeMinute, QString *error)
{
    if (!begin(error))
        return false;
    QSqlQuery &saveEntry = statement(u"INSERT INTO register_entries (type, entry, updated_at) VALUES (?,?,?)"
                                     u" ON CONFLICT (type) DO UPDATE SET entry = excluded.entry,"
                                     u" updated_at = excluded.updated_at"_s);
    const qint64 at = now();
    for (const auto &[type, entry] : entries) {
        saveEntry.addBindValue(type);
        saveEntry.addBindValue(QString::fromUtf8(entry));
        saveEntry.addBindValue(at);
        if (!exec(saveEntry, error)) {
            rollback();
            return false;
        }
    }
    QSqlQuery &saveCount = statement(u"INSERT INTO register_counts (type, minute, count) VALUES (?,?,?)"
                                     u" ON CONFLICT (type, minute) DO UPDATE SET count = excluded.count"_s);
    for (const RegisterCount &c : counts) {
        saveCount.addBindValue(c.type);
        saveCount.addBindValue(c.minute);
        saveCount.addBindValue(qint64(c.count));
        if (!exec(saveCount, error)) {
            rollback();
            return false;
        }
    }
    QSqlQuery &drop = statement(u"DELETE FROM register_counts WHERE minute < ?"_s);
    drop.addBindValue(dropBeforeMinute);
    if (!exec(drop, error)) {
        rollback();
        return false;
    }
    return commitOrRollback(error);
}

} // namespace sluice::agent
