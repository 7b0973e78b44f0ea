#include "registerentry.h"

#include "cloudevent.h"

#include <QDateTime>
#include <QJsonArray>

#include <array>
#include <utility>

using namespace Qt::Literals::StringLiterals;

namespace sluice {

namespace {

template<typename Enum, std::size_t N>
QString nameIn(const std::array<std::pair<Enum, const char16_t *>, N> &table, Enum value)
{
    for (const auto &[v, name] : table) {
        if (v == value)
            return QString::fromUtf16(name);
    }
    return QString::fromUtf16(table.front().second);
}

template<typename Enum, std::size_t N>
std::optional<Enum> valueIn(const std::array<std::pair<Enum, const char16_t *>, N> &table, QStringView name)
{
    for (const auto &[v, n] : table) {
        if (name == QStringView(n))
            return v;
    }
    return std::nullopt;
}

constexpr std::array kStatusNames{std::pair{RegisterStatus::Draft, u"draft"},
                                  std::pair{RegisterStatus::Active, u"active"},
                                  std::pair{RegisterStatus::Deprecated, u"deprecated"}};
constexpr std::array kPolicyNames{std::pair{ValidationPolicy::Off, u"off"}, std::pair{ValidationPolicy::Warn, u"warn"},
                                  std::pair{ValidationPolicy::Enforce, u"enforce"}};
constexpr std::array kOriginNames{
    std::pair{RegisterOrigin::Seed, u"seed"}, std::pair{RegisterOrigin::Module, u"module"},
    std::pair{RegisterOrigin::Discovered, u"discovered"}, std::pair{RegisterOrigin::Admin, u"admin"}};

qint64 msFromIso(const QJsonValue &value)
{
    const QDateTime time = QDateTime::fromString(value.toString(), Qt::ISODateWithMs);
    return time.isValid() ? time.toMSecsSinceEpoch() : 0;
}

} // namespace

QString registerStatusName(RegisterStatus status)
{
    return nameIn(kStatusNames, status);
}

std::optional<RegisterStatus> registerStatusFromName(QStringView name)
{
    return valueIn(kStatusNames, name);
}

QString validationPolicyName(ValidationPolicy policy)
{
    return nameIn(kPolicyNames, policy);
}

std::optional<ValidationPolicy> validationPolicyFromName(QStringView name)
{
    return valueIn(kPolicyNames, name);
}

QString registerOriginName(RegisterOrigin origin)
{
    return nameIn(kOriginNames, origin);
}

std::optional<RegisterOrigin> registerOriginFromName(QStringView name)
{
    return valueIn(kOriginNames, name);
}

QJsonObject LocalizedText::toJson() const
{
    QJsonObject json;
    if (!en.isEmpty())
        json.insert(u"en"_s, en);
    if (!nl.isEmpty())
        json.insert(u"nl"_s, nl);
    return json;
}

LocalizedText LocalizedText::fromJson(const QJsonValue &json)
{
    if (json.isString())
        return {json.toString(), QString()};
    const QJsonObject object = json.toObject();
    return {object.value(u"en"_s).toString(), object.value(u"nl"_s).toString()};
}

QJsonObject RegisterEntry::toJson(bool withHistory) const
{
    QJsonObject json{
        {u"type"_s, type},
        {u"version"_s, version},
        {u"status"_s, registerStatusName(status)},
        {u"exposed"_s, exposed},
        {u"validation"_s, validationPolicyName(validation)},
        {u"origin"_s, registerOriginName(origin)},
        {u"schema"_s, schema},
    };
    if (!source.isEmpty())
        json.insert(u"source"_s, source);
    if (!name.isEmpty())
        json.insert(u"name"_s, name.toJson());
    if (!description.isEmpty())
        json.insert(u"description"_s, description.toJson());
    if (!module.isEmpty())
        json.insert(u"module"_s, module);
    if (!example.isUndefined())
        json.insert(u"example"_s, example);
    if (origin == RegisterOrigin::Discovered)
        json.insert(u"samples"_s, qint64(samples));
    if (withHistory) {
        QJsonArray versions;
        for (const SchemaVersion &v : history) {
            versions.append(QJsonObject{{u"version"_s, v.version},
                                        {u"schema"_s, v.schema},
                                        {u"at"_s, CloudEvent::rfc3339(v.at)},
                                        {u"origin"_s, registerOriginName(v.origin)}});
        }
        json.insert(u"history"_s, versions);
    }
    QJsonObject figures{{u"total"_s, qint64(this->figures.total)},
                        {u"lastHour"_s, qint64(this->figures.lastHour)},
                        {u"lastDay"_s, qint64(this->figures.lastDay)},
                        {u"validated"_s, qint64(this->figures.validated)},
                        {u"invalid"_s, qint64(this->figures.invalid)}};
    if (this->figures.firstSeen > 0) {
        figures.insert(u"firstSeen"_s, CloudEvent::rfc3339(this->figures.firstSeen));
        figures.insert(u"lastSeen"_s, CloudEvent::rfc3339(this->figures.lastSeen));
    }
    if (!this->figures.lastValidationError.isEmpty()) {
        figures.insert(u"lastValidationError"_s, this->figures.lastValidationError);
        figures.insert(u"lastValidationErrorAt"_s, CloudEvent::rfc3339(this->figures.lastValidationErrorAt));
    }
    json.insert(u"figures"_s, figures);
    return json;
}

std::optional<RegisterEntry> RegisterEntry::fromJson(const QJsonObject &json, QString *error)
{
    auto fail = [error](const QString &message) -> std::optional<RegisterEntry> {
        if (error)
            *error = message;
        return std::nullopt;
    };
    RegisterEntry entry;
    entry.type = json.value(u"type"_s).toString();
    if (entry.type.isEmpty())
        return fail(u"type: missing; give the CloudEvents type, e.g. be.digipolis.wcm.v4.content.item.created"_s);
    entry.source = json.value(u"source"_s).toString();
    entry.name = LocalizedText::fromJson(json.value(u"name"_s));
    entry.description = LocalizedText::fromJson(json.value(u"description"_s));
    entry.module = json.value(u"module"_s).toString();
    const QJsonValue schema = json.value(u"schema"_s);
    if (!schema.isUndefined() && !schema.isObject())
        return fail(u"schema: must be a JSON Schema object"_s);
    entry.schema = schema.toObject();
    entry.example = json.value(u"example"_s);
    entry.version = json.value(u"version"_s).toInt(1);
    if (entry.version < 1)
        return fail(u"version: must be 1 or more"_s);
    if (const QJsonValue v = json.value(u"status"_s); !v.isUndefined()) {
        const auto status = registerStatusFromName(v.toString());
        if (!status)
            return fail(u"status: \"%1\" is not one of draft, active, deprecated"_s.arg(v.toString()));
        entry.status = *status;
    }
    if (const QJsonValue v = json.value(u"validation"_s); !v.isUndefined()) {
        const auto policy = validationPolicyFromName(v.toString());
        if (!policy)
            return fail(u"validation: \"%1\" is not one of off, warn, enforce"_s.arg(v.toString()));
        entry.validation = *policy;
    }
    if (const QJsonValue v = json.value(u"origin"_s); !v.isUndefined()) {
        const auto origin = registerOriginFromName(v.toString());
        if (!origin)
            return fail(u"origin: \"%1\" is not one of seed, module, discovered, admin"_s.arg(v.toString()));
        entry.origin = *origin;
    }
    if (const QJsonValue v = json.value(u"exposed"_s); !v.isUndefined() && !v.isBool())
        return fail(u"exposed: must be true or false"_s);
    entry.exposed = json.value(u"exposed"_s).toBool(false);
    entry.samples = quint64(json.value(u"samples"_s).toInteger());
    for (const QJsonValue &v : json.value(u"history"_s).toArray()) {
        const QJsonObject o = v.toObject();
        entry.history.append({o.value(u"version"_s).toInt(1), o.value(u"schema"_s).toObject(),
                              msFromIso(o.value(u"at"_s)),
                              registerOriginFromName(o.value(u"origin"_s).toString()).value_or(entry.origin)});
    }
    const QJsonObject figures = json.value(u"figures"_s).toObject();
    entry.figures.firstSeen = msFromIso(figures.value(u"firstSeen"_s));
    entry.figures.lastSeen = msFromIso(figures.value(u"lastSeen"_s));
    entry.figures.total = quint64(figures.value(u"total"_s).toInteger());
    entry.figures.lastHour = quint64(figures.value(u"lastHour"_s).toInteger());
    entry.figures.lastDay = quint64(figures.value(u"lastDay"_s).toInteger());
    entry.figures.validated = quint64(figures.value(u"validated"_s).toInteger());
    entry.figures.invalid = quint64(figures.value(u"invalid"_s).toInteger());
    entry.figures.lastValidationError = figures.value(u"lastValidationError"_s).toString();
    entry.figures.lastValidationErrorAt = msFromIso(figures.value(u"lastValidationErrorAt"_s));
    return entry;
}

QStringList registerStatusNames()
{
    return {registerStatusName(RegisterStatus::Draft), registerStatusName(RegisterStatus::Active),
            registerStatusName(RegisterStatus::Deprecated)};
}

QStringList validationPolicyNames()
{
    return {validationPolicyName(ValidationPolicy::Off), validationPolicyName(ValidationPolicy::Warn),
            validationPolicyName(ValidationPolicy::Enforce)};
}

} // namespace sluice
