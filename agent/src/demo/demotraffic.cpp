#include "demo/demotraffic.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QUuid>

using namespace Qt::Literals::StringLiterals;

Q_LOGGING_CATEGORY(lcDemo, "sluice.agent.demo")

namespace sluice::agent {

namespace {

const QString kTypePrefix = u"be.digipolis.wcm.v4."_s;
const QStringList kTitles = {
    u"Nieuwe fietsstraat op de Leien"_s,
    u"Zomerbar in Park Spoor Noord opent"_s,
    u"Wegenwerken Noorderlaan: omleiding"_s,
    u"Stadsbibliotheek verlengt openingsuren"_s,
    u"Inschrijvingen kleuterschool 2027"_s,
    u"Afvalkalender Berchem vernieuwd"_s,
    u"Nieuwe speeltuin op het Kiel"_s,
    u"Parkeren tijdens de Sinksenfoor"_s,
    u"Subsidie voor groendaken verhoogd"_s,
    u"Museum aan de Stroom: nieuwe expo"_s,
    u"Tramlijn 10 tijdelijk ingekort"_s,
    u"Buurtfeest Zurenborg: vergunning"_s,
    u"Renovatie Scheldekaaien fase 3"_s,
    u"Vaccinatiecentrum sluit in december"_s,
    u"Digitaal loket: nieuwe aanvraagformulieren"_s,
    u"Winterbar op de Groenplaats"_s,
};
const QStringList kContentTypes = {u"nieuwsbericht"_s, u"evenement"_s, u"pagina"_s, u"product"_s};
const QStringList kEditors = {u"An Peeters"_s, u"Jan Janssens"_s, u"Sofie Maes"_s, u"Koen Claes"_s};
const QStringList kModules = {u"wcm-search"_s, u"wcm-forms"_s, u"wcm-greetings"_s, u"wcm-maps"_s};
const QStringList kVocabularies = {u"thema"_s, u"district"_s, u"doelgroep"_s};
const QStringList kTerms = {u"Mobiliteit"_s, u"Wonen"_s,  u"Onderwijs"_s, u"Cultuur"_s,
                            u"Berchem"_s,    u"Deurne"_s, u"Senioren"_s,  u"Jongeren"_s};

QJsonObject editor(QRandomGenerator &random)
{
    const QString name = kEditors.at(random.bounded(int(kEditors.size())));
    return {{u"name"_s, name}, {u"id"_s, u"u-%1"_s.arg(qHash(name) % 9000 + 1000)}};
}

} // namespace

DemoCatalogue::DemoCatalogue(quint32 seed)
    : m_random(seed)
{
    for (int i = 0; i < 40; ++i) {
        Item item;
        item.id = uuid();
        item.title =
            kTitles.at(i % kTitles.size()) + (i >= kTitles.size() ? u" (%1)"_s.arg(i / kTitles.size() + 1) : QString());
        item.contentType = kContentTypes.at(i % kContentTypes.size());
        m_items.append(item);
    }
}

QString DemoCatalogue::uuid()
{
    // Seeded, so a demo run is reproducible; shaped as a version 4 UUID.
    QByteArray bytes(16, Qt::Uninitialized);
    m_random.fillRange(reinterpret_cast<quint32 *>(bytes.data()), 4);
    bytes[6] = char((bytes[6] & 0x0F) | 0x40);
    bytes[8] = char((bytes[8] & 0x3F) | 0x80);
    return QUuid::fromRfc4122(bytes).toString(QUuid::WithoutBraces);
}

QString DemoCatalogue::now() const
{
    return QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
}

CloudEvent DemoCatalogue::next()
{
    ++m_sequence;
    // Content is what the CMS is busiest with; the rest is background.
    CloudEvent event = m_random.bounded(100) < 70 ? contentEvent() : otherEvent();
    // The content is reproducible; the event ids are new in every run, so a demo agent started
    // again on the same store does not take this run's events for events it already stored.
    event.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    event.time = now();
    event.dataContentType = u"application/json"_s;
    return event;
}

CloudEvent DemoCatalogue::contentEvent()
{
    Item &item = m_items[m_random.bounded(int(m_items.size()))];
    CloudEvent event;
    event.source = u"/wcm/v4/content"_s;
    event.subject = u"content/%1"_s.arg(item.id);
    QString action;
    QJsonObject data;
    if (!item.exists) {
        action = u"created"_s;
        item.exists = true;
        item.status = u"draft"_s;
        item.version = 1;
    } else {
        const int roll = m_random.bounded(100);
        if (roll < 55) {
            action = u"changed"_s;
            ++item.version;
            data.insert(u"changedFields"_s, QJsonArray{u"title"_s, u"body"_s});
        } else if (roll < 93) {
            action = u"status_changed"_s;
            const QString old = item.status;
            item.status = old == u"published" ? (m_random.bounded(2) ? u"archived"_s : u"draft"_s) : u"published"_s;
            data.insert(u"status"_s, QJsonObject{{u"old"_s, old}, {u"new"_s, item.status}});
        } else {
            action = u"deleted"_s;
            item.exists = false;
        }
    }
    event.type = kTypePrefix + u"content.item."_s + action;
    data.insert(u"item"_s,
                QJsonObject{
                    {u"id"_s, item.id},
                    {u"title"_s, item.title},
                    {u"contentType"_s, item.contentType},
                    {u"language"_s, u"nl"_s},
                    {u"site"_s, u"antwerpen.be"_s},
                    {u"slug"_s, item.title.toLower().replace(u' ', u'-').remove(u':').remove(u'(').remove(u')')},
                    {u"status"_s, item.status},
                    {u"version"_s, item.version},
                    {u"url"_s, u"https://www.antwerpen.be/content/%1"_s.arg(item.id)},
                });
    data.insert(u"user"_s, editor(m_random));
    event.setJsonData(data);
    return event;
}

CloudEvent DemoCatalogue::otherEvent()
{
    CloudEvent event;
    QJsonObject data;
    const int kind = m_random.bounded(9);
    if (kind == 0) {
        const QString vocabulary = kVocabularies.at(m_random.bounded(int(kVocabularies.size())));
        const QString term = kTerms.at(m_random.bounded(int(kTerms.size())));
        static const QStringList actions = {u"created"_s, u"changed"_s, u"changed"_s, u"deleted"_s};
        event.source = u"/wcm/v4/taxonomy"_s;
        event.type = kTypePrefix + u"taxonomy.term."_s + actions.at(m_random.bounded(4));
        event.subject = u"taxonomy/%1/%2"_s.arg(vocabulary, term.toLower());
        data = {{u"term"_s,
                 QJsonObject{{u"vocabulary"_s, vocabulary}, {u"label"_s, term}, {u"weight"_s, m_random.bounded(10)}}},
                {u"user"_s, editor(m_random)}};
    } else if (kind == 1) {
        static const QStringList menus = {u"hoofdmenu"_s, u"footer"_s, u"snelle-links"_s};
        const QString menu = menus.at(m_random.bounded(int(menus.size())));
        event.source = u"/wcm/v4/menu"_s;
        event.type = kTypePrefix + u"menu.changed"_s;
        event.subject = u"menu/"_s + menu;
        data = {{u"menu"_s, QJsonObject{{u"name"_s, menu}, {u"items"_s, 5 + m_random.bounded(12)}}},
                {u"user"_s, editor(m_random)}};
    } else if (kind == 2) {
        event.source = u"/wcm/v4/structure"_s;
        event.type = kTypePrefix + u"structure.site.changed"_s;
        event.subject = u"site/antwerpen.be"_s;
        data = {{u"site"_s, QJsonObject{{u"domain"_s, u"antwerpen.be"_s}, {u"pages"_s, 1200 + m_random.bounded(50)}}},
                {u"change"_s, u"node-moved"_s},
                {u"user"_s, editor(m_random)}};
    } else if (kind == 3) {
        const QString type = kContentTypes.at(m_random.bounded(int(kContentTypes.size())));
        event.source = u"/wcm/v4/structure"_s;
        event.type = kTypePrefix + u"structure.contenttype.changed"_s;
        event.subject = u"contenttype/"_s + type;
        data = {{u"contentType"_s, QJsonObject{{u"name"_s, type}, {u"fields"_s, 6 + m_random.bounded(8)}}},
                {u"user"_s, editor(m_random)}};
    } else if (kind == 4) {
        static const QStringList actions = {u"installed"_s, u"enabled"_s, u"disabled"_s, u"removed"_s};
        const QString module = kModules.at(m_random.bounded(int(kModules.size())));
        event.source = u"/wcm/v4/modules"_s;
        event.type = kTypePrefix + u"module."_s + actions.at(m_random.bounded(4));
        event.subject = u"module/"_s + module;
        data = {{u"module"_s,
                 QJsonObject{{u"name"_s, module},
                             {u"version"_s, u"4.%1.%2"_s.arg(m_random.bounded(9)).arg(m_random.bounded(20))}}}};
    } else if (kind == 5) {
        const Item &item = m_items.at(m_random.bounded(int(m_items.size())));
        event.source = u"/wcm/v4/search"_s;
        event.type = kTypePrefix + u"search.indexed"_s;
        event.subject = u"content/%1"_s.arg(item.id);
        data = {{u"item"_s, QJsonObject{{u"id"_s, item.id}, {u"title"_s, item.title}}},
                {u"index"_s, u"wcm-content-nl"_s},
                {u"durationMs"_s, 20 + m_random.bounded(400)}};
    } else if (kind == 6) {
        // A module's own event type, registered by the module (greetingsDefinition).
        static const QStringList names = {u"An"_s, u"Jan"_s, u"Sofie"_s, u"Koen"_s};
        const QString name = names.at(m_random.bounded(int(names.size())));
        event.source = u"/wcm/v4/greetings"_s;
        event.type = kTypePrefix + u"greetings.greeting.sent"_s;
        event.subject = u"greeting/%1"_s.arg(uuid());
        data = {{u"to"_s, QJsonObject{{u"name"_s, name}, {u"email"_s, name.toLower() + u"@example.org"_s}}},
                {u"text"_s, u"Dag %1, welkom op antwerpen.be!"_s.arg(name)},
                {u"language"_s, u"nl"_s}};
    } else if (kind == 7) {
        // A module that never registered its events: the register discovers the type.
        event.source = u"/wcm/v4/forms"_s;
        event.type = kTypePrefix + u"forms.submission.received"_s;
        event.subject = u"form/contact/%1"_s.arg(m_sequence);
        data = {{u"form"_s, u"contact"_s},
                {u"submittedAt"_s, now()},
                {u"fields"_s, 3 + m_random.bounded(5)},
                {u"page"_s, u"https://www.antwerpen.be/contact"_s}};
        if (m_random.bounded(2))
            data.insert(u"attachment"_s, u"https://www.antwerpen.be/uploads/%1.pdf"_s.arg(uuid()));
    } else {
        const bool start = m_random.bounded(2) == 0;
        event.source = u"/wcm/v4/system"_s;
        event.type = kTypePrefix + (start ? u"system.started"_s : u"system.stopped"_s);
        event.subject = u"node/wcm-%1"_s.arg(1 + m_random.bounded(3));
        data = {{u"node"_s, event.subject.mid(5)}, {u"version"_s, u"4.12.0"_s}};
    }
    event.setJsonData(data);
    return event;
}

DemoTraffic::DemoTraffic(QString brokers, int eventsPerSecond, QString registerTopic, QObject *parent)
    : QObject(parent)
    , m_brokers(std::move(brokers))
    , m_eventsPerSecond(eventsPerSecond)
    , m_registerTopic(std::move(registerTopic))
{
    m_timer.setInterval(50);
    connect(&m_timer, &QTimer::timeout, this, &DemoTraffic::tick);
}

DemoTraffic::~DemoTraffic()
{
    stop();
}

bool DemoTraffic::start(QString *error)
{
    KafkaConf conf;
    if (!conf.set(u"bootstrap.servers"_s, m_brokers, error) || !conf.set(u"linger.ms"_s, u"5"_s, error) ||
        !conf.set(u"client.id"_s, u"sluice-demo"_s, error))
        return false;
    m_producer = conf.create(RD_KAFKA_PRODUCER, error);
    if (!m_producer)
        return false;
    qCInfo(lcDemo) << "producing" << m_eventsPerSecond << "demo events per second into" << kBinaryTopic
                   << kStructuredTopic << kPlainTopic;
    if (!m_registerTopic.isEmpty()) {
        const CloudEvent definition = greetingsDefinition();
        produce(m_registerTopic, definition.subject.toUtf8(), definition.toStructuredBytes(),
                {{"content-type", "application/cloudevents+json"}});
    }
    m_timer.start();
    return true;
}

CloudEvent DemoTraffic::greetingsDefinition()
{
    const QJsonObject schema{
        {u"$schema"_s, u"http://json-schema.org/draft-07/schema#"_s},
        {u"type"_s, u"object"_s},
        {u"required"_s, QJsonArray{u"to"_s, u"text"_s, u"language"_s}},
        {u"properties"_s,
         QJsonObject{
             {u"to"_s,
              QJsonObject{{u"type"_s, u"object"_s},
                          {u"required"_s, QJsonArray{u"name"_s}},
                          {u"properties"_s, QJsonObject{{u"name"_s, QJsonObject{{u"type"_s, u"string"_s}}},
                                                        {u"email"_s, QJsonObject{{u"type"_s, u"string"_s},
                                                                                 {u"format"_s, u"email"_s}}}}}}},
             {u"text"_s, QJsonObject{{u"type"_s, u"string"_s}, {u"minLength"_s, 1}}},
             {u"language"_s, QJsonObject{{u"type"_s, u"string"_s}, {u"enum"_s, QJsonArray{u"nl"_s, u"en"_s}}}},
         }},
    };
    CloudEvent event;
    event.id = u"wcm-greetings-definition-1"_s;
    event.source = u"/wcm/v4/modules/wcm-greetings"_s;
    event.type = u"sluice.register.definition"_s;
    event.subject = kTypePrefix + u"greetings.greeting.sent"_s;
    event.time = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
    event.dataContentType = u"application/json"_s;
    event.setJsonData(QJsonObject{
        {u"type"_s, event.subject},
        {u"module"_s, u"wcm-greetings"_s},
        {u"source"_s, u"/wcm/v4/greetings"_s},
        {u"name"_s, QJsonObject{{u"en"_s, u"Greeting sent"_s}, {u"nl"_s, u"Groet verstuurd"_s}}},
        {u"description"_s,
         QJsonObject{
             {u"en"_s, u"The Greetings module sent a greeting (the developer guide's example of a custom event)."_s},
             {u"nl"_s, u"De Greetings-module verstuurde een groet (het voorbeeld van een eigen event uit de "
                       u"ontwikkelaarsgids)."_s}}},
        {u"schema"_s, schema},
        {u"example"_s, QJsonObject{{u"to"_s, QJsonObject{{u"name"_s, u"An"_s}, {u"email"_s, u"an@example.org"_s}}},
                                   {u"text"_s, u"Dag An, welkom op antwerpen.be!"_s},
                                   {u"language"_s, u"nl"_s}}},
    });
    return event;
}

void DemoTraffic::stop()
{
    m_timer.stop();
    if (m_producer) {
        rd_kafka_flush(m_producer.get(), 2000);
        m_producer.reset();
    }
}

void DemoTraffic::produce(const QString &topic, const QByteArray &key, const QByteArray &value,
                          const QList<std::pair<QByteArray, QByteArray>> &headers)
{
    const rd_kafka_resp_err_t err = agent::produce(m_producer.get(), topic, key, value, headers);
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
        qCWarning(lcDemo, "cannot produce a demo event: %s", rd_kafka_err2str(err));
        return;
    }
    ++m_produced;
}

void DemoTraffic::tick()
{
    m_owed += m_eventsPerSecond * m_timer.interval() / 1000.0;
    while (m_owed >= 1) {
        m_owed -= 1;
        const quint64 n = m_produced;
        if (n % 97 == 96) {
            // A broken producer now and then: the agent quarantines these and carries on.
            static const QList<QByteArray> broken = {
                "{\"specversion\":\"0.3\",\"id\":\"legacy-1\",\"source\":\"/legacy\",\"type\":\"old.event\"}",
                "this is not json",
                "{\"specversion\":\"1.0\",\"source\":\"/wcm/v4/"
                "content\",\"type\":\"be.digipolis.wcm.v4.content.item.changed\"}",
            };
            produce(kStructuredTopic, "broken", broken.at(int(n / 97) % broken.size()),
                    {{"content-type", "application/cloudevents+json"}});
            continue;
        }
        const CloudEvent event = m_catalogue.next();
        const QByteArray key = event.subject.toUtf8();
        switch (n % 3) {
        case 0: {
            QList<std::pair<QByteArray, QByteArray>> headers = {
                {"ce_specversion", "1.0"},
                {"ce_id", event.id.toUtf8()},
                {"ce_source", event.source.toUtf8()},
                {"ce_type", event.type.toUtf8()},
                {"ce_subject", event.subject.toUtf8()},
                {"ce_time", event.time.toUtf8()},
                {"content-type", "application/json"},
            };
            produce(kBinaryTopic, key, event.dataBody(), headers);
            break;
        }
        case 1:
            produce(kStructuredTopic, key, event.toStructuredBytes(),
                    {{"content-type", "application/cloudevents+json"}});
            break;
        default: {
            // The shape a module without CloudEvents support writes; the demo config maps it.
            const QJsonObject plain{{u"eventType"_s, event.type},
                                    {u"eventId"_s, event.id},
                                    {u"occurredAt"_s, event.time},
                                    {u"subject"_s, event.subject},
                                    {u"payload"_s, event.jsonData()}};
            produce(kPlainTopic, key, QJsonDocument(plain).toJson(QJsonDocument::Compact), {});
        }
        }
    }
    rd_kafka_poll(m_producer.get(), 0);
}

} // namespace sluice::agent
