#pragma once

#include "cloudevent.h"
#include "config.h"
#include "httpreceiver.h"
#include "ingest/kafka.h"
#include "queue/deliveryqueue.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QStringList>
#include <QTemporaryDir>
#include <QUrl>

#include <memory>

namespace sluice::agent {
class Agent;
}

namespace sluice::test {

// Produces into a real Kafka-protocol cluster (the embedded one in these tests).
class Producer {
public:
    explicit Producer(const QString &brokers);
    ~Producer();

    void send(const QString &topic, const QByteArray &key, const QByteArray &value,
              const QList<std::pair<QByteArray, QByteArray>> &headers = {});
    void sendBinary(const QString &topic, const CloudEvent &event);
    void sendStructured(const QString &topic, const CloudEvent &event);
    void flush();

private:
    agent::KafkaHandle m_producer;
};

// A receiver on 127.0.0.1 that keeps every CloudEvent it was sent, by event id.
class RecordingReceiver : public QObject {
    Q_OBJECT

public:
    RecordingReceiver();

    receiver::HttpReceiver &http() { return m_http; }
    QString url(const QString &path = QStringLiteral("/")) const;

    QStringList ids() const { return m_ids; } // in arrival order, with duplicates
    QStringList uniqueIds() const;
    QStringList types() const;                                               // of each event received, once per event
    int okCount() const { return m_okCount; }                                // events answered with 2xx
    QList<receiver::ReceivedRequest> requests() const { return m_requests; } // deliveries, not handshakes
    QList<receiver::ReceivedRequest> handshakes() const { return m_handshakes; }
    QHash<QString, CloudEvent> events() const { return m_events; }
    // Answers with failStatus for the next n requests, then with the normal status again.
    void failNext(int n, int failStatus);

private:
    receiver::HttpReceiver m_http;
    QStringList m_ids;
    int m_okCount = 0;
    int m_failing = 0;
    int m_failStatus = 503;
    QList<receiver::ReceivedRequest> m_requests;
    QList<receiver::ReceivedRequest> m_handshakes;
    QHash<QString, CloudEvent> m_events;
};

// The embedded cluster shared by a test case, with fresh topics, group and store per test function.
class ClusterFixture {
protected:
    void startCluster();                 // from initTestCase
    void nextRun(const QString &prefix); // from init
    agent::AgentConfig config(const QJsonArray &subscriptions, const QJsonObject &delivery = {},
                              const QJsonObject &sections = {});
    // A "register" section for config(): the run's register topic, discovered types exposed or not
    // (config() itself exposes them).
    QJsonObject registerSection(bool exposeDiscovered = false) const;

    QTemporaryDir m_dir;
    std::unique_ptr<agent::EmbeddedCluster> m_cluster;
    QString m_prefix;
    int m_run = 0;
};

// A ClusterFixture whose agents have the admin API on a free port of 127.0.0.1, with their own
// token file (the admin and viewer tokens the agent makes at its first start).
class AdminFixture : protected ClusterFixture {
protected:
    // Admin overrides go into the "admin" section; null (with a warning) when it did not start.
    // Other top-level sections (http, consumers, ...) come in sections.
    std::unique_ptr<agent::Agent> startAgent(const QJsonArray &subscriptions = {}, const QJsonObject &admin = {},
                                             const QJsonObject &delivery = {}, const QJsonObject &sections = {});
    QString token(const QString &name) const;
    QString tokenFile() const;
    static QUrl adminUrl(const agent::Agent &agent);
};

// A subscription object for a test configuration.
QJsonObject subscription(const QString &name, const QString &endpoint, const QStringList &types,
                         const QJsonObject &extra = {});
// An agent configuration for tests: topics PREFIXbin, PREFIXstr and PREFIXplain on the given cluster,
// its own group and store, short retries, 127.0.0.1 allowed unless delivery sets egressAllow, the
// register topic PREFIXregister with discovered types exposed (tests of delivery use made-up types),
// and no HTTP server or admin API. Top-level sections in `sections` (register, http, ...) replace these.
agent::AgentConfig agentConfig(const QString &bootstraps, const QString &prefix, const QString &storePath,
                               const QJsonArray &subscriptions, const QJsonObject &delivery = {},
                               const QJsonObject &sections = {});

// A TCP port of 127.0.0.1 free now (taken by whoever asks next).
quint16 freePort();

// A GET on 127.0.0.1 (with a bearer token, if given), waited for while the event loop runs (the agent answers from this
// thread).
struct HttpGot {
    int status = 0;
    QByteArray body;
    QByteArray contentType;
    QList<QPair<QByteArray, QByteArray>> headers;

    QByteArray header(const QByteArray &name) const
    {
        for (const auto &[key, value] : headers) {
            if (key.compare(name, Qt::CaseInsensitive) == 0)
                return value;
        }
        return {};
    }
};
HttpGot httpGet(const QString &url, const QString &bearer = QString());
// Any method, with a JSON body if given.
HttpGot httpSend(const QByteArray &verb, const QString &url, const QString &bearer, const QByteArray &json = {});
// Any method, with these headers and body, waited for up to timeoutMs.
HttpGot httpRequest(const QByteArray &verb, const QString &url, const QList<std::pair<QByteArray, QByteArray>> &headers,
                    const QByteArray &body = {}, int timeoutMs = 10000);

// A self-signed certificate and key for 127.0.0.1 (also as its subject alternative name, so a client
// that trusts it as a CA accepts it for that address), made by openssl: PREFIXadmin.pem and PREFIXadmin.key.
bool makeSelfSignedCertificate(const QString &prefix, QString *certificate, QString *key);

CloudEvent makeEvent(const QString &type, const QString &id, const QString &subject = QString(),
                     const QJsonObject &data = {});

// An event as the ingest hands it to the queue, with one delivery for the subscription (its
// ordering key, if given, is also the event's subject); and count of them, ids PREFIX0, PREFIX1, ….
agent::IngestItem ingestItem(const QString &id, const QString &subscription, const QString &orderingKey = {});
QList<agent::IngestItem> ingestItems(int count, const QString &subscription, const QString &prefix = {});

} // namespace sluice::test
