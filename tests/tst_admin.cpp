// The admin API with a real QWebSocket client against the agent running in-process, on the
// embedded Kafka-protocol cluster with a SQLite store: hello, authentication and roles, malformed
// requests, limits per connection, origin and TLS, the register's methods and the audit log; and a
// second, independent client written in Node (tests/node/admin-client.js). Deliveries,
// subscriptions and the live stream are in tst_admindelivery.
#include "admin/admintokens.h"
#include "adminclient.h"
#include "agent.h"
#include "errorreason.h"
#include "protocol.h"
#include "testsupport.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QSignalSpy>
#include <QTest>
#include <QWebSocket>

using namespace Qt::Literals::StringLiterals;
using namespace sluice;
using namespace sluice::agent;
using namespace sluice::test;
namespace error = sluice::protocol::error;

namespace {

const QString kContentChanged = u"be.digipolis.wcm.v4.content.item.changed"_s;

} // namespace

class TestAdmin : public QObject, private AdminFixture {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { startCluster(); }
    void init() { nextRun(u"adm"_s); }
    void helloAuthenticationAndRoles();
    void malformedRequestsGetClearErrors();
    void everyMethodDeclaresItsParams();
    void limitsPerConnection();
    void originAndTls();
    void registerMethodsAndAudit();
    void secondClientInNode();
};

void TestAdmin::helloAuthenticationAndRoles()
{
    auto agent = startAgent({});
    QVERIFY(agent);
    // The token file: created at the first start, readable by the agent's user only.
    QCOMPARE(QFile(tokenFile()).permissions() & ~(QFileDevice::ReadUser | QFileDevice::WriteUser),
             QFileDevice::ReadOwner | QFileDevice::WriteOwner);

    AdminClient client;
    QVERIFY(client.open(adminUrl(*agent)));
    const QJsonObject hello = client.result(protocol::method::Hello);
    QCOMPARE(hello.value(u"protocol"_s).toString(), protocol::kVersion);
    QVERIFY(hello.value(u"capabilities"_s).toArray().contains(protocol::method::DeliveriesRetryAll));
    QCOMPARE(hello.value(u"authenticated"_s).toBool(), false);

    // Nothing else before authenticating; a wrong token is refused and named as such.
    QCOMPARE(client.errorCode(protocol::method::RegisterList), int(error::Unauthenticated));
    const QJsonObject wrong = client.call(protocol::method::Authenticate, {{u"token"_s, u"sluice_guess"_s}});
    QCOMPARE(wrong.value(u"error"_s).toObject().value(u"code"_s).toInt(), int(error::Unauthenticated));
    QVERIFY(wrong.value(u"error"_s).toObject().value(u"message"_s).toString().contains(u"token show"_s));
    QVERIFY(client.authenticate(token(u"viewer"_s)));
    QVERIFY(client.result(protocol::method::RegisterList).value(u"total"_s).toInt() >= 28);

    // A viewer reads but does not change.
    const QJsonObject forbidden =
        client.call(protocol::method::RegisterUpdate, {{u"type"_s, kContentChanged}, {u"exposed"_s, false}});
    QCOMPARE(forbidden.value(u"error"_s).toObject().value(u"code"_s).toInt(), int(error::Forbidden));
    QVERIFY(forbidden.value(u"error"_s).toObject().value(u"message"_s).toString().contains(u"viewer token"_s));

    // An admin changes; rotating the token on the command line ends the session that used it.
    AdminClient admin;
    QVERIFY(admin.open(adminUrl(*agent)));
    QVERIFY(admin.authenticate(token(u"admin"_s)));
    QVERIFY(admin
                .call(protocol::method::RegisterUpdate,
                      {{u"type"_s, kContentChanged}, {u"description"_s, QJsonObject{{u"en"_s, u"Changed."_s}}}})
                .contains(u"result"_s));
    AdminTokens tokens(tokenFile());
    QString why;
    QVERIFY(tokens.reloadIfChanged(&why));
    QTest::qWait(20); // a modification time the agent can tell apart
    QVERIFY(tokens.rotate(u"admin"_s, &why));
    QCOMPARE(admin.errorCode(protocol::method::RegisterList), int(error::Unauthenticated));
    QVERIFY(admin.authenticate(token(u"admin"_s)));

    // Three wrong tokens close the connection.
    AdminClient guesser;
    QVERIFY(guesser.open(adminUrl(*agent)));
    QSignalSpy closed(&guesser.socket(), &QWebSocket::disconnected);
    for (int i = 0; i < 3; ++i)
        guesser.call(protocol::method::Authenticate, {{u"token"_s, u"sluice_wrong_%1_xxxxxxxxxxxxxxxx"_s.arg(i)}});
    QVERIFY(closed.count() == 1 || closed.wait(3000));
    QCOMPARE(guesser.socket().closeCode(), QWebSocketProtocol::CloseCodePolicyViolated);
}

void TestAdmin::malformedRequestsGetClearErrors()
{
    auto agent = startAgent({});
    QVERIFY(agent);
    AdminClient client;
    QVERIFY(client.open(adminUrl(*agent)));
    QVERIFY(client.authenticate(token(u"admin"_s)));
    auto lastError = [&](int *code) {
        for (int waited = 0; waited < 5000 && client.responses().isEmpty(); waited += 5)
            QTest::qWait(5);
        const QJsonObject response = client.responses().isEmpty() ? QJsonObject() : client.responses().takeFirst();
        *code = response.value(u"error"_s).toObject().value(u"code"_s).toInt();
        return response.value(u"error"_s).toObject().value(u"message"_s).toString();
    };
    int code = 0;
    client.sendText("{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": ");
    QVERIFY(lastError(&code).contains(u"not JSON"_s));
    QCOMPARE(code, int(error::ParseError));
    client.sendText(R"({"id": 2, "method": "hello"})");
    QVERIFY(lastError(&code).contains(u"\"jsonrpc\": \"2.0\""_s));
    QCOMPARE(code, int(error::InvalidRequest));
    client.sendText(R"({"jsonrpc": "2.0", "id": 3, "method": "hello", "params": [1, 2]})");
    QVERIFY(lastError(&code).contains(u"named members"_s));
    QCOMPARE(code, int(error::InvalidParams));
    client.sendText("[]");
    QVERIFY(lastError(&code).contains(u"empty batch"_s));
    QCOMPARE(code, int(error::InvalidRequest));

    QCOMPARE(client.errorCode(u"register.drop"_s), int(error::MethodNotFound));
    const QJsonObject bad = client.call(protocol::method::RegisterList, {{u"limit"_s, u"ten"_s}});
    QCOMPARE(bad.value(u"error"_s).toObject().value(u"code"_s).toInt(), int(error::InvalidParams));
    QVERIFY(bad.value(u"error"_s)
                .toObject()
                .value(u"message"_s)
                .toString()
                .contains(u"\"limit\" must be a whole number"_s));
    QCOMPARE(client.errorCode(protocol::method::RegisterGet, {{u"type"_s, u"no.such.type"_s}}), int(error::NotFound));
    QCOMPARE(client.errorCode(protocol::method::DeliveriesGet, {}), int(error::InvalidParams));
    QCOMPARE(client.errorCode(protocol::method::DeliveriesList, {{u"state"_s, u"lost"_s}}), int(error::InvalidParams));
    QCOMPARE(client.errorCode(protocol::method::RegisterExport, {{u"format"_s, u"pdf"_s}}), int(error::InvalidParams));

    // A batch gets one array of answers; a notification (no id) gets none.
    client.sendText(R"([{"jsonrpc": "2.0", "id": 10, "method": "hello"},
                        {"jsonrpc": "2.0", "method": "stats.subscribe"},
                        {"jsonrpc": "2.0", "id": 11, "method": "nope"}])");
    for (int waited = 0; waited < 5000 && client.batches().isEmpty(); waited += 5)
        QTest::qWait(5);
    QCOMPARE(client.batches().size(), 1);
    const QJsonArray batch = client.batches().first();
    QCOMPARE(batch.size(), 2);
    QVERIFY(batch.at(0).toObject().contains(u"result"_s));
    QCOMPARE(batch.at(1).toObject().value(u"error"_s).toObject().value(u"code"_s).toInt(), int(error::MethodNotFound));
    // ... and the notification did subscribe: stats arrive.
    QTRY_VERIFY_WITH_TIMEOUT(
        std::any_of(client.notifications().begin(), client.notifications().end(),
                    [](const QJsonObject &n) { return n.value(u"method"_s) == protocol::notification::Stats; }),
        3000);
}

// hello lists every method with what it takes; a param a method does not declare is refused
// before the method runs, for every method, so nothing is changed or audited as done.
void TestAdmin::everyMethodDeclaresItsParams()
{
    auto agent = startAgent({});
    QVERIFY(agent);
    AdminClient client;
    QVERIFY(client.open(adminUrl(*agent)));
    const QJsonObject hello = client.result(protocol::method::Hello);
    const QJsonArray methods = hello.value(protocol::hello::Methods).toArray();
    QCOMPARE(methods.size(), hello.value(protocol::hello::Capabilities).toArray().size());
    QVERIFY(methods.size() >= 40);
    QVERIFY(client.authenticate(token(u"admin"_s)));
    const qint64 auditedBefore = client.result(protocol::method::AuditList).value(u"total"_s).toInteger();
    int changing = 0;
    for (const QJsonValue &m : methods) {
        const QString name = m.toObject().value(protocol::hello::Name).toString();
        const QJsonArray params = m.toObject().value(protocol::hello::Params).toArray();
        QStringList known;
        for (const QJsonValue &p : params) {
            const QJsonObject spec = p.toObject();
            QVERIFY2(!spec.value(protocol::paramspec::Kind).toString().isEmpty(), qPrintable(name));
            QVERIFY2(spec.value(protocol::paramspec::Required).isBool(), qPrintable(name));
            known.append(spec.value(protocol::paramspec::Name).toString());
        }
        if (m.toObject().value(protocol::hello::Changes).toBool())
            ++changing;
        if (name == protocol::method::Authenticate)
            continue; // a refused authenticate counts as a wrong token
        const QJsonObject refused = client.call(name, {{u"nonsense"_s, 1}}).value(u"error"_s).toObject();
        QCOMPARE(refused.value(u"code"_s).toInt(), int(error::InvalidParams));
        const QJsonObject data = refused.value(u"data"_s).toObject();
        QCOMPARE(data.value(u"reason"_s).toString(),
                 known.isEmpty() ? sluice::refusal::NoParams : sluice::refusal::UnknownParam);
        QCOMPARE(data.value(u"params"_s).toObject().value(sluice::refusalparam::Param).toString(), u"nonsense"_s);
        if (!known.isEmpty())
            QCOMPARE(data.value(u"params"_s).toObject().value(sluice::refusalparam::Choices).toArray(),
                     QJsonArray::fromStringList(known));
    }
    QVERIFY(changing >= 15);
    // The refused changes are in the audit log as refused, with the reason.
    const QJsonObject audit = client.result(protocol::method::AuditList);
    QCOMPARE(audit.value(u"total"_s).toInteger(), auditedBefore + changing);
    QVERIFY(audit.value(u"entries"_s)
                .toArray()
                .at(0)
                .toObject()
                .value(u"outcome"_s)
                .toString()
                .startsWith(u"refused: this method takes no param \"nonsense\""_s));

    // What the declaration says is what is checked: a required param, a range, a time.
    const QJsonObject required = client.call(protocol::method::JobsGet, {}).value(u"error"_s).toObject();
    QCOMPARE(required.value(u"data"_s).toObject().value(u"reason"_s).toString(), sluice::refusal::Required);
    QCOMPARE(client.errorCode(protocol::method::DeliveriesRetryAll, {{u"max"_s, -1}}), int(error::InvalidParams));
    QCOMPARE(client.errorCode(protocol::method::DeliveriesList, {{u"from"_s, u"yesterday"_s}}),
             int(error::InvalidParams));
    QCOMPARE(client.errorCode(protocol::method::QuarantineDiscard, {{u"ids"_s, QJsonArray{0}}}),
             int(error::InvalidParams));
}

void TestAdmin::limitsPerConnection()
{
    auto agent =
        startAgent({}, {{u"maxMessageBytes"_s, 4096}, {u"requestsPerSecond"_s, 1}, {u"idleTimeout"_s, u"1s"_s}});
    QVERIFY(agent);

    // Rate: bursts of twice the rate, then -32003 with when to come back. One a second, so even a
    // slow machine sends the thirty well within the refills.
    AdminClient busy;
    QVERIFY(busy.open(adminUrl(*agent)));
    int limited = 0;
    qint64 retryAfter = 0;
    for (int i = 0; i < 30; ++i) {
        const QJsonObject response = busy.call(protocol::method::Hello);
        const QJsonObject error = response.value(u"error"_s).toObject();
        if (error.value(u"code"_s).toInt() == error::RateLimited) {
            ++limited;
            retryAfter = error.value(u"data"_s).toObject().value(u"retryAfterMs"_s).toInteger();
        }
    }
    QVERIFY2(limited >= 20, qPrintable(QString::number(limited)));
    QVERIFY(retryAfter > 0 && retryAfter <= 1000);

    // Size: a message over the limit closes the connection with "too much data".
    AdminClient big;
    QVERIFY(big.open(adminUrl(*agent)));
    QSignalSpy bigClosed(&big.socket(), &QWebSocket::disconnected);
    big.sendText(QJsonDocument(protocol::request(1, protocol::method::Hello, {{u"padding"_s, QString(10000, u'x')}}))
                     .toJson(QJsonDocument::Compact));
    QVERIFY(bigClosed.wait(5000));
    QCOMPARE(big.socket().closeCode(), QWebSocketProtocol::CloseCodeTooMuchData);

    // Idle: closed after admin.idleTimeout without a request, with the reason.
    AdminClient idle;
    QVERIFY(idle.open(adminUrl(*agent)));
    QSignalSpy idleClosed(&idle.socket(), &QWebSocket::disconnected);
    QVERIFY(idleClosed.wait(5000));
    QVERIFY2(idle.socket().closeReason().contains(u"idle"_s), qPrintable(idle.socket().closeReason()));
}

void TestAdmin::originAndTls()
{
    if (!QSslSocket::supportsSsl())
        QSKIP("no TLS backend");
    // A self-signed certificate for 127.0.0.1, made by openssl.
    QString cert;
    QString key;
    QVERIFY(test::makeSelfSignedCertificate(m_dir.filePath(m_prefix), &cert, &key));
    auto agent = startAgent({}, {{u"tlsCertificate"_s, cert},
                                 {u"tlsKey"_s, key},
                                 {u"allowedOrigins"_s, QJsonArray{u"https://console.example.org"_s}}});
    QVERIFY(agent);
    const QUrl wss(u"wss://127.0.0.1:%1"_s.arg(agent->adminPort()));
    const QList<QSslCertificate> trusted = QSslCertificate::fromPath(cert);
    QCOMPARE(trusted.size(), 1);
    auto trust = [&](AdminClient &client) {
        QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
        ssl.setCaCertificates({trusted.first()});
        client.socket().setSslConfiguration(ssl);
    };

    AdminClient secure;
    trust(secure);
    QVERIFY(secure.open(wss));
    QVERIFY(secure.authenticate(token(u"admin"_s)));
    QVERIFY(secure.result(protocol::method::StatsGet).contains(u"totals"_s));

    // A page on another site cannot open the API from a browser; an allowed origin can.
    AdminClient foreign(u"https://evil.example"_s);
    trust(foreign);
    QVERIFY(!foreign.open(wss));
    AdminClient allowed(u"https://console.example.org"_s);
    trust(allowed);
    QVERIFY(allowed.open(wss));

    // Plain ws is not spoken on a TLS port.
    AdminClient plain;
    QVERIFY(!plain.open(QUrl(u"ws://127.0.0.1:%1"_s.arg(agent->adminPort()))));
}

void TestAdmin::registerMethodsAndAudit()
{
    auto agent = startAgent({subscription(u"cache"_s, u"http://127.0.0.1:9/cache"_s, {kContentChanged},
                                          {{u"headers"_s, QJsonObject{{u"x-api-key"_s, u"secret-key"_s}}}})});
    QVERIFY(agent);
    AdminClient client;
    QVERIFY(client.open(adminUrl(*agent)));
    QVERIFY(client.authenticate(token(u"admin"_s)));

    // List with search and paging.
    const QJsonObject found = client.result(protocol::method::RegisterList, {{u"search"_s, u"taxonomy"_s}});
    QCOMPARE(found.value(u"total"_s).toInt(), 3);
    const QJsonObject paged = client.result(protocol::method::RegisterList, {{u"offset"_s, 2}, {u"limit"_s, 5}});
    QCOMPARE(paged.value(u"entries"_s).toArray().size(), 5);
    QCOMPARE(paged.value(u"offset"_s).toInt(), 2);
    QVERIFY(paged.value(u"total"_s).toInt() >= 28);
    const QJsonObject internal = client.result(protocol::method::RegisterList, {{u"exposed"_s, false}});
    for (const QJsonValue &e : internal.value(u"entries"_s).toArray())
        QVERIFY(!e.toObject().value(u"exposed"_s).toBool());

    // Get: the entry with its history and the subscriptions using it.
    const QJsonObject entry = client.result(protocol::method::RegisterGet, {{u"type"_s, kContentChanged}});
    QCOMPARE(entry.value(u"subscriptions"_s).toArray(), QJsonArray{u"cache"_s});
    QCOMPARE(entry.value(u"history"_s).toArray().size(), 1);

    // Update: policy and a new schema version; a bad schema and unexposing a used type are refused.
    QJsonObject schema = entry.value(u"schema"_s).toObject();
    schema.insert(u"description"_s, u"Version two."_s);
    const QJsonObject updated =
        client.result(protocol::method::RegisterUpdate,
                      {{u"type"_s, kContentChanged}, {u"validation"_s, u"enforce"_s}, {u"schema"_s, schema}});
    QCOMPARE(updated.value(u"validation"_s).toString(), u"enforce"_s);
    QCOMPARE(updated.value(u"version"_s).toInt(), 2);
    const QJsonObject refused = client.call(
        protocol::method::RegisterUpdate, {{u"type"_s, kContentChanged}, {u"schema"_s, QJsonObject{{u"type"_s, 12}}}});
    QCOMPARE(refused.value(u"error"_s).toObject().value(u"code"_s).toInt(), int(error::Refused));
    QVERIFY2(refused.value(u"error"_s).toObject().value(u"message"_s).toString().startsWith(u"refused: schema:"_s),
             qPrintable(refused.value(u"error"_s).toObject().value(u"message"_s).toString()));
    QCOMPARE(refused.value(u"error"_s).toObject().value(u"data"_s).toObject().value(u"reason"_s).toString(),
             u"refused"_s);
    const QJsonObject conflict =
        client.call(protocol::method::RegisterUpdate, {{u"type"_s, kContentChanged}, {u"exposed"_s, false}});
    QCOMPARE(conflict.value(u"error"_s).toObject().value(u"code"_s).toInt(), int(error::Conflict));
    QVERIFY(conflict.value(u"error"_s).toObject().value(u"message"_s).toString().contains(u"cache"_s));

    // Module definitions that were not taken, with the reason.
    Producer producer(m_cluster->bootstraps());
    producer.send(m_prefix + u"register"_s, "be.test.x",
                  "{\"specversion\":\"1.0\",\"id\":\"r1\",\"source\":\"/m\","
                  "\"type\":\"sluice.register.definition\",\"data\":{\"type\":\"be.test.x\"}}",
                  {{"content-type", "application/cloudevents+json"}});
    producer.flush();
    QTRY_COMPARE_WITH_TIMEOUT(
        client.result(protocol::method::RegisterRejections).value(u"rejections"_s).toArray().size(), 1, 15000);
    const QJsonObject rejection =
        client.result(protocol::method::RegisterRejections).value(u"rejections"_s).toArray().first().toObject();
    QCOMPARE(rejection.value(u"type"_s).toString(), u"be.test.x"_s);
    QVERIFY2(rejection.value(u"reason"_s).toString().contains(u"schema: missing"_s),
             qPrintable(rejection.value(u"reason"_s).toString()));

    // Export, and the subscription as the API shows it: no header values.
    const QJsonObject exported = client.result(protocol::method::RegisterExport, {{u"format"_s, u"asyncapi"_s}});
    QCOMPARE(exported.value(u"document"_s).toObject().value(u"asyncapi"_s).toString(), u"3.0.0"_s);
    QVERIFY(client.result(protocol::method::RegisterExport, {{u"format"_s, u"markdown"_s}})
                .value(u"document"_s)
                .toString()
                .startsWith(u"# Sluice event catalogue"_s));
    const QJsonObject sub = client.result(protocol::method::SubscriptionsGet, {{u"name"_s, u"cache"_s}});
    QCOMPARE(sub.value(u"headers"_s).toObject().value(u"x-api-key"_s).toString(), u"***"_s);
    QVERIFY(!QJsonDocument(client.result(protocol::method::SubscriptionsList)).toJson().contains("secret-key"));
    QCOMPARE(client.errorCode(protocol::method::SubscriptionsGet, {{u"name"_s, u"nobody"_s}}), int(error::NotFound));

    // The audit log: who, what, when, and what came of it.
    const QJsonArray audit = client.result(protocol::method::AuditList).value(u"entries"_s).toArray();
    QCOMPARE(audit.size(), 3);
    QCOMPARE(audit.at(0).toObject().value(u"method"_s).toString(), protocol::method::RegisterUpdate);
    QCOMPARE(audit.at(0).toObject().value(u"token"_s).toString(), u"admin"_s);
    QVERIFY(audit.at(0).toObject().value(u"outcome"_s).toString().startsWith(u"refused: "_s));
    QCOMPARE(audit.at(2).toObject().value(u"outcome"_s).toString(), u"ok"_s);
    QCOMPARE(audit.at(2).toObject().value(u"params"_s).toObject().value(u"validation"_s).toString(), u"enforce"_s);
    QVERIFY(!audit.at(2).toObject().value(u"at"_s).toString().isEmpty());
}

void TestAdmin::secondClientInNode()
{
    const QString script = QStringLiteral(SLUICE_SOURCE_DIR) + u"/tests/node/admin-client.js"_s;
    if (!QFile::exists(QStringLiteral(SLUICE_SOURCE_DIR) + u"/tests/node/node_modules/ws/package.json"_s))
        QFAIL("tests/node has no node_modules: run npm ci --prefix tests/node (scripts/test.sh does)");
    RecordingReceiver receiver;
    receiver.http().setBehaviour({400});
    auto agent = startAgent({subscription(u"cache"_s, receiver.url(), {kContentChanged}, {{u"handshake"_s, false}})});
    QVERIFY(agent);
    Producer producer(m_cluster->bootstraps());
    producer.sendStructured(m_prefix + u"str"_s, makeEvent(kContentChanged, u"n1"_s, u"content/1"_s));
    producer.flush();
    QTRY_COMPARE_WITH_TIMEOUT(agent->stats().dead, 1u, 15000);
    const QString id = agent->store().queue().deliveries(u"cache"_s).first().deliveryId;
    receiver.http().setBehaviour({204});

    QProcess node;
    node.setProcessChannelMode(QProcess::MergedChannels);
    node.start(u"node"_s, {script, adminUrl(*agent).toString(), token(u"admin"_s), id});
    // The agent's event loop must run while node talks to it.
    QTRY_VERIFY_WITH_TIMEOUT(node.state() == QProcess::NotRunning, 30000);
    const QString output = QString::fromUtf8(node.readAll());
    QVERIFY2(node.exitCode() == 0, qPrintable(output));
    QVERIFY2(output.contains(u"authenticated as admin (admin)"_s), qPrintable(output));
    QVERIFY2(output.contains(u"delivery %1: dead"_s.arg(id)), qPrintable(output));
    QTRY_COMPARE_WITH_TIMEOUT(receiver.okCount(), 1, 10000);
}

QTEST_GUILESS_MAIN(TestAdmin)
#include "tst_admin.moc"
