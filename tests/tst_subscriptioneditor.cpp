// The subscription editor alone, offscreen: it edits a Subscription value read as the agent showed
// it, gives back exactly what it did not change, and refuses what the agent would refuse, naming the
// field. Its filter conditions and its forms for delivery windows and priority rules.
#include "agentsession.h"
#include "consoleuisupport.h"
#include "filterconditions.h"
#include "protocol.h"
#include "registermodel.h"
#include "ruleseditors.h"
#include "subscription.h"
#include "subscriptioneditor.h"
#include "subscriptionstatus.h"

#include <QCheckBox>
#include <QComboBox>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLineEdit>
#include <QPushButton>
#include <QStandardItemModel>
#include <QTest>
#include <QTimeEdit>
#include <QTreeView>

using namespace Qt::Literals::StringLiterals;
using namespace sluice;
using namespace sluice::console;
using namespace sluice::test;

namespace {

// A subscription as the console reads what the agent showed.
Subscription shownSubscription(const char *json)
{
    QString why;
    const auto read =
        Subscription::fromJson(QJsonDocument::fromJson(json).object(), &why, Subscription::Reading::Shown);
    if (!read)
        qFatal("%s", qPrintable(why));
    return *read;
}

} // namespace

class TestSubscriptionEditor : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void editorKeepsEverything();
    void editorShowsChosenTypesAndRefusesEmptyConditions();
    void editorFormsForWindowsAndPriorityRules();
    void filterConditions_data();
    void filterConditions();
};

void TestSubscriptionEditor::editorKeepsEverything()
{
    // Every key a subscription has goes through the editor's fields and comes back the same.
    const QJsonObject full = QJsonDocument::fromJson(R"({
        "name": "everything", "endpoint": "https://consumer.example/hooks", "enabled": false,
        "types": ["be.digipolis.wcm.v4.content.*", "nl.overheid.zaken.zaak-gekoppeld"],
        "mode": "batch", "batchSize": 50, "priority": "high", "concurrency": 3, "ordered": true,
        "handshake": false, "initialEvents": true,
        "filter": {"all": [{"prefix": {"subject": "content/"}}, {"data": {"path": "/v", "gte": 3}}]},
        "priorityRules": [{"types": ["be.x"], "priority": "immediate"}],
        "headers": {"x-api-key": "***", "x-tenant": "antwerpen"},
        "auth": {"type": "basic", "username": "sluice"},
        "tls": {"caCertificates": "/etc/sluice/ca.pem", "clientCertificate": "/etc/sluice/c.pem",
                "clientKey": "/etc/sluice/c.key"},
        "retrySchedule": ["0", "10s", "1m"], "rateLimit": 25,
        "windows": [{"from": "01:00", "to": "05:00", "days": ["mon", "tue"]}], "timeZone": "Europe/Brussels",
        "coalesce": ["type", "subject"]})")
                                 .object();
    AgentSession session;
    RegisterModel types;
    SubscriptionEditor editor(session, types);
    QJsonObject shown = full;
    shown.insert(u"origin"_s, u"api"_s); // what the agent adds when showing one is not sent back
    shown.insert(u"queue"_s, QJsonObject{{u"waiting"_s, 1}});
    shown.insert(protocol::health::Health, QJsonObject{{protocol::health::Attempts, 3}}); // its last hour
    shown.insert(protocol::hold::Held, QJsonObject{{u"phase"_s, u"held"_s}});
    // The same split the console's models make: definition and status apart, nothing lost.
    const SubscriptionStatus status = SubscriptionStatus::fromJson(shown);
    QCOMPARE(status.definition, full);
    QCOMPARE(status.origin, u"api"_s);
    QCOMPARE(status.queue.waiting, 1);
    QCOMPARE(status.health->attempts, 3u);
    QCOMPARE(SubscriptionStatus::fromJson(status.toJson()).toJson(), status.toJson());
    // Read as shown (the TLS files are the agent's, the password masked), edited as a Subscription,
    // and given back exactly as it came.
    QString error;
    const auto read = Subscription::fromJson(status.definition, &error, Subscription::Reading::Shown);
    QVERIFY2(read, qPrintable(error));
    QVERIFY(!Subscription::fromJson(status.definition, &error)); // on this machine the files are not there
    editor.setSubscription(*read);
    const auto edited = editor.subscription(&error);
    QVERIFY2(edited, qPrintable(error));
    QCOMPARE(edited->toStorageJson(), full);
    QCOMPARE(edited->schedule.timeZone().id(), QByteArray("Europe/Brussels"));
    QCOMPARE(edited->auth.username, u"sluice"_s);
    QVERIFY(edited->auth.password.isEmpty()); // the agent keeps the stored one
    // A password typed anew is sent; a zone left empty is the agent's, so none is sent.
    editor.findChild<QLineEdit *>(u"authSecret"_s)->setText(u"n3w"_s);
    QCOMPARE(editor.subscription(&error)->toStorageJson().value(u"auth"_s).toObject().value(u"password"_s), u"n3w"_s);
    editor.findChild<QComboBox *>(u"timeZone"_s)->setCurrentText(QString());
    QVERIFY(!editor.subscription(&error)->toStorageJson().contains(u"timeZone"_s));
    editor.findChild<QComboBox *>(u"timeZone"_s)->setCurrentText(u"Mars/Olympus"_s);
    QVERIFY(!editor.subscription(&error));
    QVERIFY2(error.startsWith(u"Time zone: Mars/Olympus"_s), qPrintable(error));
    editor.findChild<QComboBox *>(u"timeZone"_s)->setCurrentText(u"Europe/Brussels"_s);
    // What only the agent's parser knows is refused before anything is sent, in its words.
    editor.findChild<QLineEdit *>(u"subscriptionEndpoint"_s)->setText(u"http://consumer.example/hooks"_s);
    QVERIFY(!editor.subscription(&error)); // TLS needs https
    QVERIFY2(error.startsWith(u"The agent would not take it: "_s) && error.contains(u"tls"_s), qPrintable(error));
    // A filter richer than conditions stays as it was, and shows no conditions.
    QCOMPARE(editor.findChild<FilterConditions *>()->count(), 0);
}

void TestSubscriptionEditor::editorShowsChosenTypesAndRefusesEmptyConditions()
{
    RegisterModel types;
    QList<RegisterEntry> entries;
    for (const QString &type : {u"be.cms.page.created"_s, u"be.cms.page.deleted"_s, u"be.cms.menu.changed"_s}) {
        RegisterEntry entry;
        entry.type = type;
        entry.exposed = true;
        entries.append(entry);
    }
    types.setEntries(entries);
    AgentSession session;
    SubscriptionEditor editor(session, types);
    editor.setSubscription(shownSubscription(R"({"name": "pages", "endpoint": "https://consumer.example/hooks",
                                                 "types": ["be.cms.page.created"]})"));
    // The chosen type is in view, and every namespace above it says it holds a choice.
    auto *tree = child<QTreeView>(&editor, u"subscriptionTypes"_s);
    auto *model = qobject_cast<QStandardItemModel *>(tree->model());
    QStandardItem *created = findItem(model, u"be.cms.page.created"_s);
    QVERIFY(created);
    QCOMPARE(created->checkState(), Qt::Checked);
    for (QStandardItem *above = created->parent(); above; above = above->parent()) {
        QCOMPARE(above->checkState(), Qt::PartiallyChecked);
        QVERIFY(tree->isExpanded(above->index()));
    }
    QCOMPARE(findItem(model, u"be.cms.menu.*"_s)->checkState(), Qt::Unchecked);
    QString error;
    QCOMPARE(editor.subscription(&error)->types.patterns(), QStringList{u"be.cms.page.created"_s});

    // A condition without a value would match nothing: refused, with the reason.
    editor.findChild<FilterConditions *>()->addCondition(FilterConditions::AttributeIs, u"subject"_s, QString());
    QVERIFY(!editor.subscription(&error));
    QVERIFY2(error.startsWith(u"Condition 1: the value to compare with"_s), qPrintable(error));
}

// Delivery windows and priority rules are forms: days, times and priorities are chosen, not typed
// as JSON, and what the agent would refuse is refused with the row.
void TestSubscriptionEditor::editorFormsForWindowsAndPriorityRules()
{
    AgentSession session;
    RegisterModel types;
    SubscriptionEditor editor(session, types);
    editor.setSubscription(shownSubscription(R"({"name": "nightly", "endpoint": "https://consumer.example/hooks",
                                                 "types": ["be.x.*"]})"));
    auto *windows = editor.findChild<WindowsEditor *>(u"windowsEditor"_s);
    auto *rules = editor.findChild<PriorityRulesEditor *>(u"priorityRulesEditor"_s);
    QVERIFY(windows && rules);
    QTest::mouseClick(windows->findChildren<QPushButton *>().first(), Qt::LeftButton); // Add
    QCOMPARE(windows->count(), 1);
    windows->findChild<QCheckBox *>(u"sat"_s)->setChecked(true);
    windows->findChild<QCheckBox *>(u"sun"_s)->setChecked(true);
    auto times = windows->findChildren<QTimeEdit *>();
    times.at(0)->setTime(QTime(22, 0));
    times.at(1)->setTime(QTime(6, 30));
    QTest::mouseClick(rules->findChildren<QPushButton *>().first(), Qt::LeftButton); // Add
    rules->findChildren<QLineEdit *>().at(0)->setText(u"be.x.urgent, be.x.alarm"_s);
    QString error;
    const auto edited = editor.subscription(&error);
    QVERIFY2(edited, qPrintable(error));
    QCOMPARE(edited->schedule.windows().size(), 1);
    QCOMPARE(edited->schedule.windows().first().days, (QList<int>{6, 7}));
    QCOMPARE(edited->priorityRules.first().priority, Priority::High);
    const QJsonObject sub = edited->toJson();
    QCOMPARE(sub.value(u"windows"_s).toArray(),
             (QJsonArray{QJsonObject{
                 {u"from"_s, u"22:00"_s}, {u"to"_s, u"06:30"_s}, {u"days"_s, QJsonArray{u"sat"_s, u"sun"_s}}}}));
    QCOMPARE(sub.value(u"priorityRules"_s).toArray(),
             (QJsonArray{QJsonObject{{u"types"_s, QJsonArray{u"be.x.urgent"_s, u"be.x.alarm"_s}},
                                     {u"priority"_s, u"high"_s}}}));

    // Refused with the row: a window that never opens, a rule for no types, a filter that is none.
    times.at(1)->setTime(QTime(22, 0));
    QVERIFY(!editor.subscription(&error));
    QVERIFY2(error.startsWith(u"Delivery window 1:"_s), qPrintable(error));
    times.at(1)->setTime(QTime(6, 30));
    rules->findChildren<QLineEdit *>().at(1)->setText(u"{\"sql\": 1}"_s);
    QVERIFY(!editor.subscription(&error));
    QVERIFY2(error.startsWith(u"Priority rule 1: the filter is not a filter"_s), qPrintable(error));
    rules->findChildren<QLineEdit *>().at(1)->clear();
    rules->findChildren<QLineEdit *>().at(0)->clear();
    QVERIFY(!editor.subscription(&error));
    QVERIFY2(error.startsWith(u"Priority rule 1: which types"_s), qPrintable(error));
}

void TestSubscriptionEditor::filterConditions_data()
{
    QTest::addColumn<QByteArray>("filter");
    QTest::addColumn<bool>("asConditions");
    QTest::newRow("attribute is") << QByteArray(R"({"exact": {"type": "be.x"}})") << true;
    QTest::newRow("starts and ends")
        << QByteArray(R"({"all": [{"prefix": {"subject": "content/"}}, {"suffix": {"source": "/plain"}}]})") << true;
    QTest::newRow("data is a string") << QByteArray(R"({"data": {"path": "/status/new", "equals": "published"}})")
                                      << true;
    QTest::newRow("data is a number") << QByteArray(R"({"data": {"path": "/item/version", "equals": 3}})") << true;
    QTest::newRow("data is true") << QByteArray(R"({"data": {"path": "/flag", "equals": true}})") << true;
    QTest::newRow("data exists") << QByteArray(R"({"data": {"path": "/item/parent", "exists": true}})") << true;
    QTest::newRow("any") << QByteArray(R"({"any": [{"exact": {"type": "a"}}, {"exact": {"type": "b"}}]})") << false;
    QTest::newRow("not") << QByteArray(R"({"not": {"exact": {"type": "a"}}})") << false;
    QTest::newRow("data compares") << QByteArray(R"({"data": {"path": "/v", "gte": 3}})") << false;
    QTest::newRow("data does not exist") << QByteArray(R"({"data": {"path": "/v", "exists": false}})") << false;
    QTest::newRow("all with an any inside")
        << QByteArray(R"({"all": [{"exact": {"type": "a"}}, {"any": [{"exact": {"type": "b"}}]}]})") << false;
}

void TestSubscriptionEditor::filterConditions()
{
    QFETCH(QByteArray, filter);
    QFETCH(bool, asConditions);
    const QJsonObject json = QJsonDocument::fromJson(filter).object();
    FilterConditions conditions;
    QCOMPARE(conditions.setFilter(json), asConditions);
    QString error;
    if (asConditions) {
        QCOMPARE(conditions.filter(&error), json); // the same filter back
        QVERIFY(error.isEmpty());
    } else {
        QCOMPARE(conditions.count(), 0);
    }
    // An incomplete condition is named.
    conditions.clear();
    conditions.addCondition(FilterConditions::DataIs, u"status"_s, u"x"_s);
    QVERIFY(conditions.filter(&error).isEmpty());
    QVERIFY2(error.contains(u"Condition 1"_s) && error.contains(u"JSON pointer"_s), qPrintable(error));
}

QTEST_MAIN(TestSubscriptionEditor)
#include "tst_subscriptioneditor.moc"
