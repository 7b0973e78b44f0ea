// Consumers and callers who mean harm, against the real agent on the embedded Kafka-protocol
// cluster (SQLite; PostgreSQL in the _postgresql variant), a real HTTP server and receiver on
// 127.0.0.1 and a real WebSocket: nothing they send reaches a request as a header line, forges a
// log line, is accepted and then lost at a restart, or shows them another consumer's subscriptions;
// the command line refuses what the admin API refuses.
#include "adminclient.h"
#include "testsupport.h"

#include "agent.h"
#include "commands/commands.h"
#include "protocol.h"
#include "queue/store.h"
#include "service/loghandler.h"
#include "subscriptions/subscriptionregistry.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace sluice;
using namespace sluice::agent;
using namespace sluice::test;
namespace method = sluice::protocol::method;
namespace key = sluice::protocol::consumer;

namespace {

const QString kContent = u"be.digipolis.wcm.v4.content.item.changed"_s;

QJsonValue nested(int levels)
{
    QJsonValue filter = QJsonObject{{u"exact"_s, QJsonObject{{u"subject"_s, u"x"_s}}}};
    for (int i = 1; i < levels; ++i)
        filter = QJsonObject{{u"not"_s, filter}};
    return filter;
}

QByteArray json(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

} // namespace

class TestHostile : public QObject, private AdminFixture {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { startCluster(); }
    void init() { nextRun(u"hostile"_s); }
    void noHeaderLineReachesTheWire();
    void refusedValuesLogAsOneLine();
    void whatIsAcceptedSurvivesARestart();
    void lifecycleEventsStayWithTheirOwner();
    void commandLineAndAdminApiRefuseAlike();

private:
    std::unique_ptr<Agent> start(const QJsonArray &subscriptions = {});
    QString makeConsumer(AdminClient &admin, const QString &name, const QStringList &types = {});
    bool signIn(AdminClient &admin, const Agent &agent) const
    {
        return admin.open(adminUrl(agent)) && admin.authenticate(token(u"admin"_s));
    }
    QString url(const Agent &agent, const QString &path = u"/subscriptions"_s) const
    {
        return u"http://127.0.0.1:%1%2"_s.arg(agent.httpPort()).arg(path);
    }
};

std::unique_ptr<Agent> TestHostile::start(const QJsonArray &subscriptions)
{
    return startAgent(subscriptions, {}, {}, {{u"http"_s, QJsonObject{{u"listen"_s, u"127.0.0.1:0"_s}}}});
}

QString TestHostile::makeConsumer(AdminClient &admin, const QString &name, const QStringList &types)
{
    return admin
        .result(method::ConsumersCreate, {{key::Name, name}, {key::AllowedTypes, QJsonArray::fromStringList(types)}})
        .value(key::Token)
        .toString();
}

// Every way a consumer could put a line break into a request is refused with 400, and what does
// get delivered carries exactly the headers it should, also in binary mode where attributes of the
// event (made by whoever produced it) become headers.
void TestHostile::noHeaderLineReachesTheWire()
{
    RecordingReceiver receiver;
    auto agent = start({subscription(u"binary"_s, receiver.url(u"/binary"_s), {kContent},
                                     {{u"mode"_s, u"binary"_s}, {u"handshake"_s, false}})});
    QVERIFY(agent);
    AdminClient admin;
    QVERIFY(signIn(admin, *agent));
    const QString crm = makeConsumer(admin, u"crm"_s);
    const QJsonObject ok{
        {u"protocol"_s, u"HTTP"_s}, {u"sink"_s, receiver.url(u"/crm"_s)}, {u"types"_s, QJsonArray{kContent}}};
    const QList<std::pair<QString, QJsonObject>> hostile = {
        {u"header value"_s, QJsonObject{{u"headers"_s, QJsonObject{{u"x-a"_s, u"v\r\nx-injected: 1"_s}}}}},
        {u"header name"_s, QJsonObject{{u"headers"_s, QJsonObject{{u"x-injected: 1\r\nx-a"_s, u"v"_s}}}}},
        {u"framing header"_s, QJsonObject{{u"headers"_s, QJsonObject{{u"Content-Length"_s, u"0"_s}}}}},
    };
    for (const auto &[what, settings] : hostile) {
        QJsonObject body = ok;
        body.insert(u"protocolsettings"_s, settings);
        const HttpGot answer = httpSend("POST", url(*agent), crm, json(body));
        QVERIFY2(answer.status == 400, qPrintable(what + u": "_s + QString::fromUtf8(answer.body)));
    }
    QJsonObject token = ok;
    token.insert(u"sinkcredential"_s,
                 QJsonObject{{u"credentialtype"_s, u"ACCESSTOKEN"_s}, {u"accesstoken"_s, u"t\r\nx-injected: 1"_s}});
    QCOMPARE(httpSend("POST", url(*agent), crm, json(token)).status, 400);
    // The admin API (and so the console) refuses the same.
    QJsonObject definition = subscription(u"admin-made"_s, receiver.url(u"/admin"_s), {kContent},
                                          {{u"headers"_s, QJsonObject{{u"x-a"_s, u"v\nx-injected: 1"_s}}}});
    QCOMPARE(admin.errorCode(method::SubscriptionsCreate, {{u"subscription"_s, definition}}),
             int(protocol::error::InvalidParams));
    QCOMPARE(agent->subscriptions().all().size(), 1);

    // An event whose attributes hold line breaks still arrives as exactly one request with safe headers.
    Producer producer(m_cluster->bootstraps());
    CloudEvent event = makeEvent(kContent, u"evil-1"_s, u"content/a\r\nx-injected: 1"_s);
    event.dataContentType = u"application/json\r\nx-injected: 2"_s;
    producer.sendStructured(m_prefix + u"str"_s, event);
    producer.flush();
    QTRY_COMPARE_WITH_TIMEOUT(receiver.requests().size(), 1, 15000);
    const receiver::ReceivedRequest request = receiver.requests().first();
    QVERIFY(request.header("x-injected").isNull());
    QCOMPARE(request.header("ce-subject"), QByteArray("content/a%0D%0Ax-injected: 1"));
    for (const auto &[name, value] : request.headers)
        QVERIFY2(!value.contains('\n') && !value.contains('\r'), name.constData());
}

// A refused value with a line break shows as \n in the log: no line of the consumer's making.
void TestHostile::refusedValuesLogAsOneLine()
{
    auto agent = start();
    QVERIFY(agent);
    AdminClient admin;
    QVERIFY(signIn(admin, *agent));
    const QString crm = makeConsumer(admin, u"crm"_s);
    QList<QByteArray> lines;
    logging::setSink([&](const QByteArray &line) { lines.append(line); });
    logging::install();
    const QString forged = u"x\nsluice.agent.consumer: consumer other DELETE /subscriptions/1 ok"_s;
    const QJsonObject body{
        {u"protocol"_s, u"HTTP"_s}, {u"sink"_s, u"http://127.0.0.1:9/"_s}, {u"types"_s, QJsonArray{forged}}};
    const HttpGot answer = httpSend("POST", url(*agent), crm, json(body));
    const HttpGot deleted = httpSend("DELETE", url(*agent, u"/subscriptions/a%0Ab"_s), crm);
    qInstallMessageHandler(nullptr);
    logging::setSink({});
    QCOMPARE(answer.status, 400);
    QCOMPARE(deleted.status, 404);
    QVERIFY(!lines.isEmpty());
    for (const QByteArray &line : std::as_const(lines)) {
        QVERIFY2(!line.contains('\n') && !line.contains('\r'), line.constData());
        QVERIFY2(!line.startsWith("sluice.agent.consumer: consumer other"), line.constData());
    }
    const QByteArray all = lines.join('\n');
    QVERIFY2(all.contains("POST /subscriptions/ refused: 400"), all.constData());
    QVERIFY2(all.contains("DELETE /subscriptions/a") && all.contains("refused: 404"), all.constData());
}

// Whatever the APIs accept is stored so that it reads back, unchanged, at the next start; what
// could not read back is refused with a reason, not accepted and then silently lost.
void TestHostile::whatIsAcceptedSurvivesARestart()
{
    QHash<QString, QJsonObject> accepted; // name → its stored definition
    {
        auto agent = start();
        QVERIFY(agent);
        AdminClient admin;
        QVERIFY(signIn(admin, *agent));
        const QString crm = makeConsumer(admin, u"crm"_s);
        const QJsonObject base{{u"protocol"_s, u"HTTP"_s}, {u"types"_s, QJsonArray{kContent}}};
        const QList<std::pair<QJsonObject, int>> bodies = {
            {{{u"sink"_s, u"http://127.0.0.1:9/caf\u00e9"_s}}, 201},
            {{{u"sink"_s, u"http://127.0.0.1:9/a"_s}, {u"filters"_s, QJsonArray{nested(32)}}}, 201},
            {{{u"sink"_s, u"http://127.0.0.1:9/a"_s}, {u"filters"_s, QJsonArray{nested(33)}}}, 400},
            {{{u"sink"_s, u"http://127.0.0.1:9/a"_s}, {u"filters"_s, QJsonArray{nested(1018)}}}, 400},
            {{{u"sink"_s, u"http://127.0.0.1:9/a"_s}, {u"filters"_s, QJsonArray{QJsonValue::Null}}}, 400},
            {{{u"sink"_s, u"http://127.0.0.1:9/a"_s},
              {u"protocolsettings"_s, QJsonObject{{u"headers"_s, QJsonObject{{u"x-api-key"_s, u"k\u00e9"_s}}}}},
              {u"config"_s, QJsonObject{{u"outgoing"_s,
                                         QJsonObject{{u"extensions"_s, QJsonObject{{u"tenant"_s, u"n\u00f6rd"_s}}}}}}}},
             201},
            {{{u"sink"_s, u"http://198.18.0.1/a"_s}}, 400},
            {{{u"sink"_s, u"http://[2001:db8::1]/a"_s}}, 400},
        };
        for (const auto &[extra, status] : bodies) {
            QJsonObject body = base;
            for (auto it = extra.begin(); it != extra.end(); ++it)
                body.insert(it.key(), it.value());
            const HttpGot answer = httpSend("POST", url(*agent), crm, json(body));
            QVERIFY2(answer.status == status, answer.body.constData());
            if (status == 201) {
                const QString id = QJsonDocument::fromJson(answer.body).object().value(u"id"_s).toString();
                accepted.insert(id, agent->subscriptions().find(id)->toStorageJson());
            }
        }
        // Through the admin API too: nested past what the store reads back is refused at the transport.
        QJsonObject deep = subscription(u"deep"_s, u"http://127.0.0.1:9/"_s, {kContent});
        deep.insert(u"filter"_s, nested(100));
        QCOMPARE(admin.errorCode(method::SubscriptionsCreate, {{u"subscription"_s, deep}}),
                 int(protocol::error::InvalidRequest));
        QJsonObject fine = subscription(u"fine"_s, u"http://127.0.0.1:9/caf\u00e9"_s, {kContent});
        fine.insert(u"filter"_s, nested(20));
        admin.result(method::SubscriptionsCreate, {{u"subscription"_s, fine}});
        accepted.insert(u"fine"_s, agent->subscriptions().find(u"fine"_s)->toStorageJson());
        QCOMPARE(agent->subscriptions().all().size(), accepted.size());
    }
    auto again = start();
    QVERIFY(again);
    QCOMPARE(again->subscriptions().all().size(), accepted.size());
    for (auto it = accepted.begin(); it != accepted.end(); ++it) {
        const Subscription *sub = again->subscriptions().find(it.key());
        QVERIFY2(sub, qPrintable(it.key()));
        QCOMPARE(sub->toStorageJson(), it.value());
    }
}

// A consumer subscribed to the lifecycle hears of its own subscriptions, never another's, nor
// of the agent; an administrator's subscription hears of all.
void TestHostile::lifecycleEventsStayWithTheirOwner()
{
    RecordingReceiver everything;
    RecordingReceiver mine;
    auto agent = start({subscription(u"operator"_s, everything.url(), {u"sluice.*"_s}, {{u"handshake"_s, false}})});
    QVERIFY(agent);
    AdminClient admin;
    QVERIFY(signIn(admin, *agent));
    const QString a = makeConsumer(admin, u"alpha"_s);
    const QString b = makeConsumer(admin, u"beta"_s);
    auto create = [&](const QString &token, const QString &sink, const QJsonArray &types, bool initial = false) {
        const HttpGot answer = httpSend("POST", url(*agent), token,
                                        json({{u"protocol"_s, u"HTTP"_s},
                                              {u"sink"_s, sink},
                                              {u"types"_s, types},
                                              {u"config"_s, QJsonObject{{u"initialEvents"_s, initial}}}}));
        return QJsonDocument::fromJson(answer.body).object().value(u"id"_s).toString();
    };
    // With initial events, so that the agent keeps the newest consumed event of each sluice.* type and
    // subject from now on: a later subscription's initial events then have something to leak, or not.
    const QString watcher = create(a, mine.url(u"/lifecycle"_s), {u"sluice.*"_s}, true);
    QVERIFY(!watcher.isEmpty());
    const QString own = create(a, u"http://127.0.0.1:9/own"_s, {kContent});
    const QString theirs = create(b, u"http://127.0.0.1:9/theirs"_s, {kContent});
    QVERIFY(!own.isEmpty() && !theirs.isEmpty());
    QCOMPARE(httpSend("DELETE", url(*agent, u"/subscriptions/"_s + theirs), b).status, 200);
    QCOMPARE(httpSend("DELETE", url(*agent, u"/subscriptions/"_s + own), a).status, 200);

    auto subjects = [](const RecordingReceiver &r) {
        QStringList list;
        for (const CloudEvent &event : r.events())
            list.append(event.type + u' ' + event.subject);
        return list;
    };
    QTRY_VERIFY_WITH_TIMEOUT(subjects(everything).contains(u"sluice.subscription.deleted "_s + own), 15000);
    QTRY_VERIFY_WITH_TIMEOUT(subjects(mine).contains(u"sluice.subscription.deleted "_s + own), 15000);
    QVERIFY2(subjects(everything).contains(u"sluice.subscription.created "_s + theirs),
             qPrintable(subjects(everything).join(u'\n')));
    QVERIFY2(subjects(mine).contains(u"sluice.subscription.created "_s + own), qPrintable(subjects(mine).join(u'\n')));
    QTest::qWait(500);
    for (const CloudEvent &event : mine.events()) {
        QVERIFY2(event.subject != theirs, qPrintable(event.type));
        QVERIFY2(event.type.startsWith(u"sluice.subscription."_s), qPrintable(event.type));
        QCOMPARE(event.jsonData().toObject().value(u"owner"_s).toString(), u"alpha"_s);
    }
    // The same events from Kafka (another agent's sharing the backbone), live and kept for initial
    // events: alpha's reach alpha, beta's do not.
    Producer producer(m_cluster->bootstraps());
    for (const QString owner : {u"alpha"_s, u"beta"_s}) {
        CloudEvent event = makeEvent(u"sluice.subscription.created"_s, u"kafka-"_s + owner, u"kafka-"_s + owner,
                                     {{u"name"_s, u"kafka-"_s + owner}, {u"owner"_s, owner}});
        event.source = u"/sluice/agent/other-host"_s;
        producer.sendStructured(m_prefix + u"str"_s, event);
    }
    producer.flush();
    auto got = [&](const QString &path, const QString &subject) {
        const QList<receiver::ReceivedRequest> requests = mine.requests();
        return std::any_of(requests.begin(), requests.end(),
                           [&](const auto &r) { return r.path == path.toUtf8() && r.body.contains(subject.toUtf8()); });
    };
    QTRY_VERIFY_WITH_TIMEOUT(got(u"/lifecycle"_s, u"kafka-alpha"_s), 15000);
    const QString late = create(a, mine.url(u"/late"_s), {u"sluice.*"_s}, true);
    QVERIFY(!late.isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(got(u"/late"_s, u"kafka-alpha"_s), 15000); // an initial event
    QTRY_VERIFY_WITH_TIMEOUT(subjects(everything).contains(u"sluice.subscription.created kafka-beta"_s), 15000);
    QTest::qWait(500);
    QVERIFY(!got(u"/lifecycle"_s, u"kafka-beta"_s));
    QVERIFY(!got(u"/late"_s, u"kafka-beta"_s));
}

// Removing a consumer that still has subscriptions is refused alike by the command line and the
// admin API, with the same reason; once they are gone, both remove it.
void TestHostile::commandLineAndAdminApiRefuseAlike()
{
    auto agent = start({subscription(u"off-in-file"_s, u"http://127.0.0.1:9/"_s, {kContent}, {{u"enabled"_s, false}})});
    QVERIFY(agent);
    AdminClient admin;
    QVERIFY(signIn(admin, *agent));
    const QString crm = makeConsumer(admin, u"crm"_s);
    makeConsumer(admin, u"idle"_s);
    const HttpGot made = httpSend(
        "POST", url(*agent), crm,
        json({{u"protocol"_s, u"HTTP"_s}, {u"sink"_s, u"http://127.0.0.1:9/"_s}, {u"types"_s, QJsonArray{kContent}}}));
    QCOMPARE(made.status, 201);
    const AgentConfig config = agent->config();
    QCOMPARE(commands::consumer(config, {u"consumer"_s, u"remove"_s, u"crm"_s}), 1);
    QVERIFY(agent->store().consumers().find(u"crm"_s));
    const QJsonObject refused = admin.call(method::ConsumersDelete, {{key::Name, u"crm"_s}});
    QVERIFY2(
        refused.value(u"error"_s).toObject().value(u"message"_s).toString().contains(u"still has 1 subscriptions"_s),
        json(refused).constData());
    QVERIFY(agent->store().consumers().find(u"crm"_s));
    // A name nobody has: both say so.
    QCOMPARE(commands::consumer(config, {u"consumer"_s, u"remove"_s, u"nobody"_s}), 1);
    QCOMPARE(admin.errorCode(method::ConsumersDelete, {{key::Name, u"nobody"_s}}), int(protocol::error::NotFound));
    // Without subscriptions, both remove.
    QCOMPARE(commands::consumer(config, {u"consumer"_s, u"remove"_s, u"idle"_s}), 0);
    QVERIFY(!agent->store().consumers().find(u"idle"_s));
    const QString id = QJsonDocument::fromJson(made.body).object().value(u"id"_s).toString();
    QCOMPARE(httpSend("DELETE", url(*agent, u"/subscriptions/"_s + id), crm).status, 200);
    QCOMPARE(commands::consumer(config, {u"consumer"_s, u"remove"_s, u"crm"_s}), 0);
    QVERIFY(!agent->store().consumers().find(u"crm"_s));

    // Enabling: a subscription an administrator disabled through the API is enabled by either; one
    // the configuration file disables is refused by both.
    admin.result(method::SubscriptionsCreate,
                 {{u"subscription"_s, subscription(u"api-made"_s, u"http://127.0.0.1:9/"_s, {kContent})}});
    admin.result(method::SubscriptionsDisable, {{u"name"_s, u"api-made"_s}});
    QVERIFY(!agent->subscriptions().find(u"api-made"_s)->enabled);
    QCOMPARE(commands::enable(config, {u"enable"_s, u"api-made"_s}), 0);
    QTRY_VERIFY_WITH_TIMEOUT(agent->subscriptions().find(u"api-made"_s)->enabled, 10000); // the agent follows
    QCOMPARE(commands::enable(config, {u"enable"_s, u"off-in-file"_s}), 1);
    QCOMPARE(admin.errorCode(method::SubscriptionsEnable, {{u"name"_s, u"off-in-file"_s}}),
             int(protocol::error::Refused));
    QCOMPARE(commands::enable(config, {u"enable"_s, u"nobody"_s}), 1);
    QCOMPARE(admin.errorCode(method::SubscriptionsEnable, {{u"name"_s, u"nobody"_s}}), int(protocol::error::NotFound));
}

QTEST_MAIN(TestHostile)
#include "tst_hostile.moc"
