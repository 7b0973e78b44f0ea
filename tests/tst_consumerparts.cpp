// The pure parts of the consumers' Subscriptions API, alone and row by row: the outgoing shape of
// an event (source rewritten, attributes added, data projected), a subscription read from and
// shown as the API's object, whether a schema can hold a JSON pointer, and which types a consumer
// may have.
#include "consumer/apisubscription.h"
#include "consumer/consumeraccess.h"
#include "outgoingshape.h"
#include "register/schemapointer.h"
#include "subscriptionsprotocol.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace sluice;
using namespace sluice::agent;

namespace {

QJsonObject object(const char *json)
{
    return QJsonDocument::fromJson(QByteArray(json)).object();
}

const char *kEvent = "{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"/cms\",\"type\":\"t\","
                     "\"dataschema\":\"https://x/s.json\",\"datacontenttype\":\"application/json\","
                     "\"data\":{\"item\":{\"id\":\"a\",\"title\":\"T\",\"secret\":\"s\"},\"user\":{\"id\":\"u\"}}}";

const char *kSchema =
    "{\"type\":\"object\",\"properties\":{\"item\":{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"string\"},"
    "\"title\":{\"type\":\"string\"}}},\"tags\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\"properties\":"
    "{\"name\":{}}}},\"open\":{\"type\":\"object\"},\"closed\":{\"type\":\"object\",\"properties\":{\"a\":{}},"
    "\"additionalProperties\":false},\"more\":{\"properties\":{\"a\":{}},\"additionalProperties\":true},"
    "\"split\":{\"allOf\":[{\"properties\":{\"a\":{}}},{\"properties\":{\"b\":{}}}]},"
    "\"ref\":{\"$ref\":\"#/$defs/thing\"},\"n\":{\"type\":\"integer\"}},"
    "\"$defs\":{\"thing\":{\"properties\":{\"x\":{}}}}}";

} // namespace

class TestConsumerParts : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void shapes_data();
    void shapes();
    void badShapes_data();
    void badShapes();
    void apiObjects_data();
    void apiObjects();
    void fromPollingToASinkRunsTheHandshake();
    void badApiObjects_data();
    void badApiObjects();
    void schemaPointers_data();
    void schemaPointers();
    void allowedTypes_data();
    void allowedTypes();
};

void TestConsumerParts::shapes_data()
{
    QTest::addColumn<QByteArray>("shape");
    QTest::addColumn<QByteArray>("expected"); // members of the event that must have these values

    QTest::newRow("nothing: the event as it was") << QByteArray("{}") << QByteArray(kEvent);
    QTest::newRow("source rewritten, the original kept")
        << QByteArray("{\"source\":\"urn:nld:oin:1:systeem:cms\"}")
        << QByteArray("{\"source\":\"urn:nld:oin:1:systeem:cms\",\"originalsource\":\"/cms\",\"dataschema\":"
                      "\"https://x/s.json\"}");
    QTest::newRow("attributes added")
        << QByteArray("{\"extensions\":{\"tenant\":\"north\",\"level\":3,\"test\":false}}")
        << QByteArray("{\"tenant\":\"north\",\"level\":3,\"test\":false,\"source\":\"/cms\"}");
    QTest::newRow("projection keeps and renames; dataschema goes")
        << QByteArray("{\"projection\":[\"/item/id\",{\"from\":\"/item/title\",\"to\":\"/title\"}]}")
        << QByteArray("{\"data\":{\"item\":{\"id\":\"a\"},\"title\":\"T\"},\"dataschema\":null}");
    QTest::newRow("a member the event lacks is left out")
        << QByteArray("{\"projection\":[\"/item/id\",\"/nothing/here\"]}")
        << QByteArray("{\"data\":{\"item\":{\"id\":\"a\"}}}");
    QTest::newRow("an escaped pointer") << QByteArray("{\"projection\":[{\"from\":\"/user/id\",\"to\":\"/by~1user\"}]}")
                                        << QByteArray("{\"data\":{\"by/user\":\"u\"}}");
}

void TestConsumerParts::shapes()
{
    QFETCH(QByteArray, shape);
    QFETCH(QByteArray, expected);
    QString why;
    const auto parsed = OutgoingShape::fromJson(QJsonDocument::fromJson(shape).object(), &why);
    QVERIFY2(parsed, qPrintable(why));
    QCOMPARE(OutgoingShape::fromJson(parsed->toJson(), nullptr)->toJson(), parsed->toJson()); // round trip
    const auto sent = parsed->apply(kEvent, &why);
    QVERIFY2(sent, qPrintable(why));
    const QJsonObject event = QJsonDocument::fromJson(*sent).object();
    const QJsonObject wanted = QJsonDocument::fromJson(expected).object();
    for (auto it = wanted.begin(); it != wanted.end(); ++it) {
        if (it.value().isNull())
            QVERIFY2(!event.contains(it.key()), qPrintable(it.key()));
        else
            QCOMPARE(event.value(it.key()), it.value());
    }
}

void TestConsumerParts::badShapes_data()
{
    QTest::addColumn<QByteArray>("shape");
    QTest::addColumn<QString>("reason");

    QTest::newRow("not an object") << QByteArray("[1]") << u"is an object"_s;
    QTest::newRow("unknown key") << QByteArray("{\"sourc\":\"x\"}") << u"unknown key \"sourc\""_s;
    QTest::newRow("empty source") << QByteArray("{\"source\":\"\"}") << u"non-empty URI"_s;
    QTest::newRow("a context attribute") << QByteArray("{\"extensions\":{\"type\":\"x\"}}") << u"\"type\" cannot"_s;
    QTest::newRow("upper case name") << QByteArray("{\"extensions\":{\"Tenant\":\"x\"}}") << u"\"Tenant\" cannot"_s;
    QTest::newRow("object value") << QByteArray("{\"extensions\":{\"t\":{}}}") << u"whole number"_s;
    QTest::newRow("fraction value") << QByteArray("{\"extensions\":{\"t\":1.5}}") << u"whole number"_s;
    QTest::newRow("empty projection") << QByteArray("{\"projection\":[]}") << u"non-empty list"_s;
    QTest::newRow("not a pointer") << QByteArray("{\"projection\":[\"item\"]}") << u"start with \"/\""_s;
    QTest::newRow("the whole data") << QByteArray("{\"projection\":[\"\"]}") << u"name a member"_s;
    QTest::newRow("two into one place") << QByteArray("{\"projection\":[\"/a\",{\"from\":\"/b\",\"to\":\"/a/c\"}]}")
                                        << u"same place"_s;
    QTest::newRow("unknown member key") << QByteArray("{\"projection\":[{\"form\":\"/a\"}]}") << u"\"form\""_s;
}

void TestConsumerParts::badShapes()
{
    QFETCH(QByteArray, shape);
    QFETCH(QString, reason);
    QString why;
    const QJsonDocument document = QJsonDocument::fromJson(shape);
    QVERIFY(!OutgoingShape::fromJson(document.isArray() ? QJsonValue(document.array()) : document.object(), &why));
    QVERIFY2(why.contains(reason), qPrintable(why));
}

void TestConsumerParts::apiObjects_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<QByteArray>("shown"); // members of toApi() after fromApi()

    QTest::newRow("the least: sink and protocol")
        << QByteArray("{\"sink\":\"https://crm.example/hook\",\"protocol\":\"HTTP\",\"types\":[\"a.b\"]}")
        << QByteArray("{\"sink\":\"https://crm.example/hook\",\"protocol\":\"HTTP\",\"types\":[\"a.b\"],"
                      "\"protocolsettings\":{\"method\":\"POST\"},\"config\":{\"initialEvents\":false,"
                      "\"until\":\"deleted\",\"mode\":\"structured\"}}");
    QTest::newRow("one filter stays one")
        << QByteArray("{\"sink\":\"https://x/\",\"protocol\":\"HTTP\",\"types\":[\"a.b\"],"
                      "\"filters\":[{\"prefix\":{\"subject\":\"zaak/\"}}]}")
        << QByteArray("{\"filters\":[{\"prefix\":{\"subject\":\"zaak/\"}}]}");
    QTest::newRow("two filters, all of them")
        << QByteArray("{\"sink\":\"https://x/\",\"protocol\":\"HTTP\",\"types\":[\"a.b\"],\"filters\":[{\"exact\":"
                      "{\"subject\":\"z\"}},{\"suffix\":{\"source\":\"/cms\"}}]}")
        << QByteArray("{\"filters\":[{\"exact\":{\"subject\":\"z\"}},{\"suffix\":{\"source\":\"/cms\"}}]}");
    QTest::newRow("source, headers, config as strings")
        << QByteArray("{\"sink\":\"https://x/\",\"protocol\":\"HTTP\",\"types\":[\"a.*\"],\"source\":\"/cms\","
                      "\"protocolsettings\":{\"headers\":{\"x-key\":\"k\"},\"method\":\"POST\"},"
                      "\"config\":{\"initialEvents\":\"true\",\"until\":\"first-delivery\",\"mode\":\"binary\"}}")
        << QByteArray("{\"source\":\"/cms\",\"types\":[\"a.*\"],\"protocolsettings\":{\"headers\":{\"x-key\":\"k\"},"
                      "\"method\":\"POST\"},\"config\":{\"initialEvents\":true,\"until\":\"first-delivery\","
                      "\"mode\":\"binary\"}}");
    QTest::newRow("credentials are not shown")
        << QByteArray("{\"sink\":\"https://x/\",\"protocol\":\"HTTP\",\"types\":[\"a\"],\"sinkcredential\":"
                      "{\"credentialtype\":\"PLAIN\",\"identifier\":\"crm\",\"secret\":\"pw\"}}")
        << QByteArray("{\"sinkcredential\":{\"credentialtype\":\"PLAIN\",\"identifier\":\"crm\"}}");
    QTest::newRow("an access token is not shown")
        << QByteArray("{\"sink\":\"https://x/\",\"protocol\":\"HTTP\",\"types\":[\"a\"],\"sinkcredential\":"
                      "{\"credentialtype\":\"ACCESSTOKEN\",\"accesstoken\":\"tok\",\"accesstokentype\":\"Bearer\"}}")
        << QByteArray("{\"sinkcredential\":{\"credentialtype\":\"ACCESSTOKEN\"}}");
    QTest::newRow("polled: no sink, a retention")
        << QByteArray("{\"protocol\":\"poll\",\"types\":[\"a\"],\"config\":{\"retention\":\"2d\"}}")
        << QByteArray("{\"protocol\":\"poll\",\"sink\":null,\"protocolsettings\":null,\"config\":"
                      "{\"initialEvents\":false,\"until\":\"deleted\",\"mode\":\"structured\",\"retention\":\"2d\"}}");
    QTest::newRow("outgoing shape")
        << QByteArray("{\"sink\":\"https://x/\",\"protocol\":\"HTTP\",\"types\":[\"a\"],\"config\":{\"outgoing\":"
                      "{\"source\":\"urn:x\",\"projection\":[\"/id\"]}}}")
        << QByteArray("{\"config\":{\"initialEvents\":false,\"until\":\"deleted\",\"mode\":\"structured\","
                      "\"outgoing\":{\"source\":\"urn:x\",\"projection\":[\"/id\"]}}}");
}

void TestConsumerParts::apiObjects()
{
    QFETCH(QByteArray, request);
    QFETCH(QByteArray, shown);
    Subscription base;
    base.name = u"id-1"_s;
    QString why;
    const auto sub = apisubscription::fromApi(QJsonDocument::fromJson(request).object(), base, &why);
    QVERIFY2(sub, qPrintable(why));
    const QJsonObject api = apisubscription::toApi(*sub);
    QCOMPARE(api.value(u"id"_s).toString(), u"id-1"_s);
    const QJsonObject wanted = QJsonDocument::fromJson(shown).object();
    for (auto it = wanted.begin(); it != wanted.end(); ++it) {
        if (it.value().isNull()) // absent
            QVERIFY2(!api.contains(it.key()), qPrintable(it.key()));
        else
            QCOMPARE(api.value(it.key()), it.value());
    }
    // What the API shows, sent back as an update, is the same subscription, credentials kept.
    const auto again = apisubscription::fromApi(api, *sub, &why);
    QVERIFY2(again, qPrintable(why));
    QCOMPARE(apisubscription::toApi(*again), api);
    QCOMPARE(again->auth.password, sub->auth.password);
    QCOMPARE(again->auth.token, sub->auth.token);
    QVERIFY(!QJsonDocument(api).toJson().contains("\"pw\"") && !QJsonDocument(api).toJson().contains("\"tok\""));
}

void TestConsumerParts::fromPollingToASinkRunsTheHandshake()
{
    QString why;
    const auto polled =
        apisubscription::fromApi(object("{\"protocol\":\"poll\",\"types\":[\"a\"]}"), Subscription(), &why);
    QVERIFY2(polled && polled->polled() && !polled->handshake, qPrintable(why));
    const auto sent = apisubscription::fromApi(
        object("{\"protocol\":\"HTTP\",\"sink\":\"https://x/\",\"types\":[\"a\"]}"), *polled, &why);
    QVERIFY2(sent && !sent->polled() && sent->handshake, qPrintable(why));
}

void TestConsumerParts::badApiObjects_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<QString>("reason");

    const QByteArray ok = "\"sink\":\"https://x/\",\"protocol\":\"HTTP\"";
    QTest::newRow("no protocol") << QByteArray("{\"sink\":\"https://x/\"}") << u"\"protocol\" must be \"HTTP\""_s;
    QTest::newRow("MQTT") << QByteArray("{\"sink\":\"mqtt://x\",\"protocol\":\"MQTT5\"}") << u"must be \"HTTP\""_s;
    QTest::newRow("no sink") << QByteArray("{\"protocol\":\"HTTP\"}") << u"\"sink\" must be"_s;
    QTest::newRow("ftp sink") << QByteArray("{\"sink\":\"ftp://x/\",\"protocol\":\"HTTP\"}") << u"\"sink\" must be"_s;
    QTest::newRow("unknown member") << "{" + ok + ",\"filter\":{}}" << u"unknown member \"filter\""_s;
    QTest::newRow("unknown dialect") << "{" + ok + ",\"filters\":[{\"regex\":{\"type\":\"a\"}}]}" << u"filters"_s;
    QTest::newRow("filters not a list") << "{" + ok + ",\"filters\":{\"exact\":{\"type\":\"a\"}}}"
                                        << u"list of filter expressions"_s;
    QTest::newRow("empty exact") << "{" + ok + ",\"filters\":[{\"exact\":{}}]}" << u"exact"_s;
    QTest::newRow("empty types") << "{" + ok + ",\"types\":[]}" << u"non-empty list"_s;
    QTest::newRow("empty type") << "{" + ok + ",\"types\":[\"\"]}" << u"non-empty list"_s;
    QTest::newRow("empty source") << "{" + ok + ",\"source\":\"\"}" << u"non-empty URI"_s;
    QTest::newRow("PUT method") << "{" + ok + ",\"protocolsettings\":{\"method\":\"PUT\"}}" << u"POST"_s;
    QTest::newRow("unknown setting") << "{" + ok + ",\"protocolsettings\":{\"qos\":1}}" << u"\"qos\""_s;
    QTest::newRow("header not a string") << "{" + ok + ",\"protocolsettings\":{\"headers\":{\"a\":1}}}"
                                         << u"headers.a"_s;
    QTest::newRow("unknown config") << "{" + ok + ",\"config\":{\"interval\":5}}" << u"\"interval\""_s;
    QTest::newRow("bad until") << "{" + ok + ",\"config\":{\"until\":\"tomorrow\"}}" << u"config.until"_s;
    QTest::newRow("bad mode") << "{" + ok + ",\"config\":{\"mode\":\"xml\"}}" << u"config.mode"_s;
    QTest::newRow("bad initialEvents") << "{" + ok + ",\"config\":{\"initialEvents\":\"yes\"}}" << u"initialEvents"_s;
    QTest::newRow("bad outgoing") << "{" + ok + ",\"config\":{\"outgoing\":{\"projection\":[\"x\"]}}}"
                                  << u"config.outgoing.projection"_s;
    QTest::newRow("polled with a sink") << QByteArray("{\"protocol\":\"poll\",\"sink\":\"https://x/\"}")
                                        << u"has no sink"_s;
    QTest::newRow("retention when sent") << "{" + ok + ",\"config\":{\"retention\":\"1d\"}}" << u"config.retention"_s;
    QTest::newRow("polled, retention too short")
        << QByteArray("{\"protocol\":\"poll\",\"config\":{\"retention\":\"10s\"}}") << u"at least a minute"_s;
    QTest::newRow("unknown credential") << "{" + ok + ",\"sinkcredential\":{\"credentialtype\":\"REFRESHTOKEN\"}}"
                                        << u"\"PLAIN\" or \"ACCESSTOKEN\""_s;
    QTest::newRow("plain without secret")
        << "{" + ok + ",\"sinkcredential\":{\"credentialtype\":\"PLAIN\",\"identifier\":\"a\"}}" << u"secret"_s;
}

void TestConsumerParts::badApiObjects()
{
    QFETCH(QByteArray, request);
    QFETCH(QString, reason);
    QString why;
    QVERIFY(!apisubscription::fromApi(QJsonDocument::fromJson(request).object(), Subscription(), &why));
    QVERIFY2(why.contains(reason), qPrintable(why));
}

void TestConsumerParts::schemaPointers_data()
{
    QTest::addColumn<QString>("pointer");
    QTest::addColumn<QString>("refusal"); // empty: it can match

    QTest::newRow("a named member") << u"/item/id"_s << QString();
    QTest::newRow("a typo where members are named") << u"/item/titel"_s << u"names only id, title"_s;
    QTest::newRow("under an open object") << u"/open/anything"_s << QString();
    QTest::newRow("closed object") << u"/closed/b"_s << u"names only a"_s;
    QTest::newRow("additionalProperties true") << u"/more/b"_s << QString();
    QTest::newRow("array item member") << u"/tags/0/name"_s << QString();
    QTest::newRow("array item typo") << u"/tags/0/nam"_s << u"names only name"_s;
    QTest::newRow("allOf: either branch") << u"/split/b"_s << QString();
    QTest::newRow("allOf: neither branch") << u"/split/c"_s << u"names only"_s;
    QTest::newRow("through a $ref") << u"/ref/x"_s << QString();
    QTest::newRow("through a $ref, a typo") << u"/ref/y"_s << u"names only x"_s;
    QTest::newRow("into a number") << u"/n/x"_s << u"is integer"_s;
    QTest::newRow("top level typo") << u"/iten"_s << u"names only"_s;
}

void TestConsumerParts::schemaPointers()
{
    QFETCH(QString, pointer);
    QFETCH(QString, refusal);
    const QString why = schemaRefusesPointer(object(kSchema), *JsonPointer::parse(pointer));
    if (refusal.isEmpty())
        QVERIFY2(why.isEmpty(), qPrintable(why));
    else
        QVERIFY2(why.contains(refusal), qPrintable(why));
    QVERIFY(schemaRefusesPointer(QJsonObject(), *JsonPointer::parse(pointer)).isEmpty()); // no schema: anything
}

void TestConsumerParts::allowedTypes_data()
{
    QTest::addColumn<QStringList>("allowed");
    QTest::addColumn<QStringList>("requested");
    QTest::addColumn<bool>("refused");

    QTest::newRow("no list: anything") << QStringList() << QStringList{u"*"_s} << false;
    QTest::newRow("an exact type") << QStringList{u"a.b"_s} << QStringList{u"a.b"_s} << false;
    QTest::newRow("another type") << QStringList{u"a.b"_s} << QStringList{u"a.c"_s} << true;
    QTest::newRow("under a prefix") << QStringList{u"a.*"_s} << QStringList{u"a.b.c"_s} << false;
    QTest::newRow("a narrower prefix") << QStringList{u"a.*"_s} << QStringList{u"a.b.*"_s} << false;
    QTest::newRow("a wider prefix") << QStringList{u"a.b.*"_s} << QStringList{u"a.*"_s} << true;
    QTest::newRow("everything") << QStringList{u"a.*"_s} << QStringList{u"*"_s} << true;
    QTest::newRow("one of two refused") << QStringList{u"a.*"_s} << QStringList{u"a.x"_s, u"b.x"_s} << true;
    QTest::newRow("two lists") << QStringList{u"a.*"_s, u"b.x"_s} << QStringList{u"a.x"_s, u"b.x"_s} << false;
}

void TestConsumerParts::allowedTypes()
{
    QFETCH(QStringList, allowed);
    QFETCH(QStringList, requested);
    QFETCH(bool, refused);
    Consumer consumer;
    consumer.name = u"crm"_s;
    consumer.allowedTypes = allowed;
    const QString why = ConsumerAccess::refusal(consumer, *TypeSelector::parse(requested, nullptr));
    QCOMPARE(!why.isEmpty(), refused);
    if (refused)
        QVERIFY2(why.contains(u"consumer \"crm\" may subscribe to"_s), qPrintable(why));
}

QTEST_GUILESS_MAIN(TestConsumerParts)
#include "tst_consumerparts.moc"
