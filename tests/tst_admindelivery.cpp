// The admin API's delivery methods with a real QWebSocket client against the agent running
// in-process, on the embedded Kafka-protocol cluster with a SQLite store and a receiver on
// 127.0.0.1: deliveries, dead letters, quarantine and stats; subscriptions created, changed and
// tested through the API; the live stream held to its cap; retry-all over 10,000 dead letters.
#include "adminclient.h"
#include "agent.h"
#include "deliverystatus.h"
#include "errorreason.h"
#include "protocol.h"
#include "quarantinereason.h"
#include "subscriptionhealth.h"
#include "testsupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace sluice;
using namespace sluice::agent;
using namespace sluice::test;
namespace error = sluice::protocol::error;

namespace {

const QString kContentChanged = u"be.digipolis.wcm.v4.content.item.changed"_s;

} // namespace

class TestAdminDelivery : public QObject, private AdminFixture {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { startCluster(); }
    void init() { nextRun(u"admd"_s); }
    void deliveriesQuarantineAndStats();
    void subscriptionsThroughTheApi();
    void healthOfTheLastHour();
    void liveStreamKeepsToItsCap();
    void retryAllOverTenThousandDeadLetters();
};

void TestAdminDelivery::deliveriesQuarantineAndStats()
{
    RecordingReceiver receiver;
    receiver.http().setBehaviour({400});
    auto agent = startAgent({subscription(u"cache"_s, receiver.url(), {kContentChanged}, {{u"handshake"_s, false}})});
    QVERIFY(agent);
    Producer producer(m_cluster->bootstraps());
    for (int i = 0; i < 5; ++i)
        producer.sendStructured(m_prefix + u"str"_s,
                                makeEvent(kContentChanged, u"d%1"_s.arg(i), u"content/%1"_s.arg(i)));
    producer.send(m_prefix + u"str"_s, "broken", "{ not json", {{"content-type", "application/cloudevents+json"}});
    producer.flush();
    QTRY_COMPARE_WITH_TIMEOUT(agent->stats().dead, 5u, 15000);

    AdminClient client;
    QVERIFY(client.open(adminUrl(*agent)));
    QVERIFY(client.authenticate(token(u"admin"_s)));
    const QJsonObject dead = client.result(protocol::method::DeliveriesList,
                                           {{u"state"_s, u"dead"_s}, {u"httpStatus"_s, 400}, {u"limit"_s, 2}});
    QCOMPARE(dead.value(u"total"_s).toInt(), 5);
    QCOMPARE(dead.value(u"deliveries"_s).toArray().size(), 2);
    QCOMPARE(
        client.result(protocol::method::DeliveriesList, {{u"subject"_s, u"content/3"_s}}).value(u"total"_s).toInt(), 1);
    QCOMPARE(client.result(protocol::method::DeliveriesList, {{u"type"_s, u"be.digipolis.wcm.v4.content.*"_s}})
                 .value(u"total"_s)
                 .toInt(),
             5);
    QCOMPARE(client.result(protocol::method::DeliveriesList, {{u"from"_s, u"2100-01-01T00:00:00Z"_s}})
                 .value(u"total"_s)
                 .toInt(),
             0);
    const QString id = dead.value(u"deliveries"_s).toArray().first().toObject().value(u"id"_s).toString();
    const QJsonObject detail = client.result(protocol::method::DeliveriesGet, {{u"id"_s, id}});
    QCOMPARE(detail.value(u"state"_s).toString(), u"dead"_s);
    QCOMPARE(detail.value(u"history"_s).toArray().first().toObject().value(u"httpStatus"_s).toInt(), 400);
    QCOMPARE(detail.value(u"event"_s).toObject().value(u"type"_s).toString(), kContentChanged);

    // Retry one (now the receiver takes it), discard another; the rest stay dead.
    receiver.http().setBehaviour({204});
    const QJsonObject retried =
        client.result(protocol::method::DeliveriesRetry, {{u"ids"_s, QJsonArray{id, u"dlv_none"_s}}});
    QCOMPARE(retried.value(u"retried"_s).toInt(), 1);
    QCOMPARE(retried.value(u"unchanged"_s).toInt(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(receiver.okCount(), 1, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(
        client.result(protocol::method::DeliveriesGet, {{u"id"_s, id}}).value(u"state"_s).toString(), u"delivered"_s,
        5000);
    const QString other = dead.value(u"deliveries"_s).toArray().at(1).toObject().value(u"id"_s).toString();
    QCOMPARE(client.result(protocol::method::DeliveriesDiscard, {{u"ids"_s, QJsonArray{other}}})
                 .value(u"discarded"_s)
                 .toInt(),
             1);
    QCOMPARE(client.result(protocol::method::DeliveriesGet, {{u"id"_s, other}}).value(u"state"_s).toString(),
             u"discarded"_s);
    QCOMPARE(
        client.result(protocol::method::DeliveriesRetry, {{u"ids"_s, QJsonArray{other}}}).value(u"retried"_s).toInt(),
        0); // discarded stays discarded

    // Quarantine: list, get (bytes as received, and why), discard.
    QTRY_COMPARE_WITH_TIMEOUT(client.result(protocol::method::QuarantineList).value(u"total"_s).toInt(), 1, 5000);
    const QJsonObject message =
        client.result(protocol::method::QuarantineList).value(u"messages"_s).toArray().first().toObject();
    const QJsonObject full = client.result(protocol::method::QuarantineGet, {{u"id"_s, message.value(u"id"_s)}});
    QCOMPARE(full.value(u"valueText"_s).toString(), u"{ not json"_s);
    QVERIFY(full.value(u"reason"_s).toString().contains(u"not valid JSON"_s));
    // Beside the English, the reason's code and its params, for a console to say in its language.
    const QuarantineReason cause = QuarantineReason::fromJson(full.value(protocol::quarantine::Cause).toObject());
    QCOMPARE(cause.reason, quarantined::NotJson);
    QCOMPARE(cause.text(), full.value(u"reason"_s).toString());
    QCOMPARE(message.value(protocol::quarantine::Cause).toObject(), full.value(protocol::quarantine::Cause).toObject());
    QCOMPARE(full.value(u"key"_s).toString(), u"broken"_s);
    QCOMPARE(client.errorCode(protocol::method::QuarantineGet, {{u"id"_s, 999999}}), int(error::NotFound));
    QCOMPARE(client.result(protocol::method::QuarantineDiscard, {{u"ids"_s, QJsonArray{message.value(u"id"_s)}}})
                 .value(u"discarded"_s)
                 .toInt(),
             1);
    QCOMPARE(client.result(protocol::method::QuarantineList).value(u"total"_s).toInt(), 0);

    // Stats: totals, queue, per subscription, consumer, store; pushed once a second when asked.
    const QJsonObject stats = client.result(protocol::method::StatsGet);
    QCOMPARE(stats.value(u"totals"_s).toObject().value(u"consumed"_s).toInt(), 6);
    QCOMPARE(stats.value(u"totals"_s).toObject().value(u"quarantined"_s).toInt(), 1);
    QCOMPARE(stats.value(u"queue"_s).toObject().value(u"dead"_s).toInt(), 3);
    QCOMPARE(stats.value(u"subscriptions"_s).toArray().first().toObject().value(u"dead"_s).toInt(), 3);
    QVERIFY(stats.value(u"store"_s).toObject().value(u"sizeBytes"_s).toInteger() > 0);
    QCOMPARE(stats.value(u"consumer"_s).toObject().value(u"assignedPartitions"_s).toInt(),
             6); // bin, str, plain: 2 each (the register topic has its own reader)
    QTRY_VERIFY_WITH_TIMEOUT(
        !client.result(protocol::method::StatsGet).value(u"consumer"_s).toObject().value(u"lag"_s).toArray().isEmpty(),
        5000);
    client.result(protocol::method::StatsSubscribe);
    auto firstStats = [&] {
        for (const QJsonObject &n : client.notifications()) {
            if (n.value(u"method"_s) == protocol::notification::Stats)
                return n.value(u"params"_s).toObject();
        }
        return QJsonObject();
    };
    QTRY_VERIFY_WITH_TIMEOUT(!firstStats().isEmpty(), 3000);
    QCOMPARE(firstStats().value(u"totals"_s).toObject().value(u"consumed"_s).toInt(), 6);
    QCOMPARE(firstStats().value(u"totals"_s).toObject().value(u"duplicates"_s).toInt(), 0);
    client.result(protocol::method::StatsUnsubscribe);
    QTest::qWait(100);
    client.notifications().clear();
    QTest::qWait(1500);
    QVERIFY(client.notifications().isEmpty());

    // Dry-run: which recent events a filter would select, an existing subscription's or a new one.
    QCOMPARE(
        client.result(protocol::method::SubscriptionsDryRun, {{u"name"_s, u"cache"_s}}).value(u"matched"_s).toInt(), 5);
    const QJsonObject narrow =
        client.result(protocol::method::SubscriptionsDryRun,
                      {{u"types"_s, QJsonArray{kContentChanged}},
                       {u"filter"_s, QJsonObject{{u"exact"_s, QJsonObject{{u"subject"_s, u"content/3"_s}}}}}});
    QCOMPARE(narrow.value(u"matched"_s).toInt(), 1);
    QCOMPARE(narrow.value(u"evaluated"_s).toInt(), 5);
    QCOMPARE(
        narrow.value(u"events"_s).toArray().first().toObject().value(u"event"_s).toObject().value(u"id"_s).toString(),
        u"d3"_s);
    const QJsonObject badFilter =
        client.call(protocol::method::SubscriptionsDryRun, {{u"types"_s, QJsonArray{kContentChanged}},
                                                            {u"filter"_s, QJsonObject{{u"sql"_s, u"type = 'x'"_s}}}});
    QCOMPARE(badFilter.value(u"error"_s).toObject().value(u"code"_s).toInt(), int(error::InvalidParams));
    // A stable reason with its parameters, and the English sentence made of them.
    const QJsonObject badFilterData = badFilter.value(u"error"_s).toObject().value(u"data"_s).toObject();
    QCOMPARE(badFilterData.value(u"reason"_s).toString(), refusal::Invalid);
    QCOMPARE(badFilterData.value(u"params"_s).toObject().value(u"param"_s).toString(), u"filter"_s);
    QVERIFY(badFilter.value(u"error"_s)
                .toObject()
                .value(u"message"_s)
                .toString()
                .startsWith(u"\"filter\" is not valid: "_s));
    const QJsonObject nobody = client.call(protocol::method::SubscriptionsDryRun, {{u"name"_s, u"nobody"_s}});
    QCOMPARE(
        nobody.value(u"error"_s).toObject().value(u"data"_s).toObject(),
        (QJsonObject{{u"reason"_s, refusal::NoSubscription}, {u"params"_s, QJsonObject{{u"name"_s, u"nobody"_s}}}}));
    QCOMPARE(client.errorCode(protocol::method::SubscriptionsDryRun, {{u"name"_s, u"nobody"_s}}), int(error::NotFound));

    // The audit log has the retry, the discards and the failed retry of a discarded delivery.
    const QJsonArray audit = client.result(protocol::method::AuditList).value(u"entries"_s).toArray();
    QCOMPARE(audit.size(), 4);
    QCOMPARE(audit.last().toObject().value(u"method"_s).toString(), protocol::method::DeliveriesRetry);
}

void TestAdminDelivery::subscriptionsThroughTheApi()
{
    RecordingReceiver receiver;
    const QJsonArray fromFile{subscription(u"file-sub"_s, receiver.url(u"/file"_s),
                                           {u"be.digipolis.wcm.v4.menu.changed"_s}, {{u"handshake"_s, false}})};
    auto agent = startAgent(fromFile);
    QVERIFY(agent);
    AdminClient client;
    QVERIFY(client.open(adminUrl(*agent)));
    QVERIFY(client.authenticate(token(u"admin"_s)));

    // Create: held by the agent at once, with its signing secret shown this once.
    const QJsonObject definition = subscription(
        u"api-sub"_s, receiver.url(u"/api"_s), {kContentChanged},
        {{u"handshake"_s, false}, {u"auth"_s, QJsonObject{{u"type"_s, u"bearer"_s}, {u"token"_s, u"t0ps3cret"_s}}}});
    const QJsonObject created = client.result(protocol::method::SubscriptionsCreate, {{u"subscription"_s, definition}});
    QVERIFY2(created.value(u"secret"_s).toString().startsWith(u"whsec_"_s),
             QJsonDocument(created).toJson().constData());
    QCOMPARE(created.value(u"origin"_s).toString(), u"api"_s);
    QVERIFY(!QJsonDocument(created).toJson().contains("t0ps3cret"));
    const QJsonObject exists = client.call(protocol::method::SubscriptionsCreate, {{u"subscription"_s, definition}});
    QCOMPARE(exists.value(u"error"_s).toObject().value(u"code"_s).toInt(), int(error::Conflict));
    QCOMPARE(exists.value(u"error"_s).toObject().value(u"data"_s).toObject().value(u"reason"_s).toString(),
             refusal::SubscriptionExists);
    const QJsonObject badDefinition =
        client.call(protocol::method::SubscriptionsCreate, {{u"subscription"_s, QJsonObject{{u"name"_s, u"x"_s}}}});
    QCOMPARE(badDefinition.value(u"error"_s).toObject().value(u"code"_s).toInt(), int(error::InvalidParams));
    QCOMPARE(badDefinition.value(u"error"_s).toObject().value(u"data"_s).toObject().value(u"params"_s).toObject(),
             (QJsonObject{{u"param"_s, u"subscription"_s},
                          {u"why"_s, badDefinition.value(u"error"_s)
                                         .toObject()
                                         .value(u"data"_s)
                                         .toObject()
                                         .value(u"params"_s)
                                         .toObject()
                                         .value(u"why"_s)}}));
    QVERIFY(badDefinition.value(u"error"_s)
                .toObject()
                .value(u"message"_s)
                .toString()
                .startsWith(u"\"subscription\" is not valid: "_s));
    const QJsonObject internal = client.call(
        protocol::method::SubscriptionsCreate,
        {{u"subscription"_s, subscription(u"modules"_s, receiver.url(), {u"be.digipolis.wcm.v4.module.installed"_s})}});
    QCOMPARE(internal.value(u"error"_s).toObject().value(u"code"_s).toInt(), int(error::Refused));
    QVERIFY(internal.value(u"error"_s).toObject().value(u"message"_s).toString().contains(u"does not expose"_s));

    // The live stream shows which subscriptions an event matched, then how each delivery went.
    client.result(protocol::method::EventsSubscribe, {{u"types"_s, QJsonArray{kContentChanged}}});
    Producer producer(m_cluster->bootstraps());
    producer.sendStructured(m_prefix + u"str"_s, makeEvent(kContentChanged, u"a1"_s, u"content/1"_s));
    producer.flush();
    QTRY_COMPARE_WITH_TIMEOUT(receiver.okCount(), 1, 15000);
    QCOMPARE(receiver.requests().last().header("authorization"), QByteArray("Bearer t0ps3cret"));
    auto notified = [&](const QString &method) {
        for (const QJsonObject &n : std::as_const(client.notifications())) {
            if (n.value(u"method"_s).toString() == method)
                return n.value(u"params"_s).toObject();
        }
        return QJsonObject();
    };
    QTRY_VERIFY_WITH_TIMEOUT(!notified(protocol::notification::Outcomes).isEmpty(), 5000);
    const QJsonObject streamed =
        notified(protocol::notification::Events).value(u"events"_s).toArray().first().toObject();
    QCOMPARE(streamed.value(u"matched"_s).toArray(), QJsonArray{u"api-sub"_s});
    const QString deliveryId = streamed.value(u"deliveries"_s).toArray().first().toObject().value(u"id"_s).toString();
    const QJsonObject outcome =
        notified(protocol::notification::Outcomes).value(u"outcomes"_s).toArray().first().toObject();
    QCOMPARE(outcome.value(u"id"_s).toString(), deliveryId);
    QCOMPARE(outcome.value(u"status"_s).toObject().value(u"phase"_s).toString(), u"delivered"_s);
    QCOMPARE(outcome.value(u"status"_s).toObject().value(u"reason"_s).toString(), reason::Delivered);
    QCOMPARE(outcome.value(u"httpStatus"_s).toInt(), 204);
    client.result(protocol::method::EventsUnsubscribe);
    QTRY_VERIFY_WITH_TIMEOUT(client.result(protocol::method::StatsGet)
                                 .value(u"subscriptions"_s)
                                 .toArray()
                                 .first()
                                 .toObject()
                                 .value(u"perSecond"_s)
                                 .toObject()
                                 .contains(u"delivered"_s),
                             3000);

    // Test: one event from the register's example, now; the whole attempt comes back.
    const QJsonObject attempt = client.result(protocol::method::SubscriptionsTest, {{u"name"_s, u"api-sub"_s}});
    QCOMPARE(attempt.value(u"delivered"_s).toBool(), true);
    QCOMPARE(attempt.value(u"response"_s).toObject().value(u"status"_s).toInt(), 204);
    const QString sent = QString::fromUtf8(QJsonDocument(attempt.value(u"request"_s).toObject()).toJson());
    QVERIFY(sent.contains(u"webhook-signature"_s) && sent.contains(u"\"***\""_s) && !sent.contains(u"t0ps3cret"_s));
    QTRY_COMPARE_WITH_TIMEOUT(receiver.okCount(), 2, 5000);
    const CloudEvent test = receiver::cloudEventsIn(receiver.requests().last(), nullptr).first();
    QCOMPARE(test.extensions.value(u"sluicetest"_s).toBool(), true);
    QCOMPARE(test.jsonData().toObject().value(u"changedFields"_s).toArray().first().toString(), u"title"_s);

    // Update (what get showed, sent back as it is but for the filter: masked token, state, queue and
    // all), disable (nothing goes out), enable, rotate the secret.
    QJsonObject narrower = client.result(protocol::method::SubscriptionsGet, {{u"name"_s, u"api-sub"_s}});
    QVERIFY(narrower.contains(u"queue"_s) && narrower.contains(u"origin"_s));
    narrower.insert(u"filter"_s, QJsonObject{{u"exact"_s, QJsonObject{{u"subject"_s, u"content/2"_s}}}});
    QVERIFY(
        client.result(protocol::method::SubscriptionsUpdate, {{u"subscription"_s, narrower}}).contains(u"filter"_s));
    QVERIFY(client.result(protocol::method::SubscriptionsDisable, {{u"name"_s, u"api-sub"_s}}).contains(u"name"_s));
    QCOMPARE(
        client.result(protocol::method::SubscriptionsGet, {{u"name"_s, u"api-sub"_s}}).value(u"enabled"_s).toBool(),
        false);
    producer.sendStructured(m_prefix + u"str"_s, makeEvent(kContentChanged, u"a2"_s, u"content/2"_s));
    producer.flush();
    QTRY_COMPARE_WITH_TIMEOUT(agent->stats().consumed, 2u, 15000);
    QTest::qWait(300);
    QCOMPARE(receiver.okCount(), 2);
    QVERIFY(client.result(protocol::method::SubscriptionsEnable, {{u"name"_s, u"api-sub"_s}}).contains(u"name"_s));
    producer.sendStructured(m_prefix + u"str"_s, makeEvent(kContentChanged, u"a3"_s, u"content/3"_s)); // filtered out
    producer.sendStructured(m_prefix + u"str"_s, makeEvent(kContentChanged, u"a4"_s, u"content/2"_s));
    producer.flush();
    QTRY_COMPARE_WITH_TIMEOUT(receiver.okCount(), 3, 15000);
    QCOMPARE(receiver.ids().last(), u"a4"_s);
    // The masked token sent back kept the stored one.
    QCOMPARE(receiver.requests().last().header("authorization"), QByteArray("Bearer t0ps3cret"));
    const QJsonObject rotated = client.result(protocol::method::SubscriptionsRotateSecret, {{u"name"_s, u"api-sub"_s}});
    QVERIFY(rotated.value(u"secret"_s).toString().startsWith(u"whsec_"_s));
    QVERIFY(rotated.value(u"secret"_s) != created.value(u"secret"_s));

    // The file's subscription is the file's: read, tested, but not changed here.
    QCOMPARE(
        client.result(protocol::method::SubscriptionsGet, {{u"name"_s, u"file-sub"_s}}).value(u"origin"_s).toString(),
        u"file"_s);
    const QJsonObject fileEdit = client.call(
        protocol::method::SubscriptionsUpdate,
        {{u"subscription"_s, subscription(u"file-sub"_s, receiver.url(), {u"be.digipolis.wcm.v4.menu.changed"_s})}});
    QCOMPARE(fileEdit.value(u"error"_s).toObject().value(u"code"_s).toInt(), int(error::Conflict));
    QVERIFY(fileEdit.value(u"error"_s).toObject().value(u"message"_s).toString().contains(u"configuration file"_s));
    QCOMPARE(client.errorCode(protocol::method::SubscriptionsDelete, {{u"name"_s, u"file-sub"_s}}),
             int(error::Conflict));
    QCOMPARE(client.errorCode(protocol::method::SubscriptionsDelete, {{u"name"_s, u"nobody"_s}}), int(error::NotFound));

    // An API subscription outlives a restart; a deleted one is gone for good.
    QSignalSpy stopped(agent.get(), &Agent::stopped);
    agent->stop();
    QVERIFY(stopped.wait(15000));
    agent = startAgent(fromFile);
    QVERIFY(agent);
    AdminClient again;
    QVERIFY(again.open(adminUrl(*agent)));
    QVERIFY(again.authenticate(token(u"admin"_s)));
    const QJsonArray list = again.result(protocol::method::SubscriptionsList).value(u"subscriptions"_s).toArray();
    QCOMPARE(list.size(), 2);
    const QJsonObject kept = again.result(protocol::method::SubscriptionsGet, {{u"name"_s, u"api-sub"_s}});
    QCOMPARE(kept.value(u"filter"_s).toObject(), narrower.value(u"filter"_s).toObject());
    QVERIFY(again.result(protocol::method::SubscriptionsDelete, {{u"name"_s, u"api-sub"_s}}).contains(u"name"_s));
    QCOMPARE(again.errorCode(protocol::method::SubscriptionsGet, {{u"name"_s, u"api-sub"_s}}), int(error::NotFound));
    const QJsonArray audit =
        again.result(protocol::method::AuditList, {{u"limit"_s, 100}}).value(u"entries"_s).toArray();
    QVERIFY(!QJsonDocument(audit).toJson().contains("t0ps3cret"));
    QCOMPARE(audit.first().toObject().value(u"method"_s).toString(), protocol::method::SubscriptionsDelete);
}

// Every attempt counts in its subscription's hour: succeeded or not, and how long it took; the
// hour is in the store, so it outlives a restart.
void TestAdminDelivery::healthOfTheLastHour()
{
    namespace health = protocol::health;
    RecordingReceiver receiver;
    receiver.http().setBehaviour({204, 60});
    receiver.failNext(2, 503);
    const QJsonArray subs{subscription(u"paced"_s, receiver.url(), {kContentChanged}, {{u"handshake"_s, false}})};
    auto agent = startAgent(subs);
    QVERIFY(agent);
    Producer producer(m_cluster->bootstraps());
    for (int i = 0; i < 6; ++i)
        producer.sendStructured(m_prefix + u"str"_s, makeEvent(kContentChanged, u"h%1"_s.arg(i), u"page/%1"_s.arg(i)));
    producer.flush();
    QTRY_COMPARE_WITH_TIMEOUT(receiver.okCount(), 6, 20000);

    AdminClient client;
    QVERIFY(client.open(adminUrl(*agent)));
    QVERIFY(client.authenticate(token(u"admin"_s)));
    auto hour = [&client] {
        return SubscriptionHealth::fromJson(
            client.result(protocol::method::SubscriptionsHealth, {{u"name"_s, u"paced"_s}}));
    };
    QTRY_COMPARE_WITH_TIMEOUT(hour().attempts, 8u, 5000);
    const SubscriptionHealth first = hour();
    QCOMPARE(first.succeeded, 6u);
    QCOMPARE(*first.successRate(), 0.75);
    QVERIFY2(first.p50Ms && *first.p50Ms >= 50, "the receiver answers after 60 ms");
    QVERIFY(*first.p95Ms >= *first.p50Ms);
    QCOMPARE(first.to - first.from, 3'600'000);
    quint64 perMinute = 0;
    for (const SubscriptionHealth::Point &p : first.minutes)
        perMinute += p.attempts;
    QCOMPARE(perMinute, 8u);
    // The summary rides along in the list and in stats.
    const QJsonObject listed =
        client.result(protocol::method::SubscriptionsGet, {{u"name"_s, u"paced"_s}}).value(health::Health).toObject();
    QCOMPARE(listed.value(health::Succeeded).toInt(), 6);
    QVERIFY(!listed.contains(health::Minutes));
    const QJsonObject inStats = client.result(protocol::method::StatsGet)
                                    .value(protocol::stats::Subscriptions)
                                    .toArray()
                                    .first()
                                    .toObject()
                                    .value(health::Health)
                                    .toObject();
    QCOMPARE(inStats.value(health::SuccessRate).toDouble(), 0.75);
    QCOMPARE(client.call(protocol::method::SubscriptionsHealth, {{u"name"_s, u"nobody"_s}})
                 .value(u"error"_s)
                 .toObject()
                 .value(u"data"_s)
                 .toObject()
                 .value(u"reason"_s)
                 .toString(),
             refusal::NoSubscription);

    QSignalSpy stopped(agent.get(), &Agent::stopped);
    agent->stop();
    QVERIFY(stopped.wait(15000));
    agent.reset();
    agent = startAgent(subs);
    QVERIFY(agent);
    AdminClient again;
    QVERIFY(again.open(adminUrl(*agent)));
    QVERIFY(again.authenticate(token(u"viewer"_s)));
    const SubscriptionHealth kept =
        SubscriptionHealth::fromJson(again.result(protocol::method::SubscriptionsHealth, {{u"name"_s, u"paced"_s}}));
    QCOMPARE(kept.attempts, 8u);
    QCOMPARE(kept.succeeded, 6u);
}

void TestAdminDelivery::liveStreamKeepsToItsCap()
{
    auto agent = startAgent({});
    QVERIFY(agent);
    AdminClient client;
    QVERIFY(client.open(adminUrl(*agent)));
    QVERIFY(client.authenticate(token(u"viewer"_s)));
    const int cap = 40;
    QCOMPARE(client
                 .result(protocol::method::EventsSubscribe,
                         {{u"maxPerSecond"_s, cap},
                          {u"types"_s, QJsonArray{u"be.test.*"_s}},
                          {u"filter"_s, QJsonObject{{u"exact"_s, QJsonObject{{u"subject"_s, u"wanted"_s}}}}}})
                 .value(u"maxPerSecond"_s)
                 .toInt(),
             cap);
    QElapsedTimer clock;
    clock.start();
    Producer producer(m_cluster->bootstraps());
    const int burst = 2000;
    for (int i = 0; i < burst; ++i) {
        producer.sendStructured(m_prefix + u"str"_s, makeEvent(u"be.test.burst"_s, u"b%1"_s.arg(i), u"wanted"_s));
        if (i % 4 == 0)
            producer.sendStructured(m_prefix + u"str"_s, makeEvent(u"be.test.burst"_s, u"x%1"_s.arg(i), u"other"_s));
    }
    producer.flush();
    QTRY_VERIFY_WITH_TIMEOUT(agent->stats().consumed == quint64(burst + burst / 4), 30000);

    // Every wanted event is either sent or counted as skipped, never both, never lost.
    qint64 sent = 0, skipped = 0;
    QSet<QString> ids;
    auto tally = [&] {
        sent = skipped = 0;
        ids.clear();
        for (const QJsonObject &n : std::as_const(client.notifications())) {
            if (n.value(u"method"_s).toString() != protocol::notification::Events)
                continue;
            const QJsonObject params = n.value(u"params"_s).toObject();
            for (const QJsonValue &e : params.value(u"events"_s).toArray()) {
                ++sent;
                const QJsonObject event = e.toObject().value(u"event"_s).toObject();
                ids.insert(event.value(u"id"_s).toString());
                if (event.value(u"subject"_s).toString() != u"wanted")
                    return false;
            }
            skipped += params.value(u"skipped"_s).toInteger();
        }
        return sent + skipped == burst;
    };
    QTRY_VERIFY_WITH_TIMEOUT(tally(), 10000);
    const double seconds = double(clock.elapsed()) / 1000.0;
    QVERIFY2(sent <= qint64(cap * seconds) + cap, qPrintable(u"%1 sent in %2 s"_s.arg(sent).arg(seconds)));
    QVERIFY(sent > 0 && skipped > burst / 2);
    QCOMPARE(qsizetype(ids.size()), qsizetype(sent)); // no event twice
    // The notifications come in batches, not one message per event.
    int batches = 0;
    for (const QJsonObject &n : std::as_const(client.notifications()))
        batches += n.value(u"method"_s).toString() == protocol::notification::Events ? 1 : 0;
    QVERIFY2(batches < sent, qPrintable(u"%1 notifications for %2 events"_s.arg(batches).arg(sent)));

    // Unsubscribed: nothing more.
    client.result(protocol::method::EventsUnsubscribe);
    client.notifications().clear();
    producer.sendStructured(m_prefix + u"str"_s, makeEvent(u"be.test.burst"_s, u"late"_s, u"wanted"_s));
    producer.flush();
    QTest::qWait(700);
    for (const QJsonObject &n : std::as_const(client.notifications())) // other news may still come
        QVERIFY2(n.value(u"method"_s) != protocol::notification::Events &&
                     n.value(u"method"_s) != protocol::notification::Outcomes,
                 qPrintable(n.value(u"method"_s).toString()));
}

void TestAdminDelivery::retryAllOverTenThousandDeadLetters()
{
    RecordingReceiver receiver;
    receiver.http().setBehaviour({400});
    auto agent = startAgent(
        {subscription(u"bulk"_s, receiver.url(), {u"be.test.*"_s}, {{u"handshake"_s, false}, {u"concurrency"_s, 32}})});
    QVERIFY(agent);
    const int count = 10000;
    Producer producer(m_cluster->bootstraps());
    for (int i = 0; i < count; ++i)
        producer.sendStructured(m_prefix + u"str"_s,
                                makeEvent(u"be.test.bulk"_s, u"bulk-%1"_s.arg(i), u"s/%1"_s.arg(i)));
    producer.flush();
    QTRY_COMPARE_WITH_TIMEOUT(agent->stats().dead, quint64(count), 120000);

    AdminClient client;
    QVERIFY(client.open(adminUrl(*agent)));
    QVERIFY(client.authenticate(token(u"admin"_s)));
    receiver.http().setBehaviour({204});
    const QJsonObject job =
        client.result(protocol::method::DeliveriesRetryAll, {{u"subscription"_s, u"bulk"_s}, {u"state"_s, u"dead"_s}});
    QCOMPARE(job.value(u"total"_s).toInt(), count);
    const QString jobId = job.value(u"id"_s).toString();

    // Progress arrives as notifications while the job runs; the API stays responsive meanwhile.
    QVERIFY(client.result(protocol::method::Hello).contains(u"protocol"_s));
    auto finished = [&] {
        for (const QJsonObject &n : std::as_const(client.notifications())) {
            const QJsonObject p = n.value(u"params"_s).toObject();
            if (n.value(u"method"_s).toString() == protocol::notification::Job &&
                p.value(u"state"_s).toString() == u"finished")
                return true;
        }
        return false;
    };
    QTRY_VERIFY_WITH_TIMEOUT(finished(), 60000);
    QList<int> progress;
    for (const QJsonObject &n : std::as_const(client.notifications())) {
        if (n.value(u"method"_s).toString() == protocol::notification::Job)
            progress.append(n.value(u"params"_s).toObject().value(u"done"_s).toInt());
    }
    QVERIFY2(progress.size() >= count / 500, qPrintable(QString::number(progress.size())));
    QVERIFY(std::is_sorted(progress.begin(), progress.end()));
    QCOMPARE(progress.last(), count);
    const QJsonObject done = client.result(protocol::method::JobsGet, {{u"id"_s, jobId}});
    QCOMPARE(done.value(u"retried"_s).toInt(), count);
    QCOMPARE(done.value(u"state"_s).toString(), u"finished"_s);
    QTRY_COMPARE_WITH_TIMEOUT(agent->stats().delivered, quint64(count), 120000);
    QCOMPARE(receiver.uniqueIds().size(), count);
}

QTEST_GUILESS_MAIN(TestAdminDelivery)
#include "tst_admindelivery.moc"
