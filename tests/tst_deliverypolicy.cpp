// DeliveryPolicy alone: every row is one attempt's result and what it must mean for the delivery
// and for its endpoint. No Kafka, no sockets, no clock.
#include "delivery/deliverypolicy.h"

#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace sluice::agent;
using namespace std::chrono_literals;

Q_DECLARE_METATYPE(Verdict::Delivery)
Q_DECLARE_METATYPE(Verdict::Endpoint)

namespace {

constexpr qint64 kAt = 1'800'000'000'000; // a fixed "now"

DeliveryPolicy policy(double jitter = 0)
{
    // Three attempts in all: the first, then after 10 s, then after 60 s.
    return DeliveryPolicy({{0ms, 10s, 60s}, jitter, 1h});
}

} // namespace

class TestDeliveryPolicy : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void judge_data();
    void judge();
    void jitterSpreadsAroundTheSchedule_data();
    void jitterSpreadsAroundTheSchedule();
    void retryAfter_data();
    void retryAfter();
    void unencodableIsDeadWithTheReason();
};

void TestDeliveryPolicy::judge_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("retryAfter");
    QTest::addColumn<QString>("transportError");
    QTest::addColumn<int>("attemptsBefore");
    QTest::addColumn<Verdict::Delivery>("delivery");
    QTest::addColumn<Verdict::Endpoint>("endpoint");
    QTest::addColumn<int>("attempts");
    QTest::addColumn<qint64>("retryIn");  // ms after kAt; -1: not a retry
    QTest::addColumn<qint64>("pauseFor"); // ms after kAt; -1: no pause
    QTest::addColumn<QString>("reasonContains");

    using D = Verdict::Delivery;
    using E = Verdict::Endpoint;
    const QByteArray none;
    QTest::newRow("200 delivered") << 200 << none << QString() << 0 << D::Delivered << E::Healthy << 1 << -1LL << -1LL
                                   << QString();
    QTest::newRow("204 on the last attempt")
        << 204 << none << QString() << 2 << D::Delivered << E::Healthy << 3 << -1LL << -1LL << QString();
    QTest::newRow("500 first: retry after 10 s")
        << 500 << none << QString() << 0 << D::Retry << E::Failing << 1 << 10'000LL << -1LL << u"HTTP 500"_s;
    QTest::newRow("500 second: retry after 60 s")
        << 500 << none << QString() << 1 << D::Retry << E::Failing << 2 << 60'000LL << -1LL << u"HTTP 500"_s;
    QTest::newRow("500 last: dead") << 500 << none << QString() << 2 << D::Dead << E::Failing << 3 << -1LL << -1LL
                                    << u"gave up after its retry schedule ran out; last: HTTP 500"_s;
    QTest::newRow("transport error: retry") << 0 << none << u"connection refused"_s << 0 << D::Retry << E::Failing << 1
                                            << 10'000LL << -1LL << u"connection refused"_s;
    QTest::newRow("transport error last: dead")
        << 0 << none << u"timed out"_s << 2 << D::Dead << E::Failing << 3 << -1LL << -1LL << u"last: timed out"_s;
    QTest::newRow("302 is no success") << 302 << none << QString() << 0 << D::Retry << E::Failing << 1 << 10'000LL
                                       << -1LL << u"HTTP 302"_s;
    for (int status : {400, 401, 403, 404, 413})
        QTest::addRow("%d final refusal", status)
            << status << none << QString() << 0 << D::Dead << E::Untouched << 1 << -1LL << -1LL << u"not retried"_s;
    QTest::newRow("410 gone: waits, attempt not counted")
        << 410 << none << QString() << 1 << D::Gone << E::Unsubscribed << 1 << 0LL << -1LL << u"unsubscribed"_s;
    QTest::newRow("503 with Retry-After longer than the schedule")
        << 503 << QByteArray("120") << QString() << 0 << D::Retry << E::Paused << 1 << 120'000LL << 120'000LL
        << u"Retry-After: 120 s"_s;
    QTest::newRow("429 with Retry-After shorter than the schedule")
        << 429 << QByteArray("2") << QString() << 0 << D::Retry << E::Paused << 1 << 10'000LL << 2'000LL
        << u"Retry-After: 2 s"_s;
    QTest::newRow("Retry-After capped at maxRetryAfter")
        << 503 << QByteArray("999999") << QString() << 0 << D::Retry << E::Paused << 1 << 3'600'000LL << 3'600'000LL
        << u"Retry-After: 3600 s"_s;
    QTest::newRow("429 without Retry-After is a failure")
        << 429 << none << QString() << 0 << D::Retry << E::Failing << 1 << 10'000LL << -1LL << u"HTTP 429"_s;
    QTest::newRow("Retry-After on a 500 is ignored") << 500 << QByteArray("120") << QString() << 0 << D::Retry
                                                     << E::Failing << 1 << 10'000LL << -1LL << u"HTTP 500"_s;
    QTest::newRow("unreadable Retry-After is a failure") << 503 << QByteArray("soon") << QString() << 0 << D::Retry
                                                         << E::Failing << 1 << 10'000LL << -1LL << u"HTTP 503"_s;
    QTest::newRow("503 with Retry-After on the last attempt: dead, endpoint paused")
        << 503 << QByteArray("30") << QString() << 2 << D::Dead << E::Paused << 3 << -1LL << 30'000LL
        << u"gave up after its retry schedule ran out"_s;
}

void TestDeliveryPolicy::judge()
{
    QFETCH(int, status);
    QFETCH(QByteArray, retryAfter);
    QFETCH(QString, transportError);
    QFETCH(int, attemptsBefore);
    QFETCH(Verdict::Delivery, delivery);
    QFETCH(Verdict::Endpoint, endpoint);
    QFETCH(int, attempts);
    QFETCH(qint64, retryIn);
    QFETCH(qint64, pauseFor);
    QFETCH(QString, reasonContains);

    const AttemptResult result{status, status ? QByteArray("Reason") : QByteArray(), retryAfter, transportError};
    const Verdict v = policy().judge(result, attemptsBefore, kAt, 0.5);
    QCOMPARE(v.delivery, delivery);
    QCOMPARE(v.endpoint, endpoint);
    QCOMPARE(v.attempts, attempts);
    if (retryIn >= 0)
        QCOMPARE(v.retryAt - kAt, retryIn);
    if (pauseFor >= 0)
        QCOMPARE(v.pauseUntil - kAt, pauseFor);
    if (reasonContains.isEmpty())
        QVERIFY2(v.reason.isEmpty(), qPrintable(v.reason));
    else
        QVERIFY2(v.reason.contains(reasonContains), qPrintable(v.reason));
}

void TestDeliveryPolicy::jitterSpreadsAroundTheSchedule_data()
{
    QTest::addColumn<double>("random");
    QTest::addColumn<qint64>("retryIn");

    // 20 % jitter on 10 s: anywhere from 8 s to 12 s, placed by the random draw.
    QTest::newRow("lowest draw") << 0.0 << 8'000LL;
    QTest::newRow("middle draw") << 0.5 << 10'000LL;
    QTest::newRow("high draw") << 0.75 << 11'000LL;
    QTest::newRow("draw out of range is clamped") << 7.0 << 12'000LL;
}

void TestDeliveryPolicy::jitterSpreadsAroundTheSchedule()
{
    QFETCH(double, random);
    QFETCH(qint64, retryIn);
    const Verdict v = policy(0.2).judge({500, "Internal Server Error", {}, {}}, 0, kAt, random);
    QCOMPARE(v.delivery, Verdict::Delivery::Retry);
    QCOMPARE(v.retryAt - kAt, retryIn);
}

void TestDeliveryPolicy::retryAfter_data()
{
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<qint64>("expected");

    QTest::newRow("seconds") << QByteArray("30") << 30'000LL;
    QTest::newRow("zero") << QByteArray("0") << 0LL;
    QTest::newRow("spaces") << QByteArray(" 5 ") << 5'000LL;
    QTest::newRow("negative") << QByteArray("-5") << -1LL;
    QTest::newRow("empty") << QByteArray() << -1LL;
    QTest::newRow("garbage") << QByteArray("later") << -1LL;
    // kAt is 2027-01-15T08:00:00Z.
    QTest::newRow("HTTP date a minute ahead") << QByteArray("Fri, 15 Jan 2027 08:01:00 GMT") << 60'000LL;
    QTest::newRow("HTTP date in the past") << QByteArray("Thu, 14 Jan 2027 08:00:00 GMT") << 0LL;
    QTest::newRow("HTTP date not GMT") << QByteArray("Fri, 15 Jan 2027 08:01:00 CET") << -1LL;
}

void TestDeliveryPolicy::retryAfter()
{
    QFETCH(QByteArray, value);
    QFETCH(qint64, expected);
    QCOMPARE(DeliveryPolicy::retryAfterMs(value, kAt), expected);
}

void TestDeliveryPolicy::unencodableIsDeadWithTheReason()
{
    const Verdict v = policy().unencodable(u"binary mode needs a JSON object"_s, 1);
    QCOMPARE(v.delivery, Verdict::Delivery::Dead);
    QCOMPARE(v.endpoint, Verdict::Endpoint::Untouched);
    QCOMPARE(v.attempts, 1);
    QVERIFY(v.reason.startsWith(u"cannot encode the event for HTTP: binary mode"_s));
}

QTEST_GUILESS_MAIN(TestDeliveryPolicy)
#include "tst_deliverypolicy.moc"
