// The register learning from the traffic itself, against real parts (the embedded Kafka-protocol
// cluster, a SQLite store, a receiver on 127.0.0.1): types nobody registered are discovered with an
// inferred schema, and every event is counted and sampled for validation per type, also the events
// no subscription wants, which the agent reads only as far as their envelope.
#include "agent.h"
#include "register/register.h"
#include "testsupport.h"

#include <QDateTime>
#include <QJsonArray>
#include <QRandomGenerator>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace sluice;
using namespace sluice::agent;
using sluice::test::makeEvent;
using sluice::test::Producer;
using sluice::test::RecordingReceiver;
using sluice::test::subscription;

namespace {

const QString kContentCreated = u"be.digipolis.wcm.v4.content.item.created"_s;

// Payloads of an undocumented event, varied like real traffic: optional members, nulls,
// integers and fractions, dates, links.
QJsonObject variedPayload(QRandomGenerator &random, int n)
{
    QJsonObject payload{
        {u"orderId"_s, u"ord-%1"_s.arg(n)},
        {u"placedAt"_s, QDateTime::currentDateTimeUtc().addSecs(-n).toString(Qt::ISODate)},
        {u"amount"_s, random.bounded(3) == 0 ? QJsonValue(random.bounded(100)) : QJsonValue(random.bounded(100.0))},
        {u"receipt"_s, u"https://shop.example.org/receipts/%1"_s.arg(n)},
        {u"lines"_s, QJsonArray{QJsonObject{{u"sku"_s, u"sku-%1"_s.arg(n % 9)}, {u"qty"_s, 1 + n % 4}}}},
    };
    if (n % 3 == 0)
        payload.insert(u"coupon"_s, n % 6 == 0 ? QJsonValue(u"WINTER"_s) : QJsonValue(QJsonValue::Null));
    if (n % 5 != 0)
        payload.insert(u"customer"_s, QJsonObject{{u"id"_s, n}, {u"email"_s, u"klant%1@example.org"_s.arg(n)}});
    return payload;
}

} // namespace

class TestRegisterTraffic : public QObject, private test::ClusterFixture {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { startCluster(); }
    void init() { nextRun(u"rtr"_s); }
    void discoversUnregisteredTypes();
    void countsAndSamplesEventsNobodyWants_data();
    void countsAndSamplesEventsNobodyWants();
};

void TestRegisterTraffic::discoversUnregisteredTypes()
{
    RecordingReceiver receiver;
    const QString type = u"com.example.shop.order.placed"_s;
    // Default: a discovered type does not leave before someone exposes it.
    Agent agent(config({subscription(u"shop"_s, receiver.url(), {u"com.example.shop.*"_s}, {{u"handshake"_s, false}})},
                       {}, {{u"register"_s, registerSection(false)}}));
    QString error;
    QVERIFY2(agent.start(&error), qPrintable(error));
    Producer producer(m_cluster->bootstraps());
    QRandomGenerator random(7);
    for (int n = 1; n <= 300; ++n)
        producer.sendStructured(m_prefix + u"str"_s,
                                makeEvent(type, u"o%1"_s.arg(n), u"order/%1"_s.arg(n), variedPayload(random, n)));
    producer.flush();
    QTRY_COMPARE_WITH_TIMEOUT(agent.stats().consumed, 300u, 30000);

    auto entry = agent.eventRegister().entry(type);
    QVERIFY(entry);
    QCOMPARE(entry->origin, RegisterOrigin::Discovered);
    QCOMPARE(entry->status, RegisterStatus::Draft);
    QVERIFY(!entry->exposed);
    QCOMPARE(entry->samples, 300u);
    QCOMPARE(entry->figures.total, 300u);
    QCOMPARE(entry->figures.lastHour, 300u);
    QCOMPARE(entry->source, u"/test"_s);
    QVERIFY(entry->figures.firstSeen > 0 && entry->figures.lastSeen >= entry->figures.firstSeen);
    QTest::qWait(300);
    QCOMPARE(receiver.okCount(), 0); // not exposed: nothing left

    // What was inferred: members present in every payload are required, the others not; formats
    // that held for every value; integer and fraction merge into number; null joins the types.
    const QJsonObject schema = entry->schema;
    QCOMPARE(schema.value(u"type"_s).toString(), u"object"_s);
    QStringList required;
    for (const QJsonValue &v : schema.value(u"required"_s).toArray())
        required.append(v.toString());
    required.sort();
    QCOMPARE(required, (QStringList{u"amount"_s, u"lines"_s, u"orderId"_s, u"placedAt"_s, u"receipt"_s}));
    const QJsonObject properties = schema.value(u"properties"_s).toObject();
    QCOMPARE(properties.value(u"placedAt"_s).toObject().value(u"format"_s).toString(), u"date-time"_s);
    QCOMPARE(properties.value(u"receipt"_s).toObject().value(u"format"_s).toString(), u"uri"_s);
    QCOMPARE(properties.value(u"amount"_s).toObject().value(u"type"_s).toString(), u"number"_s);
    QCOMPARE(properties.value(u"coupon"_s).toObject().value(u"type"_s).toArray(), (QJsonArray{u"string"_s, u"null"_s}));
    QCOMPARE(properties.value(u"customer"_s)
                 .toObject()
                 .value(u"properties"_s)
                 .toObject()
                 .value(u"email"_s)
                 .toObject()
                 .value(u"format"_s)
                 .toString(),
             u"email"_s);
    QCOMPARE(properties.value(u"lines"_s).toObject().value(u"items"_s).toObject().value(u"required"_s).toArray(),
             (QJsonArray{u"qty"_s, u"sku"_s}));

    // The later payloads validate against the schema the earlier ones produced.
    QString why;
    const auto compiled = JsonSchema::compile(schema, &why);
    QVERIFY2(compiled, qPrintable(why));
    for (int n = 301; n <= 400; ++n) {
        const QJsonObject later = variedPayload(random, n);
        const auto violations = compiled->validate(later);
        QVERIFY2(violations.isEmpty(), qPrintable(violations.value(0).toString()));
    }
    // And it is a real constraint, not "anything goes".
    QVERIFY(!compiled->accepts(QJsonObject{{u"orderId"_s, 42}}));

    // Refined as more arrive: a payload with a new member and a missing one.
    QJsonObject different = variedPayload(random, 401);
    different.remove(u"receipt"_s);
    different.insert(u"giftWrap"_s, true);
    producer.sendStructured(m_prefix + u"str"_s, makeEvent(type, u"o401"_s, u"order/401"_s, different));
    producer.flush();
    QTRY_COMPARE_WITH_TIMEOUT(agent.eventRegister().entry(type)->samples, 301u, 15000);
    entry = agent.eventRegister().entry(type);
    QVERIFY(!entry->schema.value(u"required"_s).toArray().contains(u"receipt"_s));
    QCOMPARE(entry->schema.value(u"properties"_s).toObject().value(u"giftWrap"_s).toObject().value(u"type"_s),
             QJsonValue(u"boolean"_s));

    // Exposed by an administrator: from then on the type flows.
    EventRegister::Change expose;
    expose.exposed = true;
    QVERIFY2(agent.eventRegister().update(type, expose, &error), qPrintable(error));
    producer.sendStructured(m_prefix + u"str"_s,
                            makeEvent(type, u"o402"_s, u"order/402"_s, variedPayload(random, 402)));
    producer.flush();
    QTRY_COMPARE_WITH_TIMEOUT(receiver.okCount(), 1, 15000);
    QCOMPARE(receiver.ids(), QStringList{u"o402"_s});
}

// Events no subscription selects are read only as far as their envelope, yet the register
// counts every one of them per type, validates exactly one in kSampleEvery (the 1st, 17th, 33rd
// of the type), and infers a discovered type's schema from them, in both modes of the binding.
void TestRegisterTraffic::countsAndSamplesEventsNobodyWants_data()
{
    QTest::addColumn<bool>("binary");
    QTest::newRow("structured") << false;
    QTest::newRow("binary") << true;
}

void TestRegisterTraffic::countsAndSamplesEventsNobodyWants()
{
    QFETCH(bool, binary);
    RecordingReceiver receiver;
    const QString discovered = u"com.example.shop.order.placed"_s;
    Agent agent(config({subscription(u"other"_s, receiver.url(), {u"be.other.*"_s}, {{u"handshake"_s, false}})}));
    QString error;
    QVERIFY2(agent.start(&error), qPrintable(error));
    Producer producer(m_cluster->bootstraps());
    QRandomGenerator random(11);
    constexpr int kEach = 40;
    for (int n = 1; n <= kEach; ++n) {
        // Data the catalogue's schema of kContentCreated refuses; policy warn: counted, not held.
        const CloudEvent wrong = makeEvent(kContentCreated, u"c-%1"_s.arg(n), u"content/%1"_s.arg(n), {{u"item"_s, 5}});
        const CloudEvent order =
            makeEvent(discovered, u"o-%1"_s.arg(n), u"order/%1"_s.arg(n), variedPayload(random, n));
        for (const CloudEvent &event : {wrong, order}) {
            if (binary)
                producer.sendBinary(m_prefix + u"bin"_s, event);
            else
                producer.sendStructured(m_prefix + u"str"_s, event);
        }
    }
    producer.flush();
    QTRY_COMPARE_WITH_TIMEOUT(agent.stats().consumed, quint64(2 * kEach), 30000);

    const EventRegister &reg = agent.eventRegister();
    const auto created = reg.entry(kContentCreated);
    QCOMPARE(created->figures.total, quint64(kEach));
    const quint64 samples = (kEach - 1) / EventRegister::kSampleEvery + 1; // totals 1, 17, 33
    QCOMPARE(created->figures.validated, samples);
    QCOMPARE(created->figures.invalid, samples);
    QVERIFY2(created->figures.lastValidationError.contains(u"/item"_s),
             qPrintable(created->figures.lastValidationError));

    const auto order = reg.entry(discovered);
    QVERIFY(order);
    QCOMPARE(order->figures.total, quint64(kEach));
    QCOMPARE(order->samples, quint64(kEach));
    QCOMPARE(order->source, u"/test"_s);
    QVERIFY(order->example.isObject());
    QStringList required;
    for (const QJsonValue &v : order->schema.value(u"required"_s).toArray())
        required.append(v.toString());
    required.sort();
    QCOMPARE(required, (QStringList{u"amount"_s, u"lines"_s, u"orderId"_s, u"placedAt"_s, u"receipt"_s}));
    QCOMPARE(agent.stats().matched, 0u);
    QCOMPARE(agent.stats().quarantined, 0u);
}

QTEST_GUILESS_MAIN(TestRegisterTraffic)
#include "tst_registertraffic.moc"
