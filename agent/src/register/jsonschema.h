#pragma once

#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QMutex>
#include <QString>

#include <functional>
#include <memory>
#include <optional>

namespace valijson {
class Schema;
class Validator;
} // namespace valijson

namespace sluice::agent {

// Where a value breaks its schema: a JSON pointer into the value and what is wrong there.
struct SchemaViolation {
    QString path; // "" is the whole value, "/item/title" a member
    QString message;

    QString toString() const;
    // Several, as one line: "path: message; path: message".
    static QString join(const QList<SchemaViolation> &violations);
};

// A JSON Schema (draft 7; draft 4 when "$schema" says so) compiled once, validated many times.
// Validation is thread-safe. Built on valijson.
class JsonSchema {
public:
    // Resolves a remote "$ref" document by its URI; std::nullopt refuses it.
    using Fetch = std::function<std::optional<QJsonValue>(const QString &uri)>;

    ~JsonSchema();

    // A schema that cannot be compiled gives std::nullopt and the reason. Remote references are
    // refused unless fetch resolves them: the agent never downloads while consuming.
    // Draft 7 also allows true and false as schemas.
    static std::shared_ptr<const JsonSchema> compile(const QJsonValue &schema, QString *error, const Fetch &fetch = {});

    // Up to maxViolations problems, most specific first; empty when the value is valid.
    QList<SchemaViolation> validate(const QJsonValue &value, int maxViolations = 5) const;
    bool accepts(const QJsonValue &value) const { return validate(value, 1).isEmpty(); }

private:
    JsonSchema();

    std::unique_ptr<valijson::Schema> m_schema;
    mutable std::unique_ptr<valijson::Validator> m_validator; // keeps compiled regular expressions
    mutable QMutex m_mutex;
};

} // namespace sluice::agent
