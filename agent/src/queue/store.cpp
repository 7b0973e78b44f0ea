#include "queue/store.h"

#include "config.h"
#include "queue/postgresql/postgresdatabase.h"
#include "queue/postgresql/postgresdeliveryqueue.h"
#include "queue/sql/sqlconsumerstore.h"
#include "queue/sql/sqlhealthstore.h"
#include "queue/sql/sqlregisterstore.h"
#include "queue/sql/sqlsubscriptionstore.h"
#include "queue/sqlite/sqlitedatabase.h"
#include "queue/sqlite/sqlitedeliveryqueue.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QSysInfo>

using namespace Qt::Literals::StringLiterals;

namespace sluice::agent {

Store::Store(QString connectionName)
    : m_connectionName(std::move(connectionName))
    , m_owner(
          u"%1/%2/%3"_s.arg(QSysInfo::machineHostName()).arg(QCoreApplication::applicationPid()).arg(m_connectionName))
{
}

Store::~Store()
{
    // The parts use the connection: they go first.
    m_health.reset();
    m_consumers.reset();
    m_audit.reset();
    m_register.reset();
    m_subscriptions.reset();
    m_queue.reset();
    m_database.reset();
}

int Store::schemaVersion(const StoreConfig &config)
{
    return config.backend == StoreConfig::Backend::Postgres ? PostgresDatabase::schemaVersion()
                                                            : SqliteDatabase::schemaVersion();
}

bool Store::check(const StoreConfig &config, bool *exists, QString *error)
{
    if (config.backend == StoreConfig::Backend::Sqlite) {
        *exists = QFileInfo::exists(config.path);
        return true;
    }
    PostgresDatabase database(u"check"_s);
    const int version = database.check(config.postgres, error);
    *exists = version == PostgresDatabase::schemaVersion();
    return version >= 0;
}

bool Store::open(const StoreConfig &config, bool fullSync, QString *error)
{
    if (config.backend == StoreConfig::Backend::Sqlite)
        return openFile(config.path, fullSync, error);
    auto database = std::make_unique<PostgresDatabase>(m_connectionName);
    if (!database->open(config.postgres, error))
        return false;
    m_queue = std::make_unique<PostgresDeliveryQueue>(*database, m_owner);
    m_database = std::move(database);
    m_shared = true;
    openParts();
    return true;
}

bool Store::openFile(const QString &path, bool fullSync, QString *error)
{
    auto database = std::make_unique<SqliteDatabase>(m_connectionName);
    if (!database->open(path, fullSync, error))
        return false;
    m_queue = std::make_unique<SqliteDeliveryQueue>(*database);
    m_database = std::move(database);
    openParts();
    return true;
}

void Store::openParts()
{
    m_subscriptions = std::make_unique<SqlSubscriptionStore>(*m_database);
    m_register = std::make_unique<SqlRegisterStore>(*m_database);
    m_audit = std::make_unique<SqlAuditLog>(*m_database);
    m_consumers = std::make_unique<SqlConsumerStore>(*m_database);
    m_health = std::make_unique<SqlHealthStore>(*m_database);
}

void Store::listen(QObject *receiver, std::function<void(Announcement, const QString &)> handler)
{
    if (!m_database)
        return;
    m_database->listen({SqlDatabase::kWorkChannel, SqlDatabase::kSubscriptionsChannel, SqlDatabase::kRegisterChannel},
                       receiver, [handler = std::move(handler)](const QString &channel, const QString &payload) {
                           const Announcement what = channel == SqlDatabase::kWorkChannel ? Announcement::Work
                                                     : channel == SqlDatabase::kRegisterChannel
                                                         ? Announcement::Register
                                                         : Announcement::Subscriptions;
                           handler(what, payload);
                       });
}

int Store::roster(qint64 now, QString *error)
{
    return m_database ? m_database->roster(m_owner, now, error) : 1;
}

qint64 Store::sizeBytes() const
{
    return m_database ? m_database->sizeBytes() : 0;
}

} // namespace sluice::agent
