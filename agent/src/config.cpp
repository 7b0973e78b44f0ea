#include "config.h"

#include "callbacks/callbackconfig.h"
#include "configreader.h"

#include "delivery/egress.h"
#include "delivery/proxy.h"
#include "duration.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QThread>

using namespace Qt::Literals::StringLiterals;

namespace sluice::agent {

bool KafkaConfig::consumes(const QString &topic) const
{
    for (const QString &t : topics) {
        if (t == topic || (t.startsWith(u'^') && QRegularExpression(t).match(topic).hasMatch()))
            return true;
    }
    return false;
}

int DecodingConfig::threadCount() const
{
    return threads > 0 ? threads : std::clamp(QThread::idealThreadCount(), 1, kMaxThreads);
}

namespace {

// Lines whose first non-blank characters are "//" are comments, so the shipped file can explain itself.
QByteArray stripCommentLines(const QByteArray &text)
{
    QList<QByteArray> lines = text.split('\n');
    for (QByteArray &line : lines) {
        if (line.trimmed().startsWith("//"))
            line.clear(); // the line stays, so error messages keep their line numbers
    }
    return lines.join('\n');
}

void readPostgres(ConfigReader pg, PostgresConfig *out)
{
    pg.allow({u"host"_s, u"port"_s, u"database"_s, u"user"_s, u"password"_s, u"passwordFile"_s, u"passwordEnv"_s,
              u"sslmode"_s, u"caFile"_s, u"connectTimeout"_s});
    if (pg.raw().contains(u"password"_s))
        pg.error(u"password"_s, u"is never kept in the configuration file: name a file with \"passwordFile\" "
                                u"(readable by the agent only) or an environment variable with \"passwordEnv\""_s);
    out->host = pg.string(u"host"_s, out->host);
    out->port = int(pg.integer(u"port"_s, out->port, 1, 65535));
    out->database = pg.string(u"database"_s, out->database);
    out->user = pg.string(u"user"_s, out->user);
    out->passwordFile = pg.string(u"passwordFile"_s);
    out->passwordEnv = pg.string(u"passwordEnv"_s);
    out->sslMode = pg.string(u"sslmode"_s, out->sslMode);
    out->caFile = pg.string(u"caFile"_s);
    out->connectTimeout = pg.duration(u"connectTimeout"_s, out->connectTimeout);
    if (out->host.isEmpty())
        pg.error(u"host"_s, u"name the PostgreSQL server: a host name, an address or a socket folder"_s);
    if (out->database.isEmpty())
        pg.error(u"database"_s, u"name the database the agents share"_s);
    if (out->user.isEmpty())
        pg.error(u"user"_s, u"name the role the agent connects as"_s);
    const QStringList modes = {u"disable"_s, u"allow"_s, u"prefer"_s, u"require"_s, u"verify-ca"_s, u"verify-full"_s};
    if (!modes.contains(out->sslMode))
        pg.error(u"sslmode"_s, u"must be one of %1"_s.arg(modes.join(u", "_s)));
    if (!out->caFile.isEmpty() && !QFileInfo(out->caFile).isReadable())
        pg.error(u"caFile"_s, u"cannot read \"%1\""_s.arg(out->caFile));
    if (out->caFile.isEmpty() && out->sslMode.startsWith(u"verify-"))
        pg.error(u"caFile"_s,
                 u"sslmode \"%1\" checks the server's certificate: name the CA that signed it"_s.arg(out->sslMode));
    if (!out->passwordFile.isEmpty() && !QFileInfo(out->passwordFile).isReadable())
        pg.error(u"passwordFile"_s, u"cannot read \"%1\""_s.arg(out->passwordFile));
    if (!out->passwordFile.isEmpty() && !out->passwordEnv.isEmpty())
        pg.error(u"passwordEnv"_s, u"give either \"passwordFile\" or \"passwordEnv\", not both"_s);
    if (out->connectTimeout < std::chrono::seconds(1))
        pg.error(u"connectTimeout"_s, u"must be at least 1s"_s);
}

} // namespace

std::optional<std::pair<QHostAddress, quint16>> parseListenAddress(const QString &text)
{
    const qsizetype colon = text.lastIndexOf(u':');
    if (colon <= 0)
        return std::nullopt;
    QString host = text.left(colon);
    if (host.startsWith(u'[') && host.endsWith(u']'))
        host = host.mid(1, host.size() - 2);
    const QHostAddress address(host == u"localhost" ? u"127.0.0.1"_s : host);
    bool ok = false;
    const uint port = text.mid(colon + 1).toUInt(&ok);
    if (address.isNull() || !ok || port > 65535)
        return std::nullopt;
    return std::pair(address, quint16(port));
}

QList<milliseconds> DeliveryConfig::defaultRetrySchedule()
{
    using namespace std::chrono;
    return {milliseconds(0), seconds(5), minutes(5), minutes(30), hours(2), hours(5), hours(10), hours(10)};
}

std::optional<AgentConfig> AgentConfig::fromJson(const QJsonObject &json, QStringList *errors)
{
    const qsizetype before = errors->size();
    AgentConfig config;
    ConfigReader root(json, QString(), errors);
    root.allow({u"kafka"_s, u"decoding"_s, u"store"_s, u"delivery"_s, u"demo"_s, u"register"_s, u"http"_s,
                u"consumers"_s, u"callbacks"_s, u"admin"_s, u"log"_s, u"subscriptions"_s});

    ConfigReader kafka(root.object(u"kafka"_s), u"kafka."_s, errors);
    kafka.allow({u"brokers"_s, u"groupId"_s, u"instanceId"_s, u"topics"_s, u"properties"_s, u"embedded"_s});
    config.kafka.brokers = kafka.string(u"brokers"_s);
    config.kafka.groupId = kafka.string(u"groupId"_s, config.kafka.groupId);
    if (config.kafka.groupId.isEmpty())
        kafka.error(u"groupId"_s, u"must not be empty; agents sharing one queue share one group id"_s);
    if (kafka.raw().contains(u"instanceId"_s)) {
        config.kafka.instanceId = kafka.string(u"instanceId"_s);
        static const QRegularExpression valid(u"^[A-Za-z0-9._-]{0,249}$"_s);
        if (!valid.match(*config.kafka.instanceId).hasMatch())
            kafka.error(u"instanceId"_s, u"use up to 249 of a-z, A-Z, 0-9, '.', '_' and '-' (or \"\" for no static "
                                         u"membership)"_s);
    }
    config.kafka.topics = kafka.strings(u"topics"_s);
    for (const QString &topic : std::as_const(config.kafka.topics)) {
        if (topic.startsWith(u'^') && !QRegularExpression(topic).isValid())
            kafka.error(u"topics"_s, u"\"%1\" is not a valid regular expression"_s.arg(topic));
    }
    const QJsonObject properties = kafka.object(u"properties"_s);
    for (auto it = properties.constBegin(); it != properties.constEnd(); ++it) {
        if (!it.value().isString() && !it.value().isDouble() && !it.value().isBool())
            kafka.error(u"properties."_s + it.key(), u"must be a string, number or boolean"_s);
        config.kafka.properties.insert(it.key(), it.value().toVariant().toString());
    }
    ConfigReader embedded(kafka.object(u"embedded"_s), u"kafka.embedded."_s, errors);
    embedded.allow({u"partitions"_s, u"topics"_s});
    config.kafka.embeddedPartitions = int(embedded.integer(u"partitions"_s, config.kafka.embeddedPartitions, 1, 1024));
    config.kafka.embeddedTopics = embedded.strings(u"topics"_s);
    if (config.kafka.embeddedTopics.isEmpty()) {
        for (const QString &topic : std::as_const(config.kafka.topics)) {
            if (!topic.startsWith(u'^'))
                config.kafka.embeddedTopics.append(topic);
        }
    }

    ConfigReader decoding(root.object(u"decoding"_s), u"decoding."_s, errors);
    decoding.allow({u"maxEventBytes"_s, u"mappings"_s, u"threads"_s});
    config.decoding.maxEventBytes = decoding.integer(u"maxEventBytes"_s, config.decoding.maxEventBytes, 64, 64 << 20);
    config.decoding.threads = int(decoding.integer(u"threads"_s, config.decoding.threads, 0, 64));
    const QJsonArray mappings = decoding.raw().value(u"mappings"_s).toArray();
    for (qsizetype i = 0; i < mappings.size(); ++i) {
        ConfigReader m(mappings.at(i).toObject(), u"decoding.mappings[%1]."_s.arg(i), errors);
        m.allow({u"topic"_s, u"type"_s, u"typePointer"_s, u"source"_s, u"idPointer"_s, u"subjectPointer"_s,
                 u"timePointer"_s, u"dataPointer"_s});
        MappingRule rule;
        rule.topic = m.string(u"topic"_s);
        if (rule.topic.isEmpty())
            m.error(u"topic"_s, u"name the topic whose plain JSON messages this rule maps"_s);
        readMappingFields(m, &rule);
        config.decoding.mappings.append(rule);
    }

    ConfigReader store(root.object(u"store"_s), u"store."_s, errors);
    store.allow({u"backend"_s, u"postgresql"_s, u"path"_s, u"retention"_s, u"synchronous"_s, u"recentEvents"_s,
                 u"keepLatest"_s});
    const QString backend = store.string(u"backend"_s, u"sqlite"_s);
    if (backend == u"postgresql")
        config.store.backend = StoreConfig::Backend::Postgres;
    else if (backend != u"sqlite")
        store.error(u"backend"_s, u"must be \"sqlite\" (a file on this machine) or \"postgresql\" (a server "
                                  u"several agents share)"_s);
    const QJsonObject postgres = store.object(u"postgresql"_s);
    if (config.store.backend == StoreConfig::Backend::Postgres)
        readPostgres(ConfigReader(postgres, u"store.postgresql."_s, errors), &config.store.postgres);
    else if (!postgres.isEmpty())
        store.error(u"postgresql"_s, u"is used only with \"backend\": \"postgresql\""_s);
    config.store.path = store.string(u"path"_s, config.store.path);
    config.store.retention = store.duration(u"retention"_s, config.store.retention);
    const QString sync = store.string(u"synchronous"_s, u"full"_s);
    if (sync != u"full" && sync != u"normal")
        store.error(u"synchronous"_s, u"must be \"full\" (survives power loss) or \"normal\" (survives a crash)"_s);
    config.store.fullSync = sync == u"full";
    config.store.recentEvents = int(store.integer(u"recentEvents"_s, config.store.recentEvents, 0, 1'000'000));
    if (store.raw().value(u"keepLatest"_s).isArray()) {
        // Types kept besides those a subscription with initial events selects: for subscribers to come.
        QString why;
        if (auto types = TypeSelector::parse(store.strings(u"keepLatest"_s), &why))
            config.store.keepLatestFor = std::move(*types);
        else
            store.error(u"keepLatest"_s, why);
    } else {
        config.store.keepLatest = store.boolean(u"keepLatest"_s, config.store.keepLatest);
    }

    ConfigReader delivery(root.object(u"delivery"_s), u"delivery."_s, errors);
    delivery.allow({u"retrySchedule"_s, u"connectTimeout"_s, u"responseTimeout"_s, u"concurrency"_s, u"shutdownGrace"_s,
                    u"lease"_s, u"jitter"_s, u"egressAllow"_s, u"origin"_s, u"handshakeRetry"_s, u"secretOverlap"_s,
                    u"breakerFailures"_s, u"breakerCooldown"_s, u"disableAfter"_s, u"maxRetryAfter"_s,
                    u"notBeforeAttribute"_s, u"proxy"_s, u"noProxy"_s});
    config.delivery.retrySchedule = DeliveryConfig::defaultRetrySchedule();
    if (delivery.raw().contains(u"retrySchedule"_s)) {
        QString why;
        const auto schedule = Subscription::parseRetrySchedule(delivery.raw().value(u"retrySchedule"_s), &why);
        if (schedule)
            config.delivery.retrySchedule = *schedule;
        else
            errors->append(u"delivery."_s + why);
    }
    config.delivery.connectTimeout = delivery.duration(u"connectTimeout"_s, config.delivery.connectTimeout);
    config.delivery.responseTimeout = delivery.duration(u"responseTimeout"_s, config.delivery.responseTimeout);
    config.delivery.concurrency = int(delivery.integer(u"concurrency"_s, config.delivery.concurrency, 1, 256));
    config.delivery.shutdownGrace = delivery.duration(u"shutdownGrace"_s, config.delivery.shutdownGrace);
    config.delivery.lease = delivery.duration(u"lease"_s, config.delivery.lease);
    // A lease shorter than one request would hand a delivery to another agent while it is sent.
    const milliseconds request = config.delivery.connectTimeout + config.delivery.responseTimeout;
    if (config.delivery.lease < request + std::chrono::seconds(5))
        delivery.error(u"lease"_s, u"must be at least connectTimeout + responseTimeout + 5s (%1 s here)"_s.arg(
                                       (request + std::chrono::seconds(5)).count() / 1000.0));
    const QJsonValue jitter = delivery.raw().value(u"jitter"_s);
    if (!jitter.isUndefined()) {
        if (!jitter.isDouble() || jitter.toDouble() < 0 || jitter.toDouble() >= 1)
            delivery.error(u"jitter"_s, u"must be a fraction from 0 to below 1, e.g. 0.2"_s);
        config.delivery.jitter = jitter.toDouble(config.delivery.jitter);
    }
    config.delivery.egressAllow = delivery.strings(u"egressAllow"_s);
    if (QString why; !EgressPolicy::parse(config.delivery.egressAllow, &why))
        delivery.error(u"egressAllow"_s, why);
    config.delivery.origin = delivery.string(u"origin"_s);
    config.delivery.proxy = delivery.string(u"proxy"_s);
    config.delivery.noProxy = delivery.strings(u"noProxy"_s);
    ProxyPolicy::Setting where = ProxyPolicy::Setting::Proxy;
    if (QString why; !ProxyPolicy::parse(config.delivery.proxy, config.delivery.noProxy, &why, &where))
        delivery.error(where == ProxyPolicy::Setting::Proxy ? u"proxy"_s : u"noProxy"_s, why);
    config.delivery.handshakeRetry = delivery.duration(u"handshakeRetry"_s, config.delivery.handshakeRetry);
    config.delivery.secretOverlap = delivery.duration(u"secretOverlap"_s, config.delivery.secretOverlap);
    config.delivery.breakerFailures =
        int(delivery.integer(u"breakerFailures"_s, config.delivery.breakerFailures, 1, 1000));
    config.delivery.breakerCooldown = delivery.duration(u"breakerCooldown"_s, config.delivery.breakerCooldown);
    config.delivery.disableAfter = delivery.duration(u"disableAfter"_s, config.delivery.disableAfter);
    config.delivery.maxRetryAfter = delivery.duration(u"maxRetryAfter"_s, config.delivery.maxRetryAfter);
    config.delivery.notBeforeAttribute = delivery.string(u"notBeforeAttribute"_s, config.delivery.notBeforeAttribute);
    if (!CloudEvent::isValidAttributeName(config.delivery.notBeforeAttribute))
        delivery.error(u"notBeforeAttribute"_s, u"must be a CloudEvents extension name: a-z and 0-9 only"_s);

    ConfigReader demo(root.object(u"demo"_s), u"demo."_s, errors);
    demo.allow({u"enabled"_s, u"eventsPerSecond"_s});
    config.demo.enabled = demo.boolean(u"enabled"_s, false);
    config.demo.eventsPerSecond = int(demo.integer(u"eventsPerSecond"_s, config.demo.eventsPerSecond, 1, 1'000'000));

    ConfigReader reg(root.object(u"register"_s), u"register."_s, errors);
    reg.allow({u"topic"_s, u"seed"_s, u"discover"_s, u"exposeDiscovered"_s, u"defaultValidation"_s});
    config.eventRegister.topic = reg.string(u"topic"_s, config.eventRegister.topic);
    config.eventRegister.seed = reg.boolean(u"seed"_s, config.eventRegister.seed);
    config.eventRegister.discover = reg.boolean(u"discover"_s, config.eventRegister.discover);
    config.eventRegister.exposeDiscovered = reg.boolean(u"exposeDiscovered"_s, config.eventRegister.exposeDiscovered);
    const QString policy =
        reg.string(u"defaultValidation"_s, validationPolicyName(config.eventRegister.defaultValidation));
    if (const auto parsed = validationPolicyFromName(policy))
        config.eventRegister.defaultValidation = *parsed;
    else
        reg.error(u"defaultValidation"_s, u"must be \"off\", \"warn\" (deliver, count, keep the error) or "
                                          u"\"enforce\" (quarantine what does not match)"_s);

    ConfigReader http(root.object(u"http"_s), u"http."_s, errors);
    http.allow({u"listen"_s, u"tlsCertificate"_s, u"tlsKey"_s, u"maxBodyBytes"_s});
    config.http.listen = http.string(u"listen"_s, config.http.listen);
    if (!config.http.listen.isEmpty() && !parseListenAddress(config.http.listen))
        http.error(u"listen"_s, u"must be an address and port such as \"127.0.0.1:8790\" (port 0: any free one), "
                                u"or empty to switch the server off"_s);
    config.http.tlsCertificate = http.string(u"tlsCertificate"_s);
    config.http.tlsKey = http.string(u"tlsKey"_s);
    if (config.http.tlsCertificate.isEmpty() != config.http.tlsKey.isEmpty())
        http.error(u"tlsCertificate"_s, u"give both tlsCertificate and tlsKey (PEM files), or neither"_s);
    config.http.maxBodyBytes = http.integer(u"maxBodyBytes"_s, config.http.maxBodyBytes, 1024, 16 * 1024 * 1024);

    ConfigReader consumers(root.object(u"consumers"_s), u"consumers."_s, errors);
    consumers.allow({u"maxSubscriptions"_s, u"maxPollWait"_s});
    config.consumers.maxSubscriptions =
        int(consumers.integer(u"maxSubscriptions"_s, config.consumers.maxSubscriptions, 1, 100'000));
    config.consumers.maxPollWait = consumers.duration(u"maxPollWait"_s, config.consumers.maxPollWait);
    if (config.consumers.maxPollWait > std::chrono::minutes(5))
        consumers.error(u"maxPollWait"_s, u"must be at most 5m (clients and proxies give up on longer requests)"_s);

    readCallbacks(json.value(u"callbacks"_s), &config, errors);

    ConfigReader admin(root.object(u"admin"_s), u"admin."_s, errors);
    admin.allow({u"listen"_s, u"tokenFile"_s, u"tlsCertificate"_s, u"tlsKey"_s, u"allowedOrigins"_s,
                 u"maxMessageBytes"_s, u"requestsPerSecond"_s, u"idleTimeout"_s, u"maxConnections"_s});
    config.admin.listen = admin.string(u"listen"_s, config.admin.listen);
    config.admin.tokenFile = admin.string(u"tokenFile"_s);
    config.admin.tlsCertificate = admin.string(u"tlsCertificate"_s);
    config.admin.tlsKey = admin.string(u"tlsKey"_s);
    config.admin.allowedOrigins = admin.strings(u"allowedOrigins"_s);
    config.admin.maxMessageBytes =
        admin.integer(u"maxMessageBytes"_s, config.admin.maxMessageBytes, 1024, 64 * 1024 * 1024);
    config.admin.requestsPerSecond =
        double(admin.integer(u"requestsPerSecond"_s, qint64(config.admin.requestsPerSecond), 1, 100'000));
    config.admin.idleTimeout = admin.duration(u"idleTimeout"_s, config.admin.idleTimeout);
    config.admin.maxConnections = int(admin.integer(u"maxConnections"_s, config.admin.maxConnections, 1, 10'000));
    if (config.admin.tlsCertificate.isEmpty() != config.admin.tlsKey.isEmpty())
        admin.error(u"tlsCertificate"_s, u"give both tlsCertificate and tlsKey (PEM files), or neither"_s);
    if (!config.admin.listen.isEmpty()) {
        const auto address = parseListenAddress(config.admin.listen);
        if (!address)
            admin.error(u"listen"_s, u"must be an address and port such as \"127.0.0.1:8791\", or empty to switch "
                                     u"the admin API off"_s);
        else if (!address->first.isLoopback() && config.admin.tlsCertificate.isEmpty())
            admin.error(u"listen"_s, u"%1 is reachable from other machines: give admin.tlsCertificate and "
                                     u"admin.tlsKey so tokens travel encrypted (wss), or listen on 127.0.0.1"_s.arg(
                                         config.admin.listen));
    }
    if (config.admin.tokenFile.isEmpty())
        config.admin.tokenFile = QFileInfo(config.store.path).absoluteDir().filePath(u"admin-tokens.json"_s);

    ConfigReader log(root.object(u"log"_s), u"log."_s, errors);
    log.allow({u"rules"_s});
    config.log.rules = log.strings(u"rules"_s);
    static const QRegularExpression rule(
        u"^[A-Za-z0-9_.*-]+(\\.(debug|info|warning|critical))?\\s*=\\s*(true|false)$"_s);
    for (const QString &r : std::as_const(config.log.rules)) {
        if (!rule.match(r).hasMatch())
            log.error(u"rules"_s, u"\"%1\" is not a logging rule such as \"sluice.agent.delivery.debug=true\" or "
                                  u"\"sluice.agent.kafka.info=false\""_s.arg(r));
    }

    const QJsonValue subs = json.value(u"subscriptions"_s);
    if (!subs.isUndefined() && !subs.isArray())
        errors->append(u"subscriptions: must be an array of subscription objects"_s);
    QStringList names;
    const QJsonArray subArray = subs.toArray();
    for (qsizetype i = 0; i < subArray.size(); ++i) {
        QString why;
        const auto sub = Subscription::fromJson(subArray.at(i).toObject(), &why);
        if (!sub) {
            errors->append(u"subscriptions[%1]: %2"_s.arg(i).arg(why));
            continue;
        }
        if (names.contains(sub->name))
            errors->append(
                u"subscriptions[%1]: the name \"%2\" is used twice; names must be unique"_s.arg(i).arg(sub->name));
        names.append(sub->name);
        config.subscriptions.append(*sub);
    }

    if (config.kafka.topics.isEmpty())
        errors->append(
            u"kafka.topics: list at least one topic (a name, or a regular expression starting with \"^\")"_s);

    if (errors->size() > before)
        return std::nullopt;
    return config;
}

std::optional<AgentConfig> AgentConfig::load(const QString &path, QStringList *errors)
{
    const auto json = readFile(path, errors);
    return json ? fromJson(*json, errors) : std::nullopt;
}

std::optional<QJsonObject> AgentConfig::readFile(const QString &path, QStringList *errors)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        errors->append(u"%1: cannot read the configuration file: %2"_s.arg(path, file.errorString()));
        return std::nullopt;
    }
    const QByteArray text = stripCommentLines(file.readAll());
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(text, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
        const int line = int(text.left(parseError.offset).count('\n')) + 1;
        errors->append(u"%1:%2: the configuration is not a JSON object: %3"_s.arg(path).arg(line).arg(
            parseError.error != QJsonParseError::NoError ? parseError.errorString() : u"expected { ... }"_s));
        return std::nullopt;
    }
    return document.object();
}

} // namespace sluice::agent
