#include "ingest/decoder.h"

#include <QJsonDocument>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace sluice::agent;

namespace {

DecodingConfig decodingConfig()
{
    DecodingConfig config;
    config.maxEventBytes = 2048;
    MappingRule mapped;
    mapped.topic = u"plain"_s;
    mapped.typePointer = sluice::JsonPointer::parse(u"/eventType"_s);
    mapped.source = u"/plain"_s;
    mapped.idPointer = sluice::JsonPointer::parse(u"/eventId"_s);
    mapped.subjectPointer = sluice::JsonPointer::parse(u"/subject"_s);
    mapped.timePointer = sluice::JsonPointer::parse(u"/at"_s);
    mapped.dataPointer = sluice::JsonPointer::parse(u"/payload"_s);
    MappingRule fixed;
    fixed.topic = u"fixed"_s;
    fixed.type = u"be.digipolis.wcm.v4.search.indexed"_s;
    fixed.source = u"/search"_s;
    config.mappings = {mapped, fixed};
    return config;
}

KafkaRecord record(const QString &topic, const QStringList &headers, const QByteArray &value)
{
    KafkaRecord r;
    r.topic = topic;
    r.partition = 2;
    r.offset = 17;
    r.timestampMs = 1'700'000'000'000;
    for (const QString &h : headers) {
        const qsizetype colon = h.indexOf(u':');
        r.headers.append({h.left(colon).toUtf8(), h.mid(colon + 1).toUtf8()});
    }
    r.value = value;
    return r;
}

const QStringList kBinary = {u"ce_specversion:1.0"_s, u"ce_id:b-1"_s, u"ce_source:/wcm/v4/content"_s,
                             u"ce_type:be.digipolis.wcm.v4.content.item.created"_s, u"content-type:application/json"_s};

bool sameAttributes(const Envelope &envelope, const sluice::CloudEvent &event)
{
    return QString::fromUtf8(envelope.type) == event.type && QString::fromUtf8(envelope.id) == event.id &&
           QString::fromUtf8(envelope.source) == event.source && QString::fromUtf8(envelope.subject) == event.subject;
}

} // namespace

class TestDecoder : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void decodes_data()
    {
        QTest::addColumn<QString>("topic");
        QTest::addColumn<QStringList>("headers");
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<QString>("type");
        QTest::addColumn<QString>("id");
        QTest::addColumn<QString>("subject");
        QTest::addColumn<QString>("time");
        QTest::addColumn<QByteArray>("data");
        QTest::addColumn<bool>("scanned"); // read as far as routing needs without decoding

        QTest::newRow("binary") << u"t"_s
                                << (kBinary + QStringList{u"ce_subject:content/1"_s, u"ce_time:2026-11-23T10:00:00Z"_s})
                                << QByteArray(R"({"item":{"id":"1"}})") << u"be.digipolis.wcm.v4.content.item.created"_s
                                << u"b-1"_s << u"content/1"_s << u"2026-11-23T10:00:00Z"_s
                                << QByteArray(R"({"item":{"id":"1"}})") << true;
        QTest::newRow("binary header names any case")
            << u"t"_s
            << QStringList{u"CE_SPECVERSION:1.0"_s, u"ce_id:x"_s, u"ce_source:/s"_s, u"ce_type:a.b"_s,
                           u"Content-Type:application/json"_s}
            << QByteArray("{}") << u"a.b"_s << u"x"_s << QString() << QString() << QByteArray("{}") << false;
        QTest::newRow("binary scalar JSON data")
            << u"t"_s << kBinary << QByteArray("42") << u"be.digipolis.wcm.v4.content.item.created"_s << u"b-1"_s
            << QString() << QString() << QByteArray("42") << true;
        QTest::newRow("binary text data") << u"t"_s
                                          << QStringList{u"ce_specversion:1.0"_s, u"ce_id:x"_s, u"ce_source:/s"_s,
                                                         u"ce_type:a.b"_s, u"content-type:text/plain"_s}
                                          << QByteArray("hallo wereld") << u"a.b"_s << u"x"_s << QString() << QString()
                                          << QByteArray("hallo wereld") << true;
        QTest::newRow("binary with extension") << u"t"_s << (kBinary + QStringList{u"ce_tenant:antwerpen"_s})
                                               << QByteArray("{}") << u"be.digipolis.wcm.v4.content.item.created"_s
                                               << u"b-1"_s << QString() << QString() << QByteArray("{}") << true;
        QTest::newRow("structured")
            << u"t"_s << QStringList{u"content-type:application/cloudevents+json; charset=utf-8"_s}
            << QByteArray(
                   R"({"specversion":"1.0","id":"s-1","source":"/s","type":"a.b","subject":"x/1","time":"2026-11-23T10:00:00.123+01:00","data":{"k":[1,2]}})")
            << u"a.b"_s << u"s-1"_s << u"x/1"_s << u"2026-11-23T10:00:00.123+01:00"_s << QByteArray(R"({"k":[1,2]})")
            << true;
        QTest::newRow("structured data_base64")
            << u"t"_s << QStringList{u"content-type:application/cloudevents+json"_s}
            << QByteArray(
                   R"({"specversion":"1.0","id":"s-2","source":"/s","type":"a.b","datacontenttype":"application/octet-stream","data_base64":"AAEC"})")
            << u"a.b"_s << u"s-2"_s << QString() << QString() << QByteArray("\x00\x01\x02", 3) << false;
        QTest::newRow("structured without content-type")
            << u"t"_s << QStringList{} << QByteArray(R"({"specversion":"1.0","id":"s-3","source":"/s","type":"a.b"})")
            << u"a.b"_s << u"s-3"_s << QString() << QString() << QByteArray() << true;
        QTest::newRow("plain mapped")
            << u"plain"_s << QStringList{}
            << QByteArray(
                   R"({"eventType":"be.x.y","eventId":"p-1","subject":"item/9","at":"2026-01-02T03:04:05Z","payload":{"a":1}})")
            << u"be.x.y"_s << u"p-1"_s << u"item/9"_s << u"2026-01-02T03:04:05Z"_s << QByteArray(R"({"a":1})") << false;
        QTest::newRow("plain numeric id, Kafka time")
            << u"plain"_s << QStringList{} << QByteArray(R"({"eventType":"be.x.y","eventId":991,"payload":[]})")
            << u"be.x.y"_s << u"991"_s << QString() << u"2023-11-14T22:13:20.000Z"_s << QByteArray("[]") << false;
        QTest::newRow("plain fixed type, position id")
            << u"fixed"_s << QStringList{} << QByteArray(R"({"item":"1"})") << u"be.digipolis.wcm.v4.search.indexed"_s
            << u"fixed/2@17"_s << QString() << u"2023-11-14T22:13:20.000Z"_s << QByteArray(R"({"item":"1"})") << false;
    }

    void decodes()
    {
        QFETCH(QString, topic);
        QFETCH(QStringList, headers);
        QFETCH(QByteArray, value);
        const Decoder decoder(decodingConfig());
        const DecodeResult result = decoder.decode(record(topic, headers, value));
        QVERIFY2(result.event, qPrintable(result.error()));
        QTEST(result.event->type, "type");
        QTEST(result.event->id, "id");
        QTEST(result.event->subject, "subject");
        QTEST(result.event->time, "time");
        QTEST(result.event->dataBody(), "data");
        QVERIFY(result.event->validate().isEmpty());
        const KafkaRecord kept = record(topic, headers, value); // the envelope points into it
        const Envelope envelope = decoder.scan(kept);
        QTEST(envelope.readable, "scanned");
        if (envelope.readable)
            QVERIFY(sameAttributes(envelope, *result.event));
    }

    // The envelope is read on bytes without allocating; whatever it reads, the decoder must read
    // the same. Rows: what a producer may send, the usual and the odd.
    void envelopeAgreesWithTheDecoder_data()
    {
        QTest::addColumn<QStringList>("headers");
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<bool>("readable");

        const QStringList structured = {u"content-type:application/cloudevents+json"_s};
        const auto event = [](const char *more) {
            return QByteArray(R"({"specversion":"1.0","id":"1","source":"/s","type":"a.b")") + more + '}';
        };
        QTest::newRow("usual") << structured << event(R"(,"subject":"x","time":"2026-01-01T00:00:00Z","data":{})")
                               << true;
        QTest::newRow("white space everywhere")
            << structured
            << QByteArray(" {\n \"specversion\" : \"1.0\" ,\"id\":\"1\",\"source\":\"/s\",\"type\":\"a\" } ") << true;
        QTest::newRow("extensions: string, number, boolean")
            << structured << event(R"(,"tenant":"a","seq":12.5,"flag":false)") << true;
        QTest::newRow("data is a string") << structured << event(R"(,"data":"text")") << true;
        QTest::newRow("data is null") << structured << event(R"(,"data":null)") << true;
        // Escapes are resolved as the decoder resolves them.
        QTest::newRow("escape in the type")
            << structured
            << QByteArray("{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"/s\",\"type\":\"a\\u002eb\"}") << true;
        QTest::newRow("escape in an extension") << structured << event(",\"note\":\"a\\\"b\"") << true;
        QTest::newRow("escape in a member name") << structured << event(",\"t\\u0065nant\":\"a\"") << true;
        QTest::newRow("repeated id") << structured << event(R"(,"id":"2")") << false;
        QTest::newRow("repeated extension") << structured << event(R"(,"x":1,"x":2)") << false;
        QTest::newRow("null extension") << structured << event(R"(,"x":null)") << false;
        QTest::newRow("array extension") << structured << event(R"(,"x":[1])") << false;
        QTest::newRow("upper-case extension") << structured << event(R"(,"X":1)") << false;
        QTest::newRow("time not RFC 3339") << structured << event(R"(,"time":"2026-13-01T00:00:00Z")") << false;
        QTest::newRow("time in Arabic-Indic digits") << structured
                                                     << event(",\"time\":\"\xd9\xa2"
                                                              "026-01-01T00:00:00Z\"")
                                                     << false;
        QTest::newRow("subject not a string") << structured << event(R"(,"subject":5)") << false;
        QTest::newRow("data_base64") << structured << event(R"(,"data_base64":"AA==")") << false;
        QTest::newRow("specversion 1.0 with escape")
            << structured << QByteArray("{\"specversion\":\"1\\u002e0\",\"id\":\"1\",\"source\":\"/s\",\"type\":\"a\"}")
            << true;
        QTest::newRow("escaped repeated id") << structured << event(",\"i\\u0064\":\"2\"") << false;
        QTest::newRow("escape in the source, the subject and the id")
            << structured
            << QByteArray("{\"specversion\":\"1.0\",\"id\":\"\\u00e9\",\"source\":\"/s\\/t\",\"type\":\"a\","
                          "\"subject\":\"x\\ty\"}")
            << true;
        QTest::newRow("lone surrogate escape") << structured << event(",\"subject\":\"\\ud800\"") << false;
        QTest::newRow("deep but allowed")
            << structured << event((",\"data\":" + QByteArray(255, '[') + QByteArray(255, ']')).constData()) << true;
        QTest::newRow("one level too deep")
            << structured << event((",\"data\":" + QByteArray(256, '[') + QByteArray(256, ']')).constData()) << false;
        QTest::newRow("trailing text") << structured << (event("") + "x") << false;
        QTest::newRow("deep data") << structured
                                   << event((",\"data\":" + QByteArray(300, '[') + QByteArray(300, ']')).constData())
                                   << false;
        QTest::newRow("binary") << kBinary << QByteArray("{}") << true;
        QTest::newRow("binary, JSON data not valid") << kBinary << QByteArray("{") << false;
        QTest::newRow("binary, bytes need no JSON")
            << QStringList{u"ce_specversion:1.0"_s, u"ce_id:1"_s, u"ce_source:/s"_s, u"ce_type:a"_s,
                           u"content-type:image/png"_s}
            << QByteArray("\x89PNG", 4) << true;
        QTest::newRow("binary, repeated header") << (kBinary + QStringList{u"ce_id:2"_s}) << QByteArray("{}") << false;
        QTest::newRow("binary, repeated content-type")
            << (kBinary + QStringList{u"content-type:text/plain"_s}) << QByteArray("{}") << false;
        QTest::newRow("binary, ce_data header") << (kBinary + QStringList{u"ce_data:1"_s}) << QByteArray("{}") << false;
        QTest::newRow("binary, non-ASCII header")
            << (kBinary + QStringList{u"ce_note:caf\u00e9"_s}) << QByteArray("{}") << false;
        QTest::newRow("binary, bad extension name")
            << (kBinary + QStringList{u"ce_my-ext:1"_s}) << QByteArray("{}") << false;
        QTest::newRow("binary, other headers in any case and any bytes")
            << (kBinary + QStringList{u"X-Trace-Id:caf\u00e9"_s}) << QByteArray("{}") << true;
        QTest::newRow("binary, header ce_ alone") << (kBinary + QStringList{u"ce_:x"_s}) << QByteArray("{}") << false;
        QTest::newRow("binary, other headers ignored")
            << (kBinary + QStringList{u"traceparent:00-1-2-01"_s}) << QByteArray("{}") << true;
    }

    void envelopeAgreesWithTheDecoder()
    {
        QFETCH(QStringList, headers);
        QFETCH(QByteArray, value);
        const Decoder decoder(decodingConfig());
        const KafkaRecord r = record(u"t"_s, headers, value);
        const Envelope envelope = decoder.scan(r);
        QTEST(envelope.readable, "readable");
        const DecodeResult decoded = decoder.decode(r);
        if (envelope.readable) {
            QVERIFY2(decoded.event, qPrintable(decoded.error()));
            QVERIFY(sameAttributes(envelope, *decoded.event));
            QCOMPARE(envelope.jsonData, decoded.event->dataKind() == sluice::CloudEvent::DataKind::Json);
        }
    }

    void rfc3339_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("valid");
        QTest::newRow("UTC") << u"2026-11-27T10:00:00Z"_s << true;
        QTest::newRow("lower case t and z") << u"2026-11-27t10:00:00z"_s << true;
        QTest::newRow("fraction and offset") << u"2026-11-27T10:00:00.123456+01:00"_s << true;
        QTest::newRow("leap second") << u"2026-12-31T23:59:60Z"_s << true;
        QTest::newRow("negative offset") << u"2026-11-27T10:00:00-05:30"_s << true;
        QTest::newRow("no zone") << u"2026-11-27T10:00:00"_s << false;
        QTest::newRow("space for T") << u"2026-11-27 10:00:00Z"_s << false;
        QTest::newRow("month 13") << u"2026-13-27T10:00:00Z"_s << false;
        QTest::newRow("day 00") << u"2026-11-00T10:00:00Z"_s << false;
        QTest::newRow("hour 24") << u"2026-11-27T24:00:00Z"_s << false;
        QTest::newRow("minute 60") << u"2026-11-27T10:60:00Z"_s << false;
        QTest::newRow("empty fraction") << u"2026-11-27T10:00:00.Z"_s << false;
        QTest::newRow("offset without colon") << u"2026-11-27T10:00:00+0100"_s << false;
        QTest::newRow("trailing text") << u"2026-11-27T10:00:00Zx"_s << false;
        QTest::newRow("short year") << u"226-11-27T10:00:00Z"_s << false;
        QTest::newRow("non-ASCII digit") << u"\u0662026-11-27T10:00:00Z"_s << false;
        QTest::newRow("empty") << QString() << false;
    }

    void rfc3339()
    {
        QFETCH(QString, text);
        QTEST(sluice::CloudEvent::isRfc3339(text), "valid");
        QTEST(sluice::CloudEvent::isRfc3339Utf8(text.toUtf8()), "valid");
    }

    void binaryExtensionIsKept()
    {
        const Decoder decoder(decodingConfig());
        const DecodeResult result =
            decoder.decode(record(u"t"_s, kBinary + QStringList{u"ce_tenant:antwerpen"_s}, "{}"));
        QVERIFY(result.event);
        QCOMPARE(result.event->attribute(u"tenant"), u"antwerpen"_s);
    }

    void structuredMessagesAreKeptAsProduced()
    {
        const Decoder decoder(decodingConfig());
        const QByteArray value =
            "{ \"specversion\" : \"1.0\", \"id\":\"k1\",\"source\":\"/s\",\"type\":\"a.b\", \"data\":{\"x\": [1, 2]} }";
        const QStringList structuredHeader = {u"content-type:application/cloudevents+json"_s};
        const DecodeResult result = decoder.decode(record(u"t"_s, structuredHeader, value));
        QVERIFY(result.event);
        QCOMPARE(result.structured, value);
        QVERIFY(result.structured.constData() != value.constData()); // a copy, not the borrowed buffer

        // A repeated name is rewritten, so there is one value for everyone who reads it.
        const DecodeResult repeated = decoder.decode(
            record(u"t"_s, structuredHeader,
                   "{\"specversion\":\"1.0\",\"id\":\"k1\",\"id\":\"k2\",\"source\":\"/s\",\"type\":\"a.b\"}"));
        QVERIFY(repeated.event);
        QCOMPARE(repeated.event->id, u"k2"_s);
        QVERIFY(repeated.structured.isNull());

        // Binary mode has no structured form to keep.
        QVERIFY(decoder.decode(record(u"t"_s, kBinary, "{}")).structured.isNull());
    }

    void quarantines_data()
    {
        QTest::addColumn<QString>("topic");
        QTest::addColumn<QStringList>("headers");
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<QString>("reason");
        QTest::addColumn<QString>("code"); // the stable code a console translates

        const QStringList structured = {u"content-type:application/cloudevents+json"_s};
        QTest::newRow("not JSON") << u"t"_s << structured << QByteArray("hello") << u"not valid JSON"_s
                                  << sluice::quarantined::NotJson;
        QTest::newRow("truncated JSON") << u"t"_s << structured << QByteArray(R"({"specversion":"1.0",)")
                                        << u"not valid JSON"_s << sluice::quarantined::NotJson;
        QTest::newRow("not UTF-8")
            << u"t"_s << structured
            << QByteArray("{\"specversion\":\"1.0\",\"id\":\"\xff\xfe\",\"source\":\"/s\",\"type\":\"a\"}")
            << u"not valid UTF-8"_s << sluice::quarantined::NotUtf8;
        QTest::newRow("binary header not UTF-8")
            << u"t"_s << QStringList{u"ce_specversion:1.0"_s, u"ce_source:/s"_s, u"ce_type:a"_s} << QByteArray("{}")
            << u"header \"ce_id\" is not valid UTF-8"_s << sluice::quarantined::HeaderNotUtf8;
        QTest::newRow("structured array") << u"t"_s << structured << QByteArray("[1]") << u"must be a JSON object"_s
                                          << sluice::quarantined::NotObject;
        QTest::newRow("missing specversion")
            << u"t"_s << structured << QByteArray(R"({"id":"1","source":"/s","type":"a"})")
            << u"missing required attribute \"specversion\""_s << sluice::quarantined::MissingAttribute;
        QTest::newRow("specversion 0.3 structured")
            << u"t"_s << structured << QByteArray(R"({"specversion":"0.3","id":"1","source":"/s","type":"a"})")
            << u"unsupported specversion \"0.3\""_s << sluice::quarantined::SpecVersion;
        QTest::newRow("specversion 0.3 binary")
            << u"t"_s << QStringList{u"ce_specversion:0.3"_s, u"ce_id:1"_s, u"ce_source:/s"_s, u"ce_type:a"_s}
            << QByteArray("{}") << u"unsupported specversion \"0.3\""_s << sluice::quarantined::SpecVersion;
        QTest::newRow("missing id") << u"t"_s << structured
                                    << QByteArray(R"({"specversion":"1.0","source":"/s","type":"a"})")
                                    << u"missing required attribute \"id\""_s << sluice::quarantined::MissingAttribute;
        QTest::newRow("missing source") << u"t"_s << structured
                                        << QByteArray(R"({"specversion":"1.0","id":"1","type":"a"})")
                                        << u"missing required attribute \"source\""_s
                                        << sluice::quarantined::MissingAttribute;
        QTest::newRow("missing type binary")
            << u"t"_s << QStringList{u"ce_specversion:1.0"_s, u"ce_id:1"_s, u"ce_source:/s"_s} << QByteArray("{}")
            << u"missing required attribute \"type\""_s << sluice::quarantined::MissingAttribute;
        QTest::newRow("empty id") << u"t"_s << structured
                                  << QByteArray(R"({"specversion":"1.0","id":"","source":"/s","type":"a"})")
                                  << u"missing required attribute \"id\""_s << sluice::quarantined::MissingAttribute;
        QTest::newRow("id not a string") << u"t"_s << structured
                                         << QByteArray(R"({"specversion":"1.0","id":5,"source":"/s","type":"a"})")
                                         << u"\"id\" must be a string"_s << sluice::quarantined::NotString;
        QTest::newRow("bad time")
            << u"t"_s << structured
            << QByteArray(R"({"specversion":"1.0","id":"1","source":"/s","type":"a","time":"yesterday"})")
            << u"not an RFC 3339 timestamp"_s << sluice::quarantined::NotTime;
        QTest::newRow("bad extension name")
            << u"t"_s << structured
            << QByteArray(R"({"specversion":"1.0","id":"1","source":"/s","type":"a","Tenant":"x"})")
            << u"attribute name \"Tenant\" is invalid"_s << sluice::quarantined::AttributeName;
        QTest::newRow("object attribute")
            << u"t"_s << structured
            << QByteArray(R"({"specversion":"1.0","id":"1","source":"/s","type":"a","ext":{"a":1}})")
            << u"must be a string, number or boolean"_s << sluice::quarantined::NotScalar;
        QTest::newRow("data and data_base64")
            << u"t"_s << structured
            << QByteArray(R"({"specversion":"1.0","id":"1","source":"/s","type":"a","data":1,"data_base64":"AA=="})")
            << u"not both"_s << sluice::quarantined::DataTwice;
        QTest::newRow("bad base64")
            << u"t"_s << structured
            << QByteArray(R"({"specversion":"1.0","id":"1","source":"/s","type":"a","data_base64":"!!"})")
            << u"not valid base64"_s << sluice::quarantined::Base64Invalid;
        QTest::newRow("binary data not JSON")
            << u"t"_s << kBinary << QByteArray("{oops") << u"not valid JSON"_s << sluice::quarantined::NotJson;
        QTest::newRow("over size limit") << u"t"_s << structured << QByteArray(4096, ' ') << u"over the limit of 2048"_s
                                         << sluice::quarantined::TooLarge;
        QTest::newRow("batch content-type")
            << u"t"_s << QStringList{u"content-type:application/cloudevents-batch+json"_s} << QByteArray("[]")
            << u"carries single events"_s << sluice::quarantined::UnreadableContentType;
        QTest::newRow("plain without rule")
            << u"t"_s << QStringList{} << QByteArray(R"({"hello":"world"})") << u"no mapping rule for topic \"t\""_s
            << sluice::quarantined::NotCloudEvent;
        QTest::newRow("mapping: type missing")
            << u"plain"_s << QStringList{} << QByteArray(R"({"eventId":"1","payload":{}})")
            << u"typePointer \"/eventType\" finds no string"_s << sluice::quarantined::MappingNoValue;
        QTest::newRow("mapping: id missing")
            << u"plain"_s << QStringList{} << QByteArray(R"({"eventType":"a","payload":{}})")
            << u"idPointer \"/eventId\" finds no string"_s << sluice::quarantined::MappingNoValue;
        QTest::newRow("mapping: data missing")
            << u"plain"_s << QStringList{} << QByteArray(R"({"eventType":"a","eventId":"1"})")
            << u"dataPointer \"/payload\" is not in the message"_s << sluice::quarantined::MappingNoData;
        QTest::newRow("mapping: bad time")
            << u"plain"_s << QStringList{}
            << QByteArray(R"({"eventType":"a","eventId":"1","at":"13 uur","payload":{}})")
            << u"not an RFC 3339 timestamp"_s << sluice::quarantined::NotTime;
        QTest::newRow("mapping: not JSON") << u"plain"_s << QStringList{} << QByteArray("\x01\x02")
                                           << u"not valid JSON"_s << sluice::quarantined::NotJson;
    }

    void quarantines()
    {
        QFETCH(QString, topic);
        QFETCH(QStringList, headers);
        QFETCH(QByteArray, value);
        QFETCH(QString, reason);
        QFETCH(QString, code);
        KafkaRecord r = record(topic, headers, value);
        if (QByteArray(QTest::currentDataTag()) == "binary header not UTF-8")
            r.headers.append({"ce_id", QByteArray("\xc3\x28", 2)});
        const Decoder decoder(decodingConfig());
        const DecodeResult result = decoder.decode(r);
        QVERIFY2(!result.event, "a bad message must not decode");
        QVERIFY2(!decoder.scan(r).readable, "the envelope must not read what the decoder refuses");
        QVERIFY2(result.error().contains(reason), qPrintable(result.error()));
        QCOMPARE(result.problem.reason, code);
    }
};

QTEST_GUILESS_MAIN(TestDecoder)
#include "tst_decoder.moc"
