#include "configreader.h"

#include "config.h"
#include "duration.h"

using namespace Qt::Literals::StringLiterals;

namespace sluice::agent {

void ConfigReader::allow(const QStringList &keys)
{
    for (auto it = m_object.constBegin(); it != m_object.constEnd(); ++it) {
        if (!keys.contains(it.key()))
            error(it.key(), u"unknown key; known keys here are %1"_s.arg(keys.join(u", "_s)));
    }
}

QJsonObject ConfigReader::object(const QString &key)
{
    const QJsonValue v = m_object.value(key);
    if (!v.isUndefined() && !v.isObject())
        error(key, u"must be an object"_s);
    return v.toObject();
}

QString ConfigReader::string(const QString &key, const QString &fallback)
{
    const QJsonValue v = m_object.value(key);
    if (v.isUndefined())
        return fallback;
    if (!v.isString())
        error(key, u"must be a string"_s);
    return v.toString();
}

bool ConfigReader::boolean(const QString &key, bool fallback)
{
    const QJsonValue v = m_object.value(key);
    if (v.isUndefined())
        return fallback;
    if (!v.isBool())
        error(key, u"must be true or false"_s);
    return v.toBool(fallback);
}

qint64 ConfigReader::integer(const QString &key, qint64 fallback, qint64 min, qint64 max)
{
    const QJsonValue v = m_object.value(key);
    if (v.isUndefined())
        return fallback;
    if (!v.isDouble() || v.toDouble() != double(v.toInteger()) || v.toInteger() < min || v.toInteger() > max) {
        error(key, u"must be a whole number from %1 to %2"_s.arg(min).arg(max));
        return fallback;
    }
    return v.toInteger();
}

milliseconds ConfigReader::duration(const QString &key, milliseconds fallback)
{
    const QJsonValue v = m_object.value(key);
    if (v.isUndefined())
        return fallback;
    const auto parsed = parseDuration(v.toString());
    if (!v.isString() || !parsed) {
        error(key, u"must be a duration such as \"250ms\", \"5s\", \"5m\", \"2h\" or \"7d\""_s);
        return fallback;
    }
    return *parsed;
}

QStringList ConfigReader::strings(const QString &key)
{
    const QJsonValue v = m_object.value(key);
    QStringList list;
    if (v.isUndefined())
        return list;
    if (!v.isArray()) {
        error(key, u"must be an array of strings"_s);
        return list;
    }
    for (const QJsonValue &item : v.toArray()) {
        if (!item.isString())
            error(key, u"must be an array of strings"_s);
        list.append(item.toString());
    }
    return list;
}

std::optional<JsonPointer> ConfigReader::pointer(const QString &key)
{
    if (!m_object.contains(key))
        return std::nullopt;
    QString why;
    auto parsed = JsonPointer::parse(string(key), &why);
    if (!parsed)
        error(key, why);
    return parsed;
}

void ConfigReader::error(const QString &key, const QString &message)
{
    m_errors->append(u"%1%2: %3"_s.arg(m_prefix, key, message));
}

void readMappingFields(ConfigReader &reader, MappingRule *rule)
{
    rule->type = reader.string(u"type"_s);
    rule->typePointer = reader.pointer(u"typePointer"_s);
    rule->source = reader.string(u"source"_s);
    rule->idPointer = reader.pointer(u"idPointer"_s);
    rule->subjectPointer = reader.pointer(u"subjectPointer"_s);
    rule->timePointer = reader.pointer(u"timePointer"_s);
    rule->dataPointer = reader.pointer(u"dataPointer"_s);
    if (rule->type.isEmpty() == !rule->typePointer)
        reader.error(u"type"_s, u"give either a fixed \"type\" or a \"typePointer\" into the message, not both"_s);
    if (rule->source.isEmpty())
        reader.error(u"source"_s, u"give the fixed CloudEvents source of the events it makes, e.g. \"/wcm/plain\""_s);
}

} // namespace sluice::agent
