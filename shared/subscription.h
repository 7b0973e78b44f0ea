#pragma once

#include "cloudevent.h"
#include "deliverywindow.h"
#include "eventfilter.h"
#include "outgoingshape.h"

#include <QJsonObject>
#include <QList>
#include <QStringList>
#include <QUrl>

#include <chrono>
#include <optional>

namespace sluice {

// A subscription's keys, as configured (docs/configuration.md#subscriptions), in the configuration
// file, the admin protocol and the store alike.
namespace subscriptionkey {
inline const QString Name = QStringLiteral("name");
inline const QString Endpoint = QStringLiteral("endpoint");
inline const QString Headers = QStringLiteral("headers");
inline const QString Types = QStringLiteral("types");
inline const QString Filter = QStringLiteral("filter");
inline const QString Enabled = QStringLiteral("enabled");
inline const QString Mode = QStringLiteral("mode");
inline const QString Priority = QStringLiteral("priority");
inline const QString Concurrency = QStringLiteral("concurrency");
inline const QString RetrySchedule = QStringLiteral("retrySchedule");
inline const QString Secrets = QStringLiteral("secrets");
inline const QString Auth = QStringLiteral("auth");
inline const QString Tls = QStringLiteral("tls");
inline const QString Handshake = QStringLiteral("handshake");
inline const QString PriorityRules = QStringLiteral("priorityRules");
inline const QString Windows = QStringLiteral("windows");
inline const QString TimeZone = QStringLiteral("timeZone");
inline const QString Coalesce = QStringLiteral("coalesce");
inline const QString Ordered = QStringLiteral("ordered");
inline const QString RateLimit = QStringLiteral("rateLimit");
inline const QString BatchSize = QStringLiteral("batchSize");
inline const QString InitialEvents = QStringLiteral("initialEvents");
inline const QString Owner = QStringLiteral("owner");
inline const QString Source = QStringLiteral("source");
inline const QString Until = QStringLiteral("until");
inline const QString Outgoing = QStringLiteral("outgoing");
inline const QString Protocol = QStringLiteral("protocol");
inline const QString Retention = QStringLiteral("retention");
// inside auth
inline const QString AuthType = QStringLiteral("type");
inline const QString Username = QStringLiteral("username");
inline const QString Password = QStringLiteral("password");
inline const QString Token = QStringLiteral("token");
// inside tls
inline const QString ClientCertificate = QStringLiteral("clientCertificate");
inline const QString ClientKey = QStringLiteral("clientKey");
inline const QString CaCertificates = QStringLiteral("caCertificates");
} // namespace subscriptionkey

// Structured and binary: one event per request. Batch: application/cloudevents-batch+json.
enum class DeliveryMode { Structured, Binary, Batch };

// Append-only: the numbers are stored in the database and sent over the admin protocol.
enum class Priority { Low = 0, Normal = 1, High = 2, Immediate = 3 };

QString priorityName(Priority priority);
QString deliveryModeName(DeliveryMode mode);
std::optional<DeliveryMode> deliveryModeFromName(QStringView name);
std::optional<Priority> priorityFromName(QStringView name);

// Where a subscription's endpoint stands. Pending: waiting for the validation handshake. Disabled:
// by its endpoint (410 Gone), by failing too long, or by an administrator. Append-only: the names
// are stored and sent over the admin protocol.
enum class EndpointState { Pending, Active, Disabled };

QString endpointStateName(EndpointState state);
// Unknown names read as Pending: the handshake runs again, which is safe.
EndpointState endpointStateFromName(QStringView name);

// A "processor" voting on the priority of the events it matches (seed 001): the highest vote wins,
// and no vote lowers the subscription's own priority.
struct PriorityRule {
    TypeSelector types;
    EventFilter filter;
    Priority priority = Priority::Normal;

    // {types (absent: every type), filter, priority}; the error says what is wrong.
    static std::optional<PriorityRule> fromJson(const QJsonValue &json, QString *error);
    QJsonObject toJson() const;
};

// How the agent proves itself to the endpoint, besides the Standard Webhooks signature.
struct EndpointAuth {
    enum class Kind { None, Basic, Bearer };
    Kind kind = Kind::None;
    QString username; // basic
    QString password; // basic
    QString token;    // bearer
};
QString authKindName(EndpointAuth::Kind kind); // "", "basic", "bearer": auth.type

// TLS towards the endpoint: a client certificate for mutual TLS, and a CA to trust instead of the
// system's (for endpoints with a private CA). Paths to PEM files.
struct EndpointTls {
    QString clientCertificate;
    QString clientKey;
    QString caCertificates;

    bool isEmpty() const { return clientCertificate.isEmpty() && caCertificates.isEmpty(); }
};

// How a subscription's events reach the consumer: sent to its endpoint, or kept for it to poll
// (GET /subscriptions/{id}/events with a cursor; docs/consumers.md).
enum class DeliveryProtocol { Http, Poll };

// How long a subscription lasts: until it is deleted, or (a checkpoint) until its first
// successful delivery, after which it deletes itself.
enum class Until { Deleted, FirstDelivery };

QString untilName(Until until); // "deleted", "first-delivery"
std::optional<Until> untilFromName(QStringView name);

// Who receives which events, and how.
struct Subscription {
    QString name;
    QString owner; // the consumer that made it through the Subscriptions API; empty: an administrator
    DeliveryProtocol protocol = DeliveryProtocol::Http;
    std::chrono::milliseconds retention = std::chrono::hours(24 * 7); // polled: how long unread events are kept
    QUrl endpoint;                                                    // Http only
    QList<std::pair<QByteArray, QByteArray>> headers;                 // extra HTTP headers, e.g. an API key
    TypeSelector types;
    QString sourceMatch; // only events with this source (the Subscriptions API's "source"); empty: any
    EventFilter filter;
    bool enabled = true;
    DeliveryMode mode = DeliveryMode::Structured;
    Priority priority = Priority::Normal;
    int concurrency = 0;                                           // 0: the agent's default
    std::optional<QList<std::chrono::milliseconds>> retrySchedule; // unset: the agent's default

    // Trust
    QStringList secrets; // whsec_… given in the configuration; none: the agent generates and keeps one
    EndpointAuth auth;
    EndpointTls tls;
    bool handshake = true; // CloudEvents webhook validation before the first delivery

    // Order of work
    QList<PriorityRule> priorityRules;
    DeliverySchedule schedule;  // delivery windows
    QStringList coalesceOn;     // attribute names forming the coalescing key; empty: no coalescing
    bool ordered = false;       // in order per subject
    double rateLimit = 0;       // events per second; 0: unlimited
    int batchSize = 100;        // mode batch: events per request at most
    bool initialEvents = false; // on creation / enabling: the latest event of every matching subject
    Until until = Until::Deleted;

    OutgoingShape outgoing; // source rewritten, attributes added, data projected

    bool polled() const { return protocol == DeliveryProtocol::Poll; }
    // The agent's own events: lifecycle types from its source.
    static bool isAgentEvent(const CloudEvent &event)
    {
        return event.type.startsWith(QLatin1StringView("sluice.")) &&
               event.source.startsWith(QLatin1StringView("/sluice/agent"));
    }

    bool matches(const CloudEvent &event) const { return enabled && types.matches(event.type) && selects(event); }
    // Source and filter, once the type is known to be selected.
    bool selects(const CloudEvent &event) const
    {
        return (sourceMatch.isEmpty() || event.source == sourceMatch) && filter.matches(event) &&
               (owner.isEmpty() || !isAgentEvent(event) || mayReceiveAgentEvent(event));
    }
    // The subscription's priority for this event after the rules voted.
    Priority priorityFor(const CloudEvent &event) const;
    // The coalescing key of this event; empty when the subscription does not coalesce.
    QString coalescingKeyFor(const CloudEvent &event) const;

    // How a definition is read. Local: from the configuration, the store or a client, on the agent's
    // machine (the TLS files must be readable here). Shown: as the admin API showed it, in a client of
    // it: the TLS paths are the agent's, and credentials may be masked or left out.
    enum class Reading { Local, Shown };
    // Reads one subscription; the error names the key that is wrong and how to fix it.
    static std::optional<Subscription> fromJson(const QJsonObject &json, QString *error,
                                                Reading reading = Reading::Local);
    // Whether it may be kept and used, whoever gave it (the file, the admin API, the Subscriptions
    // API, the console): names and patterns are one line of printable text, the endpoint a URI,
    // headers and credentials cannot add header lines, and the definition nests no deeper than the
    // store reads back (edgecheck.h). Empty when it may; else why not, naming the key.
    // How the refusal names what it checks: the configuration's keys, or the Subscriptions API's.
    struct Names {
        QString endpoint = QStringLiteral("\"endpoint\"");
        QString headers = QStringLiteral("headers");
        QString credential = QStringLiteral("\"auth\"");
        QString token = QStringLiteral("auth.token");
        QString username = QStringLiteral("auth.username");
        QString password = QStringLiteral("auth.password");
    };
    QString refusal() const; // in the configuration's words
    QString refusal(const Names &names) const;
    // Whether the agent's own events (source /sluice/agent/…: lifecycle) may reach this
    // subscription: an administrator's see all of them; a consumer's only those about its own
    // subscriptions (their data's "owner" is the consumer), never the agent's or another's.
    bool mayReceiveAgentEvent(const CloudEvent &event) const;

    // Everything but the secrets, which are never shown again once given.
    // Every key a definition may have (subscriptionkey), and of a subscription as shown (with its
    // status, shared/subscriptionstatus.h) only those keys.
    static const QStringList &definitionKeys();
    static QJsonObject definitionOf(const QJsonObject &shown);
    QJsonObject toJson() const;
    // Everything, credentials included, as fromJson reads it: for the agent's own store, and for a
    // client sending back a definition with credentials typed anew (empty ones are left out).
    QJsonObject toStorageJson() const;

    static std::optional<QList<std::chrono::milliseconds>> parseRetrySchedule(const QJsonValue &json, QString *error);
    // A pattern or a list of them ("*" selects every type).
    static std::optional<TypeSelector> parseTypes(const QJsonValue &types, QString *error);

private:
    static bool parseTrust(const QJsonObject &json, Subscription &sub, QString *error, Reading reading);
    static bool parseOrderOfWork(const QJsonObject &json, Subscription &sub, QString *error);
    static bool parseScope(const QJsonObject &json, Subscription &sub, QString *error);
    static bool parseProtocol(const QJsonObject &json, Subscription &sub, QString *error);
};

} // namespace sluice
