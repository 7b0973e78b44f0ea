#include "cloudevent.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

using namespace Qt::Literals::StringLiterals;

namespace sluice {

namespace {

const QString kSpecVersion = u"1.0"_s;

QString canonicalString(const QJsonValue &value) {
    switch (value.type()) {
    case QJsonValue::String:
        return value.toString();
    case QJsonValue::Bool:
        return value.toBool() ? u"true"_s : u"false"_s;
    case QJsonValue::Double:
        return QString::number(value.toInteger());
    default:
        return {};
    }
}

} // namespace

void CloudEvent::setJsonData(const QJsonValue &value) {
    m_dataKind = DataKind::Json;
    m_json = value;
    m_bytes.clear();
}

void CloudEvent::setBytesData(const QByteArray &bytes) {
    m_dataKind = DataKind::Bytes;
    m_bytes = bytes;
    m_json = QJsonValue();
}

void CloudEvent::clearData() {
    m_dataKind = DataKind::None;
    m_json = QJsonValue();
    m_bytes.clear();
}

bool CloudEvent::isJsonContentType(QStringView contentType) {
    if (contentType.isEmpty())
        return true;
    const QStringView mediaType = contentType.left(contentType.indexOf(u';')).trimmed();
    return mediaType.compare(u"application/json", Qt::CaseInsensitive) == 0 ||
           mediaType.endsWith(u"+json", Qt::CaseInsensitive) ||
           mediaType.compare(u"text/json", Qt::CaseInsensitive) == 0;
}

bool CloudEvent::hasJsonContentType() const {
    return isJsonContentType(dataContentType);
}

QByteArray CloudEvent::dataBody() const {
    switch (m_dataKind) {
    case DataKind::None:
        return {};
    case DataKind::Bytes:
        return m_bytes;
    case DataKind::Json:
        if (m_json.isString() && !hasJsonContentType())
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

std::optional<QString> CloudEvent::attribute(QStringView name) const {
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

QJsonObject CloudEvent::toJson() const {
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
        object.insert(u"data"_s, m_json);
    else if (m_dataKind == DataKind::Bytes)
        object.insert(u"data_base64"_s, QString::fromLatin1(m_bytes.toBase64()));
    return object;
}

QByteArray CloudEvent::toStructuredBytes() const {
    return QJsonDocument(toJson()).toJson(QJsonDocument::Compact);
}

std::optional<CloudEvent> CloudEvent::fromJson(const QJsonObject &object, QString *error) {
    auto fail = [error](const QString &message) -> std::optional<CloudEvent> {
        if (error)
            *error = message;
        return std::nullopt;
    };

    const QJsonValue specVersion = object.value(u"specversion"_s);
    if (specVersion.isUndefined())
        return fail(u"missing required attribute \"specversion\""_s);
    if (specVersion.toString() != kSpecVersion)
        return fail(u"unsupported specversion \"%1\": Sluice reads CloudEvents 1.0 only"_s.arg(
            specVersion.isString() ? specVersion.toString() : u"(not a string)"_s));

    CloudEvent event;
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        const QString &key = it.key();
        const QJsonValue &value = it.value();
        if (key == u"data") {
            event.setJsonData(value);
            continue;
        }
        if (key == u"data_base64") {
            if (!value.isString())
                return fail(u"\"data_base64\" must be a string"_s);
            const auto decoded = QByteArray::fromBase64Encoding(value.toString().toLatin1(),
                                                                QByteArray::AbortOnBase64DecodingErrors);
            if (!decoded)
                return fail(u"\"data_base64\" is not valid base64"_s);
            event.setBytesData(*decoded);
            continue;
        }
        if (key == u"specversion")
            continue;
        if (value.isObject() || value.isArray() || value.isNull())
            return fail(u"attribute \"%1\" must be a string, number or boolean"_s.arg(key));
        if (key == u"id" || key == u"source" || key == u"type" || key == u"subject" || key == u"time" ||
            key == u"datacontenttype" || key == u"dataschema") {
            if (!value.isString())
                return fail(u"attribute \"%1\" must be a string"_s.arg(key));
            const QString text = value.toString();
            if (key == u"id")
                event.id = text;
            else if (key == u"source")
                event.source = text;
            else if (key == u"type")
                event.type = text;
            else if (key == u"subject")
                event.subject = text;
            else if (key == u"time")
                event.time = text;
            else if (key == u"datacontenttype")
                event.dataContentType = text;
            else
                event.dataSchema = text;
            continue;
        }
        event.extensions.insert(key, value);
    }
    if (object.contains(u"data"_s) && object.contains(u"data_base64"_s))
        return fail(u"an event may carry \"data\" or \"data_base64\", not both"_s);
    const QString invalid = event.validate();
    if (!invalid.isEmpty())
        return fail(invalid);
    return event;
}

QString CloudEvent::validate() const {
    if (id.isEmpty())
        return u"missing required attribute \"id\""_s;
    if (source.isEmpty())
        return u"missing required attribute \"source\""_s;
    if (type.isEmpty())
        return u"missing required attribute \"type\""_s;
    if (!time.isEmpty() && !isRfc3339(time))
        return u"attribute \"time\" is not an RFC 3339 timestamp: \"%1\""_s.arg(time);
    for (auto it = extensions.constBegin(); it != extensions.constEnd(); ++it) {
        if (!isValidAttributeName(it.key()))
            return u"attribute name \"%1\" is invalid: names use only a-z and 0-9"_s.arg(it.key());
    }
    return {};
}

bool CloudEvent::isValidAttributeName(QStringView name) {
    if (name.isEmpty())
        return false;
    for (QChar c : name) {
        if (!((c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9')))
            return false;
    }
    return true;
}

bool CloudEvent::isRfc3339(QStringView text) {
    static const QRegularExpression pattern(
        u"^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])[Tt]([01]\\d|2[0-3]):[0-5]\\d:([0-5]\\d|60)(\\.\\d+)?([Zz]|[+-]([01]\\d|2[0-3]):[0-5]\\d)$"_s);
    return pattern.match(text).hasMatch();
}

} // namespace sluice
