#pragma once

#include "jsonpointer.h"
#include "registerentry.h"
#include "subscription.h"

#include <QHostAddress>
#include <QMap>
#include <QString>
#include <QStringList>

#include <chrono>
#include <optional>

namespace sluice::agent {

using std::chrono::milliseconds;

// How plain JSON messages on one topic become CloudEvents.
struct MappingRule {
    QString topic;
    QString type;                           // fixed type, or ...
    std::optional<JsonPointer> typePointer; // ... taken from the message
    QString source;                         // fixed
    std::optional<JsonPointer> idPointer;   // unset: "<topic>-<partition>-<offset>", stable across re-reads
    std::optional<JsonPointer> subjectPointer;
    std::optional<JsonPointer> timePointer; // unset or absent in the message: the Kafka timestamp
    std::optional<JsonPointer> dataPointer; // unset: the whole message is the data
};

struct KafkaConfig {
    QString brokers; // empty: start the embedded cluster
    QString groupId = QStringLiteral("sluice");
    // Static group membership (group.instance.id): a restarted agent takes its partitions back at
    // once. Unset: derived from the host name and what tells agents on one host apart; empty: off.
    std::optional<QString> instanceId;
    QStringList topics; // names, or regular expressions starting with "^"
    QMap<QString, QString> properties;
    int embeddedPartitions = 4;
    QStringList embeddedTopics; // created in the embedded cluster at start

    // Whether topic is one of topics: by name, or matched by one starting with "^".
    bool consumes(const QString &topic) const;
};

struct DecodingConfig {
    qsizetype maxEventBytes = 1024 * 1024;
    // Threads that scan and decode a polled batch together; 0: one per core, at most kMaxThreads.
    int threads = 0;
    static constexpr int kMaxThreads = 4;
    int threadCount() const;
    QList<MappingRule> mappings;
};

// A PostgreSQL server shared by several agents. The password is never in the configuration file:
// it is read from passwordFile or the environment variable passwordEnv when a connection opens.
struct PostgresConfig {
    QString host = QStringLiteral("127.0.0.1"); // a name, an address, or a socket folder (starts with '/')
    int port = 5432;
    QString database = QStringLiteral("sluice");
    QString user = QStringLiteral("sluice");
    QString passwordFile;
    QString passwordEnv;
    QString sslMode = QStringLiteral("prefer"); // libpq's sslmode
    QString caFile;                             // libpq's sslrootcert, for verify-ca and verify-full
    milliseconds connectTimeout = std::chrono::seconds(5);
};

struct StoreConfig {
    enum class Backend { Sqlite, Postgres };
    Backend backend = Backend::Sqlite;
    PostgresConfig postgres;
    QString path = QStringLiteral("sluice.db");
    milliseconds retention = std::chrono::hours(24 * 7);
    bool fullSync = true; // fsync every commit: survives power loss, not only a crash
    int recentEvents = 1000;
    // The newest event per type and subject, for initial events: of the types some subscription
    // with initial events selects, and of keepLatestFor (for subscribers still to come).
    bool keepLatest = true;
    TypeSelector keepLatestFor; // none unless configured
};

struct DeliveryConfig {
    QList<milliseconds> retrySchedule;
    milliseconds connectTimeout = std::chrono::seconds(5);
    milliseconds responseTimeout = std::chrono::seconds(15);
    int concurrency = 8;
    milliseconds shutdownGrace = std::chrono::seconds(10);
    // How long a claimed delivery stays with the agent that claimed it; in a shared store, how long
    // the deliveries of an agent that died wait before another sends them.
    milliseconds lease = std::chrono::minutes(5);
    double jitter = 0.2; // each retry delay varies by up to this fraction either way

    // Trust
    QStringList egressAllow; // private, loopback and link-local destinations that may be delivered to
    QString origin;          // WebHook-Request-Origin of the validation handshake; empty: the host name
    QString proxy;           // http://host:port of an outbound proxy; empty: none
    QStringList noProxy;     // destinations reached directly despite the proxy
    milliseconds handshakeRetry = std::chrono::seconds(30);
    milliseconds secretOverlap = std::chrono::hours(24); // a rotated-out secret keeps signing this long

    // Back-pressure and failing endpoints
    int breakerFailures = 5; // consecutive failures that open an endpoint's circuit
    milliseconds breakerCooldown = std::chrono::seconds(30);
    milliseconds disableAfter = std::chrono::hours(72); // failing this long disables the subscription
    milliseconds maxRetryAfter = std::chrono::hours(1);

    QString notBeforeAttribute = QStringLiteral("notbefore"); // extension attribute: deliver not before

    static QList<milliseconds> defaultRetrySchedule();
};

struct RegisterConfig {
    QString topic = QStringLiteral("sluice.register"); // module definitions; empty: none read
    bool seed = true;                                  // the built-in catalogue of the CMS and the agent's own events
    bool discover = true;                              // unknown types become draft entries with an inferred schema
    bool exposeDiscovered = false; // discovered types may leave the organisation before anyone looked
    ValidationPolicy defaultValidation = ValidationPolicy::Warn; // for types registered without one
};

// The agent's own HTTP server: register documents, health, metrics, and the consumers'
// Subscriptions API (docs/consumers.md).
struct HttpConfig {
    QString listen = QStringLiteral("127.0.0.1:8790"); // empty: off
    QString tlsCertificate;                            // PEM; with tlsKey: https
    QString tlsKey;
    qint64 maxBodyBytes = 64 * 1024; // a request body larger than this is refused (413)
};

// An outside system calling in (docs/operations.md): a POST to /callbacks/{name} on the HTTP
// server becomes a CloudEvent produced to topic, which the agent consumes like any other.
struct CallbackConfig {
    QString name;
    QString topic;
    // How callers prove who they are; each one given is required. A secret token as the last path
    // segment (/callbacks/{name}/{token}), and a Standard Webhooks signature made with a "whsec_"
    // secret. A file that does not exist is made, readable by the agent's user only, with a new one.
    QString tokenFile;
    QString signingSecretFile;
    milliseconds signatureTolerance = std::chrono::minutes(5); // webhook-timestamp this far from now
    std::optional<MappingRule> mapping;                        // plain JSON bodies; unset: CloudEvents only
    // Preflight requests trigger nothing: OPTIONS (the CloudEvents webhook validation) always; a
    // GET with this query parameter, answered with its value; a POST whose JSON body has this
    // member, answered with it.
    QString challengeParameter = QStringLiteral("challenge");
    std::optional<JsonPointer> challengeMember;
    milliseconds ackTimeout = std::chrono::seconds(10); // no acknowledgement from Kafka by then: 503
};

// Consumers of the Subscriptions API.
struct ConsumersConfig {
    int maxSubscriptions = 100;                          // per consumer, unless the consumer has its own limit
    milliseconds maxPollWait = std::chrono::seconds(30); // the longest a long poll may wait (?wait=)
};

// The admin API: JSON-RPC 2.0 over a WebSocket (docs/protocol.md).
struct AdminConfig {
    QString listen = QStringLiteral("127.0.0.1:8791"); // empty: off
    QString tokenFile;                                 // empty: admin-tokens.json beside the store
    QString tlsCertificate; // PEM; with tlsKey: wss. Required when listening beyond loopback.
    QString tlsKey;
    QStringList allowedOrigins; // browsers' Origin values allowed; requests without Origin always are
    qint64 maxMessageBytes = 1 << 20;
    double requestsPerSecond = 50; // per connection, with bursts of twice that
    milliseconds idleTimeout = std::chrono::minutes(10);
    int maxConnections = 32;
};

// Which log categories and levels go to stderr (the journal): Qt logging rules, e.g.
// "sluice.agent.delivery.debug=true". QT_LOGGING_RULES in the environment wins.
struct LogConfig {
    QStringList rules;
};

struct DemoConfig {
    bool enabled = false;
    int eventsPerSecond = 20;
};

// "127.0.0.1:8790", "[::1]:8790", "localhost:0"; std::nullopt if it is none of these.
std::optional<std::pair<QHostAddress, quint16>> parseListenAddress(const QString &text);

struct AgentConfig {
    KafkaConfig kafka;
    DecodingConfig decoding;
    StoreConfig store;
    DeliveryConfig delivery;
    DemoConfig demo;
    RegisterConfig eventRegister;
    HttpConfig http;
    ConsumersConfig consumers;
    QList<CallbackConfig> callbacks;
    AdminConfig admin;
    LogConfig log;
    QList<Subscription> subscriptions;

    // Every problem is reported, each naming its key and what to do; std::nullopt if there is any.
    static std::optional<AgentConfig> fromJson(const QJsonObject &json, QStringList *errors);
    static std::optional<AgentConfig> load(const QString &path, QStringList *errors);
    // The file as JSON (comment lines removed), not yet checked.
    static std::optional<QJsonObject> readFile(const QString &path, QStringList *errors);
};

} // namespace sluice::agent
