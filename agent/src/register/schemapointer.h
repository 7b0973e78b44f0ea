#pragma once

#include "jsonpointer.h"

#include <QJsonObject>
#include <QList>
#include <QString>

namespace sluice {
struct RegisterEntry;
struct Subscription;
} // namespace sluice

namespace sluice::agent {

// Whether data valid under a JSON Schema can have a value at a JSON pointer: empty when it can,
// else why not ("/item/titel: the schema names only id, title, status at /item"). Follows
// properties, patternProperties, additionalProperties, items, allOf/anyOf/oneOf and local $refs.
// A member an object schema does not name, where it names others, cannot match unless
// additionalProperties allows it explicitly; where the schema says nothing, anything can be there.
QString schemaRefusesPointer(const QJsonObject &schema, const JsonPointer &pointer);

// Empty when every member of the subscription's projection can match the schema of at least one
// exposed type it selects (types without a schema cannot refuse); else which cannot, and why.
QString projectionRefusal(const Subscription &subscription, const QList<RegisterEntry> &entries);

} // namespace sluice::agent
