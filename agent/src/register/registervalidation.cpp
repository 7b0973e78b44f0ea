// The register's validation of events against their types' schemas: as the pipeline consumes them
// (counted in the type's figures) and as a replay reads them again (not counted).
#include "register/register.h"

using namespace Qt::Literals::StringLiterals;

namespace sluice::agent {

namespace {

// An event's data against a type's schema; data that is not JSON is one violation.
QList<SchemaViolation> violationsOf(const CloudEvent &event, const JsonSchema &schema)
{
    if (event.dataKind() == CloudEvent::DataKind::Bytes)
        return {{QString(), u"the data is not JSON (datacontenttype %1)"_s.arg(event.dataContentType)}};
    return schema.validate(event.dataKind() == CloudEvent::DataKind::Json ? event.jsonData() : QJsonValue(), 3);
}

// Why an event is quarantined under policy enforce.
QuarantineReason refusal(const CloudEvent &event, int version, const QString &problems)
{
    using namespace quarantinedparam;
    if (event.dataKind() == CloudEvent::DataKind::Bytes)
        return {quarantined::DataNotJson,
                {{Type, event.type}, {Version, version}, {ContentType, event.dataContentType}}};
    return {quarantined::Schema, {{Type, event.type}, {Version, version}, {Problems, problems}}};
}

} // namespace

QuarantineReason EventRegister::check(const CloudEvent &event, const RegisterVerdict &verdict, qint64 now)
{
    if (!verdict.schema)
        return {};
    const QList<SchemaViolation> violations = violationsOf(event, *verdict.schema);
    const QString problems = violations.isEmpty() ? QString() : SchemaViolation::join(violations);
    {
        QMutexLocker lock(&m_mutex);
        auto it = m_slots.find(event.type);
        if (it != m_slots.end()) {
            TypeFigures &figures = it->entry.figures;
            ++figures.validated;
            if (!violations.isEmpty()) {
                ++figures.invalid;
                figures.lastValidationError = u"version %1: %2"_s.arg(verdict.version).arg(problems);
                figures.lastValidationErrorAt = now;
            }
            it->changed = true;
        }
    }
    if (violations.isEmpty() || verdict.policy != ValidationPolicy::Enforce)
        return {};
    return refusal(event, verdict.version, problems);
}

QuarantineReason EventRegister::refusalOf(const CloudEvent &event) const
{
    std::shared_ptr<const JsonSchema> schema;
    int version = 0;
    {
        QMutexLocker lock(&m_mutex);
        const auto it = m_slots.constFind(event.type);
        if (it == m_slots.constEnd() || it->entry.status == RegisterStatus::Draft ||
            it->entry.validation != ValidationPolicy::Enforce || !it->compiled)
            return {};
        schema = it->compiled;
        version = it->entry.version;
    }
    const QList<SchemaViolation> violations = violationsOf(event, *schema);
    return violations.isEmpty() ? QuarantineReason() : refusal(event, version, SchemaViolation::join(violations));
}

} // namespace sluice::agent
