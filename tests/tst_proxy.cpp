// Deliveries through an outbound HTTP proxy: Debian's tinyproxy on 127.0.0.1, started by the test.
// Plain http goes to the proxy in absolute form (the receiver sees tinyproxy's Via header); https
// through a CONNECT tunnel with TLS end to end; noProxy bypasses it; a proxy that is down or
// refuses the tunnel is a clear, retried failure; egress control still judges the destination.
#include "agent.h"
#include "queue/store.h"
#include "testsupport.h"

#include <QFile>
#include <QJsonArray>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace sluice;
using namespace sluice::agent;
using namespace sluice::test;

namespace {

const QString kCreated = u"be.digipolis.wcm.v4.content.item.created"_s;

// The attempts' errors of a delivery so far, joined.
QString attemptErrors(Agent &agent, const QString &deliveryId)
{
    const auto record = agent.store().queue().delivery(deliveryId);
    QStringList errors;
    if (record) {
        for (const AttemptRecord &a : record->history)
            errors.append(a.error);
    }
    return errors.join(u" | "_s);
}

} // namespace

class TestProxy : public QObject, private test::ClusterFixture {
    Q_OBJECT

    QString topic() const { return m_prefix + u"str"_s; }
    bool startProxy(quint16 connectPort);
    QByteArray proxyLog() const;
    // Produces one event to the agent's topic; the id of its delivery to subscription "s".
    QString produceOne(const QString &eventId);
    QString proxyUrl() const { return u"http://127.0.0.1:%1"_s.arg(m_proxyPort); }

    QProcess m_proxy;
    quint16 m_proxyPort = 0;

private Q_SLOTS:
    void initTestCase();
    void init() { nextRun(u"prx"_s); }
    void cleanup();
    void plainHttpGoesThroughTheProxy();
    void httpsGoesThroughATunnel();
    void noProxyGoesDirect();
    void aProxyDownOrRefusingIsAClearRetriedFailure();
    void egressControlStillJudgesTheDestination();
    void aNameOnlyTheProxyMightResolveGoesToIt();
};

void TestProxy::initTestCase()
{
    if (QStandardPaths::findExecutable(u"tinyproxy"_s).isEmpty())
        QFAIL("tinyproxy is not installed: scripts/setup-debian.sh --test installs it");
    startCluster();
}

bool TestProxy::startProxy(quint16 connectPort)
{
    m_proxyPort = freePort();
    QFile::remove(m_dir.filePath(u"tinyproxy.log"_s));
    QFile conf(m_dir.filePath(u"tinyproxy.conf"_s));
    if (!conf.open(QIODevice::WriteOnly))
        return false;
    conf.write(QStringLiteral("Port %1\nListen 127.0.0.1\nTimeout 30\nAllow 127.0.0.1\nMaxClients 50\n"
                              "LogFile \"%2\"\nLogLevel Info\nConnectPort %3\n")
                   .arg(m_proxyPort)
                   .arg(m_dir.filePath(u"tinyproxy.log"_s))
                   .arg(connectPort)
                   .toUtf8());
    conf.close();
    m_proxy.start(u"tinyproxy"_s, {u"-d"_s, u"-c"_s, conf.fileName()});
    if (!m_proxy.waitForStarted(5000))
        return false;
    for (int i = 0; i < 50; ++i) { // listening?
        QTcpSocket probe;
        probe.connectToHost(QHostAddress::LocalHost, m_proxyPort);
        if (probe.waitForConnected(100))
            return true;
        QTest::qWait(100);
    }
    return false;
}

QByteArray TestProxy::proxyLog() const
{
    QFile log(m_dir.filePath(u"tinyproxy.log"_s));
    return log.open(QIODevice::ReadOnly) ? log.readAll() : QByteArray();
}

QString TestProxy::produceOne(const QString &eventId)
{
    Producer producer(m_cluster->bootstraps());
    const CloudEvent event = makeEvent(kCreated, eventId);
    producer.sendStructured(topic(), event);
    producer.flush();
    return DeliveryQueue::deliveryIdFor(u"s"_s, event);
}

void TestProxy::cleanup()
{
    if (m_proxy.state() != QProcess::NotRunning) {
        m_proxy.kill();
        m_proxy.waitForFinished(5000);
    }
}

void TestProxy::plainHttpGoesThroughTheProxy()
{
    QVERIFY(startProxy(443));
    RecordingReceiver receiver;
    Agent agent(config({subscription(u"s"_s, receiver.url(u"/hook"_s), {u"be.*"_s})}, {{u"proxy"_s, proxyUrl()}}));
    QVERIFY(agent.start(nullptr));
    Producer producer(m_cluster->bootstraps());
    producer.sendStructured(topic(), makeEvent(kCreated, u"px-1"_s));
    producer.flush();
    QTRY_COMPARE_WITH_TIMEOUT(receiver.okCount(), 1, 30000);
    // The handshake and the delivery both came through tinyproxy.
    QVERIFY2(receiver.handshakes().first().header("via").contains("tinyproxy"),
             receiver.handshakes().first().header("via").constData());
    const receiver::ReceivedRequest request = receiver.requests().first();
    QVERIFY2(request.header("via").contains("tinyproxy"), request.header("via").constData());
    QCOMPARE(request.path, QByteArray("/hook"));
    QVERIFY(!request.header("webhook-signature").isEmpty());
    QVERIFY(proxyLog().contains("/hook"));
}

void TestProxy::httpsGoesThroughATunnel()
{
    if (!QSslSocket::supportsSsl())
        QSKIP("no TLS backend");
    QString cert;
    QString key;
    QVERIFY(makeSelfSignedCertificate(m_dir.filePath(m_prefix), &cert, &key));
    QString why;
    const auto tls = receiver::serverTls(cert, key, QString(), &why);
    QVERIFY2(tls, qPrintable(why));
    receiver::HttpReceiver https;
    https.setSslConfiguration(*tls);
    QVERIFY(https.listen(QHostAddress::LocalHost, 0, &why));
    QList<receiver::ReceivedRequest> received;
    connect(&https, &receiver::HttpReceiver::received, this,
            [&](const receiver::ReceivedRequest &request, int) { received.append(request); });
    QVERIFY(startProxy(https.port()));

    Agent agent(config({subscription(u"s"_s, u"https://127.0.0.1:%1/secure"_s.arg(https.port()), {u"be.*"_s},
                                     {{u"tls"_s, QJsonObject{{u"caCertificates"_s, cert}}}})},
                       {{u"proxy"_s, proxyUrl()}}));
    QVERIFY(agent.start(nullptr));
    Producer producer(m_cluster->bootstraps());
    producer.sendStructured(topic(), makeEvent(kCreated, u"px-2"_s));
    producer.flush();
    QTRY_VERIFY_WITH_TIMEOUT(
        std::any_of(received.begin(), received.end(), [](const auto &r) { return r.method == "POST"; }), 30000);
    // Encrypted end to end: the proxy saw a CONNECT to the checked address, not the request.
    const QByteArray log = proxyLog();
    QVERIFY2(log.contains("): CONNECT 127.0.0.1:" + QByteArray::number(https.port())), log.right(800).constData());
    QVERIFY(!log.contains("/secure"));
    for (const auto &r : std::as_const(received))
        QVERIFY(r.header("via").isEmpty());
}

void TestProxy::noProxyGoesDirect()
{
    QVERIFY(startProxy(443));
    RecordingReceiver receiver;
    Agent agent(
        config({subscription(u"s"_s, receiver.url(), {u"be.*"_s}, {{u"handshake"_s, false}})},
               {{u"proxy"_s, proxyUrl()}, {u"noProxy"_s, QJsonArray{u"intranet.example"_s, u"127.0.0.0/8"_s}}}));
    QVERIFY(agent.start(nullptr));
    Producer producer(m_cluster->bootstraps());
    producer.sendStructured(topic(), makeEvent(kCreated, u"px-3"_s));
    producer.flush();
    QTRY_COMPARE_WITH_TIMEOUT(receiver.okCount(), 1, 30000);
    QVERIFY(receiver.requests().first().header("via").isEmpty());
    QVERIFY(!proxyLog().contains("Request (file descriptor"));
}

void TestProxy::aProxyDownOrRefusingIsAClearRetriedFailure()
{
    RecordingReceiver receiver;
    const quint16 closed = freePort();
    const QJsonObject delivery{{u"proxy"_s, u"http://127.0.0.1:%1"_s.arg(closed)},
                               {u"retrySchedule"_s, QJsonArray{u"0"_s, u"200ms"_s, u"200ms"_s, u"200ms"_s, u"200ms"_s,
                                                               u"200ms"_s, u"200ms"_s, u"200ms"_s}}};
    Agent agent(config({subscription(u"s"_s, receiver.url(), {u"be.*"_s}, {{u"handshake"_s, false}}),
                        subscription(u"tunnel"_s, u"https://127.0.0.1:9/"_s, {u"be.*"_s}, {{u"handshake"_s, false}})},
                       delivery));
    QVERIFY(agent.start(nullptr));
    Producer producer(m_cluster->bootstraps());
    const CloudEvent event = makeEvent(kCreated, u"px-4"_s);
    producer.sendStructured(topic(), event);
    producer.flush();
    const QString id = DeliveryQueue::deliveryIdFor(u"s"_s, event);
    QTRY_VERIFY_WITH_TIMEOUT(
        attemptErrors(agent, id).contains(u"cannot go through the proxy 127.0.0.1:%1"_s.arg(closed)), 15000);
    QCOMPARE(agent.store().queue().delivery(id)->state, DeliveryState::Pending); // retried, not lost
    QCOMPARE(receiver.okCount(), 0);

    // The proxy comes up, allowing CONNECT to 443 only: plain http goes through, a tunnel to port 9
    // is refused with the proxy's answer.
    QSignalSpy stopped(&agent, &Agent::stopped);
    agent.stop();
    QVERIFY(stopped.wait(15000));
    QVERIFY(startProxy(443));
    Agent again(config({subscription(u"s"_s, receiver.url(), {u"be.*"_s}, {{u"handshake"_s, false}}),
                        subscription(u"tunnel"_s, u"https://127.0.0.1:9/"_s, {u"be.*"_s}, {{u"handshake"_s, false}})},
                       {{u"proxy"_s, proxyUrl()}}));
    QVERIFY(again.start(nullptr));
    QTRY_COMPARE_WITH_TIMEOUT(receiver.okCount(), 1, 30000);
    const QString tunnel = DeliveryQueue::deliveryIdFor(u"tunnel"_s, event);
    QTRY_VERIFY_WITH_TIMEOUT(attemptErrors(again, tunnel).contains(u"refused a tunnel to 127.0.0.1:9"_s), 15000);
    QVERIFY2(attemptErrors(again, tunnel).contains(u"403"_s), qPrintable(attemptErrors(again, tunnel)));
}

void TestProxy::egressControlStillJudgesTheDestination()
{
    QVERIFY(startProxy(443));
    // Link-local (cloud metadata) is refused whatever the proxy would do with it.
    Agent agent(
        config({subscription(u"s"_s, u"http://169.254.169.254/latest"_s, {u"be.*"_s}, {{u"handshake"_s, false}})},
               {{u"proxy"_s, proxyUrl()}}));
    QVERIFY(agent.start(nullptr));
    const QString id = produceOne(u"px-5"_s);
    QTRY_VERIFY_WITH_TIMEOUT(!attemptErrors(agent, id).isEmpty(), 15000);
    QVERIFY2(attemptErrors(agent, id).contains(u"169.254.169.254"_s), qPrintable(attemptErrors(agent, id)));
    QVERIFY(!proxyLog().contains("169.254.169.254"));
}

void TestProxy::aNameOnlyTheProxyMightResolveGoesToIt()
{
    QVERIFY(startProxy(443));
    Agent agent(
        config({subscription(u"s"_s, u"http://no-such-host.invalid/hook"_s, {u"be.*"_s}, {{u"handshake"_s, false}})},
               {{u"proxy"_s, proxyUrl()}}));
    QVERIFY(agent.start(nullptr));
    const QString id = produceOne(u"px-6"_s);
    QTRY_VERIFY_WITH_TIMEOUT(
        !attemptErrors(agent, id).isEmpty() ||
            (agent.store().queue().delivery(id) && !agent.store().queue().delivery(id)->history.isEmpty()),
        15000);
    if (attemptErrors(agent, id).contains(u"cannot resolve"_s))
        QSKIP("this machine's resolver fails every name (no DNS at all), so the case cannot arise");
    // The name went to tinyproxy as it was; tinyproxy could not resolve it either and answered.
    QTRY_VERIFY_WITH_TIMEOUT(proxyLog().contains("no-such-host.invalid"), 5000);
    QVERIFY(agent.store().queue().delivery(id)->history.first().httpStatus >= 400);
}

QTEST_GUILESS_MAIN(TestProxy)
#include "tst_proxy.moc"
