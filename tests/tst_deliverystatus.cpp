// Where a delivery stands, alone: every row is a stored delivery and what holds its subscription
// back, and the phase and reason the agent must tell; then the sentences made of reasons and
// their round trip through JSON. No store, no sockets, no clock.
#include "delivery/deliverystatuses.h"
#include "deliveryitem.h"
#include "errorreason.h"

#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace sluice;
using namespace sluice::agent;

Q_DECLARE_METATYPE(DeliveryState)
Q_DECLARE_METATYPE(DeliveryPhase)

namespace {

constexpr qint64 kNow = 1'800'000'000'000;

Hold circuitOpen()
{
    return {{DeliveryPhase::Held, reason::CircuitOpen, {{reasonparam::Failures, 5}}}, false};
}

Hold disabled()
{
    return {{DeliveryPhase::Held, reason::EndpointDisabled, {{reasonparam::Why, u"410"_s}}}, true};
}

} // namespace

class TestDeliveryStatus : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void phaseAndReason_data();
    void phaseAndReason();
    void sentences_data();
    void sentences();
    void jsonRoundTrip();
    void queryPhasesFollowTheHolds();
};

void TestDeliveryStatus::phaseAndReason_data()
{
    QTest::addColumn<DeliveryState>("state");
    QTest::addColumn<QString>("lastReason");
    QTest::addColumn<int>("attempts");
    QTest::addColumn<qint64>("dueIn"); // ms from now; <= 0: due
    QTest::addColumn<QString>("subscription");
    QTest::addColumn<bool>("orderedBehind");
    QTest::addColumn<DeliveryPhase>("phase");
    QTest::addColumn<QString>("reason");

    using S = DeliveryState;
    using P = DeliveryPhase;
    QTest::newRow("new and due") << S::Pending << QString() << 0 << 0LL << u"free"_s << false << P::Waiting
                                 << reason::Due;
    QTest::newRow("delayed") << S::Pending << QString() << 0 << 5000LL << u"free"_s << false << P::Waiting
                             << reason::Scheduled;
    QTest::newRow("failed, retry later") << S::Pending << reason::RetryScheduled << 2 << 5000LL << u"free"_s << false
                                         << P::Waiting << reason::RetryScheduled;
    QTest::newRow("failed, retry due") << S::Pending << reason::RetryScheduled << 2 << 0LL << u"free"_s << false
                                       << P::Waiting << reason::Due;
    QTest::newRow("due behind an open circuit")
        << S::Pending << QString() << 0 << 0LL << u"open"_s << false << P::Held << reason::CircuitOpen;
    QTest::newRow("not due behind an open circuit: waiting for its time")
        << S::Pending << reason::RetryScheduled << 1 << 5000LL << u"open"_s << false << P::Waiting
        << reason::RetryScheduled;
    QTest::newRow("disabled endpoint holds every one, due or not")
        << S::Pending << reason::RetryScheduled << 1 << 5000LL << u"off"_s << false << P::Held
        << reason::EndpointDisabled;
    QTest::newRow("behind an earlier one of its subject")
        << S::Pending << QString() << 0 << 0LL << u"free"_s << true << P::Held << reason::OrderedBehind;
    QTest::newRow("being sent") << S::Pending << QString() << 0 << 0LL << u"sending"_s << false << P::Sending
                                << reason::Sending;
    QTest::newRow("polled: kept for its consumer")
        << S::Pending << QString() << 0 << 0LL << u"polled"_s << false << P::Waiting << reason::AwaitingPoll;
    QTest::newRow("delivered") << S::Delivered << reason::Delivered << 1 << 0LL << u"free"_s << false << P::Delivered
                               << reason::Delivered;
    QTest::newRow("dead: refused") << S::Dead << reason::Refused << 1 << 0LL << u"free"_s << false << P::Dead
                                   << reason::Refused;
    QTest::newRow("dead: schedule ran out")
        << S::Dead << reason::GaveUp << 3 << 0LL << u"free"_s << false << P::Dead << reason::GaveUp;
    QTest::newRow("dead before reasons were kept: given up")
        << S::Dead << QString() << 3 << 0LL << u"free"_s << false << P::Dead << reason::GaveUp;
    QTest::newRow("dead: subscription deleted") << S::Dead << reason::SubscriptionDeleted << 0 << 0LL << u"free"_s
                                                << false << P::Dead << reason::SubscriptionDeleted;
    QTest::newRow("dead stays dead behind an open circuit")
        << S::Dead << reason::GaveUp << 3 << 0LL << u"open"_s << false << P::Dead << reason::GaveUp;
    QTest::newRow("discarded") << S::Discarded << reason::Discarded << 1 << 0LL << u"free"_s << false << P::Discarded
                               << reason::Discarded;
    QTest::newRow("superseded") << S::Superseded << QString() << 0 << 0LL << u"free"_s << false << P::Superseded
                                << reason::Superseded;
}

void TestDeliveryStatus::phaseAndReason()
{
    QFETCH(DeliveryState, state);
    QFETCH(QString, lastReason);
    QFETCH(int, attempts);
    QFETCH(qint64, dueIn);
    QFETCH(QString, subscription);
    QFETCH(bool, orderedBehind);
    QFETCH(DeliveryPhase, phase);
    QFETCH(QString, reason);

    const DeliveryStatuses statuses({{u"open"_s, circuitOpen()}, {u"off"_s, disabled()}}, {u"polled"_s},
                                    {u"dlv_sending"_s}, kNow);
    DeliverySummary d;
    d.deliveryId = subscription == u"sending"_s ? u"dlv_sending"_s : u"dlv_1"_s;
    d.subscription = subscription;
    d.state = state;
    d.lastReason = lastReason;
    d.attempts = attempts;
    d.nextAttemptAt = kNow + dueIn;
    d.orderedBehind = orderedBehind;
    d.lastStatus = 503;
    d.lastError = u"HTTP 503 Service Unavailable"_s;
    const DeliveryStatus status = statuses.of(d);
    QCOMPARE(status.phase, phase);
    QCOMPARE(status.reason, reason);
    QVERIFY(!status.text().isEmpty());
}

void TestDeliveryStatus::sentences_data()
{
    QTest::addColumn<QString>("reason");
    QTest::addColumn<QJsonObject>("params");
    QTest::addColumn<QString>("text");

    QTest::newRow("circuit open") << reason::CircuitOpen
                                  << QJsonObject{{u"since"_s, u"2026-11-27T10:02:11Z"_s},
                                                 {u"failures"_s, 5},
                                                 {u"last"_s, u"HTTP 503 Service Unavailable"_s},
                                                 {u"probeAt"_s, u"2026-11-27T10:02:41Z"_s}}
                                  << u"the endpoint's circuit is open since 2026-11-27T10:02:11Z after 5 failures in a "
                                     u"row (last: HTTP 503 Service Unavailable); one probe at 2026-11-27T10:02:41Z"_s;
    QTest::newRow("a value holding a marker stays as it is")
        << reason::GaveUp << QJsonObject{{u"last"_s, u"100% of %2 failed"_s}}
        << u"gave up after its retry schedule ran out; last: 100% of %2 failed"_s;
    QTest::newRow("rate as a number") << reason::RateLimited << QJsonObject{{u"rate"_s, 2.5}}
                                      << u"rate limited to 2.5 events per second"_s;
    QTest::newRow("an unknown code says itself") << u"newerThanThisBuild"_s << QJsonObject() << u"newerThanThisBuild"_s;
}

void TestDeliveryStatus::sentences()
{
    QFETCH(QString, reason);
    QFETCH(QJsonObject, params);
    QFETCH(QString, text);
    QCOMPARE((DeliveryStatus{DeliveryPhase::Held, reason, params}).text(), text);
}

void TestDeliveryStatus::jsonRoundTrip()
{
    DeliveryItem item;
    item.id = u"dlv_1"_s;
    item.subscription = u"crm"_s;
    item.state = u"pending"_s;
    item.status = {DeliveryPhase::Held, reason::CircuitOpen, {{u"failures"_s, 5}}};
    item.attempts = 2;
    item.createdAt = kNow;
    item.updatedAt = kNow + 1;
    item.history = {{kNow, 503, u"HTTP 503"_s, 12, u"busy"_s}, {kNow + 10, 0, u"Connection refused"_s, 3, {}}};
    item.event = QJsonObject{{u"id"_s, u"e1"_s}};
    const QJsonObject json = item.toJson();
    QCOMPARE(json.value(u"status"_s).toObject().value(u"phase"_s).toString(), u"held"_s);
    QVERIFY(json.value(u"status"_s).toObject().value(u"text"_s).toString().contains(u"5 failures"_s));
    const DeliveryItem back = DeliveryItem::fromJson(json);
    QCOMPARE(back.status, item.status);
    QCOMPARE(back.attempts, 2);
    QCOMPARE(back.history.size(), 2);
    QCOMPARE(back.history.at(1).error, u"Connection refused"_s);
    QCOMPARE(back.createdAt, kNow);

    const ErrorReason error{refusal::NotNumber, {{u"param"_s, u"limit"_s}, {u"min"_s, 1}, {u"max"_s, 1000}}};
    QCOMPARE(error.text(), u"\"limit\" must be a whole number from 1 to 1000"_s);
    QCOMPARE(ErrorReason::fromJson(error.toJson()).params, error.params);
}

// The store answers the phases from the same holds: held subscriptions are named to it, the ones
// that stop every delivery apart.
void TestDeliveryStatus::queryPhasesFollowTheHolds()
{
    const DeliveryStatuses statuses({{u"open"_s, circuitOpen()}, {u"off"_s, disabled()}}, {}, {}, kNow);
    DeliveryQuery query;
    query.state = u"attention"_s;
    statuses.restrict(query);
    QCOMPARE(query.holding, QStringList{u"open"_s});
    QCOMPARE(query.stopped, QStringList{u"off"_s});
    QCOMPARE(query.now, kNow);
}

QTEST_GUILESS_MAIN(TestDeliveryStatus)
#include "tst_deliverystatus.moc"
