#include "deliverywindow.h"
#include "eventfilter.h"
#include "subscription.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using sluice::CloudEvent;
using sluice::DeliverySchedule;
using sluice::DeliveryWindow;
using sluice::EventFilter;
using sluice::Priority;
using sluice::Subscription;
using sluice::TypeSelector;

namespace {

CloudEvent sampleEvent()
{
    CloudEvent e;
    e.id = u"42"_s;
    e.source = u"/wcm/v4/content"_s;
    e.type = u"be.digipolis.wcm.v4.content.item.status_changed"_s;
    e.subject = u"content/abc"_s;
    e.extensions.insert(u"tenant"_s, u"antwerpen"_s);
    e.extensions.insert(u"sequence"_s, 7);
    e.extensions.insert(u"urgent"_s, true);
    e.setJsonData(QJsonDocument::fromJson(R"({"status":{"old":"draft","new":"published"},
        "item":{"id":"abc","version":3,"tags":["a","b"],"price":9.5,"parent":null,"title":"5"}})")
                      .object());
    return e;
}

} // namespace

class TestFilter : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void deliveryWindows();
    void priorityRulesVoteAndCoalescingKeys();
    void matches_data();
    void matches();
    void dataFiltersOnEventsWithoutJsonData();
    void rejects_data();
    void rejects();
    void typeSelector_data();
    void typeSelector();
    void typeSelectorRejectsInnerWildcard();
    void subscriptionCombinesTypesFilterAndEnabled();
};

void TestFilter::matches_data()
{
    QTest::addColumn<QByteArray>("filter");
    QTest::addColumn<bool>("expected");

    QTest::newRow("no filter matches all") << QByteArray("null") << true;
    // exact
    QTest::newRow("exact type") << QByteArray(R"({"exact":{"type":"be.digipolis.wcm.v4.content.item.status_changed"}})")
                                << true;
    QTest::newRow("exact is case-sensitive") << QByteArray(R"({"exact":{"subject":"Content/abc"}})") << false;
    QTest::newRow("exact absent attribute") << QByteArray(R"({"exact":{"dataschema":"x"}})") << false;
    QTest::newRow("exact specversion") << QByteArray(R"({"exact":{"specversion":"1.0"}})") << true;
    QTest::newRow("exact extension") << QByteArray(R"({"exact":{"tenant":"antwerpen"}})") << true;
    QTest::newRow("exact integer extension as string") << QByteArray(R"({"exact":{"sequence":"7"}})") << true;
    QTest::newRow("exact boolean extension as string") << QByteArray(R"({"exact":{"urgent":"true"}})") << true;
    QTest::newRow("exact two attributes, both match")
        << QByteArray(R"({"exact":{"id":"42","subject":"content/abc"}})") << true;
    QTest::newRow("exact two attributes, one differs")
        << QByteArray(R"({"exact":{"id":"42","subject":"content/abd"}})") << false;
    QTest::newRow("prefix two attributes") << QByteArray(R"({"prefix":{"type":"be.","source":"/wcm/"}})") << true;
    // prefix / suffix
    QTest::newRow("prefix type") << QByteArray(R"({"prefix":{"type":"be.digipolis.wcm.v4.content."}})") << true;
    QTest::newRow("prefix mismatch") << QByteArray(R"({"prefix":{"type":"be.digipolis.wcm.v4.taxonomy."}})") << false;
    QTest::newRow("prefix longer than value") << QByteArray(R"({"prefix":{"subject":"content/abcdef"}})") << false;
    QTest::newRow("suffix type") << QByteArray(R"({"suffix":{"type":".status_changed"}})") << true;
    QTest::newRow("suffix mismatch") << QByteArray(R"({"suffix":{"type":".created"}})") << false;
    QTest::newRow("suffix absent") << QByteArray(R"({"suffix":{"nothing":"x"}})") << false;
    // all / any / not
    QTest::newRow("all true") << QByteArray(R"({"all":[{"prefix":{"type":"be."}},{"exact":{"id":"42"}}]})") << true;
    QTest::newRow("all one false") << QByteArray(R"({"all":[{"prefix":{"type":"be."}},{"exact":{"id":"43"}}]})")
                                   << false;
    QTest::newRow("any one true") << QByteArray(R"({"any":[{"exact":{"id":"1"}},{"exact":{"id":"42"}}]})") << true;
    QTest::newRow("any none") << QByteArray(R"({"any":[{"exact":{"id":"1"}},{"exact":{"id":"2"}}]})") << false;
    QTest::newRow("not") << QByteArray(R"({"not":{"exact":{"id":"1"}}})") << true;
    QTest::newRow("not absent attribute") << QByteArray(R"({"not":{"exact":{"dataschema":"x"}}})") << true;
    QTest::newRow("nested")
        << QByteArray(
               R"({"all":[{"any":[{"suffix":{"type":".created"}},{"suffix":{"type":".status_changed"}}]},{"not":{"prefix":{"subject":"menu/"}}}]})")
        << true;
    // data
    QTest::newRow("data equals string") << QByteArray(R"({"data":{"path":"/status/new","equals":"published"}})")
                                        << true;
    QTest::newRow("data equals other") << QByteArray(R"({"data":{"path":"/status/new","equals":"draft"}})") << false;
    QTest::newRow("data equals number") << QByteArray(R"({"data":{"path":"/item/version","equals":3}})") << true;
    QTest::newRow("data equals number vs string")
        << QByteArray(R"({"data":{"path":"/item/version","equals":"3"}})") << false;
    QTest::newRow("data equals null") << QByteArray(R"({"data":{"path":"/item/parent","equals":null}})") << true;
    QTest::newRow("data equals object")
        << QByteArray(R"({"data":{"path":"/status","equals":{"old":"draft","new":"published"}}})") << true;
    QTest::newRow("data in") << QByteArray(R"({"data":{"path":"/status/new","in":["archived","published"]}})") << true;
    QTest::newRow("data in none") << QByteArray(R"({"data":{"path":"/status/new","in":["archived"]}})") << false;
    QTest::newRow("data in missing path") << QByteArray(R"({"data":{"path":"/nope","in":["x"]}})") << false;
    QTest::newRow("data exists") << QByteArray(R"({"data":{"path":"/item/id","exists":true}})") << true;
    QTest::newRow("data exists null value") << QByteArray(R"({"data":{"path":"/item/parent","exists":true}})") << true;
    QTest::newRow("data not exists") << QByteArray(R"({"data":{"path":"/item/missing","exists":false}})") << true;
    QTest::newRow("data array index") << QByteArray(R"({"data":{"path":"/item/tags/1","equals":"b"}})") << true;
    QTest::newRow("data array index out of range")
        << QByteArray(R"({"data":{"path":"/item/tags/2","exists":true}})") << false;
    QTest::newRow("data array leading zero")
        << QByteArray(R"({"data":{"path":"/item/tags/01","exists":true}})") << false;
    QTest::newRow("data through a scalar") << QByteArray(R"({"data":{"path":"/item/id/x","exists":true}})") << false;
    QTest::newRow("data gt") << QByteArray(R"({"data":{"path":"/item/version","gt":2}})") << true;
    QTest::newRow("data gt equal") << QByteArray(R"({"data":{"path":"/item/version","gt":3}})") << false;
    QTest::newRow("data gte equal") << QByteArray(R"({"data":{"path":"/item/version","gte":3}})") << true;
    QTest::newRow("data lt fraction") << QByteArray(R"({"data":{"path":"/item/price","lt":9.6}})") << true;
    QTest::newRow("data lte") << QByteArray(R"({"data":{"path":"/item/price","lte":9.5}})") << true;
    QTest::newRow("data numeric on string") << QByteArray(R"({"data":{"path":"/item/title","gt":1}})") << false;
    QTest::newRow("data numeric on missing") << QByteArray(R"({"data":{"path":"/item/nope","lt":1}})") << false;
    QTest::newRow("data whole document") << QByteArray(R"({"data":{"path":"","exists":true}})") << true;
}

void TestFilter::matches()
{
    QFETCH(QByteArray, filter);
    QFETCH(bool, expected);
    QJsonParseError parseError;
    const QJsonValue json = filter == "null" ? QJsonValue() : QJsonDocument::fromJson(filter, &parseError).object();
    QCOMPARE(parseError.error, QJsonParseError::NoError);
    QString error;
    const auto parsed = EventFilter::parse(json, &error);
    QVERIFY2(parsed, qPrintable(error));
    QCOMPARE(parsed->matches(sampleEvent()), expected);
}

void TestFilter::dataFiltersOnEventsWithoutJsonData()
{
    CloudEvent e = sampleEvent();
    e.setBytesData("binary");
    const auto exists =
        EventFilter::parse(QJsonDocument::fromJson(R"({"data":{"path":"/x","exists":false}})").object(), nullptr);
    const auto equals =
        EventFilter::parse(QJsonDocument::fromJson(R"({"data":{"path":"","equals":"binary"}})").object(), nullptr);
    QVERIFY(exists && equals);
    QVERIFY(exists->matches(e));
    QVERIFY(!equals->matches(e));
}

void TestFilter::rejects_data()
{
    QTest::addColumn<QByteArray>("filter");
    QTest::addColumn<QString>("message");

    QTest::newRow("not an object") << QByteArray(R"(["exact"])") << u"exactly one dialect"_s;
    QTest::newRow("two dialects") << QByteArray(R"({"exact":{"id":"1"},"prefix":{"id":"1"}})")
                                  << u"exactly one dialect"_s;
    QTest::newRow("unknown dialect") << QByteArray(R"({"regex":{"id":"1"}})") << u"unknown filter dialect \"regex\""_s;
    QTest::newRow("sql unsupported") << QByteArray(R"({"sql":"type = 'x'"})") << u"SQL dialect is not supported"_s;
    QTest::newRow("exact no attributes") << QByteArray(R"({"exact":{}})") << u"object of attributes"_s;
    QTest::newRow("exact not string") << QByteArray(R"({"exact":{"id":1}})") << u"must be a non-empty string"_s;
    QTest::newRow("exact empty value") << QByteArray(R"({"exact":{"time":""}})") << u"must be a non-empty string"_s;
    QTest::newRow("bad attribute name") << QByteArray(R"({"exact":{"Type":"x"}})")
                                        << u"not a CloudEvents attribute name"_s;
    QTest::newRow("empty prefix") << QByteArray(R"({"prefix":{"type":""}})") << u"must be a non-empty string"_s;
    QTest::newRow("all not array") << QByteArray(R"({"all":{"exact":{"id":"1"}}})") << u"non-empty array"_s;
    QTest::newRow("any empty") << QByteArray(R"({"any":[]})") << u"non-empty array"_s;
    QTest::newRow("nested error has path")
        << QByteArray(R"({"all":[{"exact":{"id":"1"}},{"bogus":{}}]})") << u"filter.all[1]"_s;
    QTest::newRow("data without path") << QByteArray(R"({"data":{"equals":"x"}})") << u"needs a \"path\""_s;
    QTest::newRow("data bad pointer") << QByteArray(R"({"data":{"path":"status","equals":"x"}})")
                                      << u"must be empty or start with \"/\""_s;
    QTest::newRow("data without test") << QByteArray(R"({"data":{"path":"/x"}})") << u"needs a test"_s;
    QTest::newRow("data two tests") << QByteArray(R"({"data":{"path":"/x","equals":1,"gt":0}})") << u"takes one test"_s;
    QTest::newRow("data unknown test") << QByteArray(R"({"data":{"path":"/x","like":"a%"}})")
                                       << u"unknown data test \"like\""_s;
    QTest::newRow("data gt not number") << QByteArray(R"({"data":{"path":"/x","gt":"5"}})") << u"compares numbers"_s;
    QTest::newRow("data in not array") << QByteArray(R"({"data":{"path":"/x","in":"a"}})")
                                       << u"array of allowed values"_s;
    QTest::newRow("data exists not bool") << QByteArray(R"({"data":{"path":"/x","exists":1}})") << u"true or false"_s;
}

void TestFilter::rejects()
{
    QFETCH(QByteArray, filter);
    QFETCH(QString, message);
    const QJsonDocument document = QJsonDocument::fromJson(filter);
    const QJsonValue json = document.isArray() ? QJsonValue(document.array()) : QJsonValue(document.object());
    QString error;
    QVERIFY(!EventFilter::parse(json, &error));
    QVERIFY2(error.contains(message), qPrintable(error));
}

void TestFilter::typeSelector_data()
{
    QTest::addColumn<QStringList>("patterns");
    QTest::addColumn<QString>("type");
    QTest::addColumn<bool>("expected");
    const QString created = u"be.digipolis.wcm.v4.content.item.created"_s;
    QTest::newRow("exact") << QStringList{created} << created << true;
    QTest::newRow("exact other") << QStringList{u"be.digipolis.wcm.v4.content.item.deleted"_s} << created << false;
    QTest::newRow("wildcard") << QStringList{u"be.digipolis.wcm.v4.content.*"_s} << created << true;
    QTest::newRow("wildcard sibling") << QStringList{u"be.digipolis.wcm.v4.taxonomy.*"_s} << created << false;
    QTest::newRow("wildcard is a prefix, not a segment")
        << QStringList{u"be.digipolis.wcm.v4.cont*"_s} << created << true;
    QTest::newRow("star alone") << QStringList{u"*"_s} << created << true;
    QTest::newRow("one of several") << QStringList{u"a.b"_s, u"be.digipolis.*"_s} << created << true;
}

void TestFilter::typeSelector()
{
    QFETCH(QStringList, patterns);
    QFETCH(QString, type);
    QFETCH(bool, expected);
    const auto selector = TypeSelector::parse(patterns, nullptr);
    QVERIFY(selector);
    QCOMPARE(selector->matches(type), expected);
}

void TestFilter::typeSelectorRejectsInnerWildcard()
{
    QString error;
    QVERIFY(!TypeSelector::parse({u"be.*.created"_s}, &error));
    QVERIFY(error.contains(u"not at the end"_s));
    QVERIFY(!TypeSelector::parse({QString()}, &error));
}

void TestFilter::subscriptionCombinesTypesFilterAndEnabled()
{
    const QJsonObject json = QJsonDocument::fromJson(R"({"name":"s","endpoint":"http://127.0.0.1:1/x",
        "types":["be.digipolis.wcm.v4.content.*"],"filter":{"data":{"path":"/status/new","equals":"published"}}})")
                                 .object();
    QString error;
    auto sub = sluice::Subscription::fromJson(json, &error);
    QVERIFY2(sub, qPrintable(error));
    QVERIFY(sub->matches(sampleEvent()));
    CloudEvent other = sampleEvent();
    other.type = u"be.digipolis.wcm.v4.menu.changed"_s;
    QVERIFY(!sub->matches(other));
    sub->enabled = false;
    QVERIFY(!sub->matches(sampleEvent()));
    // Round trip keeps what was configured.
    const auto again = sluice::Subscription::fromJson(sub->toJson(), &error);
    QVERIFY2(again, qPrintable(error));
    QCOMPARE(again->toJson(), sub->toJson());
}

void TestFilter::deliveryWindows()
{
    const QTimeZone brussels("Europe/Brussels");
    QVERIFY(brussels.isValid());
    QString why;
    // 22:00 to 02:00 on Fridays: runs past midnight and belongs to Friday.
    const auto night = DeliveryWindow::fromJson(
        QJsonDocument::fromJson(R"({"from":"22:00","to":"02:00","days":["fri"]})").object(), &why);
    QVERIFY2(night, qPrintable(why));
    const DeliverySchedule schedule({*night}, brussels);
    const QDateTime friday2330(QDate(2026, 11, 20), QTime(23, 30), brussels);
    const QDateTime saturday0130(QDate(2026, 11, 21), QTime(1, 30), brussels);
    const QDateTime saturday0230(QDate(2026, 11, 21), QTime(2, 30), brussels);
    const QDateTime thursday2330(QDate(2026, 11, 19), QTime(23, 30), brussels);
    QVERIFY(schedule.isOpen(friday2330));
    QVERIFY(schedule.isOpen(saturday0130));
    QVERIFY(!schedule.isOpen(saturday0230));
    QVERIFY(!schedule.isOpen(thursday2330));
    QCOMPARE(schedule.nextOpen(saturday0230), QDateTime(QDate(2026, 11, 27), QTime(22, 0), brussels));
    QCOMPARE(schedule.nextOpen(friday2330), friday2330);
    // The same instant seen from UTC: 22:30 UTC is 23:30 in Brussels in November.
    QVERIFY(schedule.isOpen(QDateTime(QDate(2026, 11, 20), QTime(22, 30), Qt::UTC)));
    QVERIFY(DeliverySchedule().isOpen(thursday2330));

    QVERIFY(!DeliveryWindow::fromJson(QJsonDocument::fromJson(R"({"from":"25:00","to":"02:00"})").object(), &why));
    QVERIFY(!DeliveryWindow::fromJson(
        QJsonDocument::fromJson(R"({"from":"01:00","to":"02:00","days":["fr"]})").object(), &why));
    QVERIFY2(why.contains(u"mon, tue"_s), qPrintable(why));
}

void TestFilter::priorityRulesVoteAndCoalescingKeys()
{
    QString why;
    const auto sub = Subscription::fromJson(QJsonDocument::fromJson(R"({
        "name": "s", "endpoint": "https://example.org/", "types": ["*"], "priority": "normal",
        "priorityRules": [
            {"priority": "low", "filter": {"prefix": {"subject": "a"}}},
            {"priority": "high", "types": ["x.*"]},
            {"priority": "immediate", "filter": {"exact": {"subject": "urgent"}}}
        ],
        "coalesce": ["type", "subject"]})")
                                                .object(),
                                            &why);
    QVERIFY2(sub, qPrintable(why));
    CloudEvent event;
    event.id = u"1"_s;
    event.source = u"/s"_s;
    event.type = u"y.created"_s;
    event.subject = u"abc"_s;
    QCOMPARE(sub->priorityFor(event), Priority::Normal); // a lower vote never lowers the default
    event.type = u"x.created"_s;
    QCOMPARE(sub->priorityFor(event), Priority::High);
    event.subject = u"urgent"_s;
    QCOMPARE(sub->priorityFor(event), Priority::Immediate); // the highest vote wins
    const QString key = sub->coalescingKeyFor(event);
    event.id = u"2"_s;
    QCOMPARE(sub->coalescingKeyFor(event), key);
    event.subject = u"other"_s;
    QVERIFY(sub->coalescingKeyFor(event) != key);
}

QTEST_GUILESS_MAIN(TestFilter)
#include "tst_filter.moc"
