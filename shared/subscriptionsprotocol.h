#pragma once

// The CloudEvents Subscriptions API (cloudevents/spec, subscriptions/spec.md, version 0.1-wip) as
// the agent serves it to consumers over HTTP (docs/consumers.md): every member name, Sluice's
// "config" keys, and the problem types of its errors, once.

#include <QByteArray>
#include <QString>

namespace sluice::subscriptionsapi {

inline const QString kSpecVersion = QStringLiteral("0.1-wip");
inline const QString kProtocolHttp = QStringLiteral("HTTP");
// Sluice's own (the spec lets a manager add protocols): nothing is sent; the consumer fetches its
// events with GET /subscriptions/{id}/events.
inline const QString kProtocolPoll = QStringLiteral("poll");

// Members of a subscription object.
namespace key {
inline const QString Id = QStringLiteral("id");
inline const QString Source = QStringLiteral("source");
inline const QString Types = QStringLiteral("types");
inline const QString Config = QStringLiteral("config");
inline const QString Filters = QStringLiteral("filters");
inline const QString Sink = QStringLiteral("sink");
inline const QString SinkCredential = QStringLiteral("sinkcredential");
inline const QString Protocol = QStringLiteral("protocol");
inline const QString ProtocolSettings = QStringLiteral("protocolsettings");
// Read only, Sluice's: where the endpoint stands, and the signing secret (on creation only).
inline const QString Status = QStringLiteral("status");
inline const QString SigningSecret = QStringLiteral("signingsecret");
} // namespace key

// The subscription manager's own "config" keys.
namespace config {
inline const QString InitialEvents = QStringLiteral("initialEvents");
inline const QString Until = QStringLiteral("until");
inline const QString Mode = QStringLiteral("mode");
inline const QString Outgoing = QStringLiteral("outgoing");
inline const QString Retention = QStringLiteral("retention"); // polled: how long events are kept
} // namespace config

// Reading a polled subscription's events.
namespace polling {
inline const QString Cursor = QStringLiteral("cursor");
inline const QString Limit = QStringLiteral("limit");
inline const QString Wait = QStringLiteral("wait"); // seconds a poll that finds nothing waits (a long poll)
inline const QString OldestCursor = QStringLiteral("oldestCursor"); // in a 410 problem document
inline const QByteArray CursorHeader = QByteArrayLiteral("Sluice-Cursor");
inline const QByteArray BatchType = QByteArrayLiteral("application/cloudevents-batch+json");
} // namespace polling

// HTTP protocol settings (section 3.2.2.1).
namespace http {
inline const QString Headers = QStringLiteral("headers");
inline const QString Method = QStringLiteral("method");
} // namespace http

// Sink credentials (section 3.2.3).
namespace credential {
inline const QString Type = QStringLiteral("credentialtype");
inline const QString Plain = QStringLiteral("PLAIN");
inline const QString AccessToken = QStringLiteral("ACCESSTOKEN");
inline const QString Identifier = QStringLiteral("identifier");
inline const QString Secret = QStringLiteral("secret");
inline const QString Token = QStringLiteral("accesstoken");
inline const QString TokenType = QStringLiteral("accesstokentype");
inline const QString TokenExpires = QStringLiteral("accesstokenexpiresutc");
} // namespace credential

// The spec's operation errors, as the "type" of an RFC 9457 problem document
// (application/problem+json), plus the HTTP-level ones.
namespace problem {
inline const QString Invalid = QStringLiteral("invalid");
inline const QString NotFound = QStringLiteral("notfound");
inline const QString Conflict = QStringLiteral("conflict");
inline const QString Unauthorized = QStringLiteral("unauthorized");
inline const QString Forbidden = QStringLiteral("forbidden");
inline const QString TooLarge = QStringLiteral("toolarge");
inline const QString Gone = QStringLiteral("gone"); // polling: retention removed what the cursor points after
inline const QString Unavailable = QStringLiteral("unavailable");
inline const QString NotAllowed = QStringLiteral("notallowed"); // a method the resource does not take
inline const QString TypeBase = QStringLiteral("urn:sluice:problem:");
} // namespace problem

} // namespace sluice::subscriptionsapi
