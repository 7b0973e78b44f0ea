#include "testsupport.h"

#include "postgresserver.h"

#include "admin/admintokens.h"
#include "agent.h"

#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QTcpServer>
#include <QTest>

using namespace Qt::Literals::StringLiterals;

namespace sluice::test {

Producer::Producer(const QString &brokers)
{
    agent::KafkaConf conf;
    QString error;
    if (!conf.set(u"bootstrap.servers"_s, brokers, &error) || !conf.set(u"linger.ms"_s, u"1"_s, &error))
        qFatal("%s", qPrintable(error));
    m_producer = conf.create(RD_KAFKA_PRODUCER, &error);
    if (!m_producer)
        qFatal("%s", qPrintable(error));
}

Producer::~Producer()
{
    flush();
}

void Producer::send(const QString &topic, const QByteArray &key, const QByteArray &value,
                    const QList<std::pair<QByteArray, QByteArray>> &headers)
{
    const rd_kafka_resp_err_t err = agent::produce(m_producer.get(), topic, key, value, headers);
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR)
        qFatal("produce failed: %s", rd_kafka_err2str(err));
    rd_kafka_poll(m_producer.get(), 0);
}

void Producer::sendBinary(const QString &topic, const CloudEvent &event)
{
    QList<std::pair<QByteArray, QByteArray>> headers = {
        {"ce_specversion", "1.0"},        {"ce_id", event.id.toUtf8()},         {"ce_source", event.source.toUtf8()},
        {"ce_type", event.type.toUtf8()}, {"content-type", "application/json"},
    };
    if (!event.subject.isEmpty())
        headers.emplaceBack("ce_subject", event.subject.toUtf8());
    send(topic, event.subject.toUtf8(), event.dataBody(), headers);
}

void Producer::sendStructured(const QString &topic, const CloudEvent &event)
{
    send(topic, event.subject.toUtf8(), event.toStructuredBytes(), {{"content-type", "application/cloudevents+json"}});
}

void Producer::flush()
{
    if (m_producer)
        rd_kafka_flush(m_producer.get(), 10000);
}

RecordingReceiver::RecordingReceiver()
{
    QString error;
    if (!m_http.listen(QHostAddress::LocalHost, 0, &error))
        qFatal("%s", qPrintable(error));
    connect(&m_http, &receiver::HttpReceiver::received, this,
            [this](const receiver::ReceivedRequest &request, int status) {
                if (request.method == "OPTIONS") {
                    m_handshakes.append(request); // the validation handshake carries no events
                    return;
                }
                m_requests.append(request);
                QString why;
                for (const CloudEvent &event : receiver::cloudEventsIn(request, &why)) {
                    m_ids.append(event.id);
                    m_events.insert(event.id, event);
                    if (status >= 200 && status < 300)
                        ++m_okCount;
                }
                if (m_failing > 0 && --m_failing == 0) {
                    auto behaviour = m_http.behaviour();
                    behaviour.failRate = 0;
                    m_http.setBehaviour(behaviour);
                }
            });
}

void RecordingReceiver::failNext(int n, int failStatus)
{
    m_failing = n;
    auto behaviour = m_http.behaviour();
    behaviour.failRate = 1.0;
    behaviour.failStatus = failStatus;
    m_http.setBehaviour(behaviour);
}

QString RecordingReceiver::url(const QString &path) const
{
    return u"http://127.0.0.1:%1%2"_s.arg(m_http.port()).arg(path);
}

QStringList RecordingReceiver::uniqueIds() const
{
    QStringList unique = m_ids;
    unique.removeDuplicates();
    return unique;
}

QStringList RecordingReceiver::types() const
{
    QStringList types;
    for (const CloudEvent &event : m_events)
        types.append(event.type);
    return types;
}

void ClusterFixture::startCluster()
{
    QString error;
    m_cluster = agent::EmbeddedCluster::start(1, &error);
    QVERIFY2(m_cluster, qPrintable(error));
}

void ClusterFixture::nextRun(const QString &prefix)
{
    m_prefix = prefix + QString::number(++m_run) + u'.';
    for (const QString &topic : {u"bin"_s, u"str"_s, u"plain"_s})
        QVERIFY(m_cluster->createTopic(m_prefix + topic, 2, nullptr));
    QVERIFY(m_cluster->createTopic(m_prefix + u"register"_s, 1, nullptr));
}

agent::AgentConfig ClusterFixture::config(const QJsonArray &subscriptions, const QJsonObject &delivery,
                                          const QJsonObject &sections)
{
    return agentConfig(m_cluster->bootstraps(), m_prefix, m_dir.filePath(m_prefix + u"db"_s), subscriptions, delivery,
                       sections);
}

QJsonObject ClusterFixture::registerSection(bool exposeDiscovered) const
{
    return {{u"topic"_s, m_prefix + u"register"_s}, {u"exposeDiscovered"_s, exposeDiscovered}};
}

std::unique_ptr<agent::Agent> AdminFixture::startAgent(const QJsonArray &subscriptions, const QJsonObject &admin,
                                                       const QJsonObject &delivery, const QJsonObject &sections)
{
    QJsonObject adminSection{{u"listen"_s, u"127.0.0.1:0"_s}, {u"tokenFile"_s, tokenFile()}};
    for (auto it = admin.begin(); it != admin.end(); ++it)
        adminSection.insert(it.key(), it.value());
    QJsonObject all = sections;
    all.insert(u"admin"_s, adminSection);
    auto agent = std::make_unique<agent::Agent>(config(subscriptions, delivery, all));
    QString error;
    if (!agent->start(&error)) {
        qWarning("agent did not start: %s", qPrintable(error));
        return nullptr;
    }
    return agent;
}

QString AdminFixture::token(const QString &name) const
{
    agent::AdminTokens tokens(tokenFile());
    QString error;
    if (!tokens.reloadIfChanged(&error))
        qWarning("%s", qPrintable(error));
    const auto token = tokens.find(name);
    return token ? token->secret : QString();
}

QString AdminFixture::tokenFile() const
{
    return m_dir.filePath(m_prefix + u"tokens.json"_s);
}

QUrl AdminFixture::adminUrl(const agent::Agent &agent)
{
    return QUrl(u"ws://127.0.0.1:%1"_s.arg(agent.adminPort()));
}

QJsonObject subscription(const QString &name, const QString &endpoint, const QStringList &types,
                         const QJsonObject &extra)
{
    QJsonObject sub = extra;
    sub.insert(u"name"_s, name);
    sub.insert(u"endpoint"_s, endpoint);
    sub.insert(u"types"_s, QJsonArray::fromStringList(types));
    return sub;
}

agent::AgentConfig agentConfig(const QString &bootstraps, const QString &prefix, const QString &storePath,
                               const QJsonArray &subscriptions, const QJsonObject &delivery,
                               const QJsonObject &sections)
{
    QJsonObject deliveryJson = delivery;
    if (!deliveryJson.contains(u"retrySchedule"_s))
        deliveryJson.insert(u"retrySchedule"_s, QJsonArray{u"0"_s, u"200ms"_s, u"200ms"_s, u"200ms"_s});
    if (!deliveryJson.contains(u"egressAllow"_s))
        deliveryJson.insert(u"egressAllow"_s, QJsonArray{u"127.0.0.1"_s});
    deliveryJson.insert(u"jitter"_s, 0);
    deliveryJson.insert(u"connectTimeout"_s, u"1s"_s);
    deliveryJson.insert(u"responseTimeout"_s, u"2s"_s);
    QJsonObject store = storeSection(storePath);
    store.insert(u"synchronous"_s, u"normal"_s);
    QJsonObject json{
        {u"kafka"_s, QJsonObject{{u"brokers"_s, bootstraps},
                                 {u"groupId"_s, prefix + u"group"_s},
                                 {u"topics"_s, QJsonArray{prefix + u"bin"_s, prefix + u"str"_s, prefix + u"plain"_s}},
                                 {u"properties"_s, QJsonObject{{u"session.timeout.ms"_s, u"6000"_s}}}}},
        {u"decoding"_s, QJsonObject{{u"mappings"_s, QJsonArray{QJsonObject{{u"topic"_s, prefix + u"plain"_s},
                                                                           {u"typePointer"_s, u"/t"_s},
                                                                           {u"source"_s, u"/plain"_s},
                                                                           {u"idPointer"_s, u"/id"_s},
                                                                           {u"subjectPointer"_s, u"/s"_s},
                                                                           {u"dataPointer"_s, u"/d"_s}}}}}},
        {u"store"_s, store},
        {u"delivery"_s, deliveryJson},
        {u"register"_s, QJsonObject{{u"topic"_s, prefix + u"register"_s}, {u"exposeDiscovered"_s, true}}},
        {u"http"_s, QJsonObject{{u"listen"_s, QString()}}},
        {u"admin"_s, QJsonObject{{u"listen"_s, QString()}}},
        {u"subscriptions"_s, subscriptions},
    };
    for (auto it = sections.begin(); it != sections.end(); ++it)
        json.insert(it.key(), it.value());
    QStringList errors;
    const auto parsed = agent::AgentConfig::fromJson(json, &errors);
    if (!parsed)
        qFatal("test configuration is invalid: %s", qPrintable(errors.join(u"; "_s)));
    return *parsed;
}

quint16 freePort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

HttpGot httpGet(const QString &url, const QString &bearer)
{
    return httpSend("GET", url, bearer);
}

HttpGot httpSend(const QByteArray &verb, const QString &url, const QString &bearer, const QByteArray &json)
{
    QList<std::pair<QByteArray, QByteArray>> headers;
    if (!bearer.isEmpty())
        headers.emplaceBack("Authorization", "Bearer " + bearer.toUtf8());
    if (!json.isEmpty())
        headers.emplaceBack("Content-Type", "application/json");
    return httpRequest(verb, url, headers, json);
}

HttpGot httpRequest(const QByteArray &verb, const QString &url, const QList<std::pair<QByteArray, QByteArray>> &headers,
                    const QByteArray &body, int timeoutMs)
{
    QNetworkAccessManager manager;
    QNetworkRequest request{QUrl(url)};
    for (const auto &[name, value] : headers)
        request.setRawHeader(name, value);
    QNetworkReply *reply = manager.sendCustomRequest(request, verb, body);
    QElapsedTimer waited;
    waited.start();
    while (!reply->isFinished() && waited.elapsed() < timeoutMs)
        QTest::qWait(10);
    HttpGot got{reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), reply->readAll(),
                reply->header(QNetworkRequest::ContentTypeHeader).toByteArray(), reply->rawHeaderPairs()};
    reply->deleteLater();
    return got;
}

CloudEvent makeEvent(const QString &type, const QString &id, const QString &subject, const QJsonObject &data)
{
    CloudEvent event;
    event.type = type;
    event.id = id;
    event.source = u"/test"_s;
    event.subject = subject;
    event.dataContentType = u"application/json"_s;
    event.setJsonData(data);
    return event;
}

} // namespace sluice::test

namespace sluice::test {

bool makeSelfSignedCertificate(const QString &prefix, QString *certificate, QString *key)
{
    *key = prefix + u"admin.key"_s;
    *certificate = prefix + u"admin.pem"_s;
    QProcess openssl;
    openssl.start(u"openssl"_s, {u"req"_s, u"-x509"_s, u"-newkey"_s, u"rsa:2048"_s, u"-nodes"_s, u"-days"_s, u"2"_s,
                                 u"-subj"_s, u"/CN=127.0.0.1"_s, u"-addext"_s, u"subjectAltName=IP:127.0.0.1"_s,
                                 u"-keyout"_s, *key, u"-out"_s, *certificate});
    return openssl.waitForFinished(30000) && openssl.exitStatus() == QProcess::NormalExit && openssl.exitCode() == 0;
}

agent::IngestItem ingestItem(const QString &id, const QString &subscription, const QString &orderingKey)
{
    agent::IngestItem item;
    item.event.id = id;
    item.event.source = u"/wcm/v4/content"_s;
    item.event.type = u"be.digipolis.wcm.v4.content.item.changed"_s;
    item.event.subject = orderingKey;
    item.event.setJsonData(QJsonObject{{u"n"_s, id}});
    agent::NewDelivery delivery;
    delivery.subscription = subscription;
    delivery.orderingKey = orderingKey;
    item.deliveries = {delivery};
    return item;
}

QList<agent::IngestItem> ingestItems(int count, const QString &subscription, const QString &prefix)
{
    QList<agent::IngestItem> list;
    for (int i = 0; i < count; ++i)
        list.append(ingestItem(prefix + QString::number(i), subscription));
    return list;
}

} // namespace sluice::test
