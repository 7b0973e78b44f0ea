#include "register/registerexport.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

using namespace Qt::Literals::StringLiterals;

namespace sluice::agent {

namespace {

// AsyncAPI keys of channels, operations and messages allow letters, digits, "_" and "-".
QString idOf(const QString &type)
{
    static const QRegularExpression other(u"[^A-Za-z0-9_-]"_s);
    return QString(type).replace(other, u"_"_s);
}

QString generatedAt(const CatalogueInfo &info)
{
    return info.generatedAt.isEmpty() ? QDateTime::currentDateTimeUtc().toString(Qt::ISODate) : info.generatedAt;
}

// The whole of one event as a consumer receives it in structured mode.
QJsonObject exampleEvent(const RegisterEntry &entry)
{
    QJsonObject event{{u"specversion"_s, u"1.0"_s},
                      {u"id"_s, u"3f2c8a6e-5b1d-4c9e-9a7f-0d4e2b6c8a10"_s},
                      {u"source"_s, entry.source.isEmpty() ? u"/"_s : entry.source},
                      {u"type"_s, entry.type},
                      {u"time"_s, u"2026-11-23T09:30:00Z"_s},
                      {u"datacontenttype"_s, u"application/json"_s}};
    if (!entry.example.isUndefined())
        event.insert(u"data"_s, entry.example);
    return event;
}

// Local references ("#/definitions/x") point into the schema itself; once the schema is a
// component of the AsyncAPI document they must point into that component.
QJsonValue rebased(const QJsonValue &value, const QString &base)
{
    if (value.isArray()) {
        QJsonArray array = value.toArray();
        for (qsizetype i = 0; i < array.size(); ++i)
            array[i] = rebased(array.at(i), base);
        return array;
    }
    if (!value.isObject())
        return value;
    QJsonObject object = value.toObject();
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (it.key() == u"$ref" && it.value().toString().startsWith(u'#'))
            it.value() = base + it.value().toString().mid(1);
        else
            it.value() = rebased(it.value(), base);
    }
    return object;
}

// "$schema" names the dialect for a validator; inside an AsyncAPI document the dialect is the
// document's, so it is left out.
QJsonObject asComponent(QJsonObject schema, const QString &name)
{
    schema.remove(u"$schema"_s);
    return rebased(schema, u"#/components/schemas/"_s + name).toObject();
}

QJsonObject envelopeSchema(const RegisterEntry &entry, const QString &dataRef)
{
    return {
        {u"type"_s, u"object"_s},
        {u"description"_s, u"A CloudEvents 1.0 event in structured mode (application/cloudevents+json)."_s},
        {u"required"_s, QJsonArray{u"specversion"_s, u"id"_s, u"source"_s, u"type"_s}},
        {u"properties"_s,
         QJsonObject{
             {u"specversion"_s, QJsonObject{{u"type"_s, u"string"_s}, {u"const"_s, u"1.0"_s}}},
             {u"id"_s,
              QJsonObject{{u"type"_s, u"string"_s},
                          {u"description"_s, u"Unique per source; the same event read twice keeps its id."_s}}},
             {u"source"_s, QJsonObject{{u"type"_s, u"string"_s}, {u"format"_s, u"uri-reference"_s}}},
             {u"type"_s, QJsonObject{{u"type"_s, u"string"_s}, {u"const"_s, entry.type}}},
             {u"subject"_s, QJsonObject{{u"type"_s, u"string"_s}}},
             {u"time"_s, QJsonObject{{u"type"_s, u"string"_s}, {u"format"_s, u"date-time"_s}}},
             {u"datacontenttype"_s, QJsonObject{{u"type"_s, u"string"_s}}},
             {u"dataschema"_s, QJsonObject{{u"type"_s, u"string"_s}, {u"format"_s, u"uri"_s}}},
             {u"data"_s, QJsonObject{{u"$ref"_s, dataRef}}},
         }},
    };
}

// Every request is signed (docs/delivery.md): what a consumer checks before trusting the body.
QJsonObject signatureHeaders()
{
    auto text = [](const QString &description) {
        return QJsonObject{{u"type"_s, u"string"_s}, {u"description"_s, description}};
    };
    return {
        {u"type"_s, u"object"_s},
        {u"required"_s, QJsonArray{u"webhook-id"_s, u"webhook-timestamp"_s, u"webhook-signature"_s}},
        {u"properties"_s,
         QJsonObject{
             {u"webhook-id"_s, text(u"The delivery id, the same on every attempt: de-duplicate on it."_s)},
             {u"webhook-timestamp"_s, text(u"Seconds since the epoch when the attempt was signed."_s)},
             {u"webhook-signature"_s,
              text(u"Standard Webhooks: space-separated v1,<base64 HMAC-SHA256 of id.timestamp.body>, one per "
                   u"active secret."_s)},
             {u"sluice-attempt"_s, text(u"1 for the first attempt, counting up on retries."_s)},
         }},
    };
}

QString text(const LocalizedText &t, const QString &language)
{
    if (language == u"nl")
        return t.nl.isEmpty() ? t.en : t.nl;
    return t.en.isEmpty() ? t.nl : t.en;
}

QString pretty(const QJsonValue &value)
{
    if (value.isObject())
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Indented)).trimmed();
    if (value.isArray())
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Indented)).trimmed();
    return QString::fromUtf8(QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact)).mid(1).chopped(1);
}

QString seenText(const RegisterEntry &entry)
{
    if (entry.figures.lastSeen <= 0)
        return u"not seen yet"_s;
    return u"last seen %1; %2 in the last hour, %3 in the last day"_s
        .arg(QDateTime::fromMSecsSinceEpoch(entry.figures.lastSeen, Qt::UTC).toString(Qt::ISODate))
        .arg(entry.figures.lastHour)
        .arg(entry.figures.lastDay);
}

struct Fact {
    QString label;
    QString value;
};

QList<Fact> factsOf(const RegisterEntry &entry)
{
    QList<Fact> facts = {{u"Type"_s, entry.type}};
    if (!entry.source.isEmpty())
        facts.append({u"Source"_s, entry.source});
    if (!entry.module.isEmpty())
        facts.append({u"Module"_s, entry.module});
    facts.append({u"Status"_s, registerStatusName(entry.status)});
    facts.append({u"Schema version"_s, QString::number(entry.version)});
    facts.append({u"Traffic"_s, seenText(entry)});
    return facts;
}

} // namespace

QList<RegisterEntry> exposedEntries(const QList<RegisterEntry> &entries)
{
    QList<RegisterEntry> exposed;
    for (const RegisterEntry &entry : entries) {
        if (entry.exposed)
            exposed.append(entry);
    }
    std::sort(exposed.begin(), exposed.end(),
              [](const RegisterEntry &a, const RegisterEntry &b) { return a.type < b.type; });
    return exposed;
}

QJsonObject asyncApiDocument(const QList<RegisterEntry> &allEntries, const CatalogueInfo &info)
{
    const QList<RegisterEntry> entries = exposedEntries(allEntries);
    QJsonObject channels;
    QJsonObject operations;
    QJsonObject messages;
    QJsonObject schemas;
    QHash<QByteArray, QString> schemaNames; // compact JSON of a data schema -> its component name
    int revision = 0;

    for (const RegisterEntry &entry : entries) {
        revision += entry.version;
        const QString id = idOf(entry.type);
        const QByteArray key = QJsonDocument(entry.schema).toJson(QJsonDocument::Compact);
        QString schemaName = schemaNames.value(key);
        if (schemaName.isEmpty()) {
            schemaName = entry.type + u".data"_s;
            schemaNames.insert(key, schemaName);
            schemas.insert(schemaName, asComponent(entry.schema, schemaName));
        }
        const QString title = text(entry.name, u"en"_s).isEmpty() ? entry.type : text(entry.name, u"en"_s);
        QString description = text(entry.description, u"en"_s);
        if (!entry.description.nl.isEmpty() && entry.description.nl != description)
            description += u"\n\nNederlands: "_s + entry.description.nl;

        QJsonObject message{
            {u"name"_s, entry.type},
            {u"title"_s, title},
            {u"contentType"_s, u"application/cloudevents+json"_s},
            {u"headers"_s, signatureHeaders()},
            {u"payload"_s, envelopeSchema(entry, u"#/components/schemas/"_s + schemaName)},
            {u"examples"_s, QJsonArray{QJsonObject{{u"name"_s, idOf(entry.type) + u"_example"_s},
                                                   {u"payload"_s, exampleEvent(entry)}}}},
            {u"x-sluice-schema-version"_s, entry.version},
            {u"x-sluice-status"_s, registerStatusName(entry.status)},
        };
        if (!description.isEmpty())
            message.insert(u"description"_s, description);
        messages.insert(id, message);

        QJsonObject channel{
            {u"address"_s, QJsonValue::Null}, // the consumer's own endpoint, given in its subscription
            {u"title"_s, title},
            {u"description"_s, u"Events of type %1, delivered by HTTP POST to the endpoint of each subscription "
                               u"that selects them."_s.arg(entry.type)},
            {u"messages"_s, QJsonObject{{id, QJsonObject{{u"$ref"_s, u"#/components/messages/"_s + id}}}}},
        };
        channels.insert(id, channel);

        QJsonArray tags{QJsonObject{{u"name"_s, registerStatusName(entry.status)}}};
        if (!entry.module.isEmpty())
            tags.append(QJsonObject{{u"name"_s, entry.module}});
        operations.insert(
            u"send_"_s + id,
            QJsonObject{
                {u"action"_s, u"send"_s},
                {u"channel"_s, QJsonObject{{u"$ref"_s, u"#/channels/"_s + id}}},
                {u"summary"_s, title},
                {u"tags"_s, tags},
                {u"messages"_s, QJsonArray{QJsonObject{{u"$ref"_s, u"#/channels/%1/messages/%1"_s.arg(id)}}}},
            });
    }

    return {
        {u"asyncapi"_s, u"3.0.0"_s},
        {u"info"_s,
         QJsonObject{
             {u"title"_s, info.title},
             // Grows whenever an exposed type gets a new schema version or a type is exposed.
             {u"version"_s, u"%1.0.0"_s.arg(revision)},
             {u"description"_s,
              u"The event types this organisation lets outside consumers subscribe to. Each event arrives as a "
              u"CloudEvents 1.0 HTTP request, signed per Standard Webhooks. Generated by sluice-agent %1 at %2."_s.arg(
                  info.agentVersion, generatedAt(info))},
         }},
        {u"defaultContentType"_s, u"application/cloudevents+json"_s},
        {u"channels"_s, channels},
        {u"operations"_s, operations},
        {u"components"_s, QJsonObject{{u"schemas"_s, schemas}, {u"messages"_s, messages}}},
    };
}

QString markdownCatalogue(const QList<RegisterEntry> &allEntries, const CatalogueInfo &info)
{
    const QList<RegisterEntry> entries = exposedEntries(allEntries);
    QString md = u"# %1\n\nGenerated by sluice-agent %2 at %3. %4 event types. Every event arrives as a "
                 u"CloudEvents 1.0 HTTP request signed per Standard Webhooks (`webhook-id`, `webhook-timestamp`, "
                 u"`webhook-signature`).\n\n"_s.arg(info.title, info.agentVersion, generatedAt(info))
                     .arg(entries.size());
    md += u"| Type | Name | Status | Version |\n|---|---|---|---|\n"_s;
    for (const RegisterEntry &e : entries) {
        md += u"| [`%1`](#%2) | %3 | %4 | %5 |\n"_s.arg(e.type, idOf(e.type), text(e.name, u"en"_s),
                                                        registerStatusName(e.status), QString::number(e.version));
    }
    for (const RegisterEntry &e : entries) {
        md += u"\n<a id=\"%1\"></a>\n## %2\n\n"_s.arg(idOf(e.type),
                                                      text(e.name, u"en"_s).isEmpty() ? e.type : text(e.name, u"en"_s));
        if (!e.description.en.isEmpty())
            md += e.description.en + u"\n\n"_s;
        if (!e.description.nl.isEmpty())
            md += u"*Nederlands:* "_s + e.description.nl + u"\n\n"_s;
        for (const Fact &fact : factsOf(e))
            md += u"- **%1:** %2\n"_s.arg(fact.label, fact.label == u"Type" ? u"`%1`"_s.arg(fact.value) : fact.value);
        md += u"\n### Data schema\n\n```json\n%1\n```\n\n### Example event\n\n```json\n%2\n```\n"_s.arg(
            pretty(e.schema), pretty(exampleEvent(e)));
    }
    return md;
}

QString htmlCatalogue(const QList<RegisterEntry> &allEntries, const CatalogueInfo &info)
{
    const QList<RegisterEntry> entries = exposedEntries(allEntries);
    QString html = u"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>%1</title>\n"
                   u"<style>body{font-family:sans-serif;max-width:60em;margin:2em auto;padding:0 1em;color:#222}"
                   u"pre{background:#f4f4f4;padding:.8em;overflow:auto}code{background:#f4f4f4}"
                   u"table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left}"
                   u"dt{font-weight:bold}</style></head><body>\n<h1>%1</h1>\n"
                   u"<p>Generated by sluice-agent %2 at %3. %4 event types. Every event arrives as a CloudEvents 1.0 "
                   u"HTTP request signed per Standard Webhooks.</p>\n"_s
                       .arg(info.title.toHtmlEscaped(), info.agentVersion.toHtmlEscaped(), generatedAt(info))
                       .arg(entries.size());
    html += u"<table><tr><th>Type</th><th>Name</th><th>Status</th><th>Version</th></tr>\n"_s;
    for (const RegisterEntry &e : entries) {
        html += u"<tr><td><a href=\"#%1\"><code>%2</code></a></td><td>%3</td><td>%4</td><td>%5</td></tr>\n"_s.arg(
            idOf(e.type), e.type.toHtmlEscaped(), text(e.name, u"en"_s).toHtmlEscaped(), registerStatusName(e.status),
            QString::number(e.version));
    }
    html += u"</table>\n"_s;
    for (const RegisterEntry &e : entries) {
        const QString name = text(e.name, u"en"_s).isEmpty() ? e.type : text(e.name, u"en"_s);
        html += u"<h2 id=\"%1\">%2</h2>\n"_s.arg(idOf(e.type), name.toHtmlEscaped());
        if (!e.description.en.isEmpty())
            html += u"<p>%1</p>\n"_s.arg(e.description.en.toHtmlEscaped());
        if (!e.description.nl.isEmpty())
            html += u"<p lang=\"nl\"><em>Nederlands:</em> %1</p>\n"_s.arg(e.description.nl.toHtmlEscaped());
        html += u"<dl>"_s;
        for (const Fact &fact : factsOf(e))
            html += u"<dt>%1</dt><dd>%2</dd>"_s.arg(fact.label, fact.value.toHtmlEscaped());
        html += u"</dl>\n<h3>Data schema</h3>\n<pre>%1</pre>\n<h3>Example event</h3>\n<pre>%2</pre>\n"_s.arg(
            pretty(e.schema).toHtmlEscaped(), pretty(exampleEvent(e)).toHtmlEscaped());
    }
    html += u"</body></html>\n"_s;
    return html;
}

} // namespace sluice::agent
