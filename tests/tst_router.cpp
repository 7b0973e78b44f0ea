// Router alone: which subscriptions an event goes to, with which priority, not-before time and
// keys, and what the register lets leave. The built-in catalogue, no store, no Kafka, no sockets.
#include "ingest/router.h"
#include "register/register.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace sluice;
using namespace sluice::agent;

namespace {

constexpr qint64 kAt = 1'800'000'000'000;
const QString kCreated = u"be.digipolis.wcm.v4.content.item.created"_s;
const QString kInstalled = u"be.digipolis.wcm.v4.module.installed"_s; // in the catalogue, not exposed

QList<Subscription> subscriptions(const QByteArray &json)
{
    QList<Subscription> list;
    for (const QJsonValue &value : QJsonDocument::fromJson(json).array()) {
        QJsonObject object = value.toObject();
        object.insert(u"endpoint"_s, u"https://hooks.example/"_s + object.value(u"name"_s).toString());
        QString error;
        const auto sub = Subscription::fromJson(object, &error);
        if (!sub)
            qFatal("bad test subscription: %s", qPrintable(error));
        list.append(*sub);
    }
    return list;
}

CloudEvent cloudEvent(const QString &type, const QString &subject, const QJsonObject &extensions = {})
{
    CloudEvent e;
    e.id = u"1"_s;
    e.source = u"/wcm/v4/content"_s;
    e.type = type;
    e.subject = subject;
    for (auto it = extensions.begin(); it != extensions.end(); ++it)
        e.extensions.insert(it.key(), it.value());
    e.setJsonData(QJsonObject{{u"id"_s, u"abc"_s}});
    return e;
}

} // namespace

class TestRouter : public QObject {
    Q_OBJECT

    EventRegister m_register{RegisterConfig()};

private Q_SLOTS:
    void initTestCase();
    void route_data();
    void route();
    void aListAboutToApplyIsUsedInstead();
    void refusedByTheSchemaUnderEnforce();
    void routeToOneSubscriptionCountsNothing();
};

void TestRouter::initTestCase()
{
    QString error;
    QVERIFY2(m_register.load(nullptr, &error), qPrintable(error));
}

void TestRouter::route_data()
{
    QTest::addColumn<QByteArray>("subs");
    QTest::addColumn<QString>("type");
    QTest::addColumn<QString>("subject");
    QTest::addColumn<QJsonObject>("extensions");
    QTest::addColumn<QStringList>("matched");
    QTest::addColumn<QList<int>>("priorities");
    QTest::addColumn<QList<qint64>>("notBefore");
    QTest::addColumn<QStringList>("orderingKeys");
    QTest::addColumn<QList<bool>>("coalesced");

    const QByteArray two = R"([{"name":"all","types":["be.*"]},
                               {"name":"content","types":["be.digipolis.wcm.v4.content.*"],"priority":"high"}])";
    QTest::newRow("two subscriptions, in their order")
        << two << kCreated << u"page/1"_s << QJsonObject() << QStringList{u"all"_s, u"content"_s} << QList<int>{1, 2}
        << QList<qint64>{0, 0} << QStringList{QString(), QString()} << QList<bool>{false, false};
    QTest::newRow("a type only one selects")
        << two << u"be.digipolis.wcm.v4.menu.changed"_s << QString() << QJsonObject() << QStringList{u"all"_s}
        << QList<int>{1} << QList<qint64>{0} << QStringList{QString()} << QList<bool>{false};
    QTest::newRow("not exposed: nobody, even with a wildcard")
        << two << kInstalled << QString() << QJsonObject() << QStringList() << QList<int>() << QList<qint64>()
        << QStringList() << QList<bool>();
    QTest::newRow("disabled matches nothing")
        << QByteArray(R"([{"name":"off","types":["be.*"],"enabled":false}])") << kCreated << QString() << QJsonObject()
        << QStringList() << QList<int>() << QList<qint64>() << QStringList() << QList<bool>();
    QTest::newRow("a data filter") << QByteArray(R"([{"name":"abc","types":["be.*"],
                                                     "filter":{"data":{"path":"/id","equals":"abc"}}},
                                                    {"name":"xyz","types":["be.*"],
                                                     "filter":{"data":{"path":"/id","equals":"xyz"}}}])")
                                   << kCreated << QString() << QJsonObject() << QStringList{u"abc"_s} << QList<int>{1}
                                   << QList<qint64>{0} << QStringList{QString()} << QList<bool>{false};
    QTest::newRow("a priority rule votes higher")
        << QByteArray(R"([{"name":"s","types":["be.*"],"priority":"low",
                          "priorityRules":[{"priority":"high","filter":{"prefix":{"subject":"vip/"}}}]}])")
        << kCreated << u"vip/7"_s << QJsonObject() << QStringList{u"s"_s} << QList<int>{2} << QList<qint64>{0}
        << QStringList{QString()} << QList<bool>{false};
    QTest::newRow("not-before from the event")
        << QByteArray(R"([{"name":"s","types":["be.*"]}])") << kCreated << QString()
        << QJsonObject{{u"notbefore"_s, u"2027-01-15T09:00:00Z"_s}} << QStringList{u"s"_s} << QList<int>{1}
        << QList<qint64>{kAt + 3'600'000} << QStringList{QString()} << QList<bool>{false};
    QTest::newRow("not-before unreadable: none")
        << QByteArray(R"([{"name":"s","types":["be.*"]}])") << kCreated << QString()
        << QJsonObject{{u"notbefore"_s, u"tomorrow"_s}} << QStringList{u"s"_s} << QList<int>{1} << QList<qint64>{0}
        << QStringList{QString()} << QList<bool>{false};
    QTest::newRow("immediate ignores not-before")
        << QByteArray(R"([{"name":"s","types":["be.*"],"priority":"immediate"}])") << kCreated << QString()
        << QJsonObject{{u"notbefore"_s, u"2027-01-15T09:00:00Z"_s}} << QStringList{u"s"_s} << QList<int>{3}
        << QList<qint64>{0} << QStringList{QString()} << QList<bool>{false};
    QTest::newRow("ordered by subject, coalesced")
        << QByteArray(R"([{"name":"s","types":["be.*"],"ordered":true,"coalesce":["type","subject"]}])") << kCreated
        << u"page/9"_s << QJsonObject() << QStringList{u"s"_s} << QList<int>{1} << QList<qint64>{0}
        << QStringList{u"page/9"_s} << QList<bool>{true};
    QTest::newRow("the agent's own events route like any")
        << QByteArray(R"([{"name":"audit","types":["sluice.*"]}])") << u"sluice.agent.started"_s << u"vm"_s
        << QJsonObject() << QStringList{u"audit"_s} << QList<int>{1} << QList<qint64>{0} << QStringList{QString()}
        << QList<bool>{false};
}

void TestRouter::route()
{
    QFETCH(QByteArray, subs);
    QFETCH(QString, type);
    QFETCH(QString, subject);
    QFETCH(QJsonObject, extensions);
    QFETCH(QStringList, matched);
    QFETCH(QList<int>, priorities);
    QFETCH(QList<qint64>, notBefore);
    QFETCH(QStringList, orderingKeys);
    QFETCH(QList<bool>, coalesced);

    Router router(&m_register, u"notbefore"_s);
    router.setSubscriptions(subscriptions(subs));
    const Router::Route route = router.route(cloudEvent(type, subject, extensions), kAt);
    QVERIFY2(route.refusal.isEmpty(), qPrintable(route.refusal.text()));
    QCOMPARE(route.matched, matched);
    QCOMPARE(route.deliveries.size(), matched.size());
    for (qsizetype i = 0; i < route.deliveries.size(); ++i) {
        const NewDelivery &d = route.deliveries.at(i);
        QCOMPARE(d.subscription, matched.at(i));
        QCOMPARE(d.priority, priorities.at(i));
        QCOMPARE(d.notBefore, notBefore.at(i));
        QCOMPARE(d.orderingKey, orderingKeys.at(i));
        QCOMPARE(!d.coalescingKey.isEmpty(), coalesced.at(i));
    }
}

void TestRouter::aListAboutToApplyIsUsedInstead()
{
    Router router(&m_register, u"notbefore"_s);
    router.setSubscriptions(subscriptions(R"([{"name":"old","types":["be.*"]}])"));
    const QList<Subscription> next = subscriptions(R"([{"name":"new","types":["be.*"]}])");
    QCOMPARE(router.route(cloudEvent(kCreated, {}), kAt, &next).matched, QStringList{u"new"_s});
    QCOMPARE(router.route(cloudEvent(kCreated, {}), kAt).matched, QStringList{u"old"_s});
}

void TestRouter::refusedByTheSchemaUnderEnforce()
{
    EventRegister strict{RegisterConfig()};
    QString error;
    QVERIFY2(strict.load(nullptr, &error), qPrintable(error));
    EventRegister::Change change;
    change.schema = QJsonObject{{u"type"_s, u"object"_s}, {u"required"_s, QJsonArray{u"title"_s}}};
    change.example = QJsonObject{{u"title"_s, u"t"_s}};
    change.validation = ValidationPolicy::Enforce;
    QVERIFY2(strict.update(kCreated, change, &error), qPrintable(error));
    Router router(&strict, u"notbefore"_s);
    router.setSubscriptions(subscriptions(R"([{"name":"s","types":["be.*"]}])"));
    const Router::Route refused = router.route(cloudEvent(kCreated, {}), kAt);
    QCOMPARE(refused.refusal.reason, quarantined::Schema);
    QCOMPARE(refused.refusal.params.value(quarantinedparam::Type).toString(), kCreated);
    QVERIFY2(refused.refusal.text().contains(u"title"_s), qPrintable(refused.refusal.text()));
    QVERIFY(refused.deliveries.isEmpty() && refused.matched.isEmpty());
    // The refusal is the type's: another type, its schema not enforced, still leaves.
    const Router::Route other = router.route(cloudEvent(u"be.digipolis.wcm.v4.menu.changed"_s, {}), kAt);
    QVERIFY2(other.refusal.isEmpty(), qPrintable(other.refusal.text()));
    QCOMPARE(other.matched, QStringList{u"s"_s});
}

void TestRouter::routeToOneSubscriptionCountsNothing()
{
    Router router(&m_register, u"notbefore"_s);
    const Subscription late = subscriptions(R"([{"name":"late","types":["be.*"],"priority":"high"}])").first();
    const quint64 before = m_register.entry(kCreated)->figures.total;
    const auto delivery = router.routeTo(late, cloudEvent(kCreated, u"page/1"_s));
    QVERIFY(delivery);
    QCOMPARE(delivery->subscription, u"late"_s);
    QCOMPARE(delivery->priority, 2);
    QVERIFY(!router.routeTo(late, cloudEvent(kInstalled, {}))); // not exposed
    QCOMPARE(m_register.entry(kCreated)->figures.total, before);
    // Without a register (tests, tools), everything is exposed.
    Router bare(nullptr, u"notbefore"_s);
    QVERIFY(bare.routeTo(late, cloudEvent(kInstalled, {})));
}

QTEST_GUILESS_MAIN(TestRouter)
#include "tst_router.moc"
