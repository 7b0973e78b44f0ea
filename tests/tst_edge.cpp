// Hostile input at the edge, as pure logic with a row per case: header lines, log lines, URIs and
// IRIs, nesting, filters, the IANA special-purpose address tables, and the property that whatever
// is accepted reads back from its stored form unchanged. The same rules hold for every way in: the
// configuration file and the admin API (Subscription::fromJson) and the Subscriptions API
// (apisubscription::fromApi).
#include "consumer/apisubscription.h"
#include "delivery/egress.h"
#include "delivery/httpbinding.h"
#include "delivery/httpconnection.h"
#include "edgecheck.h"
#include "jsonpointer.h"
#include "service/loghandler.h"
#include "subscription.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace sluice;
using namespace sluice::agent;

namespace {

Q_LOGGING_CATEGORY(lcEdgeTest, "sluice.test.edge")

QJsonObject parse(const QByteArray &json)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError)
        qFatal("bad test row: %s", qPrintable(error.errorString()));
    return document.object();
}

// A filter nested this many levels deep: not inside not inside … an exact test.
QJsonValue nested(int levels)
{
    QJsonValue filter = QJsonObject{{u"exact"_s, QJsonObject{{u"subject"_s, u"x"_s}}}};
    for (int i = 1; i < levels; ++i)
        filter = QJsonObject{{u"not"_s, filter}};
    return filter;
}

// The stored form read back: what the store gives the agent at its next start.
std::optional<Subscription> readBack(const Subscription &sub, QString *why)
{
    const QByteArray stored = QJsonDocument(sub.toStorageJson()).toJson(QJsonDocument::Compact);
    return Subscription::fromJson(QJsonDocument::fromJson(stored).object(), why);
}

} // namespace

class TestEdge : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void headers_data();
    void headers();
    void text_data();
    void text();
    void urls_data();
    void urls();
    void logEscape_data();
    void logEscape();
    void logLinesAreOneLine();
    void depth();
    void pointers_data();
    void pointers();
    void definitions_data();
    void definitions();
    void apiSubscriptions_data();
    void apiSubscriptions();
    void egress_data();
    void egress();
    void httpClientWritesNoLineBreak();
};

void TestEdge::headers_data()
{
    QTest::addColumn<QByteArray>("name");
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<QString>("refusal"); // a part of the reason; empty: accepted

    QTest::newRow("an API key") << QByteArray("x-api-key") << QByteArray("abc123") << QString();
    QTest::newRow("a tab and UTF-8 in a value") << QByteArray("x-note") << QByteArray("a\tcaf\xc3\xa9") << QString();
    QTest::newRow("CR LF in a value") << QByteArray("x-a") << QByteArray("v\r\nx-injected: 1") << u"control"_s;
    QTest::newRow("LF alone in a value") << QByteArray("x-a") << QByteArray("v\nx: 1") << u"control"_s;
    QTest::newRow("CR alone in a value") << QByteArray("x-a") << QByteArray("v\rx") << u"control"_s;
    QTest::newRow("NUL in a value") << QByteArray("x-a") << QByteArray("v\0x", 3) << u"control"_s;
    QTest::newRow("DEL in a value") << QByteArray("x-a") << QByteArray("v\x7f") << u"control"_s;
    QTest::newRow("CR LF in a name") << QByteArray("x-a\r\nx-b") << QByteArray("v") << u"not a header name"_s;
    QTest::newRow("a space in a name") << QByteArray("x a") << QByteArray("v") << u"not a header name"_s;
    QTest::newRow("a colon in a name") << QByteArray("x:a") << QByteArray("v") << u"not a header name"_s;
    QTest::newRow("an empty name") << QByteArray() << QByteArray("v") << u"not a header name"_s;
    QTest::newRow("non-ASCII in a name") << QByteArray("x-caf\xc3\xa9") << QByteArray("v") << u"not a header name"_s;
    QTest::newRow("Host") << QByteArray("Host") << QByteArray("internal") << u"set by the agent"_s;
    QTest::newRow("Content-Length") << QByteArray("Content-Length") << QByteArray("0") << u"set by the agent"_s;
    QTest::newRow("Transfer-Encoding") << QByteArray("transfer-encoding") << QByteArray("chunked")
                                       << u"set by the agent"_s;
    QTest::newRow("a CloudEvents attribute") << QByteArray("ce-type") << QByteArray("x") << u"set by the agent"_s;
    QTest::newRow("the signature") << QByteArray("Webhook-Signature") << QByteArray("v1,x") << u"set by the agent"_s;
}

void TestEdge::headers()
{
    QFETCH(QByteArray, name);
    QFETCH(QByteArray, value);
    QFETCH(QString, refusal);
    const QString why = edge::headerRefusal(name, value, u"headers"_s);
    QVERIFY2(refusal.isEmpty() ? why.isEmpty() : why.contains(refusal), qPrintable(why));
    QVERIFY(!why.contains(u'\n') && !why.contains(u'\r')); // the refusal itself is safe to log and show
}

void TestEdge::text_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("refusal");

    QTest::newRow("a name") << u"content-cache"_s << QString();
    QTest::newRow("Dutch and emoji") << u"één 🚀"_s << QString();
    QTest::newRow("a line break") << u"a\n200 DELETE ok"_s << u"control character (U+000A)"_s;
    QTest::newRow("a carriage return") << u"a\rb"_s << u"U+000D"_s;
    QTest::newRow("a C1 control") << u"a\u0085b"_s << u"U+0085"_s;
    QTest::newRow("a line separator") << u"a\u2028b"_s << u"U+2028"_s;
    QTest::newRow("right-to-left override") << u"exe.\u202Egpj"_s << u"bidirectional"_s;
    QTest::newRow("an isolate") << u"a\u2066b"_s << u"bidirectional"_s;
    QTest::newRow("a non-character") << u"a\uFFFE"_s << u"non-character"_s;
    QTest::newRow("an unpaired surrogate") << QString(QChar(0xD800)) << u"unpaired surrogate"_s;
    QTest::newRow("too long") << QString(300, u'a') << u"at most 256"_s;
}

void TestEdge::text()
{
    QFETCH(QString, text);
    QFETCH(QString, refusal);
    const QString why = edge::textRefusal(text, u"name"_s);
    QVERIFY2(refusal.isEmpty() ? why.isEmpty() : why.contains(refusal), qPrintable(why));
}

void TestEdge::urls_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("normalised"); // empty: refused

    QTest::newRow("plain") << u"https://hooks.example.org/a?b=c"_s << u"https://hooks.example.org/a?b=c"_s;
    QTest::newRow("an IRI path") << u"https://hooks.example.org/café"_s << u"https://hooks.example.org/caf%C3%A9"_s;
    QTest::newRow("an IDN host") << u"https://bücher.example/x"_s << u"https://xn--bcher-kva.example/x"_s;
    QTest::newRow("percent-encoded stays") << u"http://h/a%20b"_s << u"http://h/a%20b"_s;
    QTest::newRow("a raw space") << u"http://h/a b"_s << QString();
    QTest::newRow("CR LF") << u"http://h/a\r\nHost: x"_s << QString();
    QTest::newRow("right-to-left override") << u"http://h/\u202Egpj.exe"_s << QString();
    QTest::newRow("a user and password") << u"http://u:p@h/"_s << QString();
    QTest::newRow("another scheme") << u"ftp://h/"_s << QString();
    QTest::newRow("no host") << u"http:///x"_s << QString();
    QTest::newRow("not a URL") << u"::"_s << QString();
}

void TestEdge::urls()
{
    QFETCH(QString, text);
    QFETCH(QString, normalised);
    QUrl url;
    const QString why = edge::httpUrlRefusal(text, u"sink"_s, &url);
    if (normalised.isEmpty()) {
        QVERIFY2(!why.isEmpty(), qPrintable(edge::uriText(url)));
        QVERIFY(!why.contains(u'\n'));
        return;
    }
    QVERIFY2(why.isEmpty(), qPrintable(why));
    QCOMPARE(edge::uriText(url), normalised);
}

void TestEdge::logEscape_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("logged");

    QTest::newRow("plain") << u"subscription a deleted"_s << u"subscription a deleted"_s;
    QTest::newRow("Dutch and emoji") << u"één 🚀"_s << u"één 🚀"_s;
    QTest::newRow("a forged line") << u"x\nconsumer crm DELETE /subscriptions/1 ok"_s
                                   << u"x\\nconsumer crm DELETE /subscriptions/1 ok"_s;
    QTest::newRow("CR and tab") << u"a\rb\tc"_s << u"a\\rb\\tc"_s;
    QTest::newRow("an escape sequence") << u"\x1b[2J"_s << u"\\u001b[2J"_s;
    QTest::newRow("right-to-left override") << u"a\u202Eb"_s << u"a\\u202eb"_s;
    QTest::newRow("an unpaired surrogate") << QString(QChar(0xDC00)) << u"\\udc00"_s;
}

void TestEdge::logEscape()
{
    QFETCH(QString, text);
    QFETCH(QString, logged);
    QCOMPARE(edge::escapeForLog(text), logged);
}

// The handler the agent installs: whatever a message holds, it is written as one line.
void TestEdge::logLinesAreOneLine()
{
    QList<QByteArray> lines;
    logging::setSink([&](const QByteArray &line) { lines.append(line); });
    logging::install();
    qCInfo(lcEdgeTest).noquote() << "refused: types" << u"a\nconsumer crm DELETE /subscriptions/x ok"_s;
    qInstallMessageHandler(nullptr);
    logging::setSink({});
    QCOMPARE(lines.size(), 1);
    QVERIFY2(!lines.first().contains('\n'), lines.first().constData());
    QVERIFY2(lines.first().contains("a\\nconsumer crm DELETE"), lines.first().constData());
}

void TestEdge::depth()
{
    QCOMPARE(edge::jsonDepth(QJsonValue(1)), 0);
    QCOMPARE(edge::jsonDepth(QJsonArray{}), 1);
    QCOMPARE(edge::jsonDepth(QJsonArray{QJsonArray{1}}), 2);
    QCOMPARE(edge::jsonDepth(nested(3)), 4); // not → not → exact → {subject}
    QVERIFY(edge::depthRefusal(nested(40), u"x"_s).isEmpty());
    QVERIFY(edge::depthRefusal(nested(64), u"x"_s).contains(u"at most 64"_s));
}

void TestEdge::pointers_data()
{
    QTest::addColumn<QString>("pointer");
    QTest::addColumn<bool>("valid");

    QTest::newRow("empty: the whole document") << QString() << true;
    QTest::newRow("a path") << u"/item/id"_s << true;
    QTest::newRow("escaped ~ and /") << u"/a~0b/c~1d"_s << true;
    QTest::newRow("no leading slash") << u"item"_s << false;
    QTest::newRow("~2") << u"/a~2"_s << false;
    QTest::newRow("~ at the end") << u"/a~"_s << false;
    QTest::newRow("~ before a slash") << u"/a~/b"_s << false;
}

void TestEdge::pointers()
{
    QFETCH(QString, pointer);
    QFETCH(bool, valid);
    QString why;
    QCOMPARE(JsonPointer::parse(pointer, &why).has_value(), valid);
    QCOMPARE(why.isEmpty(), valid);
}

void TestEdge::definitions_data()
{
    QTest::addColumn<QJsonObject>("definition");
    QTest::addColumn<QString>("refusal"); // a part of the reason; empty: accepted

    const QJsonObject ok = parse(R"({"name": "crm", "endpoint": "https://hooks.example.org/in", "types": ["*"]})");
    auto with = [&](const QString &key, const QJsonValue &value) {
        QJsonObject changed = ok;
        changed.insert(key, value);
        return changed;
    };
    QTest::newRow("plain") << ok << QString();
    QTest::newRow("an API key header") << with(u"headers"_s, QJsonObject{{u"x-api-key"_s, u"k"_s}}) << QString();
    QTest::newRow("an IRI endpoint") << with(u"endpoint"_s, u"https://hooks.example.org/café"_s) << QString();
    QTest::newRow("filters 32 deep") << with(u"filter"_s, nested(32)) << QString();
    QTest::newRow("a header value with CR LF")
        << with(u"headers"_s, QJsonObject{{u"x-a"_s, u"v\r\nx-injected: 1"_s}}) << u"control character"_s;
    QTest::newRow("a header name with CR LF")
        << with(u"headers"_s, QJsonObject{{u"x-a\r\nx-b"_s, u"v"_s}}) << u"not a header name"_s;
    QTest::newRow("a framing header") << with(u"headers"_s, QJsonObject{{u"Content-Length"_s, u"0"_s}})
                                      << u"set by the agent"_s;
    QJsonObject twice = with(u"headers"_s, QJsonObject{{u"Authorization"_s, u"Basic eA=="_s}});
    twice.insert(u"auth"_s, QJsonObject{{u"type"_s, u"bearer"_s}, {u"token"_s, u"t"_s}});
    QTest::newRow("authorization twice") << twice << u"not twice"_s;
    QTest::newRow("a bearer token with LF")
        << with(u"auth"_s, QJsonObject{{u"type"_s, u"bearer"_s}, {u"token"_s, u"t\nx-injected: 1"_s}})
        << u"auth.token"_s;
    QTest::newRow("a basic user name with CR")
        << with(u"auth"_s, QJsonObject{{u"type"_s, u"basic"_s}, {u"username"_s, u"u\r"_s}, {u"password"_s, u"p"_s}})
        << u"auth.username"_s;
    QTest::newRow("a name with a line break") << with(u"name"_s, u"crm\n200 ok"_s) << u"control character"_s;
    QTest::newRow("a name with U+202E") << with(u"name"_s, u"crm\u202E"_s) << u"bidirectional"_s;
    QTest::newRow("a type with a line break") << with(u"types"_s, QJsonArray{u"a.b\nc"_s}) << u"control character"_s;
    QTest::newRow("a source with a line break") << with(u"source"_s, u"/a\n"_s) << u"control character"_s;
    QTest::newRow("an endpoint with a space") << with(u"endpoint"_s, u"https://h/a b"_s) << u"a space"_s;
    QTest::newRow("an endpoint with U+202E") << with(u"endpoint"_s, u"https://h/\u202Ea"_s) << u"formatting"_s;
    QTest::newRow("an endpoint with a password") << with(u"endpoint"_s, u"https://u:p@h/"_s) << u"password"_s;
    QTest::newRow("filters 33 deep") << with(u"filter"_s, nested(33)) << u"at most 32 levels"_s;
    QTest::newRow("filters 1,020 deep") << with(u"filter"_s, nested(1020)) << u"at most 32 levels"_s;
    QTest::newRow("a data path with ~2") << with(u"filter"_s, parse(R"({"data":{"path":"/a~2","equals":1}})"))
                                         << u"JSON pointer"_s;
}

void TestEdge::definitions()
{
    QFETCH(QJsonObject, definition);
    QFETCH(QString, refusal);
    QString why;
    const std::optional<Subscription> sub = Subscription::fromJson(definition, &why);
    if (!refusal.isEmpty()) {
        QVERIFY2(!sub && why.contains(refusal), qPrintable(why));
        QVERIFY(!why.contains(u'\n') && !why.contains(u'\r'));
        return;
    }
    QVERIFY2(sub, qPrintable(why));
    // Whatever is accepted reads back from the store as it was.
    const std::optional<Subscription> back = readBack(*sub, &why);
    QVERIFY2(back, qPrintable(why));
    QCOMPARE(back->toStorageJson(), sub->toStorageJson());
    // The console's editor reads what the admin API shows with the same rules.
    QVERIFY2(Subscription::fromJson(sub->toJson(), &why, Subscription::Reading::Shown), qPrintable(why));
}

void TestEdge::apiSubscriptions_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("refusal");

    QTest::newRow("plain") << QByteArray(R"({"protocol":"HTTP","sink":"https://h.example/in"})") << QString();
    QTest::newRow("an IRI sink") << QByteArray(R"({"protocol":"HTTP","sink":"https://h.example/caf\u00e9"})")
                                 << QString();
    QTest::newRow("a header value with CR LF") << QByteArray(R"({"protocol":"HTTP","sink":"https://h.example/",
                          "protocolsettings":{"headers":{"x-a":"v\r\nx-injected: 1"}}})")
                                               << u"protocolsettings.headers"_s;
    QTest::newRow("a header name with LF")
        << QByteArray(R"({"protocol":"HTTP","sink":"https://h.example/","protocolsettings":{"headers":{"x\nb":"v"}}})")
        << u"not a header name"_s;
    QTest::newRow("an access token with CR LF") << QByteArray(R"({"protocol":"HTTP","sink":"https://h.example/",
                          "sinkcredential":{"credentialtype":"ACCESSTOKEN","accesstoken":"t\r\nx: y"}})")
                                                << u"sinkcredential.accesstoken"_s;
    QTest::newRow("a PLAIN identifier with LF") << QByteArray(R"({"protocol":"HTTP","sink":"https://h.example/",
                          "sinkcredential":{"credentialtype":"PLAIN","identifier":"u\n","secret":"s"}})")
                                                << u"sinkcredential.identifier"_s;
    QTest::newRow("a type with a line break")
        << QByteArray(R"({"protocol":"HTTP","sink":"https://h.example/","types":["a\n200 DELETE ok"]})")
        << u"control character"_s;
    QTest::newRow("filters [null]") << QByteArray(R"({"protocol":"HTTP","sink":"https://h.example/","filters":[null]})")
                                    << u"filters[0]"_s;
    QTest::newRow("filters [1]") << QByteArray(R"({"protocol":"HTTP","sink":"https://h.example/","filters":[1]})")
                                 << u"filters[0]"_s;
    QTest::newRow("a data path that is no pointer")
        << QByteArray(
               R"({"protocol":"HTTP","sink":"https://h.example/","filters":[{"data":{"path":"/a~9","exists":true}}]})")
        << u"JSON pointer"_s;
    QTest::newRow("a sink with U+202E") << QByteArray(R"({"protocol":"HTTP","sink":"https://h.example/\u202egpj"})")
                                        << u"\"sink\""_s;
    QTest::newRow("a sink with a password")
        << QByteArray(R"({"protocol":"HTTP","sink":"https://u:p@h.example/"})") << u"\"sink\""_s;
}

void TestEdge::apiSubscriptions()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, refusal);
    Subscription base;
    base.name = u"6d8a8c1e-0000-4000-8000-000000000001"_s;
    base.owner = u"crm"_s;
    base.types = *TypeSelector::parse({u"*"_s}, nullptr);
    QString why;
    const std::optional<Subscription> sub = apisubscription::fromApi(parse(body), base, &why);
    if (!refusal.isEmpty()) {
        QVERIFY2(!sub && why.contains(refusal), qPrintable(why));
        return;
    }
    QVERIFY2(sub, qPrintable(why));
    const std::optional<Subscription> back = readBack(*sub, &why);
    QVERIFY2(back, qPrintable(why));
    QCOMPARE(back->toStorageJson(), sub->toStorageJson());
    // What the API shows back is a URI, never decoded characters.
    const QString shown = apisubscription::toApi(*sub).value(u"sink"_s).toString();
    QVERIFY2(std::all_of(shown.begin(), shown.end(), [](QChar c) { return c.unicode() > 0x20 && c.unicode() < 0x7f; }),
             qPrintable(shown));
}

void TestEdge::egress_data()
{
    QTest::addColumn<QString>("address");
    QTest::addColumn<QString>("refusal"); // a part of the reason; empty: reachable

    QTest::newRow("a public IPv4 address") << u"93.184.216.34"_s << QString();
    QTest::newRow("a public IPv6 address") << u"2606:2800:220:1::1"_s << QString();
    QTest::newRow("loopback") << u"127.0.0.2"_s << u"a loopback address"_s;
    QTest::newRow("private") << u"10.1.2.3"_s << u"a private address"_s;
    QTest::newRow("shared") << u"100.64.0.1"_s << u"shared"_s;
    QTest::newRow("this network") << u"0.1.2.3"_s << u"unspecified"_s;
    QTest::newRow("link-local") << u"169.254.169.254"_s << u"link-local"_s;
    QTest::newRow("IETF protocol assignments") << u"192.0.0.100"_s << u"IETF protocol assignment"_s;
    QTest::newRow("the IPv4 dummy address") << u"192.0.0.8"_s << u"dummy"_s;
    QTest::newRow("PCP anycast is globally reachable") << u"192.0.0.9"_s << QString();
    QTest::newRow("TEST-NET-1") << u"192.0.2.1"_s << u"documentation"_s;
    QTest::newRow("AS112 is globally reachable") << u"192.31.196.1"_s << QString();
    QTest::newRow("benchmarking, low") << u"198.18.0.1"_s << u"benchmarking"_s;
    QTest::newRow("benchmarking, high") << u"198.19.255.254"_s << u"benchmarking"_s;
    QTest::newRow("TEST-NET-2") << u"198.51.100.7"_s << u"documentation"_s;
    QTest::newRow("TEST-NET-3") << u"203.0.113.9"_s << u"documentation"_s;
    QTest::newRow("6to4 relay anycast") << u"192.88.99.1"_s << u"6to4"_s;
    QTest::newRow("multicast") << u"239.1.1.1"_s << u"multicast"_s;
    QTest::newRow("reserved") << u"250.0.0.1"_s << u"reserved"_s;
    QTest::newRow("broadcast") << u"255.255.255.255"_s << u"broadcast"_s;
    QTest::newRow("IPv6 loopback") << u"::1"_s << u"loopback"_s;
    QTest::newRow("IPv6 unspecified") << u"::"_s << u"unspecified"_s;
    QTest::newRow("IPv4-mapped private") << u"::ffff:10.0.0.1"_s << u"a private address"_s;
    QTest::newRow("IPv4-compatible (deprecated)") << u"::10.0.0.1"_s << u"reserves"_s;
    QTest::newRow("NAT64 of a private address") << u"64:ff9b::a00:1"_s << u"a private address"_s;
    QTest::newRow("NAT64 of a public address") << u"64:ff9b::5db8:d822"_s << QString();
    QTest::newRow("local-use translation") << u"64:ff9b:1::1"_s << u"translation"_s;
    QTest::newRow("discard-only") << u"100::1"_s << u"discard-only"_s;
    QTest::newRow("Teredo") << u"2001::1"_s << u"Teredo"_s;
    QTest::newRow("IPv6 benchmarking") << u"2001:2::1"_s << u"benchmarking"_s;
    QTest::newRow("IPv6 documentation") << u"2001:db8::1"_s << u"documentation"_s;
    QTest::newRow("IPv6 documentation 3fff::/20") << u"3fff:1::1"_s << u"documentation"_s;
    QTest::newRow("6to4") << u"2002:a00:1::1"_s << u"6to4"_s;
    QTest::newRow("segment routing") << u"5f00::1"_s << u"segment routing"_s;
    QTest::newRow("unique local") << u"fd00::1"_s << u"unique local"_s;
    QTest::newRow("IPv6 link-local") << u"fe80::1"_s << u"link-local"_s;
    QTest::newRow("site-local") << u"fec0::1"_s << u"site-local"_s;
    QTest::newRow("IPv6 multicast") << u"ff02::1"_s << u"multicast"_s;
}

void TestEdge::egress()
{
    QFETCH(QString, address);
    QFETCH(QString, refusal);
    const EgressPolicy policy = *EgressPolicy::parse({}, nullptr);
    const QString why = policy.refusal(u"sink.example"_s, QHostAddress(address));
    QVERIFY2(refusal.isEmpty() ? why.isEmpty() : why.contains(refusal), qPrintable(why));
    // When a subscription is made: an address written in the URL is checked the same way.
    const QUrl url(QHostAddress(address).protocol() == QAbstractSocket::IPv6Protocol ? u"http://[%1]/"_s.arg(address)
                                                                                     : u"http://%1/"_s.arg(address));
    QCOMPARE(policy.refusal(url).isEmpty(), refusal.isEmpty());
    // The allow-list lets an administrator reach one on purpose.
    const EgressPolicy allowed = *EgressPolicy::parse({address}, nullptr);
    QVERIFY(allowed.refusal(u"sink.example"_s, QHostAddress(address)).isEmpty());
}

void TestEdge::httpClientWritesNoLineBreak()
{
    const QUrl url(u"http://hooks.example/in"_s);
    QVERIFY(!HttpConnection::buildRequest(url, {{"x-a", "b"}}, "{}").isEmpty());
    QVERIFY(HttpConnection::buildRequest(url, {{"x-a", "b\r\nx-injected: 1"}}, "{}").isEmpty());
    QVERIFY(HttpConnection::buildRequest(url, {{"x-a\r\nx-b", "c"}}, "{}").isEmpty());
    QVERIFY(HttpConnection::buildRequest(url, {{"x-a", QByteArray("b\0c", 3)}}, "{}").isEmpty());
    // Names that always mean this machine are refused when a subscription is made.
    const EgressPolicy policy = *EgressPolicy::parse({}, nullptr);
    for (const QString &host : {u"localhost"_s, u"LOCALHOST."_s, u"api.localhost"_s})
        QVERIFY2(!policy.refusal(QUrl(u"http://%1/"_s.arg(host))).isEmpty(), qPrintable(host));
    QVERIFY(policy.refusal(QUrl(u"http://hooks.example/"_s)).isEmpty()); // names resolve at delivery
    // An event's datacontenttype, whoever produced it, is never a second header line in binary mode.
    CloudEvent event;
    event.id = u"1"_s;
    event.source = u"/s"_s;
    event.type = u"t"_s;
    event.dataContentType = u"text/plain\r\nx-injected: 1"_s;
    event.setBytesData("hi");
    QString why;
    const auto message = encodeHttp(DeliveryMode::Binary, event.toStructuredBytes(), &why);
    QVERIFY2(message, qPrintable(why));
    for (const auto &[name, value] : message->headers)
        QVERIFY2(edge::isHeaderValue(value), value.constData());
}

QTEST_GUILESS_MAIN(TestEdge)
#include "tst_edge.moc"
