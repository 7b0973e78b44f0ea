#include "register/jsonschema.h"

// Without this valijson reports an unusable schema by aborting the process: a module publishing a
// bad definition would take the agent down.
#define VALIJSON_USE_EXCEPTIONS 1
#include <valijson/adapters/qtjson_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validator.hpp>

#include <QRegularExpression>

#include <exception>
#include <list>

using namespace Qt::Literals::StringLiterals;

namespace sluice::agent {

namespace {

// valijson names a place as ["<root>", "[item]", "[title]"] or "[0]" for array elements.
QString pointerOf(const std::vector<std::string> &context)
{
    QString pointer;
    for (const std::string &step : context) {
        if (step == "<root>")
            continue;
        QString name = QString::fromStdString(step);
        if (name.startsWith(u'[') && name.endsWith(u']'))
            name = name.mid(1, name.size() - 2);
        if (name.startsWith(u'"') && name.endsWith(u'"') && name.size() >= 2)
            name = name.mid(1, name.size() - 2);
        pointer += u'/' + name.replace(u'~', u"~0"_s).replace(u'/', u"~1"_s);
    }
    return pointer;
}

} // namespace

QString SchemaViolation::toString() const
{
    return u"%1: %2"_s.arg(path.isEmpty() ? u"(the whole data)"_s : path, message);
}

QString SchemaViolation::join(const QList<SchemaViolation> &violations)
{
    QStringList parts;
    for (const SchemaViolation &v : violations)
        parts.append(v.toString());
    return parts.join(u"; "_s);
}

JsonSchema::JsonSchema() = default;
JsonSchema::~JsonSchema() = default;

std::shared_ptr<const JsonSchema> JsonSchema::compile(const QJsonValue &root, QString *error, const Fetch &fetch)
{
    if (!root.isObject() && !root.isBool()) {
        if (error)
            *error = u"a JSON Schema is an object (or true / false)"_s;
        return nullptr;
    }
    const QJsonObject schema = root.toObject();
    std::shared_ptr<JsonSchema> compiled(new JsonSchema);
    compiled->m_schema = std::make_unique<valijson::Schema>();
    compiled->m_validator = std::make_unique<valijson::Validator>();
    const QString dialect = schema.value(u"$schema"_s).toString();
    const auto version =
        dialect.contains(u"draft-04"_s) ? valijson::SchemaParser::kDraft4 : valijson::SchemaParser::kDraft7;
    if (!dialect.isEmpty() && !dialect.contains(u"draft-04"_s) && !dialect.contains(u"draft-07"_s) &&
        !dialect.contains(u"draft-06"_s)) {
        if (error)
            *error = u"$schema: %1 is not supported; use http://json-schema.org/draft-07/schema#"_s.arg(dialect);
        return nullptr;
    }
    valijson::SchemaParser parser(version);
    valijson::adapters::QtJsonAdapter adapter(root);
    // valijson keeps pointers to fetched documents until it calls free, so they live here.
    std::list<QJsonValue> fetched;
    QString refused;
    auto fetchDoc = [&](const std::string &uri) -> const QJsonValue * {
        const QString name = QString::fromStdString(uri);
        std::optional<QJsonValue> document = fetch ? fetch(name) : std::nullopt;
        if (!document) {
            refused = name;
            return nullptr;
        }
        fetched.push_back(*document);
        return &fetched.back();
    };
    auto freeDoc = [](const QJsonValue *) {};
    try {
        parser.populateSchema(adapter, *compiled->m_schema, fetchDoc, freeDoc);
    } catch (const std::exception &e) {
        if (error) {
            *error = refused.isEmpty()
                         ? u"not a usable JSON Schema: %1"_s.arg(QString::fromUtf8(e.what()))
                         : u"$ref to %1 cannot be resolved: remote schemas are not fetched; put the definition "
                           u"under \"definitions\" and refer to it as #/definitions/…"_s.arg(refused);
        }
        return nullptr;
    }
    return compiled;
}

QList<SchemaViolation> JsonSchema::validate(const QJsonValue &value, int maxViolations) const
{
    valijson::adapters::QtJsonAdapter adapter(value);
    valijson::ValidationResults results;
    bool valid = false;
    {
        QMutexLocker lock(&m_mutex);
        try {
            valid = m_validator->validate(*m_schema, adapter, maxViolations > 1 ? &results : nullptr);
        } catch (const std::exception &e) {
            return {{QString(), u"cannot be validated: %1"_s.arg(QString::fromUtf8(e.what()))}};
        }
    }
    if (valid)
        return {};
    QList<SchemaViolation> violations;
    // valijson reports the innermost problem first, then each enclosing one ("failed to validate
    // against schema associated with property …"): the first ones are what a person needs.
    valijson::ValidationResults::Error e;
    while (violations.size() < std::max(1, maxViolations) && results.popError(e)) {
        SchemaViolation violation{pointerOf(e.context), QString::fromStdString(e.description)};
        // A missing member is reported at its parent; the member's own place says more.
        static const QRegularExpression missing(u"^Missing required property '(.*)'\\.?$"_s);
        if (const auto match = missing.match(violation.message); match.hasMatch()) {
            violation.path += u'/' + match.captured(1).replace(u'~', u"~0"_s).replace(u'/', u"~1"_s);
            violation.message = u"required, but missing"_s;
        }
        violations.append(violation);
    }
    if (violations.isEmpty())
        violations.append({QString(), u"does not match the schema"_s});
    return violations;
}

} // namespace sluice::agent
