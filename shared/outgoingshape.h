#pragma once

#include "jsonpointer.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace sluice {

// What a subscription changes in an event on its way out, after matching and before signing (so
// the signature covers what is sent):
//   "outgoing": {
//     "source": "urn:nld:oin:00000001234567890000:systeem:cms",   the public source; the original
//                                                                 goes in "originalsource"
//     "extensions": {"tenant": "north"},                           attributes added
//     "projection": ["/item/id", {"from": "/item/title", "to": "/title"}]
//   }
// A projection sends a new data object holding only the listed members, each at "to" (by default
// where it was); a member the event lacks is left out; data that is not a JSON object becomes {}.
// The event's dataschema no longer describes the data, so it is removed.
struct OutgoingShape {
    struct Member {
        JsonPointer from;
        JsonPointer to;
    };

    QString source;
    QJsonObject extensions; // string, integer or boolean values
    QList<Member> projection;

    static inline const QString OriginalSourceAttribute = QStringLiteral("originalsource");

    bool isEmpty() const { return source.isEmpty() && extensions.isEmpty() && projection.isEmpty(); }

    // Reads the "outgoing" object; the error names the member that is wrong.
    static std::optional<OutgoingShape> fromJson(const QJsonValue &json, QString *error);
    QJsonObject toJson() const;

    // The event (structured JSON, as the store keeps it) as this shape sends it.
    std::optional<QByteArray> apply(const QByteArray &structuredEvent, QString *error) const;
    // The data as the projection leaves it.
    QJsonValue project(const QJsonValue &data) const;
};

} // namespace sluice
