#pragma once

// The admin protocol: JSON-RPC 2.0 over a WebSocket, spoken by the agent and the console. Every
// method name, notification name, parameter key and error code lives here, once (docs/protocol.md).

#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <QStringList>

namespace sluice::protocol {

// Semantic versioning: a client refuses a server whose major version differs from its own.
inline const QString kVersion = QStringLiteral("3.0.0");
inline const QString kJsonRpc = QStringLiteral("2.0");

// The members of JSON-RPC 2.0's messages.
namespace jsonrpc {
inline const QString JsonRpc = QStringLiteral("jsonrpc");
inline const QString Id = QStringLiteral("id");
inline const QString Method = QStringLiteral("method");
inline const QString Params = QStringLiteral("params");
inline const QString Result = QStringLiteral("result");
inline const QString Error = QStringLiteral("error");
inline const QString Code = QStringLiteral("code");
inline const QString Message = QStringLiteral("message");
inline const QString Data = QStringLiteral("data");                 // {reason, params} and the members below
inline const QString RetryAfterMs = QStringLiteral("retryAfterMs"); // rate limited: when to send again
inline const QString Job = QStringLiteral("job");                   // replayRunning: the running replay's id
} // namespace jsonrpc

namespace method {
inline const QString Hello = QStringLiteral("hello");
inline const QString Authenticate = QStringLiteral("authenticate");

inline const QString RegisterList = QStringLiteral("register.list");
inline const QString RegisterGet = QStringLiteral("register.get");
inline const QString RegisterUpdate = QStringLiteral("register.update");
inline const QString RegisterExport = QStringLiteral("register.export");
inline const QString RegisterRejections = QStringLiteral("register.rejections");

inline const QString SubscriptionsList = QStringLiteral("subscriptions.list");
inline const QString SubscriptionsGet = QStringLiteral("subscriptions.get");
inline const QString SubscriptionsCreate = QStringLiteral("subscriptions.create");
inline const QString SubscriptionsUpdate = QStringLiteral("subscriptions.update");
inline const QString SubscriptionsDelete = QStringLiteral("subscriptions.delete");
inline const QString SubscriptionsEnable = QStringLiteral("subscriptions.enable");
inline const QString SubscriptionsDisable = QStringLiteral("subscriptions.disable");
inline const QString SubscriptionsRotateSecret = QStringLiteral("subscriptions.rotateSecret");
inline const QString SubscriptionsTest = QStringLiteral("subscriptions.test");
inline const QString SubscriptionsDryRun = QStringLiteral("subscriptions.dryRun");
inline const QString SubscriptionsHealth = QStringLiteral("subscriptions.health"); // the last hour, per minute

inline const QString ConsumersList = QStringLiteral("consumers.list");
inline const QString ConsumersCreate = QStringLiteral("consumers.create");
inline const QString ConsumersUpdate = QStringLiteral("consumers.update");
inline const QString ConsumersRotate = QStringLiteral("consumers.rotate");
inline const QString ConsumersRevoke = QStringLiteral("consumers.revoke");
inline const QString ConsumersDelete = QStringLiteral("consumers.delete");

inline const QString DeliveriesList = QStringLiteral("deliveries.list");
inline const QString DeliveriesGet = QStringLiteral("deliveries.get");
inline const QString DeliveriesRetry = QStringLiteral("deliveries.retry");       // one or a selection
inline const QString DeliveriesRetryAll = QStringLiteral("deliveries.retryAll"); // all matching a query
inline const QString DeliveriesDiscard = QStringLiteral("deliveries.discard");
inline const QString JobsGet = QStringLiteral("jobs.get");
inline const QString JobsStop = QStringLiteral("jobs.stop");                 // a replay
inline const QString DeliveriesReplay = QStringLiteral("deliveries.replay"); // read a subscription's events again

inline const QString QuarantineList = QStringLiteral("quarantine.list");
inline const QString QuarantineGet = QStringLiteral("quarantine.get");
inline const QString QuarantineDiscard = QStringLiteral("quarantine.discard");

inline const QString StatsGet = QStringLiteral("stats.get");
inline const QString StatsSubscribe = QStringLiteral("stats.subscribe");
inline const QString StatsUnsubscribe = QStringLiteral("stats.unsubscribe");

inline const QString EventsSubscribe = QStringLiteral("events.subscribe");
inline const QString EventsUnsubscribe = QStringLiteral("events.unsubscribe");

inline const QString AuditList = QStringLiteral("audit.list");
} // namespace method

// A consumer as consumers.list shows it.
namespace consumer {
inline const QString Name = QStringLiteral("name");
inline const QString AllowedTypes = QStringLiteral("allowedTypes");
inline const QString MaxSubscriptions = QStringLiteral("maxSubscriptions");
inline const QString Created = QStringLiteral("created");
inline const QString TokenCreated = QStringLiteral("tokenCreated");
inline const QString Revoked = QStringLiteral("revoked");
inline const QString LastUsed = QStringLiteral("lastUsed");
inline const QString Subscriptions = QStringLiteral("subscriptions");
inline const QString Token = QStringLiteral("token");         // create and rotate only: shown once
inline const QString Consumers = QStringLiteral("consumers"); // consumers.list's result
} // namespace consumer

// What stats.get returns and the stats notification carries (docs/protocol.md#observing).
namespace stats {
inline const QString Agent = QStringLiteral("agent");
inline const QString Version = QStringLiteral("version");
inline const QString UptimeSeconds = QStringLiteral("uptimeSeconds");
inline const QString Totals = QStringLiteral("totals");
inline const QString Consumed = QStringLiteral("consumed");
inline const QString FilteredOut = QStringLiteral("filteredOut");
inline const QString Matched = QStringLiteral("matched");
inline const QString Quarantined = QStringLiteral("quarantined");
inline const QString Duplicates = QStringLiteral("duplicates");
inline const QString DeliveriesCreated = QStringLiteral("deliveriesCreated");
inline const QString Attempts = QStringLiteral("attempts");
inline const QString Delivered = QStringLiteral("delivered");
inline const QString Retried = QStringLiteral("retried");
inline const QString Dead = QStringLiteral("dead");
inline const QString InFlight = QStringLiteral("inFlight");
inline const QString PerSecond = QStringLiteral("perSecond");
inline const QString In = QStringLiteral("in");
inline const QString Failed = QStringLiteral("failed");
inline const QString Queue = QStringLiteral("queue");
inline const QString Subscriptions = QStringLiteral("subscriptions");
inline const QString Name = QStringLiteral("name");
inline const QString State = QStringLiteral("state");
inline const QString Waiting = QStringLiteral("waiting");
inline const QString LastHour = QStringLiteral("lastHour");
inline const QString BreakerOpen = QStringLiteral("breakerOpen");
inline const QString Consumer = QStringLiteral("consumer");
inline const QString AssignedPartitions = QStringLiteral("assignedPartitions");
inline const QString Lag = QStringLiteral("lag");
inline const QString Topic = QStringLiteral("topic");
inline const QString Partition = QStringLiteral("partition");
inline const QString Store = QStringLiteral("store");
inline const QString SizeBytes = QStringLiteral("sizeBytes");
inline const QString Pending = QStringLiteral("pending");
inline const QString Sending = QStringLiteral("sending");
} // namespace stats

// hello's answer: who answers, and every method with the params it takes.
namespace hello {
inline const QString Agent = QStringLiteral("agent");
inline const QString Version = QStringLiteral("version");
inline const QString Protocol = QStringLiteral("protocol");
inline const QString Capabilities = QStringLiteral("capabilities"); // the method names
inline const QString Methods = QStringLiteral("methods");           // [{name, changes, params: [param spec]}]
inline const QString Authentication = QStringLiteral("authentication");
inline const QString Authenticated = QStringLiteral("authenticated");
inline const QString Name = QStringLiteral("name");
inline const QString Changes = QStringLiteral("changes"); // needs an admin token, and is audited
inline const QString Params = QStringLiteral("params");
} // namespace hello

// One param a method takes, as hello lists it.
namespace paramspec {
inline const QString Name = QStringLiteral("name");
inline const QString Kind = QStringLiteral("kind"); // string, integer, boolean, strings, integers, time, object,
                                                    // array, filter, text, any
inline const QString Required = QStringLiteral("required");
inline const QString Min = QStringLiteral("min");
inline const QString Max = QStringLiteral("max");
inline const QString Choices = QStringLiteral("choices");
inline const QString EmptyAllowed = QStringLiteral("emptyAllowed");
} // namespace paramspec

// A page of a list (register.list, deliveries.list, quarantine.list, audit.list, …).
namespace page {
inline const QString Offset = QStringLiteral("offset");
inline const QString Limit = QStringLiteral("limit");
inline const QString Total = QStringLiteral("total");
} // namespace page

// The register methods' params and results beside the entries themselves (shared/registerentry.h).
namespace registry {
inline const QString Entries = QStringLiteral("entries"); // register.list's page
inline const QString Search = QStringLiteral("search");
inline const QString Status = QStringLiteral("status");
inline const QString Exposed = QStringLiteral("exposed");
inline const QString Type = QStringLiteral("type");
inline const QString Types = QStringLiteral("types");                 // the register notification's
inline const QString Subscriptions = QStringLiteral("subscriptions"); // register.get: which select it by name
inline const QString Name = QStringLiteral("name");
inline const QString Description = QStringLiteral("description");
inline const QString Validation = QStringLiteral("validation");
inline const QString Schema = QStringLiteral("schema");
inline const QString Example = QStringLiteral("example");
inline const QString Format = QStringLiteral("format"); // register.export: asyncapi, markdown or html
inline const QString Document = QStringLiteral("document");
inline const QString AsyncApi = QStringLiteral("asyncapi");
inline const QString Markdown = QStringLiteral("markdown");
inline const QString Html = QStringLiteral("html");
inline const QString Rejections = QStringLiteral("rejections"); // register.rejections: {at, type, origin, reason}
inline const QString At = QStringLiteral("at");
inline const QString Origin = QStringLiteral("origin");
inline const QString Reason = QStringLiteral("reason");
} // namespace registry

// What holds a subscription's deliveries back now (a delivery status, shared/deliverystatus.h), in
// subscriptions.list/get and in stats; absent when nothing does.
namespace hold {
inline const QString Held = QStringLiteral("held");
} // namespace hold

// A polled subscription's reading, in subscriptions.list/get and in stats (member "poll").
namespace poll {
inline const QString Poll = QStringLiteral("poll");
inline const QString Unread = QStringLiteral("unread");
inline const QString OldestUnreadAt = QStringLiteral("oldestUnreadAt"); // ms since the epoch; 0: none
inline const QString LastPollAt = QStringLiteral("lastPollAt");         // ms since the epoch; 0: never
} // namespace poll

// deliveries.replay's params (docs/protocol.md#replay).
namespace replay {
inline const QString Subscription = QStringLiteral("subscription");
inline const QString From = QStringLiteral("from");       // RFC 3339
inline const QString To = QStringLiteral("to");           // RFC 3339; absent: now
inline const QString Offsets = QStringLiteral("offsets"); // [{topic, partition, from, to}] instead of times
inline const QString Topic = QStringLiteral("topic");
inline const QString Partition = QStringLiteral("partition");
inline const QString DryRun = QStringLiteral("dryRun");
inline const QString Examples = QStringLiteral("examples");
inline const QString EventsPerSecond = QStringLiteral("eventsPerSecond");
// A replay job's gaps ({topic, partition, from, to, reason}) and examples ({id, type, subject, time,
// topic, partition, offset}).
inline const QString Reason = QStringLiteral("reason");
inline const QString Offset = QStringLiteral("offset");
inline const QString Id = QStringLiteral("id");
inline const QString Type = QStringLiteral("type");
inline const QString Subject = QStringLiteral("subject");
inline const QString Time = QStringLiteral("time");
} // namespace replay

// The session's params and answers (hello's are in namespace hello).
namespace session {
inline const QString Token = QStringLiteral("token"); // authenticate's param
inline const QString Name = QStringLiteral("name");   // the token's
inline const QString Role = QStringLiteral("role");
} // namespace session

// subscriptions.test, dryRun and rotateSecret params and answers beside the subscription's own keys.
namespace trial {
inline const QString Type = QStringLiteral("type");   // test: the type whose example is sent
inline const QString Count = QStringLiteral("count"); // dryRun: how many recent events to evaluate
inline const QString Types = QStringLiteral("types");
inline const QString Filter = QStringLiteral("filter");
inline const QString Evaluated = QStringLiteral("evaluated");
inline const QString Matched = QStringLiteral("matched");
inline const QString Events = QStringLiteral("events");
inline const QString Event = QStringLiteral("event");
inline const QString ReceivedAt = QStringLiteral("receivedAt");
inline const QString PreviousValidForSeconds = QStringLiteral("previousValidForSeconds"); // rotateSecret
} // namespace trial

// deliveries.list and retryAll's query, and what a change to a selection answers.
namespace deliveryquery {
inline const QString Subscription = QStringLiteral("subscription");
inline const QString State = QStringLiteral("state"); // a phase: pending … attention (docs/protocol.md)
inline const QString Type = QStringLiteral("type");
inline const QString Subject = QStringLiteral("subject");
inline const QString From = QStringLiteral("from");
inline const QString To = QStringLiteral("to");
inline const QString HttpStatus = QStringLiteral("httpStatus");
inline const QString Max = QStringLiteral("max");               // retryAll: at most this many, the oldest first
inline const QString Deliveries = QStringLiteral("deliveries"); // deliveries.list's page
inline const QString Id = QStringLiteral("id");
inline const QString Ids = QStringLiteral("ids"); // retry, discard, quarantine.discard
inline const QString Retried = QStringLiteral("retried");
inline const QString Discarded = QStringLiteral("discarded"); // a state, and how many were
inline const QString Unchanged = QStringLiteral("unchanged");
inline const QString Requested = QStringLiteral("requested");
inline const QString Messages = QStringLiteral("messages"); // quarantine.list's page
inline const QString Entries = QStringLiteral("entries");   // audit.list's page
// The states a query takes: stored ones, and the phases the agent works out (held and waiting
// hold pending deliveries apart by why they wait; attention is dead and held).
inline const QString Pending = QStringLiteral("pending");
inline const QString Sending = QStringLiteral("sending");
inline const QString Delivered = QStringLiteral("delivered");
inline const QString Dead = QStringLiteral("dead");
inline const QString Superseded = QStringLiteral("superseded");
inline const QString Waiting = QStringLiteral("waiting");
inline const QString Held = QStringLiteral("held");
inline const QString Attention = QStringLiteral("attention");
const QStringList &states();
} // namespace deliveryquery

// subscriptions.test's answer: the whole attempt.
namespace testattempt {
inline const QString Request = QStringLiteral("request"); // {method, url, headers, body}, secrets masked
inline const QString At = QStringLiteral("at");
inline const QString DurationMs = QStringLiteral("durationMs");
inline const QString Delivered = QStringLiteral("delivered");
inline const QString Response = QStringLiteral("response"); // {status, reason, headers, body}
inline const QString Error = QStringLiteral("error");       // no response: why
inline const QString Method = QStringLiteral("method");
inline const QString Url = QStringLiteral("url");
inline const QString Headers = QStringLiteral("headers");
inline const QString Body = QStringLiteral("body");
inline const QString Status = QStringLiteral("status");
inline const QString Reason = QStringLiteral("reason");
} // namespace testattempt

// A Kafka record as the agent shows it: a live event's record, a quarantined message.
namespace record {
inline const QString Topic = QStringLiteral("topic");
inline const QString Partition = QStringLiteral("partition");
inline const QString Offset = QStringLiteral("offset");
inline const QString Timestamp = QStringLiteral("timestamp"); // RFC 3339; a quarantined message's: kafkaTimestamp
inline const QString Key = QStringLiteral("key");
inline const QString Headers = QStringLiteral("headers"); // [[name, base64]]
inline const QString Size = QStringLiteral("size");
inline const QString ValueBase64 = QStringLiteral("valueBase64");
inline const QString ValueText = QStringLiteral("valueText"); // when the value is UTF-8
inline const QString ValueTruncated = QStringLiteral("valueTruncated");
} // namespace record

// A quarantined message beside its record's keys (quarantine.list/get).
namespace quarantinedmessage {
inline const QString Id = QStringLiteral("id");
inline const QString Reason = QStringLiteral("reason"); // in English; the cause is its code and params
inline const QString ReceivedAt = QStringLiteral("receivedAt");
inline const QString KafkaTimestamp = QStringLiteral("kafkaTimestamp");
} // namespace quarantinedmessage

// An entry of audit.list.
namespace auditentry {
inline const QString At = QStringLiteral("at");
inline const QString Token = QStringLiteral("token"); // its name
inline const QString Method = QStringLiteral("method");
inline const QString Params = QStringLiteral("params");
inline const QString Outcome = QStringLiteral("outcome"); // "ok" or "refused: …"
} // namespace auditentry

// Live events: events.subscribe's params and answer, the events and outcomes notifications.
namespace stream {
inline const QString Types = QStringLiteral("types");
inline const QString Filter = QStringLiteral("filter");
inline const QString MaxPerSecond = QStringLiteral("maxPerSecond");
inline const QString IntervalMs = QStringLiteral("intervalMs");
inline const QString Events = QStringLiteral("events");
inline const QString Skipped = QStringLiteral("skipped");
inline const QString Event = QStringLiteral("event");
inline const QString Matched = QStringLiteral("matched");
inline const QString Deliveries = QStringLiteral("deliveries"); // [{subscription, id}]
inline const QString Subscription = QStringLiteral("subscription");
inline const QString Id = QStringLiteral("id");
inline const QString ReceivedAt = QStringLiteral("receivedAt");
inline const QString Record = QStringLiteral("record"); // the Kafka record
inline const QString Outcomes = QStringLiteral("outcomes");
inline const QString Status = QStringLiteral("status");
inline const QString HttpStatus = QStringLiteral("httpStatus");
} // namespace stream

// Notifications the agent sends (JSON-RPC requests without an id).
namespace notification {
inline const QString Stats = QStringLiteral("stats");       // params: what stats.get returns
inline const QString Events = QStringLiteral("events");     // params: {events: [...], skipped: n}
inline const QString Job = QStringLiteral("job");           // params: a job's progress (retryAll)
inline const QString Outcomes = QStringLiteral("outcomes"); // params: {outcomes: [...]} of streamed events' deliveries
// params: {dead: n, held: {subscription: status}}: deliveries needing attention changed (at most once a second)
inline const QString Deliveries = QStringLiteral("deliveries");
inline const QString Subscriptions = QStringLiteral("subscriptions"); // params: {}: subscriptions changed; reload
inline const QString Register = QStringLiteral("register");           // params: {types: [...]} whose definition changed
} // namespace notification

namespace role {
inline const QString Admin = QStringLiteral("admin");
inline const QString Viewer = QStringLiteral("viewer");
inline const QString Consumer = QStringLiteral("consumer"); // the Subscriptions API's, not the admin API's
} // namespace role

// JSON-RPC 2.0's codes, then ours (the implementation-defined range -32000 to -32099).
namespace error {
enum Code {
    ParseError = -32700,
    InvalidRequest = -32600,
    MethodNotFound = -32601,
    InvalidParams = -32602,
    InternalError = -32603,
    Unauthenticated = -32001, // authenticate first, or the token is wrong
    Forbidden = -32002,       // a viewer token asked for a change
    RateLimited = -32003,     // too many requests on this connection; data.retryAfterMs says when
    NotFound = -32004,        // no such type, subscription, delivery, message or job
    Conflict = -32005,        // the change cannot be made in the current state
    Refused = -32006,         // the change is not allowed (a schema that does not compile, ...)
    Unavailable = -32007,     // the agent is stopping or its store refuses work
};
} // namespace error

// Builders for the three JSON-RPC 2.0 message shapes.
QJsonObject result(const QJsonValue &id, const QJsonValue &result);
QJsonObject errorResponse(const QJsonValue &id, int code, const QString &message, const QJsonValue &data = {});
QJsonObject notify(const QString &method, const QJsonObject &params);
QJsonObject request(const QJsonValue &id, const QString &method, const QJsonObject &params = {});

} // namespace sluice::protocol
