#include "postgresserver.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonObject>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTcpServer>
#include <QUuid>
#include <QVariant>

#include <memory>
#include <unistd.h>

using namespace Qt::Literals::StringLiterals;

namespace sluice::test {

namespace {

QString binary(const QString &name)
{
    for (const QString &version : {u"15"_s, u"16"_s, u"17"_s, u"14"_s, u"13"_s}) {
        const QString path = u"/usr/lib/postgresql/%1/bin/%2"_s.arg(version, name);
        if (QFileInfo(path).isExecutable())
            return path;
    }
    return QString();
}

int freePort()
{
    QTcpServer server;
    server.listen(QHostAddress::LocalHost, 0);
    return server.serverPort();
}

} // namespace

PostgresServer::~PostgresServer()
{
    stop();
}

PostgresServer *PostgresServer::shared(QString *error)
{
    static std::unique_ptr<PostgresServer> server;
    static QString failure;
    if (!server && failure.isEmpty()) {
        auto started = std::make_unique<PostgresServer>();
        if (started->start(&failure))
            server = std::move(started);
    }
    if (!server && error)
        *error = failure;
    return server.get();
}

bool PostgresServer::run(const QStringList &command, QString *error)
{
    QStringList arguments = command;
    QString program = arguments.takeFirst();
    if (geteuid() == 0) { // PostgreSQL refuses to run as root
        arguments.prepend(program);
        arguments = QStringList{u"-u"_s, u"postgres"_s, u"--"_s} + arguments;
        program = u"runuser"_s;
    }
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(program, arguments);
    if (!process.waitForFinished(120'000) || process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        if (error)
            *error = u"%1 failed: %2"_s.arg(command.join(u' '), QString::fromLocal8Bit(process.readAll()).trimmed());
        return false;
    }
    return true;
}

bool PostgresServer::start(QString *error)
{
    const QString initdb = binary(u"initdb"_s);
    const QString pgCtl = binary(u"pg_ctl"_s);
    if (initdb.isEmpty() || pgCtl.isEmpty()) {
        *error = u"PostgreSQL is not installed (scripts/setup-debian.sh --test installs postgresql-15)"_s;
        return false;
    }
    if (!QSqlDatabase::isDriverAvailable(u"QPSQL"_s)) {
        *error = u"Qt's PostgreSQL driver is not installed (apt install libqt6sql6-psql)"_s;
        return false;
    }
    if (!m_dir.isValid()) {
        *error = u"cannot make a temporary folder"_s;
        return false;
    }
    if (geteuid() == 0 && QProcess::execute(u"chown"_s, {u"postgres"_s, m_dir.path()}) != 0) {
        *error = u"cannot give %1 to the user postgres"_s.arg(m_dir.path());
        return false;
    }
    const QString data = m_dir.filePath(u"data"_s);
    if (!m_initialised) {
        if (!run({initdb, u"-D"_s, data, u"-A"_s, u"trust"_s, u"-U"_s, u"sluice"_s, u"--no-sync"_s}, error))
            return false;
        m_initialised = true;
        if (!m_port)
            m_port = freePort();
        // One role that needs its password, for the tests of a wrong one (everyone else: trust).
        QFile hba(data + u"/pg_hba.conf"_s);
        QByteArray rules;
        if (hba.open(QIODevice::ReadOnly))
            rules = hba.readAll();
        hba.close();
        if (!hba.open(QIODevice::WriteOnly | QIODevice::Truncate) ||
            hba.write("host all locked 127.0.0.1/32 scram-sha-256\n" + rules) < 0) {
            *error = u"cannot write %1"_s.arg(hba.fileName());
            return false;
        }
    }
    const QString options =
        u"-k %1 -p %2 -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200"_s.arg(m_dir.path())
            .arg(m_port);
    if (!run({pgCtl, u"-D"_s, data, u"-l"_s, m_dir.filePath(u"log"_s), u"-w"_s, u"-o"_s, options, u"start"_s}, error))
        return false;
    m_running = true;
    if (scalar(u"postgres"_s, u"SELECT COUNT(*) FROM pg_roles WHERE rolname = 'locked'"_s) == 0 &&
        !execute(u"postgres"_s, u"CREATE ROLE locked LOGIN PASSWORD '%1'"_s.arg(kLockedPassword), error))
        return false;
    return true;
}

bool PostgresServer::stop()
{
    if (!m_running)
        return true;
    QString error;
    m_running =
        !run({binary(u"pg_ctl"_s), u"-D"_s, m_dir.filePath(u"data"_s), u"-m"_s, u"fast"_s, u"-w"_s, u"stop"_s}, &error);
    if (m_running)
        qWarning("%s", qPrintable(error));
    return !m_running;
}

agent::PostgresConfig PostgresServer::config(const QString &database) const
{
    agent::PostgresConfig config;
    config.host = u"127.0.0.1"_s;
    config.port = m_port;
    config.database = database;
    config.user = u"sluice"_s;
    config.sslMode = u"disable"_s;
    return config;
}

// A connection of its own for one piece of work, closed after it.
bool PostgresServer::withConnection(const QString &database, const std::function<bool(QSqlDatabase &)> &work,
                                    QString *error) const
{
    const QString name = u"fixture-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces);
    bool ok = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QPSQL"_s, name);
        db.setHostName(u"127.0.0.1"_s);
        db.setPort(m_port);
        db.setDatabaseName(database);
        db.setUserName(u"sluice"_s);
        if (db.open())
            ok = work(db);
        else if (error)
            *error = db.lastError().text();
    }
    QSqlDatabase::removeDatabase(name);
    return ok;
}

bool PostgresServer::execute(const QString &database, const QString &sql, QString *error)
{
    return withConnection(
        database,
        [&](QSqlDatabase &db) {
            QSqlQuery query(db);
            if (query.exec(sql))
                return true;
            if (error)
                *error = query.lastError().text();
            return false;
        },
        error);
}

qint64 PostgresServer::scalar(const QString &database, const QString &sql)
{
    qint64 value = -1;
    withConnection(
        database,
        [&](QSqlDatabase &db) {
            QSqlQuery query(db);
            if (!query.exec(sql) || !query.next())
                return false;
            value = query.value(0).toLongLong();
            return true;
        },
        nullptr);
    return value;
}

bool PostgresServer::createDatabase(const QString &name, QString *error)
{
    return execute(u"postgres"_s, u"CREATE DATABASE \"%1\""_s.arg(name), error);
}

bool testingPostgres()
{
    return qEnvironmentVariable("SLUICE_TEST_STORE") == u"postgresql";
}

QJsonObject storeSection(const QString &storePath)
{
    if (!testingPostgres())
        return {{u"path"_s, storePath}};
    QString error;
    PostgresServer *server = PostgresServer::shared(&error);
    if (!server)
        qFatal("the PostgreSQL test server did not start: %s", qPrintable(error));
    // Database names: lower case letters, digits and '_', unique per store path.
    QString name = QFileInfo(storePath).fileName().toLower();
    for (QChar &c : name) {
        if (!c.isLetterOrNumber())
            c = u'_';
    }
    name = u"t_%1_%2"_s.arg(name).arg(QCoreApplication::applicationPid());
    if (server->scalar(u"postgres"_s, u"SELECT COUNT(*) FROM pg_database WHERE datname = '%1'"_s.arg(name)) == 0 &&
        !server->createDatabase(name, &error))
        qFatal("cannot create the test database %s: %s", qPrintable(name), qPrintable(error));
    const agent::PostgresConfig pg = server->config(name);
    return {{u"backend"_s, u"postgresql"_s},
            {u"postgresql"_s, QJsonObject{{u"host"_s, pg.host},
                                          {u"port"_s, pg.port},
                                          {u"database"_s, pg.database},
                                          {u"user"_s, pg.user},
                                          {u"sslmode"_s, pg.sslMode}}}};
}

} // namespace sluice::test
