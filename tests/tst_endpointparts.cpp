// The dispatcher's parts alone, each with rows: EndpointHealth (circuit breaker, pauses, disabling),
// RateLimiter (token bucket), Handshake (validation request and answer) and RequestBuilder (encode,
// sign, authenticate). No Kafka, no sockets, no clock.
#include "delivery/endpointhealth.h"
#include "delivery/handshake.h"
#include "delivery/proxy.h"
#include "delivery/ratelimiter.h"
#include "delivery/requestbuilder.h"
#include "webhooksignature.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace sluice;
using namespace sluice::agent;
using namespace std::chrono_literals;

Q_DECLARE_METATYPE(EndpointHealth::Change)

namespace {

constexpr qint64 kAt = 1'800'000'000'000;

QByteArray header(const HttpHeaders &headers, const QByteArray &name)
{
    for (const auto &[n, v] : headers) {
        if (n.compare(name, Qt::CaseInsensitive) == 0)
            return v;
    }
    return {};
}

HttpResponse response(int status, HttpHeaders headers = {})
{
    HttpResponse r;
    r.status = status;
    r.reason = status == 200 ? "OK" : "Nope";
    r.headers = std::move(headers);
    return r;
}

ClaimedDelivery delivery(const QString &id, const QByteArray &payload)
{
    ClaimedDelivery d;
    d.deliveryId = id;
    d.payload = payload;
    return d;
}

std::optional<Subscription> binarySubscription()
{
    QString error;
    auto sub = Subscription::fromJson({{u"name"_s, u"s"_s},
                                       {u"endpoint"_s, u"http://127.0.0.1:9/"_s},
                                       {u"types"_s, QJsonArray{u"t.*"_s}},
                                       {u"mode"_s, u"binary"_s}},
                                      &error);
    if (!sub)
        qWarning().noquote() << error;
    return sub;
}

const QByteArray kEvent = R"({"specversion":"1.0","id":"1","source":"/cms","type":"t.created","data":{"a":1}})";

} // namespace

class TestEndpointParts : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void health_data();
    void health();
    void healthDisablesAfterFailingTooLong();
    void rateLimiter_data();
    void rateLimiter();
    void handshake_data();
    void handshake();
    void handshakeRequestHeaders();
    void requestSignedAndAuthenticated_data();
    void requestSignedAndAuthenticated();
    void requestModes();
    void requestRefusesWhatCannotBeEncoded();
    void proxyRefusesBadSettings_data();
    void proxyRefusesBadSettings();
    void proxyFor_data();
    void proxyFor();
};

// A script of results ("ok", "fail", "pause") and, after it, what the endpoint allows.
void TestEndpointParts::health_data()
{
    QTest::addColumn<QStringList>("script");
    QTest::addColumn<EndpointHealth::Change>("lastChange");
    QTest::addColumn<bool>("open");
    QTest::addColumn<int>("allowedNow");       // of 4 free slots, right after the script
    QTest::addColumn<int>("allowedCooledOff"); // of 4 free slots, after the 30 s cool-down

    using C = EndpointHealth::Change;
    QTest::newRow("healthy") << QStringList{u"ok"_s} << C::None << false << 4 << 4;
    QTest::newRow("two failures stay closed") << QStringList{u"fail"_s, u"fail"_s} << C::None << false << 4 << 4;
    QTest::newRow("third failure opens") << QStringList{u"fail"_s, u"fail"_s, u"fail"_s} << C::Opened << true << 0 << 1;
    QTest::newRow("success in between resets the count")
        << QStringList{u"fail"_s, u"fail"_s, u"ok"_s, u"fail"_s, u"fail"_s} << C::None << false << 4 << 4;
    QTest::newRow("failed probe keeps it open")
        << QStringList{u"fail"_s, u"fail"_s, u"fail"_s, u"fail"_s} << C::None << true << 0 << 1;
    QTest::newRow("successful probe closes")
        << QStringList{u"fail"_s, u"fail"_s, u"fail"_s, u"ok"_s} << C::Closed << false << 4 << 4;
    QTest::newRow("probing: one at a time")
        << QStringList{u"fail"_s, u"fail"_s, u"fail"_s, u"probe"_s} << C::Opened << true << 0 << 0;
    QTest::newRow("Retry-After pauses without failing") << QStringList{u"pause"_s} << C::None << false << 0 << 4;
    QTest::newRow("a success does not cut the endpoint's own pause short")
        << QStringList{u"pause"_s, u"ok"_s} << C::None << false << 0 << 4;
}

void TestEndpointParts::health()
{
    QFETCH(QStringList, script);
    QFETCH(EndpointHealth::Change, lastChange);
    QFETCH(bool, open);
    QFETCH(int, allowedNow);
    QFETCH(int, allowedCooledOff);

    EndpointHealth health({3, 30s, 72h});
    EndpointHealth::Change change = EndpointHealth::Change::None;
    qint64 at = kAt;
    for (const QString &step : script) {
        at += 100;
        if (step == u"ok")
            change = health.succeeded();
        else if (step == u"fail")
            change = health.failed(at - 50, at, u"HTTP 500"_s);
        else if (step == u"pause")
            health.pauseUntil(at + 20'000);
        else if (step == u"probe")
            health.setProbing(true);
    }
    QCOMPARE(change, lastChange);
    QCOMPARE(health.breakerOpen(), open);
    QCOMPARE(health.allowance(4, at), allowedNow);
    QCOMPARE(health.allowance(4, at + 30'001), allowedCooledOff);
    QCOMPARE(health.allowance(0, at + 30'001), 0);
}

void TestEndpointParts::healthDisablesAfterFailingTooLong()
{
    EndpointHealth health({5, 30s, 1h});
    QCOMPARE(health.failed(kAt, kAt + 10, u"connection refused"_s), EndpointHealth::Change::None);
    QCOMPARE(health.failed(kAt + 1000, kAt + 3'599'999, u"connection refused"_s), EndpointHealth::Change::None);
    QCOMPARE(health.failingSince(), kAt); // the first failure's start
    QCOMPARE(health.failed(kAt + 3'600'000, kAt + 3'600'000, u"HTTP 502"_s), EndpointHealth::Change::Disabled);
    QVERIFY2(health.disabledReason().contains(u"3 failures in a row, last: HTTP 502"_s),
             qPrintable(health.disabledReason()));
    QVERIFY(health.disabledReason().contains(u"2027-01-15T08:00:00Z"_s));
    health.reset();
    QCOMPARE(health.failures(), 0);
    QCOMPARE(health.failingSince(), 0);
}

void TestEndpointParts::rateLimiter_data()
{
    QTest::addColumn<double>("rate");
    QTest::addColumn<QList<int>>("wants"); // at kAt, kAt+100, kAt+200, …
    QTest::addColumn<QList<int>>("granted");
    QTest::addColumn<qint64>("nextIn"); // after the last step, when none was granted; -1: not checked

    QTest::newRow("unlimited") << 0.0 << QList<int>{50, 50} << QList<int>{50, 50} << -1LL;
    QTest::newRow("full bucket at first") << 10.0 << QList<int>{20} << QList<int>{10} << -1LL;
    QTest::newRow("empty after a burst, next in 100 ms") << 10.0 << QList<int>{10, 5} << QList<int>{10, 1} << -1LL;
    QTest::newRow("refills at the rate") << 10.0 << QList<int>{10, 1, 1, 1} << QList<int>{10, 1, 1, 1} << -1LL;
    QTest::newRow("slow rate waits") << 2.0 << QList<int>{2, 1} << QList<int>{2, 0} << 400LL;
    QTest::newRow("never more than a second's worth")
        << 5.0 << QList<int>{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 100} << QList<int>{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5} << -1LL;
}

void TestEndpointParts::rateLimiter()
{
    QFETCH(double, rate);
    QFETCH(QList<int>, wants);
    QFETCH(QList<int>, granted);
    QFETCH(qint64, nextIn);

    RateLimiter limiter;
    limiter.setRate(rate);
    qint64 at = kAt;
    qint64 nextAt = 0;
    for (qsizetype i = 0; i < wants.size(); ++i, at += 100)
        QCOMPARE(limiter.take(wants.at(i), at, &nextAt), granted.at(i));
    if (nextIn >= 0)
        QCOMPARE(nextAt - (at - 100), nextIn);
}

void TestEndpointParts::handshake_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("allowedOrigin");
    QTest::addColumn<QByteArray>("allowedRate");
    QTest::addColumn<bool>("confirmed");
    QTest::addColumn<double>("rate");
    QTest::addColumn<QString>("whyContains");

    QTest::newRow("our origin") << 200 << QByteArray("sluice.example") << QByteArray() << true << 0.0 << QString();
    QTest::newRow("any origin") << 204 << QByteArray("*") << QByteArray() << true << 0.0 << QString();
    QTest::newRow("rate per minute") << 200 << QByteArray("*") << QByteArray("120") << true << 2.0 << QString();
    QTest::newRow("rate '*' is no limit") << 200 << QByteArray("*") << QByteArray("*") << true << 0.0 << QString();
    QTest::newRow("no allowed origin") << 200 << QByteArray() << QByteArray() << false << 0.0
                                       << u"without WebHook-Allowed-Origin"_s;
    QTest::newRow("someone else's origin") << 200 << QByteArray("other.example") << QByteArray() << false << 0.0
                                           << u"allows origin \"other.example\", not ours"_s;
    QTest::newRow("refused") << 405 << QByteArray("*") << QByteArray() << false << 0.0 << u"answered HTTP 405"_s;
    QTest::newRow("no answer") << 0 << QByteArray() << QByteArray() << false << 0.0 << u"connection refused"_s;
}

void TestEndpointParts::handshake()
{
    QFETCH(int, status);
    QFETCH(QByteArray, allowedOrigin);
    QFETCH(QByteArray, allowedRate);
    QFETCH(bool, confirmed);
    QFETCH(double, rate);
    QFETCH(QString, whyContains);

    HttpHeaders headers;
    if (!allowedOrigin.isEmpty())
        headers.append({"webhook-allowed-origin", allowedOrigin});
    if (!allowedRate.isEmpty())
        headers.append({"webhook-allowed-rate", allowedRate});
    HttpResponse r = response(status, headers);
    if (status == 0)
        r.error = u"connection refused"_s;
    const Handshake::Answer answer = Handshake::judge(r, "sluice.example");
    QCOMPARE(answer.confirmed, confirmed);
    QCOMPARE(answer.allowedRate, rate);
    QVERIFY2(answer.why.contains(whyContains), qPrintable(answer.why));
}

void TestEndpointParts::handshakeRequestHeaders()
{
    const HttpHeaders headers = Handshake::requestHeaders("sluice.example", 0.5, "Bearer t0k3n", {{"x-api-key", "k"}});
    QCOMPARE(header(headers, "webhook-request-origin"), QByteArray("sluice.example"));
    QCOMPARE(header(headers, "webhook-request-rate"), QByteArray("30")); // per minute
    QCOMPARE(header(headers, "authorization"), QByteArray("Bearer t0k3n"));
    QCOMPARE(header(headers, "x-api-key"), QByteArray("k"));
    QCOMPARE(header(Handshake::requestHeaders("o", 0, {}, {}), "webhook-request-rate"), QByteArray());
}

void TestEndpointParts::requestSignedAndAuthenticated_data()
{
    QTest::addColumn<QJsonObject>("auth");
    QTest::addColumn<QByteArray>("authorization");

    QTest::newRow("none") << QJsonObject() << QByteArray();
    QTest::newRow("basic") << QJsonObject{{u"type"_s, u"basic"_s}, {u"username"_s, u"u"_s}, {u"password"_s, u"p"_s}}
                           << QByteArray("Basic dTpw");
    QTest::newRow("bearer") << QJsonObject{{u"type"_s, u"bearer"_s}, {u"token"_s, u"t"_s}} << QByteArray("Bearer t");
}

void TestEndpointParts::requestSignedAndAuthenticated()
{
    QFETCH(QJsonObject, auth);
    QFETCH(QByteArray, authorization);

    QJsonObject json{{u"name"_s, u"s"_s},
                     {u"endpoint"_s, u"https://hooks.example/in"_s},
                     {u"types"_s, QJsonArray{u"t.*"_s}},
                     {u"headers"_s, QJsonObject{{u"X-Api-Key"_s, u"secret-key"_s}}}};
    if (!auth.isEmpty())
        json.insert(u"auth"_s, auth);
    QString error;
    const auto sub = Subscription::fromJson(json, &error);
    QVERIFY2(sub, qPrintable(error));
    const QString secret = u"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"_s;
    const RequestBuilder builder(*sub, {secret});
    QCOMPARE(builder.keyCount(), 1);
    const auto request = builder.build({delivery(u"dlv_1"_s, kEvent)}, 3, kAt, &error);
    QVERIFY2(request, qPrintable(error));
    QCOMPARE(request->id, QByteArray("dlv_1"));
    QCOMPARE(header(request->headers, "webhook-id"), QByteArray("dlv_1"));
    QCOMPARE(header(request->headers, "webhook-timestamp"), QByteArray::number(kAt / 1000));
    QCOMPARE(header(request->headers, "sluice-attempt"), QByteArray("3"));
    QCOMPARE(header(request->headers, "authorization"), authorization);
    QCOMPARE(header(request->headers, "x-api-key"), QByteArray("secret-key"));
    // The signature is Standard Webhooks' over id.timestamp.body, with the secret's key.
    const auto key = webhooks::secretKey(secret, nullptr);
    QVERIFY(key);
    QCOMPARE(header(request->headers, "webhook-signature"),
             webhooks::signatureHeader({*key}, "dlv_1", kAt / 1000, request->body));
    QVERIFY(request->bytes.startsWith("POST /in HTTP/1.1\r\n"));
    QVERIFY(request->bytes.endsWith(request->body));
    // Shown to a person: credentials and the subscription's own headers masked, the rest as sent.
    const HttpHeaders shown = builder.masked(request->headers);
    QCOMPARE(header(shown, "x-api-key"), QByteArray("***"));
    QCOMPARE(header(shown, "authorization"), authorization.isEmpty() ? QByteArray() : QByteArray("***"));
    QCOMPARE(header(shown, "webhook-id"), QByteArray("dlv_1"));
}

void TestEndpointParts::requestModes()
{
    QString error;
    std::optional<Subscription> sub = binarySubscription();
    QVERIFY(sub);
    auto request = RequestBuilder(*sub, {}).build({delivery(u"dlv_1"_s, kEvent)}, 1, kAt, &error);
    QVERIFY2(request, qPrintable(error));
    QCOMPARE(header(request->headers, "ce-type"), QByteArray("t.created"));
    QCOMPARE(request->body, QByteArray(R"({"a":1})"));
    QCOMPARE(header(request->headers, "webhook-signature"), QByteArray()); // no keys: unsigned

    sub->mode = DeliveryMode::Batch;
    const QList<ClaimedDelivery> two{delivery(u"dlv_1"_s, kEvent), delivery(u"dlv_2"_s, kEvent)};
    request = RequestBuilder(*sub, {}).build(two, 1, kAt, &error);
    QVERIFY2(request, qPrintable(error));
    QVERIFY(header(request->headers, "content-type").startsWith("application/cloudevents-batch+json"));
    QVERIFY(request->id.startsWith("bat_"));
    // The same deliveries make the same id on a retry; others make another.
    QCOMPARE(RequestBuilder::batchId(two), request->id);
    QVERIFY(RequestBuilder::batchId({two.first()}) != request->id);
    QCOMPARE(QJsonDocument::fromJson(request->body).array().size(), 2);
}

void TestEndpointParts::requestRefusesWhatCannotBeEncoded()
{
    QString error;
    std::optional<Subscription> sub = binarySubscription();
    QVERIFY(sub);
    const RequestBuilder builder(*sub, {});
    QVERIFY(!builder.build({delivery(u"dlv_1"_s, "not json")}, 1, kAt, &error));
    QVERIFY2(!error.isEmpty(), "a reason is given");
    error.clear();
    QVERIFY(!builder.build({}, 1, kAt, &error));
    QCOMPARE(error, u"nothing to send"_s);
}

void TestEndpointParts::proxyRefusesBadSettings_data()
{
    QTest::addColumn<QString>("proxy");
    QTest::addColumn<QStringList>("noProxy");
    QTest::addColumn<bool>("inNoProxy"); // which setting is named: noProxy, else proxy
    QTest::addColumn<QString>("error");

    const QString proxy = u"http://proxy.example:3128"_s;
    QTest::newRow("not a URL") << u"proxy.example:3128"_s << QStringList() << false << u"write it as http://"_s;
    QTest::newRow("https proxy") << u"https://proxy.example:3128"_s << QStringList() << false
                                 << u"only http:// proxies"_s;
    QTest::newRow("socks") << u"socks5://proxy.example:1080"_s << QStringList() << false << u"only http:// proxies"_s;
    QTest::newRow("no port") << u"http://proxy.example"_s << QStringList() << false << u"has no port"_s;
    QTest::newRow("a path") << u"http://proxy.example:3128/x"_s << QStringList() << false << u"no path"_s;
    QTest::newRow("bad subnet") << proxy << QStringList{u"10.0.0.0/99"_s} << true
                                << u"\"10.0.0.0/99\" is not a subnet"_s;
    QTest::newRow("bad name") << proxy << QStringList{u"a b"_s} << true << u"\"a b\" is not a host name"_s;
    QTest::newRow("empty name") << proxy << QStringList{u" "_s} << true << u"is not a host name"_s;
}

void TestEndpointParts::proxyRefusesBadSettings()
{
    QFETCH(QString, proxy);
    QFETCH(QStringList, noProxy);
    QFETCH(bool, inNoProxy);
    QFETCH(QString, error);
    QString why;
    ProxyPolicy::Setting where = inNoProxy ? ProxyPolicy::Setting::Proxy : ProxyPolicy::Setting::NoProxy;
    QVERIFY(!ProxyPolicy::parse(proxy, noProxy, &why, &where));
    QVERIFY2(why.contains(error), qPrintable(why));
    QCOMPARE(where, inNoProxy ? ProxyPolicy::Setting::NoProxy : ProxyPolicy::Setting::Proxy);
}

void TestEndpointParts::proxyFor_data()
{
    QTest::addColumn<QString>("endpoint");
    QTest::addColumn<QStringList>("noProxy");
    QTest::addColumn<bool>("proxied");

    const QStringList rules{u"intranet.example"_s, u".corp.example"_s, u"10.0.0.0/8"_s, u"192.168.1.7"_s};
    QTest::newRow("outside") << u"https://hooks.partner.example/in"_s << rules << true;
    QTest::newRow("the name") << u"https://intranet.example/in"_s << rules << false;
    QTest::newRow("a subdomain of the name") << u"http://a.intranet.example/"_s << rules << false;
    QTest::newRow("a lookalike is not a subdomain") << u"http://evilintranet.example/"_s << rules << true;
    QTest::newRow(".suffix") << u"http://x.corp.example/"_s << rules << false;
    QTest::newRow("case") << u"http://X.CORP.example/"_s << rules << false;
    QTest::newRow("in the subnet") << u"http://10.2.3.4:8080/"_s << rules << false;
    QTest::newRow("the address") << u"http://192.168.1.7/"_s << rules << false;
    QTest::newRow("another address") << u"http://192.168.1.8/"_s << rules << true;
    QTest::newRow("everything bypasses") << u"https://hooks.partner.example/"_s << QStringList{u"*"_s} << false;
    QTest::newRow("no rules") << u"http://10.2.3.4/"_s << QStringList() << true;
}

void TestEndpointParts::proxyFor()
{
    QFETCH(QString, endpoint);
    QFETCH(QStringList, noProxy);
    QFETCH(bool, proxied);
    QString why;
    const auto policy = ProxyPolicy::parse(u"http://user:p%40ss@proxy.example:3128"_s, noProxy, &why);
    QVERIFY2(policy, qPrintable(why));
    const QUrl proxy = policy->proxyFor(QUrl(endpoint));
    QCOMPARE(proxy.isValid(), proxied);
    if (proxied)
        QCOMPARE(ProxyPolicy::authorization(proxy), "Basic " + QByteArray("user:p@ss").toBase64());
    QVERIFY(!ProxyPolicy::parse(QString(), {}, nullptr)->enabled());
}

QTEST_GUILESS_MAIN(TestEndpointParts)
#include "tst_endpointparts.moc"
