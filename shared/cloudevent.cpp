#include "cloudevent.h"

#include "jsonscan.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

using namespace Qt::Literals::StringLiterals;

namespace sluice {

namespace {

const QString kSpecVersion = u"1.0"_s;

QString canonicalString(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::String: return value.toString();
    case QJsonValue::Bool: return value.toBool() ? u"true"_s : u"false"_s;
    case QJsonValue::Double: return QString::number(value.toInteger());
    default: return {};
    }
}

} // namespace

void CloudEvent::setJsonData(const QJsonValue &value)
{
    m_dataKind = DataKind::Json;
    m_json = value;
    m_jsonParsed = true;
    m_rawJson.clear();
    m_bytes.clear();
}

void CloudEvent::setRawJsonData(const QByteArray &json)
{
    m_dataKind = DataKind::Json;
    m_json = QJsonValue();
    m_jsonParsed = false;
    m_rawJson = json;
    m_bytes.clear();
}

const QJsonValue &CloudEvent::jsonData() const
{
    if (!m_jsonParsed) {
        m_json = json::parse(m_rawJson);
        m_jsonParsed = true;
    }
    return m_json;
}

void CloudEvent::setBytesData(const QByteArray &bytes)
{
    m_dataKind = DataKind::Bytes;
    m_bytes = bytes;
    m_json = QJsonValue();
    m_jsonParsed = true;
    m_rawJson.clear();
}

void CloudEvent::clearData()
{
    m_dataKind = DataKind::None;
    m_json = QJsonValue();
    m_jsonParsed = true;
    m_rawJson.clear();
    m_bytes.clear();
}

bool CloudEvent::isJsonContentType(QStringView contentType)
{
    if (contentType.isEmpty())
        return true;
    const qsizetype parameters = contentType.indexOf(u';'); // "application/json; charset=utf-8"
    const QStringView mediaType = (parameters < 0 ? contentType : contentType.left(parameters)).trimmed();
    return mediaType.compare(u"application/json", Qt::CaseInsensitive) == 0 ||
           mediaType.endsWith(u"+json", Qt::CaseInsensitive) ||
           mediaType.compare(u"text/json", Qt::CaseInsensitive) == 0;
}

bool CloudEvent::hasJsonContentType() const
{
    return isJsonContentType(dataContentType);
}

QByteArray CloudEvent::dataBody() const
{
    switch (m_dataKind) {
    case DataKind::None: return {};
    case DataKind::Bytes: return m_bytes;
    case DataKind::Json:
        if (!m_rawJson.isNull() && (hasJsonContentType() || !m_rawJson.trimmed().startsWith('"')))
            return m_rawJson;
        if (jsonData().isString() && !hasJsonContentType())
            return m_json.toString().toUtf8();
        if (m_json.isObject())
            return QJsonDocument(m_json.toObject()).toJson(QJsonDocument::Compact);
        if (m_json.isArray())
            return QJsonDocument(m_json.toArray()).toJson(QJsonDocument::Compact);
        // Scalars: QJsonDocument only wraps containers, so serialise through a one-element array.
        const QByteArray wrapped = QJsonDocument(QJsonArray{m_json}).toJson(QJsonDocument::Compact);
        return wrapped.mid(1, wrapped.size() - 2);
    }
    return {};
}

std::optional<QString> CloudEvent::attribute(QStringView name) const
{
    auto nonEmpty = [](const QString &value) -> std::optional<QString> {
        if (value.isEmpty())
            return std::nullopt;
        return value;
    };
    if (name == u"type")
        return type;
    if (name == u"source")
        return source;
    if (name == u"id")
        return id;
    if (name == u"specversion")
        return kSpecVersion;
    if (name == u"subject")
        return nonEmpty(subject);
    if (name == u"time")
        return nonEmpty(time);
    if (name == u"datacontenttype")
        return nonEmpty(dataContentType);
    if (name == u"dataschema")
        return nonEmpty(dataSchema);
    const auto it = extensions.constFind(name);
    if (it == extensions.constEnd())
        return std::nullopt;
    return canonicalString(it.value());
}

QJsonObject CloudEvent::toJson() const
{
    QJsonObject object = extensions;
    object.insert(u"specversion"_s, kSpecVersion);
    object.insert(u"id"_s, id);
    object.insert(u"source"_s, source);
    object.insert(u"type"_s, type);
    if (!subject.isEmpty())
        object.insert(u"subject"_s, subject);
    if (!time.isEmpty())
        object.insert(u"time"_s, time);
    if (!dataContentType.isEmpty())
        object.insert(u"datacontenttype"_s, dataContentType);
    if (!dataSchema.isEmpty())
        object.insert(u"dataschema"_s, dataSchema);
    if (m_dataKind == DataKind::Json)
        object.insert(u"data"_s, jsonData());
    else if (m_dataKind == DataKind::Bytes)
        object.insert(u"data_base64"_s, QString::fromLatin1(m_bytes.toBase64()));
    return object;
}

QByteArray CloudEvent::toStructuredBytes() const
{
    if (m_dataKind != DataKind::Json || m_rawJson.isNull())
        return QJsonDocument(toJson()).toJson(QJsonDocument::Compact);
    // Raw data goes in as received, unparsed: splice it into the serialised attributes.
    CloudEvent attributes = *this;
    attributes.clearData();
    QByteArray out = QJsonDocument(attributes.toJson()).toJson(QJsonDocument::Compact);
    out.chop(1); // the closing brace; attributes are never empty (specversion at least)
    out.append(",\"data\":").append(m_rawJson.trimmed()).append('}');
    return out;
}

std::optional<CloudEvent> CloudEvent::fromJson(const QJsonObject &object, QString *error)
{
    CloudEventBuilder builder;
    QuarantineReason why;
    std::optional<CloudEvent> event;
    bool readable = true;
    for (auto it = object.constBegin(); it != object.constEnd() && readable; ++it)
        readable = builder.add(it.key(), it.value(), &why);
    if (readable)
        event = builder.finish(&why);
    if (!event && error)
        *error = why.text();
    return event;
}

bool CloudEventBuilder::add(const QString &key, const QJsonValue &value, QuarantineReason *why)
{
    using namespace quarantinedparam;
    auto fail = [why](const QString &reason, const QJsonObject &params = {}) {
        if (why)
            *why = {reason, params};
        return false;
    };
    if (key == u"data") {
        m_data = true;
        m_event.setJsonData(value);
        return true;
    }
    if (key == u"data_base64") {
        if (!value.isString())
            return fail(quarantined::Base64NotString);
        const auto decoded =
            QByteArray::fromBase64Encoding(value.toString().toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded)
            return fail(quarantined::Base64Invalid);
        m_dataBase64 = true;
        m_event.setBytesData(*decoded);
        return true;
    }
    if (key == u"specversion") {
        if (value.toString() != kSpecVersion)
            return fail(quarantined::SpecVersion, {{Value, value.isString() ? value.toString() : u"(not a string)"_s}});
        m_specVersion = true;
        return true;
    }
    if (value.isObject() || value.isArray() || value.isNull() || value.isUndefined())
        return fail(quarantined::NotScalar, {{Name, key}});
    static const QStringList stringAttributes = {u"id"_s,   u"source"_s,          u"type"_s,      u"subject"_s,
                                                 u"time"_s, u"datacontenttype"_s, u"dataschema"_s};
    if (!stringAttributes.contains(key)) {
        m_event.extensions.insert(key, value);
        return true;
    }
    if (!value.isString())
        return fail(quarantined::NotString, {{Name, key}});
    const QString text = value.toString();
    if (key == u"id")
        m_event.id = text;
    else if (key == u"source")
        m_event.source = text;
    else if (key == u"type")
        m_event.type = text;
    else if (key == u"subject")
        m_event.subject = text;
    else if (key == u"time")
        m_event.time = text;
    else if (key == u"datacontenttype")
        m_event.dataContentType = text;
    else
        m_event.dataSchema = text;
    return true;
}

void CloudEventBuilder::setRawData(const QByteArray &json)
{
    m_data = true;
    m_event.setRawJsonData(json);
}

std::optional<CloudEvent> CloudEventBuilder::finish(QuarantineReason *why)
{
    QuarantineReason problem;
    if (!m_specVersion)
        problem = {quarantined::MissingAttribute, {{quarantinedparam::Name, u"specversion"_s}}};
    else if (m_data && m_dataBase64)
        problem = {quarantined::DataTwice, {}};
    else
        problem = m_event.problem();
    if (problem.isEmpty())
        return m_event;
    if (why)
        *why = problem;
    return std::nullopt;
}

QString CloudEvent::validate() const
{
    return problem().text();
}

QuarantineReason CloudEvent::problem() const
{
    using namespace quarantinedparam;
    for (const auto &[name, value] :
         {std::pair(u"id"_s, &id), std::pair(u"source"_s, &source), std::pair(u"type"_s, &type)}) {
        if (value->isEmpty())
            return {quarantined::MissingAttribute, {{Name, name}}};
    }
    if (!time.isEmpty() && !isRfc3339(time))
        return {quarantined::NotTime, {{Value, time}}};
    for (auto it = extensions.constBegin(); it != extensions.constEnd(); ++it) {
        if (!isValidAttributeName(it.key()))
            return {quarantined::AttributeName, {{Name, it.key()}}};
    }
    return {};
}

bool CloudEvent::isValidAttributeName(QStringView name)
{
    if (name.isEmpty())
        return false;
    for (QChar c : name) {
        if (!((c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9')))
            return false;
    }
    return true;
}

QString CloudEvent::rfc3339(qint64 msSinceEpoch)
{
    return msSinceEpoch > 0 ? QDateTime::fromMSecsSinceEpoch(msSinceEpoch, Qt::UTC).toString(Qt::ISODateWithMs)
                            : QString();
}

namespace {

char16_t unit(QChar c)
{
    return c.unicode();
}
char16_t unit(char c)
{
    return uchar(c);
}

// RFC 3339's date-time (section 5.6), ASCII digits only, over UTF-16 or UTF-8 text alike.
template<typename Text> bool isRfc3339DateTime(Text text)
{
    qsizetype at = 0;
    const auto digit = [&](qsizetype i) { return unit(text[i]) >= u'0' && unit(text[i]) <= u'9'; };
    const auto number = [&](int digits, int lowest, int highest) {
        if (text.size() - at < digits)
            return false;
        int value = 0;
        for (int i = 0; i < digits; ++i, ++at) {
            if (!digit(at))
                return false;
            value = value * 10 + int(unit(text[at]) - u'0');
        }
        return value >= lowest && value <= highest;
    };
    const auto is = [&](char a, char b = 0) {
        if (at == text.size() || (unit(text[at]) != char16_t(a) && (b == 0 || unit(text[at]) != char16_t(b))))
            return false;
        ++at;
        return true;
    };
    if (!(number(4, 0, 9999) && is('-') && number(2, 1, 12) && is('-') && number(2, 1, 31) && is('T', 't') &&
          number(2, 0, 23) && is(':') && number(2, 0, 59) && is(':') && number(2, 0, 60)))
        return false;
    if (is('.')) {
        const qsizetype fraction = at;
        while (at < text.size() && digit(at))
            ++at;
        if (at == fraction)
            return false;
    }
    if (is('Z', 'z'))
        return at == text.size();
    if (!is('+', '-'))
        return false;
    return number(2, 0, 23) && is(':') && number(2, 0, 59) && at == text.size();
}

} // namespace

bool CloudEvent::isRfc3339(QStringView text)
{
    return isRfc3339DateTime(text);
}

bool CloudEvent::isRfc3339Utf8(QByteArrayView text)
{
    return isRfc3339DateTime(text);
}

} // namespace sluice
