// Delivery a webhook consumer can trust (docs/delivery.md), against a real receiver on 127.0.0.1
// and the embedded Kafka-protocol cluster.
#include "agent.h"
#include "postgresserver.h"
#include "queue/store.h"
#include "testsupport.h"
#include "webhooksignature.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QMessageAuthenticationCode>
#include <QProcess>
#include <QSignalSpy>
#include <QSslSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace sluice;
using namespace sluice::agent;
using sluice::test::makeEvent;
using sluice::test::Producer;
using sluice::test::RecordingReceiver;
using sluice::test::subscription;

namespace {

const QString kCreated = u"be.digipolis.wcm.v4.content.item.created"_s;

// Standard Webhooks verification written from the specification, not with the signing code:
// base64 of HMAC-SHA256 over "id.timestamp.body" with the base64-decoded part after "whsec_".
bool verifies(const receiver::ReceivedRequest &request, const QString &secret)
{
    const QByteArray key = QByteArray::fromBase64(secret.mid(6).toLatin1());
    const QByteArray content =
        request.header("webhook-id") + '.' + request.header("webhook-timestamp") + '.' + request.body;
    const QByteArray expected =
        "v1," + QMessageAuthenticationCode::hash(content, key, QCryptographicHash::Sha256).toBase64();
    return request.header("webhook-signature").split(' ').contains(expected);
}

std::optional<EndpointStatus> endpointOf(const Agent &agent, const QString &name)
{
    for (const EndpointStatus &status : agent.endpoints()) {
        if (status.name == name)
            return status;
    }
    return std::nullopt;
}

} // namespace

class TestDelivery : public QObject, private test::ClusterFixture {
    Q_OBJECT

    QString topic() const { return m_prefix + u"str"_s; }
    bool openssl(const QStringList &arguments);

private Q_SLOTS:
    void initTestCase();
    void init();
    void signatureMatchesTheSpecificationVector();
    void signsWithAGeneratedSecretAndDuringRotationWithBoth();
    void authenticatesWithApiKeyBasicAndBearer();
    void mutualTlsWithACustomCa();
    void staysPendingUntilTheHandshakeIsConfirmed();
    void refusesPrivateDestinationsNotAllowed();
    void higherPriorityFirstButLowIsNotStarved();
    void deferredUntilTheWindowOpensAndNotBefore();
    void coalescesABurstToTheNewest();
    void keepsStrictOrderPerSubjectUnderConcurrency();
    void honoursRetryAfter();
    void goneDisablesTheSubscriptionAndSaysSo();
    void breakerStopsHammeringThenResumes();
    void disablesAnEndpointFailingTooLong();
    void deliversBatches();
};

void TestDelivery::initTestCase()
{
    startCluster();
}

void TestDelivery::init()
{
    nextRun(u"dlv"_s);
}

bool TestDelivery::openssl(const QStringList &arguments)
{
    QProcess process;
    process.setWorkingDirectory(m_dir.path());
    process.start(u"openssl"_s, arguments);
    if (!process.waitForFinished(30000) || process.exitCode() != 0) {
        qWarning() << "openssl" << arguments << process.readAllStandardError();
        return false;
    }
    return true;
}

void TestDelivery::signatureMatchesTheSpecificationVector()
{
    // The example of the Standard Webhooks specification.
    const QString secret = u"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"_s;
    const auto key = webhooks::secretKey(secret, nullptr);
    QVERIFY(key);
    const QByteArray expected = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
    QCOMPARE(webhooks::sign(*key, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, R"({"test": 2432232314})"), expected);

    receiver::ReceivedRequest request;
    request.headers = {{"webhook-id", "msg_p5jXN8AQM9LWM0D4loKWxJek"},
                       {"webhook-timestamp", "1614265330"},
                       {"webhook-signature", "v1,bm90IHRoaXM= " + expected}};
    request.body = R"({"test": 2432232314})";
    QVERIFY(verifies(request, secret));

    QString why;
    QVERIFY(!webhooks::secretKey(u"MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"_s, &why));
    QVERIFY2(why.contains(u"whsec_"_s), qPrintable(why));
    QVERIFY(webhooks::generateSecret().startsWith(u"whsec_"_s));
    QVERIFY(webhooks::generateSecret() != webhooks::generateSecret());
}

void TestDelivery::signsWithAGeneratedSecretAndDuringRotationWithBoth()
{
    RecordingReceiver receiver;
    Agent agent(config({subscription(u"s"_s, receiver.url(), {u"be.*"_s})}, {{u"secretOverlap"_s, u"1h"_s}}));
    QVERIFY(agent.start(nullptr));
    const auto first = agent.store().subscriptions().revealSecret(u"s"_s);
    QVERIFY(first && first->startsWith(u"whsec_"_s));
    QVERIFY2(!agent.store().subscriptions().revealSecret(u"s"_s), "a secret is shown once");

    Producer producer(m_cluster->bootstraps());
    producer.sendStructured(topic(), makeEvent(kCreated, u"sig-1"_s, u"a"_s));
    producer.flush();
    QTRY_COMPARE_WITH_TIMEOUT(receiver.okCount(), 1, 30000);
    const receiver::ReceivedRequest one = receiver.requests().constLast();
    QVERIFY(one.header("webhook-id").startsWith("dlv_"));
    QVERIFY(qAbs(one.header("webhook-timestamp").toLongLong() - QDateTime::currentSecsSinceEpoch()) < 60);
    QVERIFY(verifies(one, *first));
    QVERIFY(!verifies(one, webhooks::generateSecret()));

    const auto second = agent.store().subscriptions().rotateSecret(u"s"_s, 3600 * 1000, nullptr);
    QVERIFY(second);
    QTest::qWait(2500); // the running agent reloads its keys every 2 s
    producer.sendStructured(topic(), makeEvent(kCreated, u"sig-2"_s, u"a"_s));
    producer.flush();
    QTRY_COMPARE_WITH_TIMEOUT(receiver.okCount(), 2, 30000);
    const receiver::ReceivedRequest two = receiver.requests().constLast();
    QCOMPARE(two.header("webhook-signature").split(' ').size(), 2);
    QVERIFY(verifies(two, *first));
    QVERIFY(verifies(two, *second));
}

void TestDelivery::authenticatesWithApiKeyBasicAndBearer()
{
    RecordingReceiver receiver;
    Agent agent(config({subscription(u"key"_s, receiver.url(u"/key"_s), {u"be.*"_s},
                                     {{u"headers"_s, QJsonObject{{u"x-api-key"_s, u"k-123"_s}}}}),
                        subscription(u"basic"_s, receiver.url(u"/basic"_s), {u"be.*"_s},
                                     {{u"auth"_s, QJsonObject{{u"type"_s, u"basic"_s},
                                                              {u"username"_s, u"sluice"_s},
                                                              {u"password"_s, u"p@ss"_s}}}}),
                        subscription(u"bearer"_s, receiver.url(u"/bearer"_s), {u"be.*"_s},
                                     {{u"auth"_s, QJsonObject{{u"type"_s, u"bearer"_s}, {u"token"_s, u"t0k3n"_s}}}})}));
    QVERIFY(agent.start(nullptr));
    Producer producer(m_cluster->bootstraps());
    producer.sendStructured(topic(), makeEvent(kCreated, u"auth-1"_s));
    producer.flush();
    QTRY_COMPARE_WITH_TIMEOUT(receiver.okCount(), 3, 30000);
    QHash<QByteArray, receiver::ReceivedRequest> byPath;
    for (const auto &request : receiver.requests())
        byPath.insert(request.path, request);
    QCOMPARE(byPath.value("/key").header("x-api-key"), QByteArray("k-123"));
    QCOMPARE(byPath.value("/basic").header("authorization"), "Basic " + QByteArray("sluice:p@ss").toBase64());
    QCOMPARE(byPath.value("/bearer").header("authorization"), QByteArray("Bearer t0k3n"));
    QVERIFY(byPath.value("/key").header("authorization").isEmpty());
}

void TestDelivery::mutualTlsWithACustomCa()
{
    if (!QSslSocket::supportsSsl())
        QSKIP("no TLS backend");
    // A private CA, a server certificate for 127.0.0.1 and a client certificate, all from it.
    QVERIFY(openssl({u"req"_s, u"-x509"_s, u"-newkey"_s, u"rsa:2048"_s, u"-nodes"_s, u"-days"_s, u"2"_s, u"-subj"_s,
                     u"/CN=Sluice Test CA"_s, u"-keyout"_s, u"ca.key"_s, u"-out"_s, u"ca.pem"_s}));
    for (const QString &name : {u"server"_s, u"client"_s}) {
        QVERIFY(openssl({u"req"_s, u"-newkey"_s, u"rsa:2048"_s, u"-nodes"_s, u"-subj"_s,
                         name == u"server" ? u"/CN=127.0.0.1"_s : u"/CN=sluice-client"_s, u"-keyout"_s,
                         name + u".key"_s, u"-out"_s, name + u".csr"_s}));
        QFile ext(m_dir.filePath(name + u".ext"_s));
        QVERIFY(ext.open(QIODevice::WriteOnly));
        ext.write(name == u"server" ? "subjectAltName=IP:127.0.0.1\n" : "extendedKeyUsage=clientAuth\n");
        ext.close();
        QVERIFY(openssl({u"x509"_s, u"-req"_s, u"-in"_s, name + u".csr"_s, u"-CA"_s, u"ca.pem"_s, u"-CAkey"_s,
                         u"ca.key"_s, u"-CAcreateserial"_s, u"-days"_s, u"2"_s, u"-extfile"_s, name + u".ext"_s,
                         u"-out"_s, name + u".pem"_s}));
    }
    QString why;
    const auto tls = receiver::serverTls(m_dir.filePath(u"server.pem"_s), m_dir.filePath(u"server.key"_s),
                                         m_dir.filePath(u"ca.pem"_s), &why);
    QVERIFY2(tls, qPrintable(why));
    receiver::HttpReceiver https;
    https.setSslConfiguration(*tls);
    QVERIFY(https.listen(QHostAddress::LocalHost, 0, &why));
    QList<receiver::ReceivedRequest> received;
    connect(&https, &receiver::HttpReceiver::received, this,
            [&](const receiver::ReceivedRequest &request, int) { received.append(request); });

    const QString url = u"https://127.0.0.1:%1/tls"_s.arg(https.port());
    Agent agent(config({subscription(u"mtls"_s, url, {u"be.*"_s},
                                     {{u"tls"_s, QJsonObject{{u"caCertificates"_s, m_dir.filePath(u"ca.pem"_s)},
                                                             {u"clientCertificate"_s, m_dir.filePath(u"client.pem"_s)},
                                                             {u"clientKey"_s, m_dir.filePath(u"client.key"_s)}}}}),
                        // Trusts the CA but presents no certificate: the receiver refuses it.
                        subscription(u"anonymous"_s, url, {u"be.*"_s},
                                     {{u"handshake"_s, false},
                                      {u"tls"_s, QJsonObject{{u"caCertificates"_s, m_dir.filePath(u"ca.pem"_s)}}}})}));
    QVERIFY(agent.start(nullptr));
    Producer producer(m_cluster->bootstraps());
    producer.sendStructured(topic(), makeEvent(kCreated, u"tls-1"_s));
    producer.flush();
    QTRY_VERIFY_WITH_TIMEOUT(
        std::any_of(received.begin(), received.end(), [](const auto &r) { return r.method == "POST"; }), 30000);
    for (const auto &request : std::as_const(received))
        QCOMPARE(request.clientCertificate, u"sluice-client"_s);
    const QString anonymousId = DeliveryQueue::deliveryIdFor(u"anonymous"_s, makeEvent(kCreated, u"tls-1"_s));
    QTRY_VERIFY_WITH_TIMEOUT(agent.store().queue().delivery(anonymousId) &&
                                 !agent.store().queue().delivery(anonymousId)->history.isEmpty(),
                             10000);
    QCOMPARE(agent.store().queue().delivery(anonymousId)->history.first().httpStatus, 0);
}

void TestDelivery::staysPendingUntilTheHandshakeIsConfirmed()
{
    RecordingReceiver receiver;
    auto behaviour = receiver.http().behaviour();
    behaviour.answerHandshake = false;
    receiver.http().setBehaviour(behaviour);
    Agent agent(config({subscription(u"s"_s, receiver.url(), {u"be.*"_s})}, {{u"handshakeRetry"_s, u"300ms"_s}}));
    QVERIFY(agent.start(nullptr));
    Producer producer(m_cluster->bootstraps());
    producer.sendStructured(topic(), makeEvent(kCreated, u"hs-1"_s));
    producer.flush();

    QTRY_VERIFY_WITH_TIMEOUT(receiver.handshakes().size() >= 2, 10000);
    const EndpointStatus pending = *endpointOf(agent, u"s"_s);
    QCOMPARE(pending.state, EndpointState::Pending);
    QVERIFY2(pending.reason.contains(u"WebHook-Allowed-Origin"_s), qPrintable(pending.reason));
    QVERIFY(!receiver.handshakes().first().header("webhook-request-origin").isEmpty());
    QCOMPARE(receiver.requests().size(), 0);

    behaviour.answerHandshake = true;
    behaviour.allowedRate = "120";
    receiver.http().setBehaviour(behaviour);
    QTRY_COMPARE_WITH_TIMEOUT(receiver.okCount(), 1, 10000);
    const EndpointStatus active = *endpointOf(agent, u"s"_s);
    QCOMPARE(active.state, EndpointState::Active);
    QCOMPARE(active.rateLimit, 2.0); // 120 per minute
}

void TestDelivery::refusesPrivateDestinationsNotAllowed()
{
    RecordingReceiver receiver;
    Agent agent(config({subscription(u"s"_s, receiver.url(), {u"be.*"_s}, {{u"handshake"_s, false}})},
                       {{u"egressAllow"_s, QJsonArray{u"10.0.0.0/8"_s}}}));
    QVERIFY(agent.start(nullptr));
    Producer producer(m_cluster->bootstraps());
    const CloudEvent event = makeEvent(kCreated, u"egress-1"_s);
    producer.sendStructured(topic(), event);
    producer.flush();
    const QString id = DeliveryQueue::deliveryIdFor(u"s"_s, event);
    QTRY_VERIFY_WITH_TIMEOUT(
        agent.store().queue().delivery(id) && !agent.store().queue().delivery(id)->history.isEmpty(), 30000);
    const QString error = agent.store().queue().delivery(id)->history.first().error;
    QVERIFY2(error.contains(u"loopback"_s) && error.contains(u"egressAllow"_s), qPrintable(error));
    QCOMPARE(receiver.requests().size(), 0);
}

void TestDelivery::higherPriorityFirstButLowIsNotStarved()
{
    RecordingReceiver receiver;
    auto behaviour = receiver.http().behaviour();
    behaviour.answerHandshake = false; // holds the queue until every event is stored
    receiver.http().setBehaviour(behaviour);
    const QJsonObject options{
        {u"priority"_s, u"low"_s},
        {u"concurrency"_s, 1},
        {u"priorityRules"_s,
         QJsonArray{QJsonObject{{u"priority"_s, u"normal"_s},
                                {u"filter"_s, QJsonObject{{u"prefix"_s, QJsonObject{{u"subject"_s, u"vip"_s}}}}}},
                    QJsonObject{{u"priority"_s, u"high"_s},
                                {u"filter"_s, QJsonObject{{u"prefix"_s, QJsonObject{{u"subject"_s, u"vip"_s}}}}}}}}};
    Agent agent(
        config({subscription(u"s"_s, receiver.url(), {u"be.*"_s}, options)}, {{u"handshakeRetry"_s, u"300ms"_s}}));
    QVERIFY(agent.start(nullptr));
    Producer producer(m_cluster->bootstraps());
    for (int i = 0; i < 40; ++i)
        producer.sendStructured(topic(), makeEvent(kCreated, u"low-%1"_s.arg(i), u"bulk/%1"_s.arg(i)));
    for (int i = 0; i < 40; ++i)
        producer.sendStructured(topic(), makeEvent(kCreated, u"vip-%1"_s.arg(i), u"vip/%1"_s.arg(i)));
    producer.flush();
    QTRY_COMPARE_WITH_TIMEOUT(agent.stats().deliveriesCreated, 80u, 30000);

    behaviour.answerHandshake = true;
    receiver.http().setBehaviour(behaviour);
    QTRY_COMPARE_WITH_TIMEOUT(receiver.okCount(), 80, 30000);
    const QStringList order = receiver.ids();
    const QStringList firstHalf = order.mid(0, 40);
    const auto vipFirst =
        std::count_if(firstHalf.begin(), firstHalf.end(), [](const QString &id) { return id.startsWith(u"vip"_s); });
    // Mostly high first (the rule voted high), but a share goes to the oldest: low is not starved.
    QVERIFY2(vipFirst >= 30, qPrintable(order.join(u' ')));
    QVERIFY2(vipFirst < 40, qPrintable(order.join(u' ')));
}

void TestDelivery::deferredUntilTheWindowOpensAndNotBefore()
{
    RecordingReceiver receiver;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QJsonObject window{{u"from"_s, now.addSecs(3).toString(u"HH:mm:ss"_s)},
                             {u"to"_s, now.addSecs(3600).toString(u"HH:mm:ss"_s)}};
    Agent agent(config({subscription(u"night"_s, receiver.url(u"/night"_s), {u"be.*"_s},
                                     {{u"windows"_s, QJsonArray{window}}, {u"timeZone"_s, u"UTC"_s}}),
                        subscription(u"later"_s, receiver.url(u"/later"_s), {u"be.*"_s})}));
    QVERIFY(agent.start(nullptr));
    Producer producer(m_cluster->bootstraps());
    QElapsedTimer clock;
    clock.start();
    QHash<QByteArray, qint64> arrived;
    connect(&receiver.http(), &receiver::HttpReceiver::received, this,
            [&](const receiver::ReceivedRequest &request, int status) {
                if (request.method == "POST" && status < 300 && !arrived.contains(request.path))
                    arrived.insert(request.path, clock.elapsed());
            });
    CloudEvent event = makeEvent(kCreated, u"defer-1"_s);
    event.extensions.insert(u"notbefore"_s, QDateTime::currentDateTimeUtc().addSecs(2).toString(Qt::ISODateWithMs));
    producer.sendStructured(topic(), event);
    producer.flush();
    QTRY_COMPARE_WITH_TIMEOUT(arrived.size(), 2, 30000);
    // The window opens at a whole second at least 2 s after the event; the not-before time is 2 s on.
    QVERIFY2(arrived.value("/night") >= 1900, qPrintable(QString::number(arrived.value("/night"))));
    QVERIFY2(arrived.value("/later") >= 1500, qPrintable(QString::number(arrived.value("/later"))));
    QVERIFY(QDateTime::currentDateTimeUtc() >= now.addSecs(2));
}

void TestDelivery::coalescesABurstToTheNewest()
{
    RecordingReceiver receiver;
    auto behaviour = receiver.http().behaviour();
    behaviour.answerHandshake = false;
    receiver.http().setBehaviour(behaviour);
    Agent agent(config(
        {subscription(u"s"_s, receiver.url(), {u"be.*"_s}, {{u"coalesce"_s, QJsonArray{u"type"_s, u"subject"_s}}})},
        {{u"handshakeRetry"_s, u"300ms"_s}}));
    QVERIFY(agent.start(nullptr));
    Producer producer(m_cluster->bootstraps());
    // One partition keeps the burst in order, as a keyed topic would for one subject.
    for (int i = 0; i < 1000; ++i)
        producer.send(topic(), "item-1",
                      makeEvent(kCreated, u"burst-%1"_s.arg(i, 4, 10, QChar(u'0')), u"item/1"_s, {{u"version"_s, i}})
                          .toStructuredBytes(),
                      {{"content-type", "application/cloudevents+json"}});
    producer.send(topic(), "item-2", makeEvent(kCreated, u"other"_s, u"item/2"_s).toStructuredBytes(),
                  {{"content-type", "application/cloudevents+json"}});
    producer.flush();
    QTRY_COMPARE_WITH_TIMEOUT(agent.stats().deliveriesCreated, 1001u, 30000);

    behaviour.answerHandshake = true;
    receiver.http().setBehaviour(behaviour);
    QTRY_COMPARE_WITH_TIMEOUT(receiver.okCount(), 2, 30000);
    QTest::qWait(500);
    QCOMPARE(receiver.okCount(), 2);
    QVERIFY(receiver.events().contains(u"burst-0999"_s));
    QVERIFY(receiver.events().contains(u"other"_s));
    QCOMPARE(agent.store().queue().countByState().value(u"superseded"_s), qint64(999));
}

void TestDelivery::keepsStrictOrderPerSubjectUnderConcurrency()
{
    RecordingReceiver receiver;
    auto behaviour = receiver.http().behaviour();
    behaviour.failRate = 0.3; // a third of the attempts fail and are retried
    receiver.http().setBehaviour(behaviour);
    QHash<QString, QStringList> deliveredBySubject;
    connect(&receiver.http(), &receiver::HttpReceiver::received, this,
            [&](const receiver::ReceivedRequest &request, int status) {
                QString why;
                if (status < 300) {
                    for (const CloudEvent &event : receiver::cloudEventsIn(request, &why))
                        deliveredBySubject[event.subject].append(event.id);
                }
            });
    Agent agent(
        config({subscription(u"s"_s, receiver.url(), {u"be.*"_s}, {{u"ordered"_s, true}, {u"concurrency"_s, 8}})},
               {{u"retrySchedule"_s, QJsonArray{u"0"_s, u"50ms"_s, u"50ms"_s, u"50ms"_s, u"50ms"_s, u"50ms"_s,
                                                u"50ms"_s, u"50ms"_s, u"50ms"_s, u"50ms"_s, u"50ms"_s}},
                {u"breakerFailures"_s, 1000}}));
    QVERIFY(agent.start(nullptr));
    Producer producer(m_cluster->bootstraps());
    QHash<QString, QStringList> sent;
    for (int i = 0; i < 30; ++i) {
        for (int s = 0; s < 5; ++s) {
            const QString subject = u"subject/%1"_s.arg(s);
            const QString id = u"o-%1-%2"_s.arg(s).arg(i, 2, 10, QChar(u'0'));
            sent[subject].append(id);
            // Keyed by subject, as a real topic would be: Kafka keeps the order within a subject.
            producer.send(topic(), subject.toUtf8(), makeEvent(kCreated, id, subject).toStructuredBytes(),
                          {{"content-type", "application/cloudevents+json"}});
        }
    }
    producer.flush();
    QTRY_COMPARE_WITH_TIMEOUT(receiver.okCount(), 150, 60000);
    QVERIFY(agent.stats().retried > 0); // failures happened, and still:
    for (auto it = sent.constBegin(); it != sent.constEnd(); ++it)
        QCOMPARE(deliveredBySubject.value(it.key()), it.value());
}

void TestDelivery::honoursRetryAfter()
{
    RecordingReceiver receiver;
    auto behaviour = receiver.http().behaviour();
    behaviour.retryAfterSeconds = 2;
    receiver.http().setBehaviour(behaviour);
    receiver.failNext(1, 429);
    Agent agent(config({subscription(u"s"_s, receiver.url(), {u"be.*"_s})}));
    QVERIFY(agent.start(nullptr));
    Producer producer(m_cluster->bootstraps());
    const CloudEvent event = makeEvent(kCreated, u"ra-1"_s);
    producer.sendStructured(topic(), event);
    producer.flush();
    QTRY_COMPARE_WITH_TIMEOUT(receiver.okCount(), 1, 30000);
    const QString id = DeliveryQueue::deliveryIdFor(u"s"_s, event);
    QTRY_VERIFY_WITH_TIMEOUT(agent.store().queue().delivery(id)->state == DeliveryState::Delivered, 5000);
    const auto history = agent.store().queue().delivery(id)->history;
    QCOMPARE(history.size(), 2);
    QCOMPARE(history.at(0).httpStatus, 429);
    // The schedule says 200 ms; the receiver asked for 2 s.
    QVERIFY2(history.at(1).at - history.at(0).at >= 1900,
             qPrintable(QString::number(history.at(1).at - history.at(0).at)));
    QCOMPARE(endpointOf(agent, u"s"_s)->state, EndpointState::Active);
}

void TestDelivery::goneDisablesTheSubscriptionAndSaysSo()
{
    RecordingReceiver receiver;
    RecordingReceiver audit;
    receiver.failNext(1, 410);
    Agent agent(config(
        {subscription(u"s"_s, receiver.url(), {u"be.*"_s}), subscription(u"audit"_s, audit.url(), {u"sluice.*"_s})}));
    QVERIFY(agent.start(nullptr));
    Producer producer(m_cluster->bootstraps());
    const CloudEvent event = makeEvent(kCreated, u"gone-1"_s);
    producer.sendStructured(topic(), event);
    producer.flush();
    QTRY_COMPARE_WITH_TIMEOUT(endpointOf(agent, u"s"_s)->state, EndpointState::Disabled, 30000);
    const QString reason = endpointOf(agent, u"s"_s)->reason;
    QVERIFY2(reason.contains(u"410"_s), qPrintable(reason));
    QCOMPARE(agent.store().subscriptions().states().value(u"s"_s).state, EndpointState::Disabled);
    // The delivery waits, not lost and not counted as a failed attempt (its claim is given back
    // just after the endpoint is marked disabled, on the dispatcher's thread).
    const QString id = DeliveryQueue::deliveryIdFor(u"s"_s, event);
    QTRY_COMPARE_WITH_TIMEOUT(agent.store().queue().delivery(id)->state, DeliveryState::Pending, 5000);

    // The agent's own events: started, both created, and the disabling with its reason.
    QTRY_VERIFY_WITH_TIMEOUT(audit.types().contains(u"sluice.subscription.disabled"_s), 10000);
    const QStringList types = audit.types();
    QVERIFY(types.contains(u"sluice.agent.started"_s));
    QCOMPARE(types.count(u"sluice.subscription.created"_s), 2);
    for (const CloudEvent &e : audit.events()) {
        if (e.type == u"sluice.subscription.disabled"_s) {
            QCOMPARE(e.subject, u"s"_s);
            QVERIFY(e.jsonData().toObject().value(u"reason"_s).toString().contains(u"410"_s));
        }
    }

    // Enabled again from the command line (the store): it runs the handshake and delivers.
    QVERIFY(agent.store().subscriptions().saveState(
        {u"s"_s, EndpointState::Pending, u"enabled by a test"_s, QString(), 0}));
    QTRY_COMPARE_WITH_TIMEOUT(receiver.okCount(), 1, 15000);
    // With a shared store the agents cannot tell the command line's change from another agent's,
    // whose event that agent published: none publishes it again (docs/operations.md).
    if (sluice::test::testingPostgres())
        return;
    QTRY_VERIFY_WITH_TIMEOUT(audit.types().contains(u"sluice.subscription.enabled"_s), 10000);
}

void TestDelivery::breakerStopsHammeringThenResumes()
{
    RecordingReceiver receiver;
    const QString url = receiver.url();
    receiver.http().close();
    Agent agent(config({subscription(u"s"_s, url, {u"be.*"_s}, {{u"handshake"_s, false}, {u"concurrency"_s, 1}})},
                       {{u"breakerFailures"_s, 3},
                        {u"breakerCooldown"_s, u"1s"_s},
                        {u"retrySchedule"_s, QJsonArray{u"0"_s, u"50ms"_s, u"50ms"_s, u"50ms"_s, u"50ms"_s, u"50ms"_s,
                                                        u"50ms"_s, u"50ms"_s, u"50ms"_s, u"50ms"_s, u"50ms"_s,
                                                        u"50ms"_s, u"50ms"_s, u"50ms"_s, u"50ms"_s, u"50ms"_s}}}));
    QVERIFY(agent.start(nullptr));
    Producer producer(m_cluster->bootstraps());
    for (int i = 0; i < 10; ++i)
        producer.sendStructured(topic(), makeEvent(kCreated, u"br-%1"_s.arg(i)));
    producer.flush();
    QTRY_VERIFY_WITH_TIMEOUT(agent.stats().deliveriesCreated == 10 && endpointOf(agent, u"s"_s)->breakerOpen, 30000);
    // The three failures that opened it are counted once their outcomes are written (a few ms later).
    QTRY_VERIFY_WITH_TIMEOUT(agent.stats().attempts >= 3, 5000);
    const quint64 attemptsAtOpen = agent.stats().attempts;
    QTest::qWait(2500);
    // Without a breaker the 50 ms schedule would have made dozens of attempts by now; with it,
    // one probe per cool-down.
    const quint64 attemptsWhileOpen = agent.stats().attempts - attemptsAtOpen;
    QVERIFY2(attemptsWhileOpen <= 4, qPrintable(QString::number(attemptsWhileOpen)));
    QVERIFY(attemptsWhileOpen >= 1); // it probes
    QCOMPARE(agent.stats().dead, 0u);

    QVERIFY(receiver.http().listen(QHostAddress::LocalHost, 0, nullptr));
    QTRY_COMPARE_WITH_TIMEOUT(receiver.okCount(), 10, 30000);
    QVERIFY(!endpointOf(agent, u"s"_s)->breakerOpen);
}

void TestDelivery::disablesAnEndpointFailingTooLong()
{
    RecordingReceiver receiver;
    const QString url = receiver.url();
    receiver.http().close();
    Agent agent(config({subscription(u"s"_s, url, {u"be.*"_s}, {{u"handshake"_s, false}})},
                       {{u"breakerFailures"_s, 2},
                        {u"breakerCooldown"_s, u"300ms"_s},
                        {u"disableAfter"_s, u"2s"_s},
                        {u"retrySchedule"_s, QJsonArray::fromStringList(QStringList(40, u"200ms"_s))}}));
    QVERIFY(agent.start(nullptr));
    Producer producer(m_cluster->bootstraps());
    producer.sendStructured(topic(), makeEvent(kCreated, u"long-1"_s));
    producer.flush();
    QTRY_COMPARE_WITH_TIMEOUT(endpointOf(agent, u"s"_s)->state, EndpointState::Disabled, 30000);
    const QString reason = agent.store().subscriptions().states().value(u"s"_s).reason;
    QVERIFY2(reason.contains(u"failing"_s), qPrintable(reason));
    QCOMPARE(agent.stats().dead, 0u); // the delivery waits for the subscription to be enabled again
}

void TestDelivery::deliversBatches()
{
    RecordingReceiver receiver;
    Agent agent(config({subscription(u"s"_s, receiver.url(), {u"be.*"_s},
                                     {{u"mode"_s, u"batch"_s}, {u"batchSize"_s, 10}, {u"concurrency"_s, 1}})}));
    QVERIFY(agent.start(nullptr));
    Producer producer(m_cluster->bootstraps());
    for (int i = 0; i < 25; ++i)
        producer.sendStructured(topic(), makeEvent(kCreated, u"b-%1"_s.arg(i)));
    producer.flush();
    QTRY_COMPARE_WITH_TIMEOUT(receiver.uniqueIds().size(), 25, 30000);
    for (const auto &request : receiver.requests()) {
        QVERIFY(request.header("content-type").startsWith("application/cloudevents-batch+json"));
        QString why;
        const qsizetype events = receiver::cloudEventsIn(request, &why).size();
        QVERIFY(events >= 1 && events <= 10);
        // A batch of one (the claim found one waiting) keeps its delivery's own id.
        QVERIFY(request.header("webhook-id").startsWith(events == 1 ? "dlv_" : "bat_"));
    }
    QVERIFY(receiver.requests().size() < 25);
}

QTEST_GUILESS_MAIN(TestDelivery)
#include "tst_delivery.moc"
