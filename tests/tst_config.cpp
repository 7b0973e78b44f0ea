#include "config.h"

#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace sluice::agent;

class TestConfig : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void shippedDemoConfigIsValid();
    void defaults();
    void rejects_data();
    void rejects();
    void reportsEveryProblemAtOnce();
    void fileErrorsNameTheLine();
};

void TestConfig::shippedDemoConfigIsValid()
{
    QStringList errors;
    const auto config = AgentConfig::load(QStringLiteral(SLUICE_SOURCE_DIR "/resources/demo.json"), &errors);
    QVERIFY2(config, qPrintable(errors.join(u"\n"_s)));
    QCOMPARE(config->subscriptions.size(), 4);
    QVERIFY(config->kafka.brokers.isEmpty());
    // The demo's receiver is on this machine: it must be allowed explicitly.
    QCOMPARE(config->delivery.egressAllow, QStringList{u"127.0.0.1"_s});
    QCOMPARE(config->decoding.mappings.size(), 1);
    QCOMPARE(config->delivery.retrySchedule.size(), 4);
    QCOMPARE(config->callbacks.size(), 1);
    QCOMPARE(config->callbacks.first().topic, u"wcm.events.binary"_s);
}

void TestConfig::defaults()
{
    QStringList errors;
    const auto config =
        AgentConfig::fromJson(QJsonDocument::fromJson(R"({"kafka":{"topics":["a"]}})").object(), &errors);
    QVERIFY2(config, qPrintable(errors.join(u"\n"_s)));
    using namespace std::chrono;
    const QList<milliseconds> expected = {0s, 5s, 5min, 30min, 2h, 5h, 10h, 10h};
    QCOMPARE(config->delivery.retrySchedule, expected);
    QCOMPARE(config->kafka.embeddedTopics, QStringList{u"a"_s});
    QVERIFY(config->store.fullSync);
    QCOMPARE(config->eventRegister.topic, u"sluice.register"_s);
    QVERIFY(config->eventRegister.seed && config->eventRegister.discover && !config->eventRegister.exposeDiscovered);
    QCOMPARE(config->eventRegister.defaultValidation, sluice::ValidationPolicy::Warn);
    QCOMPARE(config->http.listen, u"127.0.0.1:8790"_s);
    QCOMPARE(config->decoding.threads, 0);
    QVERIFY(config->decoding.threadCount() >= 1 && config->decoding.threadCount() <= DecodingConfig::kMaxThreads);
    QVERIFY(config->store.keepLatest);
    QVERIFY(!config->store.keepLatestFor.matches(u"be.any.type"_s)); // only what initial events need
    QStringList errors3;
    const auto keeping = AgentConfig::fromJson(
        QJsonDocument::fromJson(
            R"({"kafka":{"topics":["a"]},"store":{"keepLatest":["be.wcm.*"]},"decoding":{"threads":1}})")
            .object(),
        &errors3);
    QVERIFY2(keeping, qPrintable(errors3.join(u"\n"_s)));
    QVERIFY(keeping->store.keepLatest && keeping->store.keepLatestFor.matches(u"be.wcm.page"_s));
    QCOMPARE(keeping->decoding.threadCount(), 1);
    QStringList errors2;
    const auto withLog = AgentConfig::fromJson(
        QJsonDocument::fromJson(R"({"kafka":{"topics":["a"]},"log":{"rules":["sluice.agent.delivery.debug=true"]}})")
            .object(),
        &errors2);
    QVERIFY2(withLog, qPrintable(errors2.join(u"\n"_s)));
    QCOMPARE(withLog->log.rules, QStringList{u"sluice.agent.delivery.debug=true"_s});
    QVERIFY(parseListenAddress(u"[::1]:0"_s));
    QCOMPARE(parseListenAddress(u"localhost:8790"_s)->first, QHostAddress(QHostAddress::LocalHost));
}

void TestConfig::rejects_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("message");

    QTest::newRow("no topics") << QByteArray(R"({})") << u"kafka.topics: list at least one topic"_s;
    // The store's backend and the PostgreSQL server: every key refuses what it cannot use.
    const QByteArray pg = R"({"kafka":{"topics":["a"]},"store":{"backend":"postgresql","postgresql":%1}})";
    auto withPg = [&](const char *postgres) { return QByteArray(pg).replace("%1", postgres); };
    QTest::newRow("unknown backend") << QByteArray(R"({"kafka":{"topics":["a"]},"store":{"backend":"mysql"}})")
                                     << u"store.backend: must be \"sqlite\""_s;
    QTest::newRow("postgresql without its backend")
        << QByteArray(R"({"kafka":{"topics":["a"]},"store":{"postgresql":{"host":"db"}}})")
        << u"store.postgresql: is used only with \"backend\": \"postgresql\""_s;
    QTest::newRow("password in the file")
        << withPg(R"({"password":"secret"})") << u"store.postgresql.password: is never kept in the configuration"_s;
    QTest::newRow("unknown postgresql key")
        << withPg(R"({"hostname":"db"})") << u"store.postgresql.hostname: unknown key"_s;
    QTest::newRow("empty host") << withPg(R"({"host":""})") << u"store.postgresql.host: name the PostgreSQL server"_s;
    QTest::newRow("port out of range") << withPg(R"({"port":70000})")
                                       << u"store.postgresql.port: must be a whole number from 1 to 65535"_s;
    QTest::newRow("empty database") << withPg(R"({"database":""})")
                                    << u"store.postgresql.database: name the database"_s;
    QTest::newRow("empty user") << withPg(R"({"user":""})") << u"store.postgresql.user: name the role"_s;
    QTest::newRow("bad sslmode") << withPg(R"({"sslmode":"yes"})")
                                 << u"store.postgresql.sslmode: must be one of disable, allow, prefer"_s;
    QTest::newRow("verify-full without a CA")
        << withPg(R"({"sslmode":"verify-full"})") << u"store.postgresql.caFile: sslmode \"verify-full\" checks"_s;
    QTest::newRow("unreadable CA file") << withPg(R"({"caFile":"/nonexistent/ca.pem"})")
                                        << u"store.postgresql.caFile: cannot read \"/nonexistent/ca.pem\""_s;
    QTest::newRow("unreadable password file")
        << withPg(R"({"passwordFile":"/nonexistent/pw"})") << u"store.postgresql.passwordFile: cannot read"_s;
    QTest::newRow("both password sources") << withPg(R"({"passwordFile":"/etc/hostname","passwordEnv":"PW"})")
                                           << u"store.postgresql.passwordEnv: give either"_s;
    QTest::newRow("host not a string") << withPg(R"({"host":5})") << u"store.postgresql.host: must be a string"_s;
    QTest::newRow("connect timeout too short")
        << withPg(R"({"connectTimeout":"100ms"})") << u"store.postgresql.connectTimeout: must be at least 1s"_s;
    QTest::newRow("lease shorter than a request")
        << QByteArray(R"({"kafka":{"topics":["a"]},"delivery":{"lease":"10s"}})")
        << u"delivery.lease: must be at least connectTimeout + responseTimeout + 5s (25 s here)"_s;
    QTest::newRow("unknown top-level key")
        << QByteArray(R"({"kafka":{"topics":["a"]},"kafak":{}})") << u"kafak: unknown key"_s;
    QTest::newRow("unknown kafka key") << QByteArray(R"({"kafka":{"topics":["a"],"broker":"x"}})")
                                       << u"kafka.broker: unknown key"_s;
    QTest::newRow("bad regex topic") << QByteArray(R"({"kafka":{"topics":["^wcm.(("]}})")
                                     << u"not a valid regular expression"_s;
    QTest::newRow("proxy without a port")
        << QByteArray(R"({"kafka":{"topics":["a"]},"delivery":{"proxy":"http://proxy.example"}})")
        << u"delivery.proxy: \"http://proxy.example\" has no port"_s;
    QTest::newRow("noProxy not a subnet")
        << QByteArray(
               R"({"kafka":{"topics":["a"]},"delivery":{"proxy":"http://p.example:3128","noProxy":["10.0.0.0/99"]}})")
        << u"delivery.noProxy: \"10.0.0.0/99\" is not a subnet"_s;
    QTest::newRow("instance id with a space")
        << QByteArray(R"({"kafka":{"topics":["a"],"instanceId":"my agent"}})") << u"kafka.instanceId: use up to 249"_s;
    QTest::newRow("instance id not a string")
        << QByteArray(R"({"kafka":{"topics":["a"],"instanceId":7}})") << u"kafka.instanceId: must be a string"_s;
    QTest::newRow("topics not strings") << QByteArray(R"({"kafka":{"topics":[1]}})")
                                        << u"kafka.topics: must be an array of strings"_s;
    QTest::newRow("empty group") << QByteArray(R"({"kafka":{"topics":["a"],"groupId":""}})")
                                 << u"kafka.groupId: must not be empty"_s;
    QTest::newRow("bad partitions") << QByteArray(R"({"kafka":{"topics":["a"],"embedded":{"partitions":0}}})")
                                    << u"kafka.embedded.partitions: must be a whole number from 1 to 1024"_s;
    QTest::newRow("decoding threads out of range")
        << QByteArray(R"({"kafka":{"topics":["a"]},"decoding":{"threads":65}})")
        << u"decoding.threads: must be a whole number from 0 to 64"_s;
    QTest::newRow("keepLatest not a type list")
        << QByteArray(R"({"kafka":{"topics":["a"]},"store":{"keepLatest":[5]}})")
        << u"store.keepLatest: must be an array of strings"_s;
    QTest::newRow("keepLatest neither list nor boolean")
        << QByteArray(R"({"kafka":{"topics":["a"]},"store":{"keepLatest":"yes"}})")
        << u"store.keepLatest: must be true or false"_s;
    QTest::newRow("bad retention") << QByteArray(R"({"kafka":{"topics":["a"]},"store":{"retention":"a week"}})")
                                   << u"store.retention: must be a duration"_s;
    QTest::newRow("bad synchronous") << QByteArray(R"({"kafka":{"topics":["a"]},"store":{"synchronous":"off"}})")
                                     << u"store.synchronous: must be \"full\""_s;
    QTest::newRow("bad retry schedule")
        << QByteArray(R"({"kafka":{"topics":["a"]},"delivery":{"retrySchedule":["5s","soon"]}})")
        << u"delivery.retrySchedule: \"soon\" is not a duration"_s;
    QTest::newRow("empty retry schedule") << QByteArray(R"({"kafka":{"topics":["a"]},"delivery":{"retrySchedule":[]}})")
                                          << u"delivery.retrySchedule must be a non-empty array"_s;
    QTest::newRow("bad concurrency") << QByteArray(R"({"kafka":{"topics":["a"]},"delivery":{"concurrency":1.5}})")
                                     << u"delivery.concurrency: must be a whole number"_s;
    QTest::newRow("bad jitter") << QByteArray(R"({"kafka":{"topics":["a"]},"delivery":{"jitter":2}})")
                                << u"delivery.jitter"_s;
    QTest::newRow("mapping without topic")
        << QByteArray(R"({"kafka":{"topics":["a"]},"decoding":{"mappings":[{"type":"x","source":"/s"}]}})")
        << u"decoding.mappings[0].topic"_s;
    QTest::newRow("mapping type and pointer")
        << QByteArray(
               R"({"kafka":{"topics":["a"]},"decoding":{"mappings":[{"topic":"a","type":"x","typePointer":"/t","source":"/s"}]}})")
        << u"decoding.mappings[0].type: give either"_s;
    QTest::newRow("mapping bad pointer")
        << QByteArray(
               R"({"kafka":{"topics":["a"]},"decoding":{"mappings":[{"topic":"a","type":"x","source":"/s","idPointer":"id"}]}})")
        << u"decoding.mappings[0].idPointer"_s;
    QTest::newRow("subscription without name")
        << QByteArray(R"({"kafka":{"topics":["a"]},"subscriptions":[{"endpoint":"http://h/","types":["*"]}]})")
        << u"subscriptions[0]: every subscription needs a \"name\""_s;
    QTest::newRow("subscription bad endpoint")
        << QByteArray(
               R"({"kafka":{"topics":["a"]},"subscriptions":[{"name":"s","endpoint":"ftp://h/","types":["*"]}]})")
        << u"subscription \"s\": \"endpoint\" must be an http:// or https:// URL"_s;
    QTest::newRow("subscription without types")
        << QByteArray(R"({"kafka":{"topics":["a"]},"subscriptions":[{"name":"s","endpoint":"http://h/"}]})")
        << u"\"types\" must list the event types"_s;
    QTest::newRow("subscription bad filter")
        << QByteArray(
               R"({"kafka":{"topics":["a"]},"subscriptions":[{"name":"s","endpoint":"http://h/","types":["*"],"filter":{"like":{}}}]})")
        << u"unknown filter dialect \"like\""_s;
    QTest::newRow("subscription bad mode")
        << QByteArray(
               R"({"kafka":{"topics":["a"]},"subscriptions":[{"name":"s","endpoint":"http://h/","types":["*"],"mode":"bulk"}]})")
        << u"\"mode\" must be \"structured\", \"binary\" or \"batch\""_s;
    auto sub = [](const QByteArray &extra) {
        return QByteArray(
                   R"({"kafka":{"topics":["a"]},"subscriptions":[{"name":"s","endpoint":"https://h/","types":["*"],)") +
               extra + "}]}";
    };
    QTest::newRow("bad secret") << sub(R"("secrets":["abc"])") << u"secrets: "_s;
    QTest::newRow("bad auth type") << sub(R"("auth":{"type":"digest"})") << u"auth: \"type\" must be"_s;
    QTest::newRow("basic without user") << sub(R"("auth":{"type":"basic","password":"x"})")
                                        << u"needs a \"username\""_s;
    QTest::newRow("bearer without token") << sub(R"("auth":{"type":"bearer"})") << u"bearer needs a \"token\""_s;
    QTest::newRow("unreadable ca") << sub(R"("tls":{"caCertificates":"/nonexistent/ca.pem"})")
                                   << u"tls.caCertificates: cannot read"_s;
    QTest::newRow("client key not a key") << sub(QByteArray(R"("tls":{"clientCertificate":")") + SLUICE_SOURCE_DIR +
                                                 R"(/README.md","clientKey":")" + SLUICE_SOURCE_DIR + R"(/README.md"})")
                                          << u"tls: no PEM certificate"_s;
    QTest::newRow("unknown tls key") << sub(R"("tls":{"ca":"x"})") << u"tls: unknown key \"ca\""_s;
    QTest::newRow("bad priority rule") << sub(R"("priorityRules":[{"types":["a.*"]}])")
                                       << u"priorityRules: every rule needs a \"priority\""_s;
    QTest::newRow("bad window") << sub(R"("windows":[{"from":"25:00","to":"05:00"}])") << u"windows: "_s;
    QTest::newRow("bad time zone") << sub(R"("timeZone":"Mars/Olympus")") << u"\"timeZone\" must be an IANA name"_s;
    QTest::newRow("bad coalesce") << sub(R"("coalesce":["Type!"])") << u"coalesce: \"Type!\""_s;
    QTest::newRow("empty coalesce") << sub(R"("coalesce":[])") << u"\"coalesce\" lists"_s;
    QTest::newRow("bad rate limit") << sub(R"("rateLimit":0)") << u"\"rateLimit\" is events per second"_s;
    QTest::newRow("bad batch size") << sub(R"("batchSize":5000)") << u"\"batchSize\" must be"_s;
    QTest::newRow("bad egress allow") << QByteArray(
                                             R"({"kafka":{"topics":["a"]},"delivery":{"egressAllow":["10.0.0.0/99"]}})")
                                      << u"delivery.egressAllow"_s;
    QTest::newRow("subscription unknown key")
        << QByteArray(
               R"({"kafka":{"topics":["a"]},"subscriptions":[{"name":"s","endpoint":"http://h/","types":["*"],"url":"x"}]})")
        << u"unknown key \"url\""_s;
    QTest::newRow("duplicate subscription names")
        << QByteArray(
               R"({"kafka":{"topics":["a"]},"subscriptions":[{"name":"s","endpoint":"http://h/","types":["*"]},{"name":"s","endpoint":"http://h/","types":["*"]}]})")
        << u"used twice"_s;
    QTest::newRow("register unknown key")
        << QByteArray(R"({"kafka":{"topics":["a"]},"register":{"topics":"x"}})") << u"register.topics: unknown key"_s;
    QTest::newRow("register bad policy")
        << QByteArray(R"({"kafka":{"topics":["a"]},"register":{"defaultValidation":"strict"}})")
        << u"register.defaultValidation: must be \"off\", \"warn\""_s;
    QTest::newRow("register exposeDiscovered not bool")
        << QByteArray(R"({"kafka":{"topics":["a"]},"register":{"exposeDiscovered":"yes"}})")
        << u"register.exposeDiscovered: must be true or false"_s;
    QTest::newRow("http listen without port")
        << QByteArray(R"({"kafka":{"topics":["a"]},"http":{"listen":"127.0.0.1"}})")
        << u"http.listen: must be an address and port"_s;
    QTest::newRow("http listen not an address")
        << QByteArray(R"({"kafka":{"topics":["a"]},"http":{"listen":"example.org:80"}})")
        << u"http.listen: must be an address and port"_s;
    QTest::newRow("admin beyond loopback without TLS")
        << QByteArray(R"({"kafka":{"topics":["a"]},"admin":{"listen":"0.0.0.0:8791"}})")
        << u"admin.listen: 0.0.0.0:8791 is reachable from other machines: give admin.tlsCertificate"_s;
    QTest::newRow("admin certificate without key")
        << QByteArray(R"({"kafka":{"topics":["a"]},"admin":{"tlsCertificate":"/etc/sluice/admin.pem"}})")
        << u"admin.tlsCertificate: give both tlsCertificate and tlsKey"_s;
    QTest::newRow("admin rate not a number")
        << QByteArray(R"({"kafka":{"topics":["a"]},"admin":{"requestsPerSecond":"many"}})")
        << u"admin.requestsPerSecond: must be a whole number"_s;
    QTest::newRow("log rule not a rule") << QByteArray(R"({"kafka":{"topics":["a"]},"log":{"rules":["everything"]}})")
                                         << u"log.rules: \"everything\" is not a logging rule"_s;
    QTest::newRow("admin unknown key") << QByteArray(R"({"kafka":{"topics":["a"]},"admin":{"port":8791}})")
                                       << u"admin.port: unknown key"_s;
    QTest::newRow("http listen port too big")
        << QByteArray(R"({"kafka":{"topics":["a"]},"http":{"listen":"127.0.0.1:70000"}})")
        << u"http.listen: must be an address and port"_s;
    const auto callback = [](const char *fields) {
        return QByteArray(R"({"kafka":{"topics":["a","^in\..*"]},"callbacks":[{)") + fields + "}]}";
    };
    QTest::newRow("callbacks not an array")
        << QByteArray(R"({"kafka":{"topics":["a"]},"callbacks":{}})") << u"callbacks: must be an array"_s;
    QTest::newRow("callback name with a slash")
        << callback(R"("name":"a/b","topic":"a","tokenFile":"t")") << u"callbacks[0].name: name the callback"_s;
    QTest::newRow("callback without a topic")
        << callback(R"("name":"a","tokenFile":"t")") << u"callbacks[0].topic: name the Kafka topic"_s;
    QTest::newRow("callback topic not consumed")
        << callback(R"("name":"a","topic":"b","tokenFile":"t")") << u"\"b\" is not among kafka.topics"_s;
    QTest::newRow("callback without proof")
        << callback(R"("name":"a","topic":"in.x")") << u"callbacks[0].tokenFile: say how callers prove who they are"_s;
    QTest::newRow("callback mapping without source")
        << callback(R"("name":"a","topic":"a","tokenFile":"t","mapping":{"type":"x"})")
        << u"callbacks[0].mapping.source: give the fixed CloudEvents source"_s;
    QTest::newRow("callback mapping unknown key")
        << callback(R"("name":"a","topic":"a","tokenFile":"t","mapping":{"type":"x","source":"/s","topic":"a"})")
        << u"callbacks[0].mapping.topic: unknown key"_s;
    QTest::newRow("callback ack timeout too long")
        << callback(R"("name":"a","topic":"a","tokenFile":"t","ackTimeout":"1h")")
        << u"callbacks[0].ackTimeout: must be from 1s to 5m"_s;
    QTest::newRow("callbacks twice the same name")
        << QByteArray(R"({"kafka":{"topics":["a"]},"callbacks":[{"name":"a","topic":"a","tokenFile":"t"},)"
                      R"({"name":"a","topic":"a","tokenFile":"u"}]})")
        << u"callbacks[1].name: \"a\" is used twice"_s;
    QTest::newRow("callbacks without the HTTP server")
        << QByteArray(R"({"kafka":{"topics":["a"]},"http":{"listen":""},"callbacks":[{"name":"a","topic":"a",)"
                      R"("tokenFile":"t"}]})")
        << u"callbacks: callers reach them on the HTTP server"_s;
}

void TestConfig::rejects()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, message);
    QStringList errors;
    QVERIFY(!AgentConfig::fromJson(QJsonDocument::fromJson(json).object(), &errors));
    QVERIFY2(std::any_of(errors.begin(), errors.end(), [&](const QString &e) { return e.contains(message); }),
             qPrintable(errors.join(u"\n"_s)));
}

void TestConfig::reportsEveryProblemAtOnce()
{
    QStringList errors;
    QVERIFY(!AgentConfig::fromJson(
        QJsonDocument::fromJson(R"({"store":{"retention":"x"},"delivery":{"concurrency":0}})").object(), &errors));
    QCOMPARE(errors.size(), 3); // retention, concurrency, topics
}

void TestConfig::fileErrorsNameTheLine()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"bad.json"_s);
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("// a comment\n{\n  \"kafka\": {\"topics\": [\"a\"]},\n  oops\n}\n");
    file.close();
    QStringList errors;
    QVERIFY(!AgentConfig::load(path, &errors));
    QCOMPARE(errors.size(), 1);
    QVERIFY2(errors.first().contains(path + u":4:"_s), qPrintable(errors.first()));
    QVERIFY(!AgentConfig::load(dir.filePath(u"missing.json"_s), &errors));
    QVERIFY(errors.last().contains(u"cannot read the configuration file"_s));
}

QTEST_GUILESS_MAIN(TestConfig)
#include "tst_config.moc"
