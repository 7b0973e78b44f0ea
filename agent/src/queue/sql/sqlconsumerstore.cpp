#include "queue/sql/sqlconsumerstore.h"

#include "queue/sql/sqldatabase.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QVariant>

using namespace Qt::Literals::StringLiterals;

namespace sluice::agent {

namespace {

const QString kColumns =
    u"name, allowed_types, max_subscriptions, created_at, token_at, COALESCE(revoked_at, 0), COALESCE(used_at, 0)"_s;

Consumer read(const QSqlQuery &query)
{
    Consumer c;
    c.name = query.value(0).toString();
    for (const QJsonValue &type : QJsonDocument::fromJson(query.value(1).toByteArray()).array())
        c.allowedTypes.append(type.toString());
    c.maxSubscriptions = query.value(2).toInt();
    c.createdAt = query.value(3).toLongLong();
    c.tokenAt = query.value(4).toLongLong();
    c.revokedAt = query.value(5).toLongLong();
    c.usedAt = query.value(6).toLongLong();
    return c;
}

QString typesText(const QStringList &types)
{
    return QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(types)).toJson(QJsonDocument::Compact));
}

QString noSuch(const QString &name)
{
    return u"no consumer named \"%1\""_s.arg(name);
}

} // namespace

SqlConsumerStore::SqlConsumerStore(SqlDatabase &db)
    : m_db(db)
{
}

QList<Consumer> SqlConsumerStore::consumers(QString *error)
{
    QList<Consumer> list;
    QSqlQuery query = m_db.query(u"SELECT %1 FROM consumers ORDER BY name"_s.arg(kColumns));
    if (!m_db.exec(query, error))
        return list;
    while (query.next())
        list.append(read(query));
    return list;
}

std::optional<Consumer> SqlConsumerStore::one(const QString &where, const QString &value, QString *error)
{
    QSqlQuery &query = m_db.statement(u"SELECT %1 FROM consumers WHERE %2"_s.arg(kColumns, where));
    query.addBindValue(value);
    if (!m_db.exec(query, error) || !query.next())
        return std::nullopt;
    Consumer c = read(query);
    query.finish();
    return c;
}

std::optional<Consumer> SqlConsumerStore::find(const QString &name, QString *error)
{
    return one(u"name = ?"_s, name, error);
}

std::optional<Consumer> SqlConsumerStore::byTokenHash(const QByteArray &hash, QString *error)
{
    return one(u"token_hash = ? AND revoked_at IS NULL"_s, QString::fromLatin1(hash.toHex()), error);
}

bool SqlConsumerStore::create(const Consumer &consumer, const QByteArray &tokenHash, QString *error)
{
    if (find(consumer.name, nullptr)) {
        if (error)
            *error = u"a consumer named \"%1\" exists; rotate its token or choose another name"_s.arg(consumer.name);
        return false;
    }
    QSqlQuery &insert = m_db.statement(u"INSERT INTO consumers (name, token_hash, allowed_types, max_subscriptions,"
                                       u" created_at, token_at) VALUES (?, ?, ?, ?, ?, ?)"_s);
    insert.addBindValue(consumer.name);
    insert.addBindValue(QString::fromLatin1(tokenHash.toHex()));
    insert.addBindValue(typesText(consumer.allowedTypes));
    insert.addBindValue(consumer.maxSubscriptions);
    insert.addBindValue(consumer.createdAt);
    insert.addBindValue(consumer.createdAt);
    return m_db.exec(insert, error);
}

bool SqlConsumerStore::changeOne(QSqlQuery &query, const QString &name, QString *error)
{
    if (!m_db.exec(query, error))
        return false;
    if (query.numRowsAffected() == 0) {
        if (error)
            *error = noSuch(name);
        return false;
    }
    return true;
}

bool SqlConsumerStore::update(const Consumer &consumer, QString *error)
{
    QSqlQuery &query =
        m_db.statement(u"UPDATE consumers SET allowed_types = ?, max_subscriptions = ? WHERE name = ?"_s);
    query.addBindValue(typesText(consumer.allowedTypes));
    query.addBindValue(consumer.maxSubscriptions);
    query.addBindValue(consumer.name);
    return changeOne(query, consumer.name, error);
}

bool SqlConsumerStore::replaceToken(const QString &name, const QByteArray &tokenHash, qint64 at, QString *error)
{
    QSqlQuery &query =
        m_db.statement(u"UPDATE consumers SET token_hash = ?, token_at = ?, revoked_at = NULL WHERE name = ?"_s);
    query.addBindValue(QString::fromLatin1(tokenHash.toHex()));
    query.addBindValue(at);
    query.addBindValue(name);
    return changeOne(query, name, error);
}

bool SqlConsumerStore::revoke(const QString &name, qint64 at, QString *error)
{
    QSqlQuery &query = m_db.statement(u"UPDATE consumers SET revoked_at = ? WHERE name = ?"_s);
    query.addBindValue(at);
    query.addBindValue(name);
    return changeOne(query, name, error);
}

bool SqlConsumerStore::remove(const QString &name, QString *error)
{
    QSqlQuery &query = m_db.statement(u"DELETE FROM consumers WHERE name = ?"_s);
    query.addBindValue(name);
    return changeOne(query, name, error);
}

void SqlConsumerStore::markUsed(const QString &name, qint64 at)
{
    // To the minute: a busy consumer does not write a row per request.
    const qint64 minute = at - at % 60000;
    QSqlQuery &query =
        m_db.statement(u"UPDATE consumers SET used_at = ? WHERE name = ? AND COALESCE(used_at, 0) < ?"_s);
    query.addBindValue(minute);
    query.addBindValue(name);
    query.addBindValue(minute);
    m_db.exec(query, nullptr);
}

} // namespace sluice::agent
