// The admin API with a real QWebSocket client against the agent running in-process, on the
// embedded Kafka-protocol cluster with a SQLite store and a receiver on 127.0.0.1; and a second,
// independent client written in Node (tests/node/admin-client.js).
#include "admintokens.h"
#include "agent.h"
#include "protocol.h"
#include "store.h"
#include "testsupport.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QSignalSpy>
#include <QSslKey>
#include <QTest>
#include <QWebSocket>

using namespace Qt::Literals::StringLiterals;
using namespace sluice;
using namespace sluice::agent;
using sluice::test::makeEvent;
using sluice::test::Producer;
using sluice::test::RecordingReceiver;
using sluice::test::subscription;
namespace error = sluice::protocol::error;

namespace {

const QString kContentChanged = u"be.digipolis.wcm.v4.content.item.changed"_s;

// A JSON-RPC client over a QWebSocket, as a console would have it, kept small for tests.
class Client : public QObject {
public:
    explicit Client(const QString &origin = QString())
        : m_socket(origin)
    {
        connect(&m_socket, &QWebSocket::textMessageReceived, this, [this](const QString &text) {
            const QJsonDocument document = QJsonDocument::fromJson(text.toUtf8());
            if (document.isArray()) {
                m_batches.append(document.array());
                return;
            }
            const QJsonObject message = document.object();
            if (message.contains(u"id"_s))
                m_responses.append(message);
            else
                m_notifications.append(message);
        });
    }

    bool open(const QUrl &url)
    {
        QSignalSpy connected(&m_socket, &QWebSocket::connected);
        m_socket.open(url);
        return connected.wait(5000);
    }

    // The whole response: "result" or "error".
    QJsonObject call(const QString &method, const QJsonObject &params = {})
    {
        const int id = ++m_nextId;
        sendText(QJsonDocument(protocol::request(id, method, params)).toJson(QJsonDocument::Compact));
        return waitFor(id);
    }

    QJsonObject waitFor(int id)
    {
        for (int waited = 0; waited < 10000; waited += 5) {
            for (qsizetype i = 0; i < m_responses.size(); ++i) {
                if (m_responses.at(i).value(u"id"_s).toInt() == id)
                    return m_responses.takeAt(i);
            }
            if (m_socket.state() != QAbstractSocket::ConnectedState)
                return {};
            QTest::qWait(5);
        }
        return {};
    }

    QJsonObject result(const QString &method, const QJsonObject &params = {})
    {
        const QJsonObject response = call(method, params);
        if (!response.contains(u"result"_s))
            qWarning("%s failed: %s", qPrintable(method), QJsonDocument(response).toJson().constData());
        return response.value(u"result"_s).toObject();
    }

    int errorCode(const QString &method, const QJsonObject &params = {})
    {
        return call(method, params).value(u"error"_s).toObject().value(u"code"_s).toInt();
    }

    void sendText(const QByteArray &text) { m_socket.sendTextMessage(QString::fromUtf8(text)); }
    bool authenticate(const QString &token)
    {
        return call(protocol::method::Authenticate, {{u"token"_s, token}}).contains(u"result"_s);
    }

    QWebSocket &socket() { return m_socket; }
    QList<QJsonObject> &responses() { return m_responses; }
    QList<QJsonArray> &batches() { return m_batches; }
    QList<QJsonObject> &notifications() { return m_notifications; }

private:
    QWebSocket m_socket;
    QList<QJsonObject> m_responses;
    QList<QJsonArray> m_batches;
    QList<QJsonObject> m_notifications;
    int m_nextId = 0;
};

} // namespace

class TestAdmin : public QObject, private test::ClusterFixture {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void helloAuthenticationAndRoles();
    void malformedRequestsGetClearErrors();
    void limitsPerConnection();
    void originAndTls();
    void registerMethodsAndAudit();
    void deliveriesQuarantineAndStats();
    void subscriptionsThroughTheApi();
    void liveStreamKeepsToItsCap();
    void retryAllOverTenThousandDeadLetters();
    void secondClientInNode();

private:
    // An agent with the admin API on a free port; admin overrides go into the "admin" section.
    std::unique_ptr<Agent> startAgent(const QJsonArray &subscriptions, const QJsonObject &admin = {},
                                      const QJsonObject &delivery = {});
    QString token(const QString &name) const;
    QUrl url(const Agent &agent) const { return QUrl(u"ws://127.0.0.1:%1"_s.arg(agent.adminPort())); }
    QString tokenFile() const { return m_dir.filePath(m_prefix + u"tokens.json"_s); }
};

void TestAdmin::initTestCase()
{
    startCluster();
}

void TestAdmin::init()
{
    nextRun(u"adm"_s);
}

std::unique_ptr<Agent> TestAdmin::startAgent(const QJsonArray &subscriptions, const QJsonObject &admin,
                                             const QJsonObject &delivery)
{
    QJsonObject adminJson{{u"listen"_s, u"127.0.0.1:0"_s}, {u"tokenFile"_s, tokenFile()}};
    for (auto it = admin.begin(); it != admin.end(); ++it)
        adminJson.insert(it.key(), it.value());
    auto agent = std::make_unique<Agent>(config(subscriptions, delivery, {{u"admin"_s, adminJson}}));
    QString error;
    if (!agent->start(&error)) {
        qWarning("agent did not start: %s", qPrintable(error));
        return nullptr;
    }
    return agent;
}

QString TestAdmin::token(const QString &name) const
{
    AdminTokens tokens(tokenFile());
    QString error;
    if (!tokens.reloadIfChanged(&error))
        qWarning("%s", qPrintable(error));
    const auto token = tokens.find(name);
    return token ? token->secret : QString();
}

void TestAdmin::helloAuthenticationAndRoles()
{
    auto agent = startAgent({});
    QVERIFY(agent);
    // The token file: created at the first start, readable by the agent's user only.
    QCOMPARE(QFile(tokenFile()).permissions() & ~(QFileDevice::ReadUser | QFileDevice::WriteUser),
             QFileDevice::ReadOwner | QFileDevice::WriteOwner);

    Client client;
    QVERIFY(client.open(url(*agent)));
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
    Client admin;
    QVERIFY(admin.open(url(*agent)));
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
    Client guesser;
    QVERIFY(guesser.open(url(*agent)));
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
    Client client;
    QVERIFY(client.open(url(*agent)));
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
    QTRY_VERIFY_WITH_TIMEOUT(!client.notifications().isEmpty(), 3000);
    QCOMPARE(client.notifications().first().value(u"method"_s).toString(), protocol::notification::Stats);
}

void TestAdmin::limitsPerConnection()
{
    auto agent =
        startAgent({}, {{u"maxMessageBytes"_s, 4096}, {u"requestsPerSecond"_s, 1}, {u"idleTimeout"_s, u"1s"_s}});
    QVERIFY(agent);

    // Rate: bursts of twice the rate, then -32003 with when to come back. One a second, so even a
    // slow machine sends the thirty well within the refills.
    Client busy;
    QVERIFY(busy.open(url(*agent)));
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
    Client big;
    QVERIFY(big.open(url(*agent)));
    QSignalSpy bigClosed(&big.socket(), &QWebSocket::disconnected);
    big.sendText(QJsonDocument(protocol::request(1, protocol::method::Hello, {{u"padding"_s, QString(10000, u'x')}}))
                     .toJson(QJsonDocument::Compact));
    QVERIFY(bigClosed.wait(5000));
    QCOMPARE(big.socket().closeCode(), QWebSocketProtocol::CloseCodeTooMuchData);

    // Idle: closed after admin.idleTimeout without a request, with the reason.
    Client idle;
    QVERIFY(idle.open(url(*agent)));
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
    auto trust = [&](Client &client) {
        QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
        ssl.setCaCertificates({trusted.first()});
        client.socket().setSslConfiguration(ssl);
    };

    Client secure;
    trust(secure);
    QVERIFY(secure.open(wss));
    QVERIFY(secure.authenticate(token(u"admin"_s)));
    QVERIFY(secure.result(protocol::method::StatsGet).contains(u"totals"_s));

    // A page on another site cannot open the API from a browser; an allowed origin can.
    Client foreign(u"https://evil.example"_s);
    trust(foreign);
    QVERIFY(!foreign.open(wss));
    Client allowed(u"https://console.example.org"_s);
    trust(allowed);
    QVERIFY(allowed.open(wss));

    // Plain ws is not spoken on a TLS port.
    Client plain;
    QVERIFY(!plain.open(QUrl(u"ws://127.0.0.1:%1"_s.arg(agent->adminPort()))));
}

void TestAdmin::registerMethodsAndAudit()
{
    auto agent = startAgent({subscription(u"cache"_s, u"http://127.0.0.1:9/cache"_s, {kContentChanged},
                                          {{u"headers"_s, QJsonObject{{u"x-api-key"_s, u"secret-key"_s}}}})});
    QVERIFY(agent);
    Client client;
    QVERIFY(client.open(url(*agent)));
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
    QVERIFY(refused.value(u"error"_s).toObject().value(u"message"_s).toString().startsWith(u"schema:"_s));
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

void TestAdmin::deliveriesQuarantineAndStats()
{
    RecordingReceiver receiver;
    receiver.http().setBehaviour({400});
    auto agent = startAgent({subscription(u"cache"_s, receiver.url(), {kContentChanged}, {{u"handshake"_s, false}})});
    QVERIFY(agent);
    Producer producer(m_cluster->bootstraps());
    for (int i = 0; i < 5; ++i)
        producer.sendStructured(m_prefix + u"str"_s,
                                makeEvent(kContentChanged, u"d%1"_s.arg(i), u"content/%1"_s.arg(i)));
    producer.send(m_prefix + u"str"_s, "broken", "{ not json", {{"content-type", "application/cloudevents+json"}});
    producer.flush();
    QTRY_COMPARE_WITH_TIMEOUT(agent->stats().dead, 5u, 15000);

    Client client;
    QVERIFY(client.open(url(*agent)));
    QVERIFY(client.authenticate(token(u"admin"_s)));
    const QJsonObject dead = client.result(protocol::method::DeliveriesList,
                                           {{u"state"_s, u"dead"_s}, {u"httpStatus"_s, 400}, {u"limit"_s, 2}});
    QCOMPARE(dead.value(u"total"_s).toInt(), 5);
    QCOMPARE(dead.value(u"deliveries"_s).toArray().size(), 2);
    QCOMPARE(
        client.result(protocol::method::DeliveriesList, {{u"subject"_s, u"content/3"_s}}).value(u"total"_s).toInt(), 1);
    QCOMPARE(client.result(protocol::method::DeliveriesList, {{u"type"_s, u"be.digipolis.wcm.v4.content.*"_s}})
                 .value(u"total"_s)
                 .toInt(),
             5);
    QCOMPARE(client.result(protocol::method::DeliveriesList, {{u"from"_s, u"2100-01-01T00:00:00Z"_s}})
                 .value(u"total"_s)
                 .toInt(),
             0);
    const QString id = dead.value(u"deliveries"_s).toArray().first().toObject().value(u"id"_s).toString();
    const QJsonObject detail = client.result(protocol::method::DeliveriesGet, {{u"id"_s, id}});
    QCOMPARE(detail.value(u"state"_s).toString(), u"dead"_s);
    QCOMPARE(detail.value(u"history"_s).toArray().first().toObject().value(u"httpStatus"_s).toInt(), 400);
    QCOMPARE(detail.value(u"event"_s).toObject().value(u"type"_s).toString(), kContentChanged);

    // Retry one (now the receiver takes it), discard another; the rest stay dead.
    receiver.http().setBehaviour({204});
    const QJsonObject retried =
        client.result(protocol::method::DeliveriesRetry, {{u"ids"_s, QJsonArray{id, u"dlv_none"_s}}});
    QCOMPARE(retried.value(u"retried"_s).toInt(), 1);
    QCOMPARE(retried.value(u"unchanged"_s).toInt(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(receiver.okCount(), 1, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(
        client.result(protocol::method::DeliveriesGet, {{u"id"_s, id}}).value(u"state"_s).toString(), u"delivered"_s,
        5000);
    const QString other = dead.value(u"deliveries"_s).toArray().at(1).toObject().value(u"id"_s).toString();
    QCOMPARE(client.result(protocol::method::DeliveriesDiscard, {{u"ids"_s, QJsonArray{other}}})
                 .value(u"discarded"_s)
                 .toInt(),
             1);
    QCOMPARE(client.result(protocol::method::DeliveriesGet, {{u"id"_s, other}}).value(u"state"_s).toString(),
             u"discarded"_s);
    QCOMPARE(
        client.result(protocol::method::DeliveriesRetry, {{u"ids"_s, QJsonArray{other}}}).value(u"retried"_s).toInt(),
        0); // discarded stays discarded

    // Quarantine: list, get (bytes as received, and why), discard.
    QTRY_COMPARE_WITH_TIMEOUT(client.result(protocol::method::QuarantineList).value(u"total"_s).toInt(), 1, 5000);
    const QJsonObject message =
        client.result(protocol::method::QuarantineList).value(u"messages"_s).toArray().first().toObject();
    const QJsonObject full = client.result(protocol::method::QuarantineGet, {{u"id"_s, message.value(u"id"_s)}});
    QCOMPARE(full.value(u"valueText"_s).toString(), u"{ not json"_s);
    QVERIFY(full.value(u"reason"_s).toString().contains(u"not valid JSON"_s));
    QCOMPARE(full.value(u"key"_s).toString(), u"broken"_s);
    QCOMPARE(client.errorCode(protocol::method::QuarantineGet, {{u"id"_s, 999999}}), int(error::NotFound));
    QCOMPARE(client.result(protocol::method::QuarantineDiscard, {{u"ids"_s, QJsonArray{message.value(u"id"_s)}}})
                 .value(u"discarded"_s)
                 .toInt(),
             1);
    QCOMPARE(client.result(protocol::method::QuarantineList).value(u"total"_s).toInt(), 0);

    // Stats: totals, queue, per subscription, consumer, store; pushed once a second when asked.
    const QJsonObject stats = client.result(protocol::method::StatsGet);
    QCOMPARE(stats.value(u"totals"_s).toObject().value(u"consumed"_s).toInt(), 6);
    QCOMPARE(stats.value(u"totals"_s).toObject().value(u"quarantined"_s).toInt(), 1);
    QCOMPARE(stats.value(u"queue"_s).toObject().value(u"dead"_s).toInt(), 3);
    QCOMPARE(stats.value(u"subscriptions"_s).toArray().first().toObject().value(u"dead"_s).toInt(), 3);
    QVERIFY(stats.value(u"store"_s).toObject().value(u"sizeBytes"_s).toInteger() > 0);
    QCOMPARE(stats.value(u"consumer"_s).toObject().value(u"assignedPartitions"_s).toInt(),
             6); // bin, str, plain: 2 each (the register topic has its own reader)
    QTRY_VERIFY_WITH_TIMEOUT(
        !client.result(protocol::method::StatsGet).value(u"consumer"_s).toObject().value(u"lag"_s).toArray().isEmpty(),
        5000);
    client.result(protocol::method::StatsSubscribe);
    QTRY_VERIFY_WITH_TIMEOUT(!client.notifications().isEmpty(), 3000);
    QCOMPARE(client.notifications()
                 .first()
                 .value(u"params"_s)
                 .toObject()
                 .value(u"totals"_s)
                 .toObject()
                 .value(u"consumed"_s)
                 .toInt(),
             6);
    client.result(protocol::method::StatsUnsubscribe);
    QTest::qWait(100);
    client.notifications().clear();
    QTest::qWait(1500);
    QVERIFY(client.notifications().isEmpty());

    // Dry-run: which recent events a filter would select, an existing subscription's or a new one.
    QCOMPARE(
        client.result(protocol::method::SubscriptionsDryRun, {{u"name"_s, u"cache"_s}}).value(u"matched"_s).toInt(), 5);
    const QJsonObject narrow =
        client.result(protocol::method::SubscriptionsDryRun,
                      {{u"types"_s, QJsonArray{kContentChanged}},
                       {u"filter"_s, QJsonObject{{u"exact"_s, QJsonObject{{u"subject"_s, u"content/3"_s}}}}}});
    QCOMPARE(narrow.value(u"matched"_s).toInt(), 1);
    QCOMPARE(narrow.value(u"evaluated"_s).toInt(), 5);
    QCOMPARE(
        narrow.value(u"events"_s).toArray().first().toObject().value(u"event"_s).toObject().value(u"id"_s).toString(),
        u"d3"_s);
    const QJsonObject badFilter =
        client.call(protocol::method::SubscriptionsDryRun, {{u"types"_s, QJsonArray{kContentChanged}},
                                                            {u"filter"_s, QJsonObject{{u"sql"_s, u"type = 'x'"_s}}}});
    QCOMPARE(badFilter.value(u"error"_s).toObject().value(u"code"_s).toInt(), int(error::InvalidParams));
    QVERIFY(badFilter.value(u"error"_s).toObject().value(u"message"_s).toString().startsWith(u"filter: "_s));
    QCOMPARE(client.errorCode(protocol::method::SubscriptionsDryRun, {{u"name"_s, u"nobody"_s}}), int(error::NotFound));

    // The audit log has the retry, the discards and the failed retry of a discarded delivery.
    const QJsonArray audit = client.result(protocol::method::AuditList).value(u"entries"_s).toArray();
    QCOMPARE(audit.size(), 4);
    QCOMPARE(audit.last().toObject().value(u"method"_s).toString(), protocol::method::DeliveriesRetry);
}

void TestAdmin::subscriptionsThroughTheApi()
{
    RecordingReceiver receiver;
    const QJsonArray fromFile{subscription(u"file-sub"_s, receiver.url(u"/file"_s),
                                           {u"be.digipolis.wcm.v4.menu.changed"_s}, {{u"handshake"_s, false}})};
    auto agent = startAgent(fromFile);
    QVERIFY(agent);
    Client client;
    QVERIFY(client.open(url(*agent)));
    QVERIFY(client.authenticate(token(u"admin"_s)));

    // Create: held by the agent at once, with its signing secret shown this once.
    const QJsonObject definition = subscription(
        u"api-sub"_s, receiver.url(u"/api"_s), {kContentChanged},
        {{u"handshake"_s, false}, {u"auth"_s, QJsonObject{{u"type"_s, u"bearer"_s}, {u"token"_s, u"t0ps3cret"_s}}}});
    const QJsonObject created = client.result(protocol::method::SubscriptionsCreate, {{u"subscription"_s, definition}});
    QVERIFY2(created.value(u"secret"_s).toString().startsWith(u"whsec_"_s),
             QJsonDocument(created).toJson().constData());
    QCOMPARE(created.value(u"origin"_s).toString(), u"api"_s);
    QVERIFY(!QJsonDocument(created).toJson().contains("t0ps3cret"));
    QCOMPARE(client.errorCode(protocol::method::SubscriptionsCreate, {{u"subscription"_s, definition}}),
             int(error::Conflict));
    const QJsonObject badDefinition =
        client.call(protocol::method::SubscriptionsCreate, {{u"subscription"_s, QJsonObject{{u"name"_s, u"x"_s}}}});
    QCOMPARE(badDefinition.value(u"error"_s).toObject().value(u"code"_s).toInt(), int(error::InvalidParams));
    QVERIFY(badDefinition.value(u"error"_s).toObject().value(u"message"_s).toString().startsWith(u"subscription."_s));
    const QJsonObject internal = client.call(
        protocol::method::SubscriptionsCreate,
        {{u"subscription"_s, subscription(u"modules"_s, receiver.url(), {u"be.digipolis.wcm.v4.module.installed"_s})}});
    QCOMPARE(internal.value(u"error"_s).toObject().value(u"code"_s).toInt(), int(error::Refused));
    QVERIFY(internal.value(u"error"_s).toObject().value(u"message"_s).toString().contains(u"does not expose"_s));

    // The live stream shows which subscriptions an event matched, then how each delivery went.
    client.result(protocol::method::EventsSubscribe, {{u"types"_s, QJsonArray{kContentChanged}}});
    Producer producer(m_cluster->bootstraps());
    producer.sendStructured(m_prefix + u"str"_s, makeEvent(kContentChanged, u"a1"_s, u"content/1"_s));
    producer.flush();
    QTRY_COMPARE_WITH_TIMEOUT(receiver.okCount(), 1, 15000);
    QCOMPARE(receiver.requests().last().header("authorization"), QByteArray("Bearer t0ps3cret"));
    auto notified = [&](const QString &method) {
        for (const QJsonObject &n : std::as_const(client.notifications())) {
            if (n.value(u"method"_s).toString() == method)
                return n.value(u"params"_s).toObject();
        }
        return QJsonObject();
    };
    QTRY_VERIFY_WITH_TIMEOUT(!notified(protocol::notification::Outcomes).isEmpty(), 5000);
    const QJsonObject streamed =
        notified(protocol::notification::Events).value(u"events"_s).toArray().first().toObject();
    QCOMPARE(streamed.value(u"matched"_s).toArray(), QJsonArray{u"api-sub"_s});
    const QString deliveryId = streamed.value(u"deliveries"_s).toArray().first().toObject().value(u"id"_s).toString();
    const QJsonObject outcome =
        notified(protocol::notification::Outcomes).value(u"outcomes"_s).toArray().first().toObject();
    QCOMPARE(outcome.value(u"id"_s).toString(), deliveryId);
    QCOMPARE(outcome.value(u"state"_s).toString(), u"delivered"_s);
    QCOMPARE(outcome.value(u"httpStatus"_s).toInt(), 204);
    client.result(protocol::method::EventsUnsubscribe);
    QTRY_VERIFY_WITH_TIMEOUT(client.result(protocol::method::StatsGet)
                                 .value(u"subscriptions"_s)
                                 .toArray()
                                 .first()
                                 .toObject()
                                 .value(u"perSecond"_s)
                                 .toObject()
                                 .contains(u"delivered"_s),
                             3000);

    // Test: one event from the register's example, now; the whole attempt comes back.
    const QJsonObject attempt = client.result(protocol::method::SubscriptionsTest, {{u"name"_s, u"api-sub"_s}});
    QCOMPARE(attempt.value(u"delivered"_s).toBool(), true);
    QCOMPARE(attempt.value(u"response"_s).toObject().value(u"status"_s).toInt(), 204);
    const QString sent = QString::fromUtf8(QJsonDocument(attempt.value(u"request"_s).toObject()).toJson());
    QVERIFY(sent.contains(u"webhook-signature"_s) && sent.contains(u"\"***\""_s) && !sent.contains(u"t0ps3cret"_s));
    QTRY_COMPARE_WITH_TIMEOUT(receiver.okCount(), 2, 5000);
    const CloudEvent test = receiver::cloudEventsIn(receiver.requests().last(), nullptr).first();
    QCOMPARE(test.extensions.value(u"sluicetest"_s).toBool(), true);
    QCOMPARE(test.jsonData().toObject().value(u"changedFields"_s).toArray().first().toString(), u"title"_s);

    // Update, disable (nothing goes out), enable, rotate the secret.
    QJsonObject narrower = definition;
    narrower.insert(u"filter"_s, QJsonObject{{u"exact"_s, QJsonObject{{u"subject"_s, u"content/2"_s}}}});
    QVERIFY(
        client.result(protocol::method::SubscriptionsUpdate, {{u"subscription"_s, narrower}}).contains(u"filter"_s));
    QVERIFY(client.result(protocol::method::SubscriptionsDisable, {{u"name"_s, u"api-sub"_s}}).contains(u"name"_s));
    QCOMPARE(
        client.result(protocol::method::SubscriptionsGet, {{u"name"_s, u"api-sub"_s}}).value(u"enabled"_s).toBool(),
        false);
    producer.sendStructured(m_prefix + u"str"_s, makeEvent(kContentChanged, u"a2"_s, u"content/2"_s));
    producer.flush();
    QTRY_COMPARE_WITH_TIMEOUT(agent->stats().consumed, 2u, 15000);
    QTest::qWait(300);
    QCOMPARE(receiver.okCount(), 2);
    QVERIFY(client.result(protocol::method::SubscriptionsEnable, {{u"name"_s, u"api-sub"_s}}).contains(u"name"_s));
    producer.sendStructured(m_prefix + u"str"_s, makeEvent(kContentChanged, u"a3"_s, u"content/3"_s)); // filtered out
    producer.sendStructured(m_prefix + u"str"_s, makeEvent(kContentChanged, u"a4"_s, u"content/2"_s));
    producer.flush();
    QTRY_COMPARE_WITH_TIMEOUT(receiver.okCount(), 3, 15000);
    QCOMPARE(receiver.ids().last(), u"a4"_s);
    const QJsonObject rotated = client.result(protocol::method::SubscriptionsRotateSecret, {{u"name"_s, u"api-sub"_s}});
    QVERIFY(rotated.value(u"secret"_s).toString().startsWith(u"whsec_"_s));
    QVERIFY(rotated.value(u"secret"_s) != created.value(u"secret"_s));

    // The file's subscription is the file's: read, tested, but not changed here.
    QCOMPARE(
        client.result(protocol::method::SubscriptionsGet, {{u"name"_s, u"file-sub"_s}}).value(u"origin"_s).toString(),
        u"file"_s);
    const QJsonObject fileEdit = client.call(
        protocol::method::SubscriptionsUpdate,
        {{u"subscription"_s, subscription(u"file-sub"_s, receiver.url(), {u"be.digipolis.wcm.v4.menu.changed"_s})}});
    QCOMPARE(fileEdit.value(u"error"_s).toObject().value(u"code"_s).toInt(), int(error::Conflict));
    QVERIFY(fileEdit.value(u"error"_s).toObject().value(u"message"_s).toString().contains(u"configuration file"_s));
    QCOMPARE(client.errorCode(protocol::method::SubscriptionsDelete, {{u"name"_s, u"file-sub"_s}}),
             int(error::Conflict));
    QCOMPARE(client.errorCode(protocol::method::SubscriptionsDelete, {{u"name"_s, u"nobody"_s}}), int(error::NotFound));

    // An API subscription outlives a restart; a deleted one is gone for good.
    QSignalSpy stopped(agent.get(), &Agent::stopped);
    agent->stop();
    QVERIFY(stopped.wait(15000));
    agent = startAgent(fromFile);
    QVERIFY(agent);
    Client again;
    QVERIFY(again.open(url(*agent)));
    QVERIFY(again.authenticate(token(u"admin"_s)));
    const QJsonArray list = again.result(protocol::method::SubscriptionsList).value(u"subscriptions"_s).toArray();
    QCOMPARE(list.size(), 2);
    const QJsonObject kept = again.result(protocol::method::SubscriptionsGet, {{u"name"_s, u"api-sub"_s}});
    QCOMPARE(kept.value(u"filter"_s).toObject(), narrower.value(u"filter"_s).toObject());
    QVERIFY(again.result(protocol::method::SubscriptionsDelete, {{u"name"_s, u"api-sub"_s}}).contains(u"name"_s));
    QCOMPARE(again.errorCode(protocol::method::SubscriptionsGet, {{u"name"_s, u"api-sub"_s}}), int(error::NotFound));
    const QJsonArray audit =
        again.result(protocol::method::AuditList, {{u"limit"_s, 100}}).value(u"entries"_s).toArray();
    QVERIFY(!QJsonDocument(audit).toJson().contains("t0ps3cret"));
    QCOMPARE(audit.first().toObject().value(u"method"_s).toString(), protocol::method::SubscriptionsDelete);
}

void TestAdmin::liveStreamKeepsToItsCap()
{
    auto agent = startAgent({});
    QVERIFY(agent);
    Client client;
    QVERIFY(client.open(url(*agent)));
    QVERIFY(client.authenticate(token(u"viewer"_s)));
    const int cap = 40;
    QCOMPARE(client
                 .result(protocol::method::EventsSubscribe,
                         {{u"maxPerSecond"_s, cap},
                          {u"types"_s, QJsonArray{u"be.test.*"_s}},
                          {u"filter"_s, QJsonObject{{u"exact"_s, QJsonObject{{u"subject"_s, u"wanted"_s}}}}}})
                 .value(u"maxPerSecond"_s)
                 .toInt(),
             cap);
    QElapsedTimer clock;
    clock.start();
    Producer producer(m_cluster->bootstraps());
    const int burst = 2000;
    for (int i = 0; i < burst; ++i) {
        producer.sendStructured(m_prefix + u"str"_s, makeEvent(u"be.test.burst"_s, u"b%1"_s.arg(i), u"wanted"_s));
        if (i % 4 == 0)
            producer.sendStructured(m_prefix + u"str"_s, makeEvent(u"be.test.burst"_s, u"x%1"_s.arg(i), u"other"_s));
    }
    producer.flush();
    QTRY_VERIFY_WITH_TIMEOUT(agent->stats().consumed == quint64(burst + burst / 4), 30000);

    // Every wanted event is either sent or counted as skipped, never both, never lost.
    qint64 sent = 0, skipped = 0;
    QSet<QString> ids;
    auto tally = [&] {
        sent = skipped = 0;
        ids.clear();
        for (const QJsonObject &n : std::as_const(client.notifications())) {
            if (n.value(u"method"_s).toString() != protocol::notification::Events)
                continue;
            const QJsonObject params = n.value(u"params"_s).toObject();
            for (const QJsonValue &e : params.value(u"events"_s).toArray()) {
                ++sent;
                const QJsonObject event = e.toObject().value(u"event"_s).toObject();
                ids.insert(event.value(u"id"_s).toString());
                if (event.value(u"subject"_s).toString() != u"wanted")
                    return false;
            }
            skipped += params.value(u"skipped"_s).toInteger();
        }
        return sent + skipped == burst;
    };
    QTRY_VERIFY_WITH_TIMEOUT(tally(), 10000);
    const double seconds = double(clock.elapsed()) / 1000.0;
    QVERIFY2(sent <= qint64(cap * seconds) + cap, qPrintable(u"%1 sent in %2 s"_s.arg(sent).arg(seconds)));
    QVERIFY(sent > 0 && skipped > burst / 2);
    QCOMPARE(qsizetype(ids.size()), qsizetype(sent)); // no event twice
    // The notifications come in batches, not one message per event.
    int batches = 0;
    for (const QJsonObject &n : std::as_const(client.notifications()))
        batches += n.value(u"method"_s).toString() == protocol::notification::Events ? 1 : 0;
    QVERIFY2(batches < sent, qPrintable(u"%1 notifications for %2 events"_s.arg(batches).arg(sent)));

    // Unsubscribed: nothing more.
    client.result(protocol::method::EventsUnsubscribe);
    client.notifications().clear();
    producer.sendStructured(m_prefix + u"str"_s, makeEvent(u"be.test.burst"_s, u"late"_s, u"wanted"_s));
    producer.flush();
    QTest::qWait(700);
    QVERIFY(client.notifications().isEmpty());
}

void TestAdmin::retryAllOverTenThousandDeadLetters()
{
    RecordingReceiver receiver;
    receiver.http().setBehaviour({400});
    auto agent = startAgent(
        {subscription(u"bulk"_s, receiver.url(), {u"be.test.*"_s}, {{u"handshake"_s, false}, {u"concurrency"_s, 32}})});
    QVERIFY(agent);
    const int count = 10000;
    Producer producer(m_cluster->bootstraps());
    for (int i = 0; i < count; ++i)
        producer.sendStructured(m_prefix + u"str"_s,
                                makeEvent(u"be.test.bulk"_s, u"bulk-%1"_s.arg(i), u"s/%1"_s.arg(i)));
    producer.flush();
    QTRY_COMPARE_WITH_TIMEOUT(agent->stats().dead, quint64(count), 120000);

    Client client;
    QVERIFY(client.open(url(*agent)));
    QVERIFY(client.authenticate(token(u"admin"_s)));
    receiver.http().setBehaviour({204});
    const QJsonObject job =
        client.result(protocol::method::DeliveriesRetryAll, {{u"subscription"_s, u"bulk"_s}, {u"state"_s, u"dead"_s}});
    QCOMPARE(job.value(u"total"_s).toInt(), count);
    const QString jobId = job.value(u"id"_s).toString();

    // Progress arrives as notifications while the job runs; the API stays responsive meanwhile.
    QVERIFY(client.result(protocol::method::Hello).contains(u"protocol"_s));
    auto finished = [&] {
        for (const QJsonObject &n : std::as_const(client.notifications())) {
            const QJsonObject p = n.value(u"params"_s).toObject();
            if (n.value(u"method"_s).toString() == protocol::notification::Job &&
                p.value(u"state"_s).toString() == u"finished")
                return true;
        }
        return false;
    };
    QTRY_VERIFY_WITH_TIMEOUT(finished(), 60000);
    QList<int> progress;
    for (const QJsonObject &n : std::as_const(client.notifications())) {
        if (n.value(u"method"_s).toString() == protocol::notification::Job)
            progress.append(n.value(u"params"_s).toObject().value(u"done"_s).toInt());
    }
    QVERIFY2(progress.size() >= count / 500, qPrintable(QString::number(progress.size())));
    QVERIFY(std::is_sorted(progress.begin(), progress.end()));
    QCOMPARE(progress.last(), count);
    const QJsonObject done = client.result(protocol::method::JobsGet, {{u"id"_s, jobId}});
    QCOMPARE(done.value(u"retried"_s).toInt(), count);
    QCOMPARE(done.value(u"state"_s).toString(), u"finished"_s);
    QTRY_COMPARE_WITH_TIMEOUT(agent->stats().delivered, quint64(count), 120000);
    QCOMPARE(receiver.uniqueIds().size(), count);
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
    const QString id = agent->store().deliveries(u"cache"_s).first().deliveryId;
    receiver.http().setBehaviour({204});

    QProcess node;
    node.setProcessChannelMode(QProcess::MergedChannels);
    node.start(u"node"_s, {script, url(*agent).toString(), token(u"admin"_s), id});
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
