// The PostgreSQL store against a real server (a private cluster the fixture starts): what
// --check-config says when it cannot connect, a schema newer than the agent, agents migrating at the
// same moment, a connection opened again after the server restarts, and an embedded store copied in.
#include "postgresserver.h"
#include "queue/postgresql/postgresdeliveryqueue.h"
#include "queue/store.h"
#include "testsupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace Qt::Literals::StringLiterals;
using namespace sluice::agent;
using sluice::test::PostgresServer;

namespace {

using sluice::test::ingestItems;

} // namespace

class TestPostgres : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void checkConfigSaysWhyItCannotConnect_data();
    void checkConfigSaysWhyItCannotConnect();
    void agentDoesNotStartWithoutItsStore();
    void refusesASchemaNewerThanTheAgent();
    void agentsStartingTogetherMigrateOnce();
    void connectsAgainAfterTheServerRestarts();
    void twoAgentsNeverClaimTheSameDelivery();
    void orderingPerSubjectHoldsAcrossAgents();
    void anotherAgentHearsOfNewWork();
    void aPollNeverPassesARowStillBeingWritten();
    void copiesAnEmbeddedStore();

private:
    QString writeConfig(const QJsonObject &postgres, const QString &name = u"sluice.json"_s);
    static int run(const QStringList &arguments, QByteArray *out, QByteArray *err,
                   const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment());
    StoreConfig storeConfig() const;

    PostgresServer *m_server = nullptr;
    QTemporaryDir m_dir;
    QString m_database;
    int m_run = 0;
};

void TestPostgres::initTestCase()
{
    QString error;
    m_server = PostgresServer::shared(&error);
    QVERIFY2(m_server, qPrintable(error));
}

void TestPostgres::init()
{
    if (!m_server->isRunning())
        QVERIFY(m_server->start(nullptr));
    m_database = u"pg_%1_%2"_s.arg(++m_run).arg(QCoreApplication::applicationPid());
    QString error;
    QVERIFY2(m_server->createDatabase(m_database, &error), qPrintable(error));
}

StoreConfig TestPostgres::storeConfig() const
{
    StoreConfig config;
    config.backend = StoreConfig::Backend::Postgres;
    config.postgres = m_server->config(m_database);
    return config;
}

QString TestPostgres::writeConfig(const QJsonObject &postgres, const QString &name)
{
    QJsonObject pg{{u"host"_s, u"127.0.0.1"_s},
                   {u"port"_s, m_server->port()},
                   {u"database"_s, m_database},
                   {u"user"_s, u"sluice"_s},
                   {u"sslmode"_s, u"disable"_s}};
    for (auto it = postgres.begin(); it != postgres.end(); ++it)
        pg.insert(it.key(), it.value());
    const QJsonObject config{
        {u"kafka"_s, QJsonObject{{u"topics"_s, QJsonArray{u"t"_s}}}},
        {u"store"_s, QJsonObject{{u"backend"_s, u"postgresql"_s}, {u"postgresql"_s, pg}}},
    };
    const QString path = m_dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(QJsonDocument(config).toJson()) <= 0)
        qFatal("cannot write %s", qPrintable(path));
    return path;
}

int TestPostgres::run(const QStringList &arguments, QByteArray *out, QByteArray *err, const QProcessEnvironment &env)
{
    QProcess process;
    process.setProcessEnvironment(env);
    process.start(QStringLiteral(SLUICE_AGENT_BINARY), arguments);
    if (!process.waitForFinished(60000))
        return -1;
    *out = process.readAllStandardOutput();
    *err = process.readAllStandardError();
    return process.exitCode();
}

void TestPostgres::checkConfigSaysWhyItCannotConnect_data()
{
    QTest::addColumn<QJsonObject>("postgres");
    QTest::addColumn<QString>("message");
    QTest::newRow("wrong password") << QJsonObject{{u"user"_s, u"locked"_s}, {u"passwordEnv"_s, u"SLUICE_TEST_PW"_s}}
                                    << u"password authentication failed for user \"locked\""_s;
    QTest::newRow("no password") << QJsonObject{{u"user"_s, u"locked"_s}} << u"no password supplied"_s;
    QTest::newRow("password variable not set")
        << QJsonObject{{u"user"_s, u"locked"_s}, {u"passwordEnv"_s, u"SLUICE_TEST_UNSET"_s}}
        << u"the environment variable SLUICE_TEST_UNSET, which should hold the PostgreSQL password, is not set"_s;
    QTest::newRow("missing database") << QJsonObject{{u"database"_s, u"nosuchdb"_s}}
                                      << u"database \"nosuchdb\" does not exist"_s;
    QTest::newRow("unreachable server") << QJsonObject{{u"port"_s, 1}} << u"Connection refused"_s;
    QTest::newRow("unknown role") << QJsonObject{{u"user"_s, u"nobody"_s}} << u"role \"nobody\" does not exist"_s;
}

void TestPostgres::checkConfigSaysWhyItCannotConnect()
{
    QFETCH(QJsonObject, postgres);
    QFETCH(QString, message);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"SLUICE_TEST_PW"_s, u"wrong-password"_s);
    env.remove(u"SLUICE_TEST_UNSET"_s);
    QByteArray out, err;
    const int code = run({u"--config"_s, writeConfig(postgres), u"--check-config"_s}, &out, &err, env);
    QCOMPARE(code, 1);
    QVERIFY2(err.contains(message.toUtf8()), err.constData());
    QVERIFY2(err.contains("cannot connect to the PostgreSQL database") || err.contains("environment variable"),
             err.constData());

    // The right password, from a file: valid.
    if (QTest::currentDataTag() == QByteArrayView("wrong password")) {
        QFile secret(m_dir.filePath(u"pw"_s));
        QVERIFY(secret.open(QIODevice::WriteOnly));
        secret.write(PostgresServer::kLockedPassword.toUtf8() + '\n');
        secret.close();
        QVERIFY(m_server->execute(m_database, u"GRANT ALL ON SCHEMA public TO locked"_s, nullptr));
        const QString config = writeConfig({{u"user"_s, u"locked"_s}, {u"passwordFile"_s, secret.fileName()}});
        QCOMPARE(run({u"--config"_s, config, u"--check-config"_s}, &out, &err), 0);
    }
}

// Not only --check-config: the agent itself stops at once with the reason (systemd starts it
// again after RestartSec), instead of running without its store.
void TestPostgres::agentDoesNotStartWithoutItsStore()
{
    QByteArray out, err;
    QCOMPARE(run({u"--config"_s, writeConfig({{u"database"_s, u"nosuchdb"_s}}), u"--duration"_s, u"30"_s}, &out, &err),
             1);
    QVERIFY2(err.contains("cannot connect to the PostgreSQL database \"nosuchdb\"") && err.contains("does not exist"),
             err.constData());
}

void TestPostgres::refusesASchemaNewerThanTheAgent()
{
    {
        Store store(u"first"_s);
        QString error;
        QVERIFY2(store.open(storeConfig(), false, &error), qPrintable(error));
    }
    QVERIFY(m_server->execute(m_database, u"INSERT INTO schema_version (version) VALUES (99)"_s, nullptr));
    Store store(u"again"_s);
    QString error;
    QVERIFY(!store.open(storeConfig(), false, &error));
    QVERIFY2(error.contains(u"written by a newer Sluice (schema 99"_s), qPrintable(error));
    QByteArray out, err;
    QCOMPARE(run({u"--config"_s, writeConfig({}), u"--check-config"_s}, &out, &err), 1);
    QVERIFY2(err.contains("schema 99"), err.constData());
}

void TestPostgres::agentsStartingTogetherMigrateOnce()
{
    // Four connections open the empty database at the same moment; the advisory lock lets one
    // create the tables and the others find them made.
    QList<QThread *> threads;
    QAtomicInt opened = 0;
    const StoreConfig config = storeConfig();
    for (int i = 0; i < 4; ++i) {
        threads.append(QThread::create([&, i] {
            Store store(u"together-%1"_s.arg(i));
            QString error;
            if (store.open(config, false, &error))
                opened.fetchAndAddRelaxed(1);
            else
                qWarning("%s", qPrintable(error));
        }));
    }
    for (QThread *t : std::as_const(threads))
        t->start();
    for (QThread *t : std::as_const(threads)) {
        QVERIFY(t->wait(60000));
        delete t;
    }
    QCOMPARE(opened.loadRelaxed(), 4);
    QCOMPARE(m_server->scalar(m_database, u"SELECT COUNT(*) FROM schema_version"_s),
             qint64(Store::schemaVersion(config)));
}

void TestPostgres::connectsAgainAfterTheServerRestarts()
{
    Store store(u"restart"_s);
    QString error;
    QVERIFY2(store.open(storeConfig(), false, &error), qPrintable(error));
    QVERIFY(store.queue().enqueue(ingestItems(5, u"a"_s), {}, {}, &error));
    QVERIFY(m_server->stop());
    // Refused while the server is away, with the reason; nothing half written.
    QVERIFY(!store.queue().enqueue(ingestItems(5, u"a"_s, u"b"_s), {}, {}, &error));
    QVERIFY2(!error.isEmpty(), "no reason given");
    QVERIFY(m_server->start(&error));
    // The next write opens the connection again (the caller tries again, as the ingest does).
    std::optional<IngestResult> result;
    for (int i = 0; i < 5 && !result; ++i)
        result = store.queue().enqueue(ingestItems(5, u"a"_s, u"b"_s), {}, {}, &error);
    QVERIFY2(result, qPrintable(error));
    QCOMPARE(result->eventsStored, 5);
    QCOMPARE(store.queue().countByState().value(u"pending"_s), 10);
}

void TestPostgres::twoAgentsNeverClaimTheSameDelivery()
{
    {
        Store store(u"fill"_s);
        QVERIFY(store.open(storeConfig(), false, nullptr));
        QVERIFY(store.queue().enqueue(ingestItems(2000, u"a"_s), {}, {}, nullptr));
    }
    // Two agents claim as fast as they can, at the same time, until nothing is left.
    QList<qint64> claimed[2];
    QList<QThread *> threads;
    const StoreConfig config = storeConfig();
    for (int i = 0; i < 2; ++i) {
        threads.append(QThread::create([&, i] {
            Store store(u"agent-%1"_s.arg(i));
            if (!store.open(config, false, nullptr))
                return;
            for (;;) {
                const QList<ClaimedDelivery> got =
                    store.queue().claim(u"a"_s, 37, QDateTime::currentMSecsSinceEpoch(), 5);
                if (got.isEmpty())
                    break;
                for (const ClaimedDelivery &c : got)
                    claimed[i].append(c.row);
            }
        }));
    }
    for (QThread *t : std::as_const(threads))
        t->start();
    for (QThread *t : std::as_const(threads)) {
        QVERIFY(t->wait(120000));
        delete t;
    }
    QVERIFY2(!claimed[0].isEmpty() && !claimed[1].isEmpty(), "both agents took a share");
    const QSet<qint64> all =
        QSet<qint64>(claimed[0].begin(), claimed[0].end()) + QSet<qint64>(claimed[1].begin(), claimed[1].end());
    QCOMPARE(claimed[0].size() + claimed[1].size(), 2000); // nothing twice
    QCOMPARE(all.size(), 2000);
}

// Two events of one subject, two agents: while one agent holds the first, the other may not take
// the second; once the first is settled, it may.
void TestPostgres::orderingPerSubjectHoldsAcrossAgents()
{
    Store a(u"order-a"_s);
    Store b(u"order-b"_s);
    QVERIFY(a.open(storeConfig(), false, nullptr));
    QVERIFY(b.open(storeConfig(), false, nullptr));
    QList<IngestItem> batch = ingestItems(3, u"a"_s);
    batch[0].deliveries[0].orderingKey = u"page/1"_s;
    batch[1].deliveries[0].orderingKey = u"page/1"_s;
    batch[2].deliveries[0].orderingKey = u"page/2"_s;
    QVERIFY(a.queue().enqueue(batch, {}, {}, nullptr));
    const qint64 at = QDateTime::currentMSecsSinceEpoch();
    const QList<ClaimedDelivery> first = a.queue().claim(u"a"_s, 1, at, 0, true);
    QCOMPARE(first.size(), 1);
    // Agent b: the other subject's delivery, not the second of page/1 while a holds the first.
    const QList<ClaimedDelivery> other = b.queue().claim(u"a"_s, 10, at, 0, true);
    QCOMPARE(other.size(), 1);
    QVERIFY(other.first().row != first.first().row);
    QVERIFY(b.queue().claim(u"a"_s, 10, at, 0, true).isEmpty());
    // Settled by a: now b takes the second.
    QVERIFY(a.queue().record({{first.first().row, DeliveryState::Delivered, 1, 0, at, 5, 204, {}, {}, true}}, nullptr));
    const QList<ClaimedDelivery> second = b.queue().claim(u"a"_s, 10, at, 0, true);
    QCOMPARE(second.size(), 1);
    QVERIFY(second.first().row > first.first().row);
}

void TestPostgres::anotherAgentHearsOfNewWork()
{
    Store listener(u"listener"_s);
    Store writer(u"writer"_s);
    QVERIFY(listener.open(storeConfig(), false, nullptr));
    QVERIFY(writer.open(storeConfig(), false, nullptr));
    QList<Store::Announcement> heard;
    QObject receiver;
    listener.listen(&receiver, [&](Store::Announcement what, const QString &) { heard.append(what); });
    QVERIFY(writer.queue().enqueue(ingestItems(3, u"a"_s), {}, {}, nullptr));
    QTRY_VERIFY_WITH_TIMEOUT(heard.contains(Store::Announcement::Work), 5000);
    QVERIFY(
        writer.subscriptions().saveState({u"a"_s, sluice::EndpointState::Active, QString(), QString(), 0}, nullptr));
    QTRY_VERIFY_WITH_TIMEOUT(heard.contains(Store::Announcement::Subscriptions), 5000);
}

// A writer has taken a row number and not committed; another commits the next row. A poll must
// not return that next row yet (its cursor would pass the first for ever): it waits for the first
// writer, then returns what is there.
void TestPostgres::aPollNeverPassesARowStillBeingWritten()
{
    const PostgresConfig pg = m_server->config(m_database);
    {
        Store create(u"create"_s); // the tables
        QVERIFY(create.open(storeConfig(), false, nullptr));
    }
    QSqlDatabase held = QSqlDatabase::addDatabase(u"QPSQL"_s, u"held"_s);
    held.setHostName(pg.host);
    held.setPort(pg.port);
    held.setDatabaseName(pg.database);
    held.setUserName(pg.user);
    QVERIFY2(held.open(), qPrintable(held.lastError().text()));
    QVERIFY(held.transaction());
    QSqlQuery writing(held);
    QVERIFY(writing.exec(u"SELECT pg_advisory_xact_lock_shared(%1)"_s.arg(PostgresDeliveryQueue::kPollLock)));
    QVERIFY(writing.exec(u"SELECT nextval('deliveries_id_seq')"_s) && writing.next());

    Store other(u"other"_s);
    QVERIFY(other.open(storeConfig(), false, nullptr));
    QVERIFY(other.queue().enqueue(ingestItems(1, u"p"_s), {}, {}, nullptr));

    std::optional<PollPage> page;
    const StoreConfig config = storeConfig();
    QThread *poller = QThread::create([&] {
        Store store(u"poller"_s);
        if (store.open(config, false, nullptr))
            page = store.queue().poll(u"p"_s, -1, 10, QDateTime::currentMSecsSinceEpoch(), nullptr);
    });
    poller->start();
    QVERIFY(!poller->wait(700)); // waiting for the writer in flight
    QVERIFY(held.rollback());
    QVERIFY(poller->wait(10000));
    delete poller;
    QVERIFY(page && page->events.size() == 1);
    writing = QSqlQuery();
    held.close();
    held = QSqlDatabase();
    QSqlDatabase::removeDatabase(u"held"_s);
}

void TestPostgres::copiesAnEmbeddedStore()
{
    const QString file = m_dir.filePath(u"embedded-%1.db"_s.arg(m_run));
    {
        Store store(u"embedded"_s);
        QVERIFY(store.openFile(file, false, nullptr));
        KafkaRecord bad;
        bad.topic = u"t"_s;
        bad.value = "{not json";
        QVERIFY(store.queue().enqueue(ingestItems(40, u"a"_s), {{bad, u"bad JSON"_s}}, {}, nullptr));
        const QList<ClaimedDelivery> claimed = store.queue().claim(u"a"_s, 10, QDateTime::currentMSecsSinceEpoch());
        QList<DeliveryOutcome> outcomes;
        for (const ClaimedDelivery &c : claimed)
            outcomes.append({c.row, DeliveryState::Delivered, 1, 0, 0, 12, 204, QString(), {}, true});
        QVERIFY(store.queue().record(outcomes, nullptr));
        QVERIFY(store.subscriptions().saveDefinition(u"a"_s, QJsonObject{{u"name"_s, u"a"_s}}, u"api"_s, nullptr));
        QVERIFY(store.subscriptions().addSecret(u"a"_s, u"whsec_c2VjcmV0"_s, false, nullptr));
        QVERIFY(store.consumers().create({u"crm"_s, {u"a.*"_s}, 3, 1, 1, 0, 0}, QByteArray(32, 'h'), nullptr));
    }
    const QString config = writeConfig({});
    QByteArray out, err;
    QVERIFY2(run({u"--config"_s, config, u"store"_s, u"migrate"_s, u"--from"_s, file}, &out, &err) == 0,
             err.constData());
    QVERIFY2(out.contains("deliveries: 40") && out.contains("attempts: 10") && out.contains("quarantine: 1"),
             out.constData());

    Store store(u"copied"_s);
    QVERIFY(store.open(storeConfig(), false, nullptr));
    const auto counts = store.queue().countByState();
    QCOMPARE(counts.value(u"delivered"_s), 10);
    QCOMPARE(counts.value(u"pending"_s), 30);
    QCOMPARE(counts.value(u"quarantined"_s), 1);
    QCOMPARE(store.subscriptions().activeSecrets(u"a"_s, QDateTime::currentMSecsSinceEpoch()),
             QStringList{u"whsec_c2VjcmV0"_s});
    // Consumers keep their tokens: only the hash was ever stored, and it moved.
    const auto crm = store.consumers().byTokenHash(QByteArray(32, 'h'));
    QVERIFY(crm && crm->allowedTypes == QStringList{u"a.*"_s} && crm->maxSubscriptions == 3);
    // The ids went on from where the file left them: new events take new rows.
    QVERIFY(store.queue().enqueue(ingestItems(5, u"a"_s, u"new-"_s), {}, {}, nullptr));
    QCOMPARE(store.queue().countByState().value(u"pending"_s), 35);

    // Not into a database that holds a store already, and only into PostgreSQL.
    QCOMPARE(run({u"--config"_s, config, u"store"_s, u"migrate"_s, u"--from"_s, file}, &out, &err), 1);
    QVERIFY2(err.contains("copy into an empty database") && err.contains("nothing was copied"), err.constData());
    QCOMPARE(
        run({u"--config"_s, config, u"store"_s, u"migrate"_s, u"--from"_s, m_dir.filePath(u"none.db"_s)}, &out, &err),
        1);
    QVERIFY2(err.contains("there is no store"), err.constData());
}

QTEST_GUILESS_MAIN(TestPostgres)
#include "tst_postgres.moc"
