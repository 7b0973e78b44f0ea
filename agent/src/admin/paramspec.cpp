#include "admin/paramspec.h"

#include "cloudevent.h"
#include "protocol.h"

#include <QDateTime>
#include <QJsonArray>

using namespace Qt::Literals::StringLiterals;

namespace sluice::agent {

namespace {

bool isWholeNumber(const QJsonValue &v, qint64 min, qint64 max)
{
    return v.isDouble() && v.toDouble() == double(v.toInteger()) && v.toInteger() >= min && v.toInteger() <= max;
}

bool isText(const QJsonValue &v)
{
    if (v.isString())
        return true;
    if (!v.isObject())
        return false;
    const QJsonObject texts = v.toObject();
    return std::all_of(texts.begin(), texts.end(), [](const QJsonValue &text) { return text.isString(); });
}

bool isStringList(const QJsonValue &v, bool emptyAllowed)
{
    if (!v.isArray() || (v.toArray().isEmpty() && !emptyAllowed))
        return false;
    const QJsonArray items = v.toArray();
    return std::all_of(items.begin(), items.end(), [](const QJsonValue &item) { return item.isString(); });
}

bool isNumberList(const QJsonValue &v, qint64 min, qint64 max)
{
    if (!v.isArray() || v.toArray().isEmpty())
        return false;
    const QJsonArray items = v.toArray();
    return std::all_of(items.begin(), items.end(),
                       [&](const QJsonValue &item) { return isWholeNumber(item, min, max); });
}

bool isTime(const QJsonValue &v)
{
    return v.isString() && CloudEvent::isRfc3339(v.toString()) &&
           QDateTime::fromString(v.toString(), Qt::ISODateWithMs).isValid();
}

// The refusal of one present value, empty when it fits.
ErrorReason checkValue(const ParamSpec &spec, const QJsonValue &v)
{
    using Kind = ParamSpec::Kind;
    auto refuse = [&](const QString &code, QJsonObject params = {}) {
        params.insert(refusalparam::Param, spec.name);
        return ErrorReason{code, params};
    };
    const QJsonObject range{{refusalparam::Min, spec.min}, {refusalparam::Max, spec.max}};
    switch (spec.kind) {
    case Kind::String:
        if (!v.isString())
            return refuse(refusal::NotString);
        if (!spec.choices.isEmpty() && !spec.choices.contains(v.toString()))
            return refuse(refusal::NotOneOf, {{refusalparam::Choices, QJsonArray::fromStringList(spec.choices)}});
        return {};
    case Kind::Integer: return isWholeNumber(v, spec.min, spec.max) ? ErrorReason() : refuse(refusal::NotNumber, range);
    case Kind::Boolean: return v.isBool() ? ErrorReason() : refuse(refusal::NotBoolean);
    case Kind::Strings: return isStringList(v, spec.emptyAllowed) ? ErrorReason() : refuse(refusal::NotStringList);
    case Kind::Integers:
        return isNumberList(v, spec.min, spec.max) ? ErrorReason() : refuse(refusal::NotNumberList, range);
    case Kind::Time: return isTime(v) ? ErrorReason() : refuse(refusal::NotTime);
    case Kind::Object: return v.isObject() ? ErrorReason() : refuse(refusal::NotObject);
    case Kind::Array: return v.isArray() ? ErrorReason() : refuse(refusal::NotArray);
    case Kind::Text: return isText(v) ? ErrorReason() : refuse(refusal::NotText);
    case Kind::Filter: // its own parser says what is wrong, with more to say than a kind
    case Kind::Any: return {};
    }
    return {};
}

} // namespace

QString ParamSpec::kindName(Kind kind)
{
    switch (kind) {
    case Kind::String: return u"string"_s;
    case Kind::Integer: return u"integer"_s;
    case Kind::Boolean: return u"boolean"_s;
    case Kind::Strings: return u"strings"_s;
    case Kind::Integers: return u"integers"_s;
    case Kind::Time: return u"time"_s;
    case Kind::Object: return u"object"_s;
    case Kind::Array: return u"array"_s;
    case Kind::Filter: return u"filter"_s;
    case Kind::Text: return u"text"_s;
    case Kind::Any: return u"any"_s;
    }
    return QString();
}

QJsonObject ParamSpec::toJson() const
{
    QJsonObject json{{protocol::paramspec::Name, name},
                     {protocol::paramspec::Kind, kindName(kind)},
                     {protocol::paramspec::Required, required}};
    if (kind == Kind::Integer || kind == Kind::Integers) {
        json.insert(protocol::paramspec::Min, min);
        json.insert(protocol::paramspec::Max, max);
    }
    if (!choices.isEmpty())
        json.insert(protocol::paramspec::Choices, QJsonArray::fromStringList(choices));
    if (kind == Kind::Strings)
        json.insert(protocol::paramspec::EmptyAllowed, emptyAllowed);
    return json;
}

ErrorReason checkParams(const ParamSpecs &specs, const QJsonObject &params)
{
    // A misspelt name first: "takes no param nmae; it takes name" says more than "name is required".
    QStringList names;
    for (const ParamSpec &spec : specs)
        names.append(spec.name);
    for (auto it = params.begin(); it != params.end(); ++it) {
        if (names.contains(it.key()))
            continue;
        if (names.isEmpty())
            return {refusal::NoParams, {{refusalparam::Param, it.key()}}};
        return {refusal::UnknownParam,
                {{refusalparam::Param, it.key()}, {refusalparam::Choices, QJsonArray::fromStringList(names)}}};
    }
    for (const ParamSpec &spec : specs) {
        const QJsonValue v = params.value(spec.name);
        if (v.isUndefined()) {
            if (spec.required)
                return {refusal::Required, {{refusalparam::Param, spec.name}}};
            continue;
        }
        if (ErrorReason problem = checkValue(spec, v); !problem.isEmpty())
            return problem;
    }
    return {};
}

ParamSpecs pageParams()
{
    return {ParamSpec::integer(protocol::page::Offset, 0, INT_MAX),
            ParamSpec::integer(protocol::page::Limit, 1, kMaxPage)};
}

} // namespace sluice::agent
