#pragma once

#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>

#include <optional>

namespace sluice {

// A text in the languages the console speaks.
struct LocalizedText {
    QString en;
    QString nl;

    bool isEmpty() const { return en.isEmpty() && nl.isEmpty(); }
    QJsonObject toJson() const;
    static LocalizedText fromJson(const QJsonValue &json); // a plain string counts as English
};

// Append-only names: stored in the database and sent over the admin protocol.
enum class RegisterStatus { Draft, Active, Deprecated };
enum class ValidationPolicy { Off, Warn, Enforce };
enum class RegisterOrigin { Seed, Module, Discovered, Admin };

QString registerStatusName(RegisterStatus status);
std::optional<RegisterStatus> registerStatusFromName(QStringView name);
QString validationPolicyName(ValidationPolicy policy);
std::optional<ValidationPolicy> validationPolicyFromName(QStringView name);
QString registerOriginName(RegisterOrigin origin);
// Every name, in order: the choices a client has.
QStringList registerStatusNames();
QStringList validationPolicyNames();
std::optional<RegisterOrigin> registerOriginFromName(QStringView name);

// One earlier (or the current) schema of an event type.
struct SchemaVersion {
    int version = 1;
    QJsonObject schema;
    qint64 at = 0; // ms since the epoch
    RegisterOrigin origin = RegisterOrigin::Seed;
};

// Live figures of an event type, as seen on the bus.
struct TypeFigures {
    qint64 firstSeen = 0; // ms since the epoch; 0: never
    qint64 lastSeen = 0;
    quint64 total = 0;
    quint64 lastHour = 0;
    quint64 lastDay = 0;
    quint64 validated = 0;       // events checked against the schema: all that left, a sample of the rest
    quint64 invalid = 0;         // events that failed validation (warn or enforce)
    QString lastValidationError; // the newest, with its JSON pointer
    qint64 lastValidationErrorAt = 0;
};

// One entry of the event register: the phone book of every event type on the bus (seed 000).
struct RegisterEntry {
    QString type; // be.digipolis.wcm.v4.content.item.created
    QString source;
    LocalizedText name;
    LocalizedText description;
    QString module;     // the owner
    QJsonObject schema; // JSON Schema of the event's data
    QJsonValue example; // an example of the data
    int version = 1;
    QList<SchemaVersion> history; // oldest first; the last one is the current schema
    RegisterStatus status = RegisterStatus::Draft;
    bool exposed = false; // may leave the organisation at all
    ValidationPolicy validation = ValidationPolicy::Warn;
    RegisterOrigin origin = RegisterOrigin::Seed;
    quint64 samples = 0; // discovered entries: payloads the schema was inferred from
    TypeFigures figures;

    QJsonObject toJson(bool withHistory = true) const;
    // Reads an entry as toJson writes it (also the seed catalogue); the error names the key.
    static std::optional<RegisterEntry> fromJson(const QJsonObject &json, QString *error);
};

} // namespace sluice
