// The event register against real parts: the embedded Kafka-protocol cluster (module definitions
// on the register topic, events on the bus), a SQLite store, a receiver on 127.0.0.1, the agent's
// HTTP server, and the official AsyncAPI JSON Schema run by Node (tests/node).
#include "agent.h"
#include "ingest/router.h"
#include "queue/store.h"
#include "register/jsonschema.h"
#include "register/register.h"
#include "register/registerfeed.h"
#include "subscriptions/subscriptionregistry.h"
#include "testsupport.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QSignalSpy>
#include <QTest>
#include <QUuid>

using namespace Qt::Literals::StringLiterals;
using namespace sluice;
using namespace sluice::agent;
using sluice::test::makeEvent;
using sluice::test::Producer;
using sluice::test::RecordingReceiver;
using sluice::test::subscription;

namespace {

const QString kContentCreated = u"be.digipolis.wcm.v4.content.item.created"_s;
const QString kModuleInstalled = u"be.digipolis.wcm.v4.module.installed"_s;
const QString kGreetingSent = u"be.digipolis.wcm.v4.greetings.greeting.sent"_s;

QJsonObject greetingSchema(bool withLanguage)
{
    QJsonObject properties{{u"to"_s, QJsonObject{{u"type"_s, u"string"_s}}},
                           {u"text"_s, QJsonObject{{u"type"_s, u"string"_s}, {u"minLength"_s, 1}}}};
    QJsonArray required{u"to"_s, u"text"_s};
    if (withLanguage) {
        properties.insert(u"language"_s, QJsonObject{{u"$ref"_s, u"#/definitions/language"_s}});
        required.append(u"language"_s);
    }
    QJsonObject schema{{u"$schema"_s, u"http://json-schema.org/draft-07/schema#"_s},
                       {u"type"_s, u"object"_s},
                       {u"required"_s, required},
                       {u"properties"_s, properties}};
    if (withLanguage)
        schema.insert(u"definitions"_s,
                      QJsonObject{{u"language"_s,
                                   QJsonObject{{u"type"_s, u"string"_s}, {u"enum"_s, QJsonArray{u"nl"_s, u"en"_s}}}}});
    return schema;
}

// A module's definition as it publishes it on the register topic.
CloudEvent definition(const QJsonObject &data, const QString &subject = QString())
{
    CloudEvent event = makeEvent(QString::fromLatin1(EventRegister::kDefinitionType),
                                 QUuid::createUuid().toString(QUuid::WithoutBraces),
                                 subject.isEmpty() ? data.value(u"type"_s).toString() : subject, data);
    event.source = u"/wcm/v4/modules/greetings"_s;
    return event;
}

QJsonObject greetingDefinition(bool withLanguage, const QString &description = u"A greeting was sent."_s)
{
    QJsonObject example{{u"to"_s, u"An"_s}, {u"text"_s, u"Dag An!"_s}};
    if (withLanguage)
        example.insert(u"language"_s, u"nl"_s);
    return {{u"type"_s, kGreetingSent},
            {u"module"_s, u"wcm-greetings"_s},
            {u"source"_s, u"/wcm/v4/greetings"_s},
            {u"name"_s, QJsonObject{{u"en"_s, u"Greeting sent"_s}, {u"nl"_s, u"Groet verstuurd"_s}}},
            {u"description"_s, QJsonObject{{u"en"_s, description}, {u"nl"_s, u"Er werd een groet verstuurd."_s}}},
            {u"schema"_s, greetingSchema(withLanguage)},
            {u"example"_s, example}};
}

QByteArray httpGet(const QString &url, int *status)
{
    const test::HttpGot got = test::httpGet(url);
    *status = got.status;
    return got.body;
}

// The AsyncAPI validator of tests/node: exit code and what it printed.
std::pair<int, QString> validateAsyncApi(const QString &file)
{
    QProcess node;
    node.setProcessChannelMode(QProcess::MergedChannels);
    node.start(u"node"_s, {QStringLiteral(SLUICE_SOURCE_DIR) + u"/tests/node/validate-asyncapi.js"_s, file});
    if (!node.waitForFinished(60000))
        return {-1, u"node did not finish: "_s + node.errorString()};
    return {node.exitCode(), QString::fromUtf8(node.readAll())};
}

} // namespace

class TestRegister : public QObject, private test::ClusterFixture {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void seedsTheCatalogueAndKeepsEdits();
    void registersDefinitionsFromKafka();
    void rejectsBadDefinitionsWithTheReason();
    void validationPolicies();
    void exportsValidAsyncApi();
    void enforcesExposure();

private:
    void publish(const QList<CloudEvent> &definitions);
};

void TestRegister::initTestCase()
{
    startCluster();
}

void TestRegister::init()
{
    nextRun(u"reg"_s);
}

void TestRegister::publish(const QList<CloudEvent> &definitions)
{
    Producer producer(m_cluster->bootstraps());
    for (const CloudEvent &event : definitions)
        producer.sendStructured(m_prefix + u"register"_s, event);
    producer.flush();
}

void TestRegister::seedsTheCatalogueAndKeepsEdits()
{
    const QJsonObject sections{{u"register"_s, registerSection()}};
    {
        Agent agent(config({}, {}, sections));
        QString error;
        QVERIFY2(agent.start(&error), qPrintable(error));
        const QList<RegisterEntry> entries = agent.eventRegister().entries();
        QVERIFY2(entries.size() >= 28, qPrintable(QString::number(entries.size())));

        // Seed 000: the CMS's sources and internal events, each with a schema its example meets.
        for (const QString &type :
             {kContentCreated, u"be.digipolis.wcm.v4.content.item.status_changed"_s,
              u"be.digipolis.wcm.v4.taxonomy.term.deleted"_s, u"be.digipolis.wcm.v4.menu.changed"_s,
              u"be.digipolis.wcm.v4.structure.site.changed"_s, u"be.digipolis.wcm.v4.structure.contenttype.created"_s,
              kModuleInstalled, u"be.digipolis.wcm.v4.search.indexed"_s, u"be.digipolis.wcm.v4.system.started"_s,
              u"be.digipolis.wcm.v4.system.stopped"_s}) {
            const auto entry = agent.eventRegister().entry(type);
            QVERIFY2(entry, qPrintable(type));
            QCOMPARE(entry->origin, RegisterOrigin::Seed);
            QCOMPARE(entry->status, RegisterStatus::Active);
            QVERIFY(!entry->name.en.isEmpty() && !entry->name.nl.isEmpty());
            QVERIFY(!entry->description.en.isEmpty() && !entry->description.nl.isEmpty());
            QVERIFY(!entry->module.isEmpty());
            QString why;
            const auto schema = JsonSchema::compile(entry->schema, &why);
            QVERIFY2(schema, qPrintable(why));
            QVERIFY2(schema->accepts(entry->example), qPrintable(type));
            QCOMPARE(entry->history.size(), 1);
        }
        // Internal events stay in: structure and module events are not exposed by default.
        QVERIFY(agent.eventRegister().entry(kContentCreated)->exposed);
        QVERIFY(!agent.eventRegister().entry(kModuleInstalled)->exposed);

        // Seed 003: link and unlink share one data schema; the source is Open Klant's.
        const auto linked = agent.eventRegister().entry(u"nl.overheid.zaken.zaak-gekoppeld"_s);
        const auto unlinked = agent.eventRegister().entry(u"nl.overheid.zaken.zaak-ontkoppeld"_s);
        QVERIFY(linked && unlinked);
        QCOMPARE(linked->schema, unlinked->schema);
        QCOMPARE(linked->source, u"urn:nld:oin:01823288444:openklant"_s);
        QVERIFY(linked->schema.value(u"required"_s).toArray().contains(u"zaak"_s));

        // An administrator's edit outlives a restart; the catalogue does not overwrite it.
        EventRegister::Change change;
        change.exposed = true;
        change.validation = ValidationPolicy::Enforce;
        change.description = LocalizedText{u"Modules as operators see them."_s, u"Modules zoals beheerders ze zien."_s};
        QVERIFY2(agent.eventRegister().update(kModuleInstalled, change, &error), qPrintable(error));
        QVERIFY(!agent.eventRegister().update(u"no.such.type"_s, change, &error));
        QVERIFY2(error.contains(u"not in the register"_s), qPrintable(error));
        QSignalSpy stopped(&agent, &Agent::stopped);
        agent.stop();
        QVERIFY(stopped.wait(15000));
    }
    Agent again(config({}, {}, sections));
    QString error;
    QVERIFY2(again.start(&error), qPrintable(error));
    const auto edited = again.eventRegister().entry(kModuleInstalled);
    QVERIFY(edited);
    QVERIFY(edited->exposed);
    QCOMPARE(edited->validation, ValidationPolicy::Enforce);
    QCOMPARE(edited->description.nl, u"Modules zoals beheerders ze zien."_s);
    QCOMPARE(edited->history.size(), 1);
}

void TestRegister::registersDefinitionsFromKafka()
{
    const QJsonObject sections{{u"register"_s, registerSection()}};
    Agent agent(config({}, {}, sections));
    QString error;
    QVERIFY2(agent.start(&error), qPrintable(error));
    EventRegister &reg = agent.eventRegister();

    // New: a module's own event (seed 000, "Eigen events registreren").
    publish({definition(greetingDefinition(false))});
    QTRY_VERIFY_WITH_TIMEOUT(reg.entry(kGreetingSent).has_value(), 15000);
    auto entry = reg.entry(kGreetingSent);
    QCOMPARE(entry->origin, RegisterOrigin::Module);
    QCOMPARE(entry->module, u"wcm-greetings"_s);
    QCOMPARE(entry->status, RegisterStatus::Active);
    QCOMPARE(entry->version, 1);
    QCOMPARE(entry->name.nl, u"Groet verstuurd"_s);
    QVERIFY2(!entry->exposed, "leaving the organisation is the administrator's decision, not the module's");

    // Update: same schema, new description: no new version.
    publish({definition(greetingDefinition(false, u"A greeting went out to a citizen."_s))});
    QTRY_COMPARE_WITH_TIMEOUT(reg.entry(kGreetingSent)->description.en, u"A greeting went out to a citizen."_s, 15000);
    QCOMPARE(reg.entry(kGreetingSent)->version, 1);

    // Version bump: a changed schema is version 2, and the history keeps version 1.
    publish({definition(greetingDefinition(true))});
    QTRY_COMPARE_WITH_TIMEOUT(reg.entry(kGreetingSent)->version, 2, 15000);
    entry = reg.entry(kGreetingSent);
    QCOMPARE(entry->history.size(), 2);
    QCOMPARE(entry->history.at(0).version, 1);
    QCOMPARE(entry->history.at(0).schema, greetingSchema(false));
    QCOMPARE(entry->history.at(1).schema, greetingSchema(true));
    QCOMPARE(entry->schema, greetingSchema(true));
    QCOMPARE(agent.registerFeed()->applied(), 3u);

    // A restart reads the (compacted) topic again from the start: the same definitions change nothing.
    QSignalSpy stopped(&agent, &Agent::stopped);
    agent.stop();
    QVERIFY(stopped.wait(15000));
    Agent again(config({}, {}, sections));
    QVERIFY2(again.start(&error), qPrintable(error));
    QTRY_VERIFY_WITH_TIMEOUT(again.registerFeed()->caughtUp(), 15000);
    QCOMPARE(again.registerFeed()->applied(), 3u);
    entry = again.eventRegister().entry(kGreetingSent);
    QCOMPARE(entry->version, 2);
    QCOMPARE(entry->history.size(), 2);
}

void TestRegister::rejectsBadDefinitionsWithTheReason()
{
    Agent agent(config({}, {}, {{u"register"_s, registerSection()}}));
    QString error;
    QVERIFY2(agent.start(&error), qPrintable(error));
    EventRegister &reg = agent.eventRegister();

    QJsonObject notASchema = greetingDefinition(false);
    notASchema.insert(u"type"_s, u"be.test.bad.schema"_s);
    notASchema.insert(u"schema"_s, QJsonObject{{u"type"_s, 5}});
    QJsonObject wrongExample = greetingDefinition(false);
    wrongExample.insert(u"type"_s, u"be.test.bad.example"_s);
    wrongExample.insert(u"example"_s, QJsonObject{{u"to"_s, u"An"_s}});
    QJsonObject noModule = greetingDefinition(false);
    noModule.insert(u"type"_s, u"be.test.bad.module"_s);
    noModule.remove(u"module"_s);
    QJsonObject remoteRef = greetingDefinition(false);
    remoteRef.insert(u"type"_s, u"be.test.bad.remote"_s);
    remoteRef.insert(u"schema"_s, QJsonObject{{u"$ref"_s, u"https://schemas.example.org/greeting.json"_s}});
    QJsonObject takeover = greetingDefinition(false);
    takeover.insert(u"module"_s, u"wcm-impostor"_s);
    QJsonObject older = greetingDefinition(true);
    older.insert(u"version"_s, 1);
    QJsonObject agentType = greetingDefinition(false);
    agentType.insert(u"type"_s, u"sluice.agent.started"_s);

    publish({definition(greetingDefinition(false)), definition(notASchema), definition(wrongExample),
             definition(noModule), definition(remoteRef), definition(greetingDefinition(false), u"be.other.type"_s),
             definition(agentType)});
    Producer producer(m_cluster->bootstraps());
    producer.send(m_prefix + u"register"_s, "be.test.garbage", "{ this is not json",
                  {{"content-type", "application/cloudevents+json"}});
    producer.flush();
    QTRY_VERIFY_WITH_TIMEOUT(reg.entry(kGreetingSent).has_value(), 15000);
    publish({definition(greetingDefinition(true)), definition(takeover), definition(older)});
    QTRY_COMPARE_WITH_TIMEOUT(reg.rejections().size(), 9, 15000);

    QStringList reasons;
    for (const RegisterRejection &r : reg.rejections())
        reasons.append(r.type + u" -> "_s + r.reason);
    const QString all = reasons.join(u"\n"_s);
    auto expect = [&](const QString &type, const QString &fragment) {
        for (const RegisterRejection &r : reg.rejections()) {
            if (r.type == type && r.reason.contains(fragment) && r.origin.startsWith(m_prefix + u"register[0]@"_s))
                return true;
        }
        qWarning("no rejection of %s mentioning \"%s\" in:\n%s", qPrintable(type), qPrintable(fragment),
                 qPrintable(all));
        return false;
    };
    QVERIFY(expect(u"be.test.bad.schema"_s, u"schema:"_s));
    QVERIFY(expect(u"be.test.bad.example"_s, u"example: does not match the schema: /text"_s));
    QVERIFY(expect(u"be.test.bad.module"_s, u"module: missing"_s));
    QVERIFY(expect(u"be.test.bad.remote"_s, u"remote schemas are not fetched"_s));
    QVERIFY(expect(kGreetingSent, u"name different types"_s));
    QVERIFY(expect(u"sluice.agent.started"_s, u"belong to the agent"_s));
    QVERIFY(expect(u"be.test.garbage"_s, u"not a CloudEvent"_s));
    QVERIFY(expect(kGreetingSent, u"owned by module wcm-greetings"_s));
    QVERIFY(expect(kGreetingSent, u"version 1 is older than the registered version 2"_s));

    // Nothing rejected got in, and the good definitions stand.
    for (const QString &type : {u"be.test.bad.schema"_s, u"be.test.bad.example"_s, u"be.test.bad.module"_s,
                                u"be.test.bad.remote"_s, u"be.other.type"_s})
        QVERIFY2(!reg.entry(type), qPrintable(type));
    QCOMPARE(reg.entry(kGreetingSent)->module, u"wcm-greetings"_s);
    QCOMPARE(reg.entry(kGreetingSent)->version, 2);
    QCOMPARE(reg.entry(u"sluice.agent.started"_s)->origin, RegisterOrigin::Seed);
    QCOMPARE(agent.registerFeed()->rejected(), 9u);
}

void TestRegister::validationPolicies()
{
    RecordingReceiver receiver;
    const QString type = kGreetingSent;
    Agent agent(config({subscription(u"greetings"_s, receiver.url(), {type}, {{u"handshake"_s, false}})}, {},
                       {{u"register"_s, registerSection()}}));
    QString error;
    QVERIFY2(agent.start(&error), qPrintable(error));
    EventRegister &reg = agent.eventRegister();
    publish({definition(greetingDefinition(true))});
    QTRY_VERIFY_WITH_TIMEOUT(reg.entry(type).has_value(), 15000);
    EventRegister::Change expose;
    expose.exposed = true;
    QVERIFY(reg.update(type, expose, &error));

    Producer producer(m_cluster->bootstraps());
    const QJsonObject valid{{u"to"_s, u"An"_s}, {u"text"_s, u"Dag An"_s}, {u"language"_s, u"nl"_s}};
    const QJsonObject invalid{{u"to"_s, u"Jan"_s}, {u"text"_s, u"Dag Jan"_s}, {u"language"_s, u"fr"_s}};
    int sent = 0;
    auto sendPair = [&](const QString &round) {
        producer.sendStructured(m_prefix + u"str"_s, makeEvent(type, round + u"-valid"_s, u"greeting/1"_s, valid));
        producer.sendBinary(m_prefix + u"bin"_s, makeEvent(type, round + u"-invalid"_s, u"greeting/2"_s, invalid));
        producer.flush();
        sent += 2;
    };
    auto setPolicy = [&](ValidationPolicy policy) {
        EventRegister::Change change;
        change.validation = policy;
        QVERIFY(reg.update(type, change, &error));
    };

    // off: nothing is checked, both go out.
    setPolicy(ValidationPolicy::Off);
    sendPair(u"off"_s);
    QTRY_COMPARE_WITH_TIMEOUT(receiver.okCount(), 2, 15000);
    QCOMPARE(reg.entry(type)->figures.invalid, 0u);

    // warn: both go out; the invalid one is counted and its error kept, with the JSON pointer.
    setPolicy(ValidationPolicy::Warn);
    sendPair(u"warn"_s);
    QTRY_COMPARE_WITH_TIMEOUT(receiver.okCount(), 4, 15000);
    QCOMPARE(reg.entry(type)->figures.invalid, 1u);
    QVERIFY2(reg.entry(type)->figures.lastValidationError.contains(u"version 1: /language"_s),
             qPrintable(reg.entry(type)->figures.lastValidationError));
    QCOMPARE(agent.stats().quarantined, 0u);

    // enforce: the valid one goes out; the invalid one is quarantined with path and message.
    setPolicy(ValidationPolicy::Enforce);
    sendPair(u"enforce"_s);
    QTRY_COMPARE_WITH_TIMEOUT(agent.stats().quarantined, 1u, 15000);
    QTRY_COMPARE_WITH_TIMEOUT(receiver.okCount(), 5, 15000);
    QTest::qWait(300);
    QCOMPARE(receiver.okCount(), 5);
    QVERIFY(receiver.uniqueIds().contains(u"enforce-valid"_s));
    QVERIFY(!receiver.uniqueIds().contains(u"enforce-invalid"_s));
    QCOMPARE(reg.entry(type)->figures.invalid, 2u);
    const QList<QuarantineRecord> quarantined = agent.store().queue().quarantine(0, 1000000, nullptr);
    QCOMPARE(quarantined.size(), 1);
    QVERIFY2(quarantined.first().reason.contains(
                 u"does not match the registered schema of %1 (version 1): /language"_s.arg(type)),
             qPrintable(quarantined.first().reason));
    // The message itself is kept, nothing lost.
    QVERIFY(!agent.store().queue().quarantined(quarantined.first().id)->value.isEmpty());
    QCOMPARE(agent.stats().consumed, quint64(sent));
    QCOMPARE(reg.entry(type)->figures.validated, 4u); // warn and enforce rounds; off checks nothing
    // A replay reads them again: the same refusal, and nothing counted twice.
    const CloudEvent again = makeEvent(type, u"enforce-invalid"_s, u"greeting/2"_s, invalid);
    QCOMPARE(quarantined.first().cause.reason, sluice::quarantined::Schema); // kept with its code
    QCOMPARE(reg.refusalOf(again).text(), quarantined.first().reason);
    QCOMPARE(reg.refusalOf(again).params, quarantined.first().cause.params);
    QVERIFY(reg.refusalOf(makeEvent(type, u"enforce-valid"_s, u"greeting/1"_s, valid)).isEmpty());
    QuarantineReason refusal;
    QVERIFY(!agent.router().replayTo(*agent.subscriptions().find(u"greetings"_s), again, &refusal));
    QCOMPARE(refusal.text(), quarantined.first().reason);
    QCOMPARE(reg.entry(type)->figures.validated, 4u);

    // Events no subscription wants are validated one in kSampleEvery, for the figures only.
    for (int i = 0; i < 2 * EventRegister::kSampleEvery; ++i)
        producer.sendStructured(m_prefix + u"str"_s, makeEvent(kContentCreated, u"unwanted-%1"_s.arg(i),
                                                               u"content/%1"_s.arg(i), {{u"item"_s, 5}}));
    producer.flush();
    QTRY_COMPARE_WITH_TIMEOUT(agent.stats().consumed, quint64(sent + 2 * EventRegister::kSampleEvery), 15000);
    const auto created = reg.entry(kContentCreated);
    QCOMPARE(created->figures.total, quint64(2 * EventRegister::kSampleEvery));
    QCOMPARE(created->figures.validated, 2u);
    QCOMPARE(created->figures.invalid, 2u);
    QVERIFY2(created->figures.lastValidationError.contains(u"/item"_s),
             qPrintable(created->figures.lastValidationError));
    QCOMPARE(agent.stats().quarantined, 1u); // warn (the catalogue's policy): nothing more quarantined
}

void TestRegister::exportsValidAsyncApi()
{
    if (!QFile::exists(QStringLiteral(SLUICE_SOURCE_DIR) + u"/tests/node/node_modules/@asyncapi/specs/package.json"_s))
        QFAIL("tests/node has no node_modules: run npm ci --prefix tests/node (scripts/test.sh does)");
    Agent agent(config(
        {}, {}, {{u"register"_s, registerSection()}, {u"http"_s, QJsonObject{{u"listen"_s, u"127.0.0.1:0"_s}}}}));
    QString error;
    QVERIFY2(agent.start(&error), qPrintable(error));
    QVERIFY(agent.httpPort() > 0);
    // A module's type whose schema refers to its own definitions, exposed, besides the catalogue.
    publish({definition(greetingDefinition(true))});
    QTRY_VERIFY_WITH_TIMEOUT(agent.eventRegister().entry(kGreetingSent).has_value(), 15000);
    EventRegister::Change expose;
    expose.exposed = true;
    QVERIFY(agent.eventRegister().update(kGreetingSent, expose, &error));

    const QString base = u"http://127.0.0.1:%1/register/"_s.arg(agent.httpPort());
    int status = 0;
    const QByteArray body = httpGet(base + u"asyncapi.json"_s, &status);
    QCOMPARE(status, 200);
    const QJsonObject document = QJsonDocument::fromJson(body).object();
    QCOMPARE(document.value(u"asyncapi"_s).toString(), u"3.0.0"_s);

    // One channel, operation and message per exposed type; unexposed ones are not there.
    const QJsonObject channels = document.value(u"channels"_s).toObject();
    int exposed = 0;
    for (const RegisterEntry &e : agent.eventRegister().entries())
        exposed += e.exposed ? 1 : 0;
    QCOMPARE(channels.size(), exposed);
    QCOMPARE(document.value(u"operations"_s).toObject().size(), exposed);
    QVERIFY(channels.contains(u"be_digipolis_wcm_v4_content_item_created"_s));
    QVERIFY(!channels.contains(u"be_digipolis_wcm_v4_module_installed"_s));
    const QJsonObject messages = document.value(u"components"_s).toObject().value(u"messages"_s).toObject();
    const QJsonObject greeting = messages.value(u"be_digipolis_wcm_v4_greetings_greeting_sent"_s).toObject();
    QCOMPARE(greeting.value(u"contentType"_s).toString(), u"application/cloudevents+json"_s);
    const QJsonObject payload = greeting.value(u"payload"_s).toObject();
    QCOMPARE(payload.value(u"properties"_s).toObject().value(u"type"_s).toObject().value(u"const"_s).toString(),
             kGreetingSent);
    QVERIFY(greeting.value(u"headers"_s).toObject().value(u"required"_s).toArray().contains(u"webhook-signature"_s));
    const QJsonObject example =
        greeting.value(u"examples"_s).toArray().first().toObject().value(u"payload"_s).toObject();
    QCOMPARE(example.value(u"data"_s).toObject().value(u"text"_s).toString(), u"Dag An!"_s);
    // The module's own "#/definitions/…" reference now points into its component.
    const QJsonObject schemas = document.value(u"components"_s).toObject().value(u"schemas"_s).toObject();
    const QJsonObject greetingData = schemas.value(kGreetingSent + u".data"_s).toObject();
    QCOMPARE(greetingData.value(u"properties"_s).toObject().value(u"language"_s).toObject().value(u"$ref"_s).toString(),
             u"#/components/schemas/%1.data/definitions/language"_s.arg(kGreetingSent));
    // Seed 003's pair shares one schema component.
    const QString zaakRef = payload.isEmpty() ? QString()
                                              : messages.value(u"nl_overheid_zaken_zaak-ontkoppeld"_s)
                                                    .toObject()
                                                    .value(u"payload"_s)
                                                    .toObject()
                                                    .value(u"properties"_s)
                                                    .toObject()
                                                    .value(u"data"_s)
                                                    .toObject()
                                                    .value(u"$ref"_s)
                                                    .toString();
    QCOMPARE(zaakRef, u"#/components/schemas/nl.overheid.zaken.zaak-gekoppeld.data"_s);

    // Valid against the official AsyncAPI 3.0.0 JSON Schema, checked by another implementation.
    QTemporaryDir dir;
    const QString file = dir.filePath(u"asyncapi.json"_s);
    {
        QFile out(file);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(body);
    }
    const auto [code, output] = validateAsyncApi(file);
    QVERIFY2(code == 0, qPrintable(output));
    // The checker is not a rubber stamp: a broken copy fails.
    QJsonObject broken = document;
    QJsonObject operations = broken.value(u"operations"_s).toObject();
    QJsonObject first = operations.begin()->toObject();
    first.insert(u"action"_s, u"publish"_s); // AsyncAPI 2 wording, not 3
    operations.insert(operations.begin().key(), first);
    broken.insert(u"operations"_s, operations);
    {
        QFile out(dir.filePath(u"broken.json"_s));
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(QJsonDocument(broken).toJson());
    }
    const auto [brokenCode, brokenOutput] = validateAsyncApi(dir.filePath(u"broken.json"_s));
    QVERIFY2(brokenCode == 1 && brokenOutput.contains(u"action"_s), qPrintable(brokenOutput));

    // The readable catalogue, in Markdown and HTML.
    const QString markdown = QString::fromUtf8(httpGet(base + u"catalogue.md"_s, &status));
    QCOMPARE(status, 200);
    QVERIFY(markdown.contains(u"## Greeting sent"_s));
    QVERIFY(markdown.contains(u"*Nederlands:* Er werd een groet verstuurd."_s));
    QVERIFY(!markdown.contains(kModuleInstalled));
    const QString html = QString::fromUtf8(httpGet(base + u"catalogue.html"_s, &status));
    QCOMPARE(status, 200);
    QVERIFY(html.startsWith(u"<!DOCTYPE html>"_s));
    QVERIFY(html.contains(u"<h2 id=\"be_digipolis_wcm_v4_greetings_greeting_sent\">Greeting sent</h2>"_s));
    httpGet(base + u"nothing-here"_s, &status);
    QCOMPARE(status, 404);
}

void TestRegister::enforcesExposure()
{
    // A subscription naming a type the register keeps in is refused, with what to do about it.
    {
        Agent agent(config({subscription(u"modules"_s, u"http://127.0.0.1:9/m"_s, {kModuleInstalled, kContentCreated})},
                           {}, {{u"register"_s, registerSection()}}));
        QString error;
        QVERIFY(!agent.start(&error));
        QVERIFY2(error.contains(u"subscription \"modules\" selects be.digipolis.wcm.v4.module.installed (active), "
                                u"which the register does not expose"_s),
                 qPrintable(error));
        QVERIFY2(error.contains(u"Expose it in the register first, or remove it from \"types\""_s), qPrintable(error));
        QVERIFY(!error.contains(kContentCreated));
    }
    // A wildcard selects only what is exposed under it: content items go out, module events do not.
    RecordingReceiver receiver;
    Agent agent(
        config({subscription(u"all-wcm"_s, receiver.url(), {u"be.digipolis.wcm.v4.*"_s}, {{u"handshake"_s, false}})},
               {}, {{u"register"_s, registerSection()}}));
    QString error;
    QVERIFY2(agent.start(&error), qPrintable(error));
    Producer producer(m_cluster->bootstraps());
    producer.sendStructured(m_prefix + u"str"_s, makeEvent(kContentCreated, u"c1"_s, u"content/1"_s, {}));
    producer.sendStructured(m_prefix + u"str"_s, makeEvent(kModuleInstalled, u"m1"_s, u"module/x"_s, {}));
    producer.sendStructured(m_prefix + u"str"_s,
                            makeEvent(u"be.digipolis.wcm.v4.brand.new"_s, u"n1"_s, u"new/1"_s, {})); // discovered
    producer.flush();
    QTRY_COMPARE_WITH_TIMEOUT(agent.stats().consumed, 3u, 15000);
    QTRY_COMPARE_WITH_TIMEOUT(receiver.okCount(), 1, 15000);
    QTest::qWait(300);
    QCOMPARE(receiver.ids(), QStringList{u"c1"_s});
    QCOMPARE(agent.eventRegister().entry(kModuleInstalled)->figures.total, 1u); // seen, counted, kept in
}

QTEST_GUILESS_MAIN(TestRegister)
#include "tst_register.moc"
