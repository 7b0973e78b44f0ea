// The consumers' Subscriptions API against the real agent on the embedded Kafka-protocol cluster
// (SQLite; PostgreSQL in the _postgresql variant), driven by a client that is not ours
// (tests/node/subscriptions-client.js: Node's fetch, the CloudEvents SDK, swagger-parser) with its
// own webhook receiver, while events flow. Consumers are made, rotated and revoked through the
// admin API, as an administrator would; what the consumers did is then looked at in the agent.
#include "adminclient.h"
#include "testsupport.h"

#include "agent.h"
#include "consumer/consumeraccess.h"
#include "protocol.h"
#include "queue/store.h"
#include "subscriptions/subscriptionregistry.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>

using namespace Qt::Literals::StringLiterals;
using namespace sluice;
using namespace sluice::agent;
using namespace sluice::test;
namespace method = sluice::protocol::method;
namespace key = sluice::protocol::consumer;

namespace {

const QString kContentChanged = u"be.digipolis.wcm.v4.content.item.changed"_s;
const QString kTaxonomyChanged = u"be.digipolis.wcm.v4.taxonomy.term.changed"_s;
const QString kNotExposed = u"be.digipolis.wcm.v4.module.installed"_s;

} // namespace

class TestConsumerApi : public QObject, private AdminFixture {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { startCluster(); }
    void init() { nextRun(u"capi"_s); }
    void consumersAreManagedByAdministrators();
    void aConsumerInNodeServesItself();
    void servesOverHttps();
    void refusesWhatItMustNotBuffer();

private:
    std::unique_ptr<Agent> startWithHttp(const QJsonArray &subscriptions = {});
    QString makeConsumer(AdminClient &admin, const QString &name, const QStringList &types, int max = 0);
    void produce(Producer &producer, int n);
};

std::unique_ptr<Agent> TestConsumerApi::startWithHttp(const QJsonArray &subscriptions)
{
    return startAgent(subscriptions, {}, {}, {{u"http"_s, QJsonObject{{u"listen"_s, u"127.0.0.1:0"_s}}}});
}

QString TestConsumerApi::makeConsumer(AdminClient &admin, const QString &name, const QStringList &types, int max)
{
    const QJsonObject made = admin.result(
        method::ConsumersCreate,
        {{key::Name, name}, {key::AllowedTypes, QJsonArray::fromStringList(types)}, {key::MaxSubscriptions, max}});
    return made.value(key::Token).toString();
}

// One content change on content/a or content/b, and one taxonomy change.
void TestConsumerApi::produce(Producer &producer, int n)
{
    CloudEvent content = makeEvent(
        kContentChanged, u"c-%1"_s.arg(n), n % 2 ? u"content/a"_s : u"content/b"_s,
        QJsonObject{{u"item"_s, QJsonObject{{u"id"_s, u"6d8a8c1e-0000-4000-8000-%1"_s.arg(n, 12, 10, QChar(u'0'))},
                                            {u"title"_s, u"Title %1"_s.arg(n)},
                                            {u"contentType"_s, u"nieuwsbericht"_s},
                                            {u"status"_s, u"published"_s},
                                            {u"version"_s, 1},
                                            {u"internalNote"_s, u"not for the CRM"_s}}},
                    {u"user"_s, QJsonObject{{u"id"_s, u"u1"_s}, {u"name"_s, u"Editor"_s}}}});
    content.time = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
    producer.sendStructured(m_prefix + u"str"_s, content);
    CloudEvent term = makeEvent(kTaxonomyChanged, u"t-%1"_s.arg(n), u"taxonomy/%1"_s.arg(n % 3));
    term.time = content.time;
    producer.sendStructured(m_prefix + u"str"_s, term);
    producer.flush();
}

void TestConsumerApi::consumersAreManagedByAdministrators()
{
    auto agent = startWithHttp();
    QVERIFY(agent);
    AdminClient admin;
    QVERIFY(admin.open(adminUrl(*agent)));
    QVERIFY(admin.authenticate(token(u"admin"_s)));
    const QString crm = makeConsumer(admin, u"crm"_s, {u"be.digipolis.wcm.v4.content.*"_s}, 5);
    QVERIFY(crm.startsWith(u"sluicec_"_s));
    QVERIFY(makeConsumer(admin, u"all"_s, {}).startsWith(u"sluicec_"_s)); // no list: every exposed type

    // Shown once: the store keeps a hash, never the token.
    const auto stored = agent->store().consumers().find(u"crm"_s);
    QVERIFY(stored && stored->allowedTypes == QStringList{u"be.digipolis.wcm.v4.content.*"_s});
    if (qEnvironmentVariable("SLUICE_TEST_STORE") != u"postgresql") {
        // The embedded store's file holds the token's hash, not the token.
        QByteArray bytes;
        for (const QString &suffix : {QString(), u"-wal"_s}) {
            QFile file(m_dir.filePath(m_prefix + u"db"_s) + suffix);
            if (file.open(QIODevice::ReadOnly))
                bytes += file.readAll();
        }
        QVERIFY(bytes.contains(ConsumerAccess::hash(crm).toHex()));
        QVERIFY(!bytes.contains(crm.toUtf8()));
    }
    // A consumer's token does not open the admin API.
    AdminClient intruder;
    QVERIFY(intruder.open(adminUrl(*agent)));
    QVERIFY(!intruder.authenticate(crm));
    QCOMPARE(intruder.errorCode(method::ConsumersList), int(protocol::error::Unauthenticated));
    const QString url = u"http://127.0.0.1:%1/subscriptions"_s.arg(agent->httpPort());
    auto status = [&](const QString &token) { return httpGet(url, token).status; };
    QCOMPARE(status(crm), 200);

    // A name taken, a bad name, bad types: refused, nothing made.
    QCOMPARE(admin.errorCode(method::ConsumersCreate, {{key::Name, u"crm"_s}}), int(protocol::error::Conflict));
    QCOMPARE(admin.errorCode(method::ConsumersCreate, {{key::Name, u"a b"_s}}), int(protocol::error::Refused));
    QCOMPARE(admin.errorCode(method::ConsumersCreate, {{key::Name, u"x"_s}, {key::AllowedTypes, QJsonArray{u"a*b"_s}}}),
             int(protocol::error::Refused));
    QCOMPARE(agent->store().consumers().consumers().size(), 2);

    // Rotated: the old token stops at once. Revoked: the new one stops too; rotating revives it.
    const QString rotated = admin.result(method::ConsumersRotate, {{key::Name, u"crm"_s}}).value(key::Token).toString();
    QVERIFY(!rotated.isEmpty() && rotated != crm);
    QCOMPARE(status(crm), 401);
    QCOMPARE(status(rotated), 200);
    admin.result(method::ConsumersRevoke, {{key::Name, u"crm"_s}});
    QCOMPARE(status(rotated), 401);
    const QJsonArray listed = admin.result(method::ConsumersList).value(u"consumers"_s).toArray();
    QCOMPARE(listed.size(), 2); // by name: all, crm
    QVERIFY(listed.at(0).toObject().value(key::Revoked).isUndefined());
    QVERIFY(!listed.at(1).toObject().value(key::Revoked).toString().isEmpty());
    QVERIFY(!listed.at(1).toObject().contains(key::Token));

    // A viewer sees consumers but does not make them.
    AdminClient viewer;
    QVERIFY(viewer.open(adminUrl(*agent)));
    QVERIFY(viewer.authenticate(token(u"viewer"_s)));
    QCOMPARE(viewer.result(method::ConsumersList).value(u"consumers"_s).toArray().size(), 2);
    QCOMPARE(viewer.errorCode(method::ConsumersCreate, {{key::Name, u"other"_s}}), int(protocol::error::Forbidden));
    admin.result(method::ConsumersDelete, {{key::Name, u"crm"_s}});
    QCOMPARE(agent->store().consumers().consumers().size(), 1);
}

void TestConsumerApi::aConsumerInNodeServesItself()
{
    const QString script = QStringLiteral(SLUICE_SOURCE_DIR) + u"/tests/node/subscriptions-client.js"_s;
    if (!QFile::exists(QStringLiteral(SLUICE_SOURCE_DIR) + u"/tests/node/node_modules/cloudevents/package.json"_s))
        QFAIL("tests/node has no node_modules: run npm ci --prefix tests/node (scripts/test.sh does)");
    // An administrator's subscription to the lifecycle: how subscriptions end, and why.
    RecordingReceiver lifecycle;
    auto agent = startWithHttp(
        {subscription(u"audit"_s, lifecycle.url(), {u"sluice.subscription.deleted"_s}, {{u"handshake"_s, false}})});
    QVERIFY(agent);
    AdminClient admin;
    QVERIFY(admin.open(adminUrl(*agent)));
    QVERIFY(admin.authenticate(token(u"admin"_s)));
    const QJsonObject tokens{
        {u"a"_s, makeConsumer(admin, u"crm"_s, {u"be.digipolis.wcm.v4.content.*"_s})},
        {u"b"_s, makeConsumer(admin, u"search"_s, {u"be.digipolis.wcm.v4.taxonomy.*"_s})},
        {u"limited"_s, makeConsumer(admin, u"trial"_s, {}, 1)},
        {u"revoked"_s, makeConsumer(admin, u"former"_s, {})},
        {u"admin"_s, token(u"admin"_s)},
        {u"viewer"_s, token(u"viewer"_s)},
    };
    for (auto it = tokens.begin(); it != tokens.end(); ++it)
        QVERIFY2(it.value().toString().size() > 20, qPrintable(it.key()));
    admin.result(method::ConsumersRevoke, {{key::Name, u"former"_s}});
    const QJsonObject setup{
        {u"base"_s, u"http://127.0.0.1:%1"_s.arg(agent->httpPort())},
        {u"tokens"_s, tokens},
        {u"types"_s,
         QJsonObject{{u"content"_s, kContentChanged}, {u"taxonomy"_s, kTaxonomyChanged}, {u"hidden"_s, kNotExposed}}},
    };

    // Events keep flowing while the consumer works.
    Producer producer(m_cluster->bootstraps());
    int n = 0;
    QTimer traffic;
    connect(&traffic, &QTimer::timeout, this, [&] { produce(producer, n++); });
    traffic.start(100);

    QProcess node;
    node.setProcessChannelMode(QProcess::MergedChannels);
    node.start(u"node"_s, {script, QString::fromUtf8(QJsonDocument(setup).toJson(QJsonDocument::Compact))});
    QTRY_VERIFY_WITH_TIMEOUT(node.state() == QProcess::NotRunning, 150000);
    traffic.stop();
    const QString output = QString::fromUtf8(node.readAll());
    qInfo().noquote() << output;
    QVERIFY2(node.exitCode() == 0, qPrintable(output));
    QVERIFY2(output.contains(u"all checks held"_s), qPrintable(output));

    // What the agent says about it: every consumer subscription is gone again, and each end was
    // announced with its reason.
    for (const Subscription &sub : agent->subscriptions().all())
        QVERIFY2(sub.owner.isEmpty(), qPrintable(sub.name));
    QStringList reasons;
    QTRY_VERIFY_WITH_TIMEOUT(lifecycle.events().size() >= 6, 10000);
    for (const CloudEvent &event : lifecycle.events())
        reasons.append(event.jsonData().toObject().value(u"reason"_s).toString());
    QVERIFY2(reasons.contains(u"ended after its first successful delivery (until: first-delivery)"_s),
             qPrintable(reasons.join(u'\n')));
    QVERIFY2(reasons.contains(u"deleted through the Subscriptions API by crm"_s), qPrintable(reasons.join(u'\n')));
    QVERIFY2(reasons.contains(u"deleted through the Subscriptions API by admin"_s), qPrintable(reasons.join(u'\n')));

    // Every change, made or refused, is in the audit log under the consumer's name.
    qint64 total = 0;
    QStringList audit;
    for (const AuditEntry &entry : agent->store().audit().list(0, 1000, &total))
        audit.append(entry.token + u" | "_s + entry.method + u" | "_s + entry.outcome);
    QVERIFY2(audit.contains(u"consumer crm | POST /subscriptions | ok"_s), qPrintable(audit.join(u'\n')));
    QVERIFY2(audit.contains(u"consumer crm | DELETE /subscriptions | ok"_s), qPrintable(audit.join(u'\n')));
    QVERIFY2(audit.filter(u"consumer trial | POST /subscriptions | refused: 409 "_s).size() == 1,
             qPrintable(audit.join(u'\n')));
    QVERIFY2(!audit.filter(u"viewer | PUT /subscriptions | refused: 403"_s).isEmpty(), qPrintable(audit.join(u'\n')));
}

// With a certificate and key the HTTP server speaks HTTPS, and only that.
void TestConsumerApi::servesOverHttps()
{
    QString certificate;
    QString key;
    QVERIFY(makeSelfSignedCertificate(m_dir.filePath(m_prefix), &certificate, &key));
    auto agent = startAgent(
        {}, {}, {},
        {{u"http"_s,
          QJsonObject{{u"listen"_s, u"127.0.0.1:0"_s}, {u"tlsCertificate"_s, certificate}, {u"tlsKey"_s, key}}}});
    QVERIFY(agent);
    QNetworkAccessManager manager;
    QNetworkRequest request(QUrl(u"https://127.0.0.1:%1/discovery"_s.arg(agent->httpPort())));
    QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
    ssl.setCaCertificates(QSslCertificate::fromPath(certificate));
    request.setSslConfiguration(ssl);
    QNetworkReply *reply = manager.get(request);
    QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 10000);
    QCOMPARE(reply->error(), QNetworkReply::NoError);
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    QVERIFY(QJsonDocument::fromJson(reply->readAll()).object().value(u"subscriptions"_s) == u"/subscriptions"_s);
    reply->deleteLater();
    // Plain HTTP on the same port gets no answer.
    QCOMPARE(httpGet(u"http://127.0.0.1:%1/discovery"_s.arg(agent->httpPort())).status, 0);
}

// A body too large is refused from its Content-Length, before a byte of it is sent; one without
// a length, and a head too large, too. Requests one after another on a connection still work.
void TestConsumerApi::refusesWhatItMustNotBuffer()
{
    auto agent = startWithHttp();
    QVERIFY(agent);
    auto exchange = [&](const QByteArray &request) {
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, agent->httpPort());
        if (!socket.waitForConnected(5000))
            return QByteArray("not connected");
        socket.write(request);
        QByteArray answer;
        QElapsedTimer waited;
        waited.start();
        while (socket.state() == QAbstractSocket::ConnectedState && waited.elapsed() < 5000) {
            QTest::qWait(20);
            answer += socket.readAll();
        }
        return answer + socket.readAll();
    };
    const QByteArray huge = exchange("POST /subscriptions HTTP/1.1\r\nHost: a\r\nContent-Length: 100000000\r\n\r\n");
    QVERIFY2(huge.startsWith("HTTP/1.1 413 "), huge.constData());
    QVERIFY2(huge.contains("\"type\":\"urn:sluice:problem:toolarge\""), huge.constData());
    const QByteArray chunked =
        exchange("POST /subscriptions HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n");
    QVERIFY2(chunked.startsWith("HTTP/1.1 411 "), chunked.constData());
    const QByteArray head = exchange("GET /healthz HTTP/1.1\r\nX-Padding: " + QByteArray(70000, 'x') + "\r\n\r\n");
    QVERIFY2(head.startsWith("HTTP/1.1 431 "), head.left(200).constData());
    // Three requests on one connection, a body among them: each answered, in order.
    const QByteArray three = exchange("GET /healthz HTTP/1.1\r\nHost: a\r\n\r\n"
                                      "POST /subscriptions HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\n{}"
                                      "GET /healthz HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
    QCOMPARE(three.count("HTTP/1.1 200 OK"), 2);
    QCOMPARE(three.count("HTTP/1.1 401 Unauthorized"), 1);
}

QTEST_GUILESS_MAIN(TestConsumerApi)
#include "tst_consumerapi.moc"
