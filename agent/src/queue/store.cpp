#include "queue/store.h"

#include "queue/sqlite/sqlitedatabase.h"
#include "queue/sqlite/sqlitedeliveryqueue.h"
#include "queue/sqlite/sqliteregisterstore.h"
#include "queue/sqlite/sqlitesubscriptionstore.h"

#include <QFileInfo>

using namespace Qt::Literals::StringLiterals;

namespace sluice::agent {

Store::Store(QString connectionName)
    : m_connectionName(std::move(connectionName))
{
}

Store::~Store()
{
    // The parts use the connection: they go first.
    m_audit.reset();
    m_register.reset();
    m_subscriptions.reset();
    m_queue.reset();
    m_database.reset();
}

int Store::schemaVersion()
{
    return SqliteDatabase::schemaVersion();
}

bool Store::open(const QString &path, bool fullSync, QString *error)
{
    auto database = std::make_unique<SqliteDatabase>(m_connectionName);
    if (!database->open(path, fullSync, error))
        return false;
    m_database = std::move(database);
    m_queue = std::make_unique<SqliteDeliveryQueue>(*m_database);
    m_subscriptions = std::make_unique<SqliteSubscriptionStore>(*m_database);
    m_register = std::make_unique<SqliteRegisterStore>(*m_database);
    m_audit = std::make_unique<SqliteAuditLog>(*m_database);
    return true;
}

qint64 Store::sizeBytes() const
{
    if (!m_database)
        return 0;
    const QString path = m_database->path();
    return QFileInfo(path).size() + QFileInfo(path + u"-wal"_s).size();
}

} // namespace sluice::agent
