// The admin protocol's shared value types read back what they write, keep to the documented keys,
// and read what an agent leaves out as "none" rather than as zeros: StatsSnapshot, SubscriptionStatus,
// JobProgress (docs/protocol.md).
#include "jobprogress.h"
#include "protocol.h"
#include "shownrecord.h"
#include "statssnapshot.h"
#include "subscription.h"
#include "subscriptionstatus.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>
#include <QTimeZone>

using namespace Qt::Literals::StringLiterals;
using namespace sluice;

class TestProtocolTypes : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void statsRoundTrip();
    void subscriptionStatusSplitsDefinitionAndState();
    void jobs_data();
    void jobs();
    void readingAShownSubscription_data();
    void readingAShownSubscription();
    void timeZoneOnlyWhenGiven();
    void records_data();
    void records();
};

void TestProtocolTypes::statsRoundTrip()
{
    StatsSnapshot stats;
    stats.version = u"0.1.0"_s;
    stats.uptimeSeconds = 12;
    stats.totals.consumed = 100;
    stats.totals.duplicates = 3;
    stats.perSecond.in = 40;
    stats.perSecond.failed = 2;
    stats.queue = {{u"pending"_s, 5}, {u"sending"_s, 2}, {u"dead"_s, 1}, {u"quarantined"_s, 4}};
    StatsSnapshot::Subscription sub;
    sub.name = u"cache"_s;
    sub.state = u"active"_s;
    sub.waiting = 7;
    sub.deliveredLastHour = 90;
    sub.deliveredPerSecond = 3;
    sub.health = SubscriptionHealth{u"cache"_s, 0, 3'600'000, 10, 9, 4.0, 12.5, {}};
    stats.subscriptions = {sub};
    stats.lag = {{u"t"_s, 0, 5}, {u"t"_s, 1, -1}};
    stats.assignedPartitions = 2;
    stats.storeBytes = 4096;

    const QJsonObject json = stats.toJson();
    QCOMPARE(json.value(protocol::stats::Totals).toObject().value(protocol::stats::Duplicates).toInt(), 3);
    QCOMPARE(json.value(protocol::stats::PerSecond).toObject().value(protocol::stats::In).toInt(), 40);
    const QJsonObject first = json.value(protocol::stats::Subscriptions).toArray().first().toObject();
    QCOMPARE(first.value(protocol::stats::LastHour).toObject().value(protocol::stats::Delivered).toInt(), 90);
    QVERIFY(!first.contains(protocol::hold::Held)); // nothing holds it: no member, not an empty one
    const StatsSnapshot back = StatsSnapshot::fromJson(json);
    QCOMPARE(back.toJson(), json);
    QCOMPARE(back.waiting(), 7);
    QCOMPARE(back.totalLag(), 5); // a partition not known yet (-1) counts as none
    QCOMPARE(back.subscriptions.first().health->succeeded, 9u);
    QVERIFY(!back.subscriptions.first().held);
}

void TestProtocolTypes::subscriptionStatusSplitsDefinitionAndState()
{
    const QJsonObject shown{
        {subscriptionkey::Name, u"crm"_s},
        {subscriptionkey::Endpoint, u"https://crm.example/hook"_s},
        {subscriptionkey::Types, QJsonArray{u"be.x"_s}},
        {subscriptionkey::Owner, u"crm-team"_s},
        {protocol::subscriptionstatus::Origin, protocol::subscriptionstatus::OriginApi},
        {protocol::subscriptionstatus::State, u"disabled"_s},
        {protocol::subscriptionstatus::Reason, u"410 Gone"_s},
        {protocol::subscriptionstatus::Queue, QJsonObject{{protocol::subscriptionstatus::Waiting, 3}}}};
    const SubscriptionStatus status = SubscriptionStatus::fromJson(shown);
    QCOMPARE(status.definition.keys(), (QStringList{subscriptionkey::Endpoint, subscriptionkey::Name,
                                                    subscriptionkey::Owner, subscriptionkey::Types}));
    QCOMPARE(status.name(), u"crm"_s);
    QCOMPARE(status.owner(), u"crm-team"_s);
    QVERIFY(!status.enabled()); // its endpoint is disabled
    QVERIFY(!status.fromFile());
    QCOMPARE(status.queue.waiting, 3);
    QVERIFY(!status.health);
    // Written back, the definition and the state side by side again.
    QCOMPARE(SubscriptionStatus::fromJson(status.toJson()).toJson(), status.toJson());
    QVERIFY(Subscription::fromJson(status.definition, nullptr)); // the agent takes the definition as it is
}

void TestProtocolTypes::jobs_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QStringList>("present");
    QTest::addColumn<QStringList>("absent");
    namespace job = protocol::job;
    QTest::newRow("retry all") << job::RetryAll << QStringList{job::Retried, job::Matched}
                               << QStringList{job::Gaps, job::Subscription, job::Stored};
    QTest::newRow("replay") << job::Replay << QStringList{job::Gaps, job::Subscription, job::Stored, job::Matched}
                            << QStringList{job::Retried};
    QTest::newRow("counting a replay") << job::ReplayDryRun << QStringList{job::Examples, job::EndedAt}
                                       << QStringList{job::Retried};
}

void TestProtocolTypes::jobs()
{
    QFETCH(QString, kind);
    QFETCH(QStringList, present);
    QFETCH(QStringList, absent);
    JobProgress job;
    job.id = u"j1"_s;
    job.kind = kind;
    job.state = protocol::job::Running;
    job.total = 10;
    job.done = 4;
    const QJsonObject json = job.toJson();
    for (const QString &key : present)
        QVERIFY2(json.contains(key), qPrintable(key));
    for (const QString &key : absent)
        QVERIFY2(!json.contains(key), qPrintable(key));
    QVERIFY(!json.contains(protocol::job::Error));
    const JobProgress back = JobProgress::fromJson(json);
    QCOMPARE(back.toJson(), json);
    QVERIFY(back.ongoing());
    QCOMPARE(back.replay(), kind != protocol::job::RetryAll);
}

// What a client reads of a subscription the agent showed: the TLS paths are the agent's files and
// credentials are masked, so only Reading::Shown takes them; everything else is refused alike.
void TestProtocolTypes::readingAShownSubscription_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<bool>("local");
    QTest::addColumn<bool>("shown");
    const QByteArray base = R"("name": "s", "endpoint": "https://c.example/h", "types": ["a.b"])";
    QTest::newRow("plain") << "{" + base + "}" << true << true;
    QTest::newRow("tls files elsewhere") << "{" + base + R"(, "tls": {"caCertificates": "/nowhere/ca.pem"}})" << false
                                         << true;
    QTest::newRow("client certificate elsewhere")
        << "{" + base + R"(, "tls": {"clientCertificate": "/nowhere/c.pem", "clientKey": "/nowhere/c.key"}})" << false
        << true;
    QTest::newRow("bearer masked") << "{" + base + R"(, "auth": {"type": "bearer"}})" << false << true;
    QTest::newRow("basic without password")
        << "{" + base + R"(, "auth": {"type": "basic", "username": "u"}})" << true << true;
    QTest::newRow("half a client certificate")
        << "{" + base + R"(, "tls": {"clientCertificate": "/nowhere/c.pem"}})" << false << false;
    QTest::newRow("tls on http") << QByteArray(R"({"name": "s", "endpoint": "http://c.example/h", "types": ["a.b"],
                                      "tls": {"caCertificates": "/nowhere/ca.pem"}})")
                                 << false << false;
    QTest::newRow("unknown auth") << "{" + base + R"(, "auth": {"type": "digest"}})" << false << false;
    QTest::newRow("bad zone") << "{" + base +
                                     R"(, "windows": [{"from": "01:00", "to": "02:00"}], "timeZone": "Mars/X"})"
                              << false << false;
}

void TestProtocolTypes::readingAShownSubscription()
{
    QFETCH(QByteArray, json);
    QFETCH(bool, local);
    QFETCH(bool, shown);
    const QJsonObject object = QJsonDocument::fromJson(json).object();
    QVERIFY2(!object.isEmpty(), json.constData());
    QString why;
    QCOMPARE(Subscription::fromJson(object, &why).has_value(), local);
    QCOMPARE(Subscription::fromJson(object, &why, Subscription::Reading::Shown).has_value(), shown);
}

// A schedule without a zone runs in the agent's; only a zone given is written back.
void TestProtocolTypes::timeZoneOnlyWhenGiven()
{
    QString why;
    QJsonObject json{{u"name"_s, u"s"_s},
                     {u"endpoint"_s, u"https://c.example/h"_s},
                     {u"types"_s, QJsonArray{u"a.b"_s}},
                     {u"windows"_s, QJsonArray{QJsonObject{{u"from"_s, u"01:00"_s}, {u"to"_s, u"02:00"_s}}}}};
    const auto agents = Subscription::fromJson(json, &why);
    QVERIFY2(agents, qPrintable(why));
    QVERIFY(!agents->schedule.zoneGiven());
    QCOMPARE(agents->schedule.timeZone(), QTimeZone::systemTimeZone());
    QVERIFY(!agents->toJson().contains(u"timeZone"_s));
    json.insert(u"timeZone"_s, u"Asia/Tokyo"_s);
    const auto tokyo = Subscription::fromJson(json, &why);
    QVERIFY(tokyo->schedule.zoneGiven());
    QCOMPARE(tokyo->toJson().value(u"timeZone"_s).toString(), u"Asia/Tokyo"_s);
    QCOMPARE(Subscription::fromJson(tokyo->toStorageJson(), &why)->toJson(), tokyo->toJson());
}

// A Kafka record and a quarantined message read back exactly what they write, bytes included.
void TestProtocolTypes::records_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<bool>("quarantined");
    QTest::newRow("live record, text")
        << QByteArray(R"({"topic": "t", "partition": 2, "offset": 41, "timestamp": "2026-11-28T05:00:00.000Z",
             "key": "k-1", "headers": [["ce_id", "MQ=="]], "size": 2, "valueBase64": "e30=", "valueText": "{}"})")
        << false;
    QTest::newRow("live record, binary, cut, no key")
        << QByteArray(R"({"topic": "t", "partition": 0, "offset": 0, "headers": [], "size": 70000,
             "valueBase64": "/w==", "valueTruncated": true})")
        << false;
    QTest::newRow("quarantined, listed")
        << QByteArray(R"({"id": 7, "topic": "t", "partition": 1, "offset": 9, "size": 3, "reason": "not JSON",
             "receivedAt": "2026-11-28T05:00:00.000Z", "cause": {"reason": "notJson", "params": {"offset": 1}}})")
        << true;
    QTest::newRow("quarantined, in detail, older agent")
        << QByteArray(R"({"id": 8, "topic": "t", "partition": 1, "offset": 10, "size": 1, "reason": "x",
             "receivedAt": "2026-11-28T05:00:00.000Z", "valueBase64": "/w==", "headers": [["h", "AA=="]],
             "key": "k", "kafkaTimestamp": "2026-11-28T04:59:59.000Z"})")
        << true;
}

void TestProtocolTypes::records()
{
    QFETCH(QByteArray, json);
    QFETCH(bool, quarantined);
    const QJsonObject object = QJsonDocument::fromJson(json).object();
    QVERIFY2(!object.isEmpty(), json.constData());
    if (quarantined) {
        const QuarantinedMessage m = QuarantinedMessage::fromJson(object);
        QCOMPARE(m.toJson(), object);
        QCOMPARE(m.detail, object.contains(u"valueBase64"_s));
        if (m.detail)
            QCOMPARE(m.record.value, QByteArray("\xff"));
    } else {
        const ShownRecord r = ShownRecord::fromJson(object);
        QCOMPARE(r.toJson(), object);
        QCOMPARE(r.key.has_value(), object.contains(u"key"_s));
    }
}

QTEST_GUILESS_MAIN(TestProtocolTypes)
#include "tst_protocoltypes.moc"
