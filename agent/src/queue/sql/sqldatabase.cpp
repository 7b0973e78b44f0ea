#include "queue/sql/sqldatabase.h"

#include <QLoggingCategory>
#include <QSqlError>
#include <QVariant>

using namespace Qt::Literals::StringLiterals;

Q_LOGGING_CATEGORY(lcStore, "sluice.agent.store")

namespace sluice::agent {

SqlDatabase::SqlDatabase(QString connectionName)
    : m_connectionName(std::move(connectionName))
{
}

SqlDatabase::~SqlDatabase()
{
    m_statements.clear(); // queries go before their connection
    if (m_db.isValid()) {
        m_db.close();
        m_db = QSqlDatabase();
        QSqlDatabase::removeDatabase(m_connectionName);
    }
}

QSqlQuery &SqlDatabase::statement(const QString &sql)
{
    beforeStatement();
    auto it = m_statements.find(sql);
    if (it == m_statements.end()) {
        it = m_statements.insert(sql, QSqlQuery(m_db));
        it->setForwardOnly(true);
        if (!it->prepare(sql))
            qCWarning(lcStore).noquote() << "store: cannot prepare" << sql.simplified().left(80) << ":"
                                         << it->lastError().text();
    }
    return *it;
}

QSqlQuery SqlDatabase::query(const QString &sql)
{
    beforeStatement();
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    if (!query.prepare(sql))
        qCWarning(lcStore).noquote() << "store: cannot prepare" << sql.simplified().left(80) << ":"
                                     << query.lastError().text();
    return query;
}

bool SqlDatabase::exec(QSqlQuery &query, QString *error)
{
    if (query.exec())
        return true;
    const QString message =
        u"store: %1 (in: %2)"_s.arg(query.lastError().text().simplified(), query.lastQuery().simplified().left(120));
    qCWarning(lcStore).noquote() << message;
    if (error)
        *error = message;
    failed();
    return false;
}

bool SqlDatabase::run(const QString &sql, QString *error)
{
    QSqlQuery query(m_db);
    if (query.exec(sql))
        return true;
    const QString message =
        u"store: %1 (in: %2)"_s.arg(query.lastError().text().simplified(), sql.simplified().left(120));
    qCWarning(lcStore).noquote() << message;
    if (error)
        *error = message;
    failed();
    return false;
}

qint64 SqlDatabase::scalar(const QString &sql)
{
    QSqlQuery q = query(sql);
    return exec(q, nullptr) && q.next() ? q.value(0).toLongLong() : 0;
}

bool SqlDatabase::migrate(const QList<QStringList> &steps, QString *error)
{
    if (!run(u"CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)"_s, error))
        return false;
    QSqlQuery current(m_db);
    if (!current.exec(u"SELECT COALESCE(MAX(version), 0) FROM schema_version"_s) || !current.next()) {
        if (error)
            *error = u"store: cannot read the schema version: %1"_s.arg(current.lastError().text());
        return false;
    }
    const int version = current.value(0).toInt();
    current.finish();
    const int known = int(steps.size());
    if (version > known) {
        if (error)
            *error = newerSchema(version, known);
        return false;
    }
    for (int next = version + 1; next <= known; ++next) {
        Transaction transaction(*this, error);
        if (!transaction.ok())
            return false;
        for (const QString &sql : steps.at(next - 1)) {
            if (!run(sql, error))
                return false;
        }
        if (!run(u"INSERT INTO schema_version (version) VALUES (%1)"_s.arg(next), error) || !transaction.commit(error))
            return false;
        qCInfo(lcStore).noquote() << "store schema migrated to version" << next << "at" << location();
    }
    return true;
}

QString SqlDatabase::newerSchema(int found, int known) const
{
    return u"%1 was written by a newer Sluice (schema %2, this agent knows up to %3); "
           u"upgrade the agent or point the store elsewhere"_s.arg(location())
               .arg(found)
               .arg(known);
}

Transaction::Transaction(SqlDatabase &db, QString *error)
    : m_db(db)
{
    m_open = m_db.begin(error);
}

Transaction::~Transaction()
{
    if (m_open)
        m_db.rollback();
}

bool Transaction::commit(QString *error)
{
    if (!m_open)
        return false;
    if (!m_db.commit(error))
        return false; // the destructor rolls back
    m_open = false;
    return true;
}

} // namespace sluice::agent
