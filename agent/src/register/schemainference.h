#pragma once

#include <QJsonObject>
#include <QJsonValue>

namespace sluice::agent {

// Infers a JSON Schema from the payloads of an event type no one registered, refined with every
// payload it sees (as EventBridge's schema discovery does): the types each member had, the members
// present in every payload (required), and string formats that held for every value (date-time,
// date, email, uri, uuid). A schema built from payloads accepts each of them.
class SchemaInference {
public:
    // Widens schema so that it accepts value too. An empty schema has seen nothing yet.
    static void merge(QJsonObject &schema, const QJsonValue &value);
    // The string format value has, if any of the ones inference knows.
    static QString formatOf(const QString &value);
};

} // namespace sluice::agent
