// The pure parts of callbacks, row by row: how a request to a callback is read (who sent it,
// whether it is a preflight, the CloudEvent it carries or why it carries none), and the Kafka
// binding a callback's event is produced in, read back by the same decoder the pipeline uses.
#include "callbacks/callbackrequest.h"
#include "ingest/decoder.h"
#include "webhooksignature.h"

#include <QJsonDocument>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace sluice;
using namespace sluice::agent;

namespace {

using Kind = CallbackOutcome::Kind;

const QByteArray kKey = QByteArray(32, 'k');
const QByteArray kOldKey = QByteArray(32, 'o');
constexpr qint64 kNow = 1'790'000'000'000;

CallbackConfig paymentsConfig()
{
    CallbackConfig config;
    config.name = u"payments"_s;
    config.topic = u"in.payments"_s;
    MappingRule mapping;
    mapping.typePointer = JsonPointer::parse(u"/kind"_s, nullptr);
    mapping.source = u"/payments"_s;
    mapping.subjectPointer = JsonPointer::parse(u"/order"_s, nullptr);
    config.mapping = mapping;
    config.challengeMember = JsonPointer::parse(u"/challenge"_s, nullptr);
    return config;
}

CallbackReader reader(bool token = true, bool signature = true)
{
    CallbackSecrets secrets;
    if (token)
        secrets.token = "tok";
    if (signature)
        secrets.signingKeys = {kOldKey, kKey};
    return CallbackReader(paymentsConfig(), secrets, 4096);
}

// "name: value" lines as headers; a request signed (with key, at the time given) when asked.
CallbackRequest request(const QByteArray &method, const QStringList &headers, const QByteArray &body,
                        const QByteArray &key = kKey, qint64 signedAt = kNow, const char *token = "tok")
{
    CallbackRequest r;
    r.method = method;
    if (token)
        r.pathToken = QString::fromUtf8(token);
    r.body = body;
    r.nowMs = kNow;
    for (const QString &line : headers) {
        const qsizetype colon = line.indexOf(u':');
        r.headers.emplaceBack(line.left(colon).toUtf8(), line.mid(colon + 1).trimmed().toUtf8());
    }
    if (!key.isEmpty()) {
        r.headers.emplaceBack("webhook-id", "msg_1");
        r.headers.emplaceBack("webhook-timestamp", QByteArray::number(signedAt / 1000));
        r.headers.emplaceBack("webhook-signature", webhooks::sign(key, "msg_1", signedAt / 1000, body));
    }
    return r;
}

QByteArray headerOf(const HttpHeaders &headers, const QByteArray &name)
{
    for (const auto &[n, v] : headers) {
        if (n.compare(name, Qt::CaseInsensitive) == 0)
            return v;
    }
    return {};
}

// Binary mode carries every attribute as its canonical string (an integer 7 as "7"): what the
// binding keeps is the string form.
QJsonObject canonical(QJsonObject event)
{
    for (auto it = event.begin(); it != event.end(); ++it) {
        if (it.key() != u"data" && it.value().isBool())
            it.value() = it.value().toBool() ? u"true"_s : u"false"_s;
        else if (it.key() != u"data" && it.value().isDouble())
            it.value() = QString::number(it.value().toInteger());
    }
    return event;
}

} // namespace

class TestCallbackParts : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void readsEvents_data();
    void readsEvents();
    void refuses_data();
    void refuses();
    void preflights_data();
    void preflights();
    void quarantinedRequestsKeepNoCredentials();
    void aTokenOnlyCallbackNeedsNoSignature();
    void kafkaBindingRoundTrips_data();
    void kafkaBindingRoundTrips();
};

void TestCallbackParts::readsEvents_data()
{
    QTest::addColumn<QStringList>("headers");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("id");
    QTest::addColumn<QString>("type");
    QTest::addColumn<QString>("subject");

    QTest::newRow("structured") << QStringList{u"Content-Type: application/cloudevents+json; charset=utf-8"_s}
                                << QByteArray(R"({"specversion":"1.0","id":"e1","source":"/s","type":"order.paid",)"
                                              R"("subject":"o-1","data":{"n":1}})")
                                << u"e1"_s << u"order.paid"_s << u"o-1"_s;
    QTest::newRow("binary, percent-encoded header")
        << QStringList{u"ce-specversion: 1.0"_s,
                       u"CE-ID: e2"_s,
                       u"ce-source: /s"_s,
                       u"ce-type: order.paid"_s,
                       u"ce-subject: caf%C3%A9 %25"_s,
                       u"content-type: application/json"_s}
        << QByteArray(R"({"n":2})") << u"e2"_s << u"order.paid"_s << u"café %"_s;
    QTest::newRow("plain JSON, mapped; the id is the webhook-id")
        << QStringList{u"content-type: application/json"_s} << QByteArray(R"({"kind":"order.paid","order":"o-3"})")
        << u"msg_1"_s << u"order.paid"_s << u"o-3"_s;
    QTest::newRow("plain JSON mentioning specversion is still mapped")
        << QStringList{} << QByteArray(R"({"kind":"order.paid","order":"o-4","note":"specversion"})") << u"msg_1"_s
        << u"order.paid"_s << u"o-4"_s;
}

void TestCallbackParts::readsEvents()
{
    QFETCH(QStringList, headers);
    QFETCH(QByteArray, body);
    QFETCH(QString, id);
    QFETCH(QString, type);
    QFETCH(QString, subject);
    const CallbackOutcome outcome = reader().read(request("POST", headers, body));
    QCOMPARE(outcome.detail, QString());
    QCOMPARE(int(outcome.kind), int(Kind::Produce));
    QCOMPARE(outcome.status, 202);
    QCOMPARE(outcome.event.id, id);
    QCOMPARE(outcome.event.type, type);
    QCOMPARE(outcome.event.subject, subject);
    QVERIFY(outcome.event.validate().isEmpty());
}

void TestCallbackParts::refuses_data()
{
    QTest::addColumn<CallbackRequest>("request");
    QTest::addColumn<int>("status");
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("detail");

    const QByteArray plain = R"({"kind":"order.paid","order":"o"})";
    const auto answer = int(Kind::Answer);
    const auto quarantine = int(Kind::Quarantine);
    QTest::newRow("no token") << request("POST", {}, plain, kKey, kNow, nullptr) << 401 << answer
                              << u"ends in its secret token: /callbacks/payments/TOKEN"_s;
    QTest::newRow("wrong token") << request("POST", {}, plain, kKey, kNow, "tok2") << 401 << answer
                                 << u"not this callback's"_s;
    QTest::newRow("unsigned") << request("POST", {}, plain, QByteArray()) << 401 << answer
                              << u"webhook-id, webhook-timestamp and webhook-signature"_s;
    QTest::newRow("signed with another secret")
        << request("POST", {}, plain, QByteArray(32, 'x')) << 401 << answer << u"no signature"_s;
    QTest::newRow("signed 10 minutes ago")
        << request("POST", {}, plain, kKey, kNow - 600'000) << 401 << answer << u"600 s from this server's clock"_s;
    CallbackRequest tampered = request("POST", {}, plain);
    tampered.body += ' ';
    QTest::newRow("body changed after signing") << tampered << 401 << answer << u"no signature"_s;
    QTest::newRow("GET without the challenge") << request("GET", {}, {}) << 405 << answer << u"takes POST"_s;
    QTest::newRow("PUT") << request("PUT", {}, plain) << 405 << answer << u"takes POST"_s;
    QTest::newRow("not JSON") << request("POST", {u"content-type: text/plain"_s}, "paid!") << 400 << quarantine
                              << u"not valid JSON"_s;
    QTest::newRow("mapped, type missing")
        << request("POST", {}, R"({"order":"o"})") << 400 << quarantine << u"typePointer \"/kind\" finds no string"_s;
    QTest::newRow("structured without an id") << request("POST", {u"content-type: application/cloudevents+json"_s},
                                                         R"({"specversion":"1.0","source":"/s","type":"t"})")
                                              << 400 << quarantine << u"\"id\""_s;
    QTest::newRow("binary with a bad time") << request("POST",
                                                       {u"ce-specversion: 1.0"_s, u"ce-id: 1"_s, u"ce-source: /s"_s,
                                                        u"ce-type: t"_s, u"ce-time: yesterday"_s},
                                                       "{}")
                                            << 400 << quarantine << u"RFC 3339"_s;
    QTest::newRow("the agent's own event type")
        << request("POST", {u"content-type: application/cloudevents+json"_s},
                   R"({"specversion":"1.0","id":"1","source":"/sluice/agent/gw","type":"sluice.subscription.created",
                       "data":{"name":"x","owner":"beta"}})")
        << 400 << quarantine << u"the agent's own"_s;
    QTest::newRow("a sluice. type, binary")
        << request("POST",
                   {u"ce-specversion: 1.0"_s, u"ce-id: 1"_s, u"ce-source: /s"_s, u"ce-type: sluice.agent.started"_s},
                   "{}")
        << 400 << quarantine << u"the agent's own"_s;
    QTest::newRow("a batch") << request("POST", {u"content-type: application/cloudevents-batch+json"_s}, "[]") << 400
                             << quarantine << u"is not readable"_s;
    QTest::newRow("over decoding.maxEventBytes")
        << request("POST", {}, R"({"kind":"k","order":"o","pad":")" + QByteArray(5000, 'x') + "\"}") << 400
        << quarantine << u"over the limit"_s;
}

void TestCallbackParts::refuses()
{
    QFETCH(CallbackRequest, request);
    QFETCH(int, status);
    QFETCH(int, kind);
    QFETCH(QString, detail);
    const CallbackOutcome outcome = reader().read(request);
    QCOMPARE(outcome.status, status);
    QCOMPARE(int(outcome.kind), kind);
    QVERIFY2(outcome.detail.contains(detail), qPrintable(outcome.detail));
    QVERIFY(!outcome.problem.isEmpty());
}

void TestCallbackParts::preflights_data()
{
    QTest::addColumn<CallbackRequest>("request");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<QByteArray>("value");

    QTest::newRow("OPTIONS, the CloudEvents webhook validation")
        << request("OPTIONS", {u"WebHook-Request-Origin: eventemitter.example.com"_s}, {}, QByteArray()) << QByteArray()
        << QByteArray("WebHook-Allowed-Origin") << QByteArray("eventemitter.example.com");
    QTest::newRow("OPTIONS asking a rate") << request("OPTIONS", {u"WebHook-Request-Rate: 120"_s}, {}, QByteArray())
                                           << QByteArray() << QByteArray("WebHook-Allowed-Rate") << QByteArray("*");
    CallbackRequest get = request("GET", {}, {}, QByteArray());
    get.query.addQueryItem(u"challenge"_s, u"a%20b"_s);
    QTest::newRow("GET with the challenge")
        << get << QByteArray("a b") << QByteArray("X-Content-Type-Options") << QByteArray("nosniff");
    QTest::newRow("POST whose body has the challenge member")
        << request("POST", {u"content-type: application/json"_s},
                   R"({"type":"url_verification","challenge":"3eZbrw1aB"})")
        << QByteArray("3eZbrw1aB") << QByteArray() << QByteArray();
}

void TestCallbackParts::preflights()
{
    QFETCH(CallbackRequest, request);
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, header);
    QFETCH(QByteArray, value);
    const CallbackOutcome outcome = reader().read(request);
    QCOMPARE(int(outcome.kind), int(Kind::Answer));
    QCOMPARE(outcome.status, 200);
    QVERIFY(outcome.problem.isEmpty());
    QCOMPARE(outcome.body, body);
    if (!header.isEmpty())
        QCOMPARE(headerOf(outcome.headers, header), value);
}

void TestCallbackParts::quarantinedRequestsKeepNoCredentials()
{
    CallbackRequest r = request("POST", {u"Authorization: Bearer secret"_s, u"Cookie: s=1"_s, u"X-Trace: 7"_s}, "x");
    const CallbackOutcome first = reader().read(r);
    const CallbackOutcome second = reader().read(r);
    QCOMPARE(int(first.kind), int(Kind::Quarantine));
    QCOMPARE(first.request.topic, u"callback:payments"_s);
    QCOMPARE(first.request.partition, -1);
    QCOMPARE(first.request.value, QByteArray("x"));
    QCOMPARE(first.request.timestampMs, kNow);
    QVERIFY(first.request.offset >= 0);
    QVERIFY(first.request.offset != second.request.offset); // two requests, two quarantine records
    QCOMPARE(headerOf(first.request.headers, "x-trace"), QByteArray("7"));
    QVERIFY(headerOf(first.request.headers, "authorization").isNull());
    QVERIFY(headerOf(first.request.headers, "cookie").isNull());
}

void TestCallbackParts::aTokenOnlyCallbackNeedsNoSignature()
{
    const QByteArray plain = R"({"kind":"k","order":"o"})";
    const CallbackOutcome unsigned_ = reader(true, false).read(request("POST", {}, plain, QByteArray()));
    QCOMPARE(int(unsigned_.kind), int(Kind::Produce));
    QVERIFY(!unsigned_.event.id.isEmpty()); // no webhook-id: a fresh one
    // Signature-only: an address with a token does not exist.
    const CallbackOutcome withToken = reader(false, true).read(request("POST", {}, plain));
    QCOMPARE(withToken.status, 404);
    const CallbackOutcome withoutToken = reader(false, true).read(request("POST", {}, plain, kKey, kNow, nullptr));
    QCOMPARE(int(withoutToken.kind), int(Kind::Produce));
    // The secret being rotated out still signs.
    const CallbackOutcome old = reader(false, true).read(request("POST", {}, plain, kOldKey, kNow, nullptr));
    QCOMPARE(int(old.kind), int(Kind::Produce));
}

void TestCallbackParts::kafkaBindingRoundTrips_data()
{
    QTest::addColumn<QByteArray>("structured");
    QTest::addColumn<QByteArray>("key");
    QTest::addColumn<bool>("binary");

    QTest::newRow("JSON data, key from the subject")
        << QByteArray(R"({"specversion":"1.0","id":"1","source":"/s","type":"t","subject":"o-1",)"
                      R"("time":"2026-11-27T10:00:00Z","datacontenttype":"application/json","data":{"a":[1,2]}})")
        << QByteArray("o-1") << true;
    QTest::newRow("key from partitionkey, extensions of each kind")
        << QByteArray(R"({"specversion":"1.0","id":"2","source":"/s","type":"t","subject":"o-2",)"
                      R"("partitionkey":"p","seq":7,"urgent":true,"dataschema":"https://x/s.json","data":"text"})")
        << QByteArray("p") << true;
    QTest::newRow("no data, no key") << QByteArray(R"({"specversion":"1.0","id":"3","source":"/s","type":"t"})")
                                     << QByteArray() << true;
    QTest::newRow("bytes with their content type")
        << QByteArray(R"({"specversion":"1.0","id":"4","source":"/s","type":"t","datacontenttype":)"
                      R"("application/octet-stream","data_base64":"AAEC/w=="})")
        << QByteArray() << true;
    QTest::newRow("bytes without a content type: structured")
        << QByteArray(R"({"specversion":"1.0","id":"5","source":"/s","type":"t","data_base64":"AAEC/w=="})")
        << QByteArray() << false;
}

void TestCallbackParts::kafkaBindingRoundTrips()
{
    QFETCH(QByteArray, structured);
    QFETCH(QByteArray, key);
    QFETCH(bool, binary);
    QString why;
    const auto event = CloudEvent::fromJson(QJsonDocument::fromJson(structured).object(), &why);
    QVERIFY2(event, qPrintable(why));
    const KafkaMessage message = kafkaMessageOf(*event);
    QCOMPARE(message.key, key);
    QCOMPARE(headerOf(message.headers, "ce_specversion").isNull(), !binary);

    KafkaRecord record;
    record.topic = u"in.payments"_s;
    record.key = message.key;
    record.headers = message.headers;
    record.value = message.value;
    record.valueIsNull = message.value.isNull();
    const DecodeResult decoded = Decoder(DecodingConfig()).decode(record);
    QVERIFY2(decoded.event, qPrintable(decoded.error()));
    QCOMPARE(canonical(decoded.event->toJson()), canonical(event->toJson()));
}

QTEST_GUILESS_MAIN(TestCallbackParts)
#include "tst_callbackparts.moc"
