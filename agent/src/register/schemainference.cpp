#include "register/schemainference.h"

#include "cloudevent.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QSet>
#include <QUrl>
#include <QUuid>

#include <cmath>

using namespace Qt::Literals::StringLiterals;

namespace sluice::agent {

namespace {

// Deep or wide payloads are described down to here; below, anything is accepted.
constexpr int kMaxDepth = 16;
constexpr int kMaxProperties = 200;

QString typeOf(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null: return u"null"_s;
    case QJsonValue::Bool: return u"boolean"_s;
    case QJsonValue::Double: {
        const double d = value.toDouble();
        return std::floor(d) == d && std::abs(d) < 9007199254740992.0 ? u"integer"_s : u"number"_s;
    }
    case QJsonValue::String: return u"string"_s;
    case QJsonValue::Array: return u"array"_s;
    case QJsonValue::Object: return u"object"_s;
    default: return QString();
    }
}

QStringList typesIn(const QJsonObject &schema)
{
    const QJsonValue type = schema.value(u"type"_s);
    if (type.isString())
        return {type.toString()};
    QStringList types;
    for (const QJsonValue &t : type.toArray())
        types.append(t.toString());
    return types;
}

void setTypes(QJsonObject &schema, QStringList types)
{
    // integer is a number: once both were seen, number says it.
    if (types.contains(u"number"_s))
        types.removeAll(u"integer"_s);
    static const QStringList order = {u"object"_s, u"array"_s,   u"string"_s, u"integer"_s,
                                      u"number"_s, u"boolean"_s, u"null"_s};
    std::sort(types.begin(), types.end(),
              [](const QString &a, const QString &b) { return order.indexOf(a) < order.indexOf(b); });
    if (types.size() == 1)
        schema.insert(u"type"_s, types.first());
    else
        schema.insert(u"type"_s, QJsonArray::fromStringList(types));
}

void mergeAt(QJsonObject &schema, const QJsonValue &value, int depth)
{
    const QString type = typeOf(value);
    if (type.isEmpty())
        return;
    QStringList types = typesIn(schema);
    const bool seenBefore = types.contains(type) || (type == u"integer" && types.contains(u"number"_s));
    if (!seenBefore) {
        types.append(type);
        setTypes(schema, types);
    }
    if (depth >= kMaxDepth)
        return;

    if (type == u"object") {
        const QJsonObject object = value.toObject();
        QJsonObject properties = schema.value(u"properties"_s).toObject();
        for (auto it = object.begin(); it != object.end(); ++it) {
            if (!properties.contains(it.key()) && properties.size() >= kMaxProperties)
                continue;
            QJsonObject property = properties.value(it.key()).toObject();
            mergeAt(property, it.value(), depth + 1);
            properties.insert(it.key(), property);
        }
        schema.insert(u"properties"_s, properties);
        // Required: present in every object seen so far.
        QStringList required;
        if (!seenBefore) {
            required = object.keys();
        } else {
            for (const QJsonValue &name : schema.value(u"required"_s).toArray()) {
                if (object.contains(name.toString()))
                    required.append(name.toString());
            }
        }
        if (required.isEmpty())
            schema.remove(u"required"_s);
        else
            schema.insert(u"required"_s, QJsonArray::fromStringList(required));
    } else if (type == u"array") {
        QJsonObject items = schema.value(u"items"_s).toObject();
        for (const QJsonValue &element : value.toArray())
            mergeAt(items, element, depth + 1);
        if (!items.isEmpty())
            schema.insert(u"items"_s, items);
    } else if (type == u"string") {
        const QString format = SchemaInference::formatOf(value.toString());
        if (!seenBefore) {
            if (!format.isEmpty())
                schema.insert(u"format"_s, format);
        } else if (schema.value(u"format"_s).toString() != format) {
            schema.remove(u"format"_s); // one value without it: the format is no rule
        }
    }
}

} // namespace

QString SchemaInference::formatOf(const QString &value)
{
    static const QRegularExpression date(u"^\\d{4}-\\d{2}-\\d{2}$"_s);
    static const QRegularExpression email(u"^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$"_s);
    static const QRegularExpression uuid(
        u"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"_s);
    static const QRegularExpression uri(u"^[A-Za-z][A-Za-z0-9+.-]*:[^\\s]+$"_s);
    if (value.size() >= 20 && CloudEvent::isRfc3339(value))
        return u"date-time"_s;
    if (date.match(value).hasMatch())
        return u"date"_s;
    if (uuid.match(value).hasMatch())
        return u"uuid"_s;
    if (email.match(value).hasMatch())
        return u"email"_s;
    if (uri.match(value).hasMatch() && QUrl(value, QUrl::StrictMode).isValid())
        return u"uri"_s;
    return QString();
}

void SchemaInference::merge(QJsonObject &schema, const QJsonValue &value)
{
    if (!schema.contains(u"$schema"_s))
        schema.insert(u"$schema"_s, u"http://json-schema.org/draft-07/schema#"_s);
    mergeAt(schema, value, 0);
}

} // namespace sluice::agent
