#include "subscription.h"

#include "duration.h"
#include "edgecheck.h"
#include "pemfiles.h"
#include "webhooksignature.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QSslCertificate>
#include <QTimeZone>

using namespace Qt::Literals::StringLiterals;

namespace sluice {

QString priorityName(Priority priority)
{
    switch (priority) {
    case Priority::Low: return u"low"_s;
    case Priority::Normal: return u"normal"_s;
    case Priority::High: return u"high"_s;
    case Priority::Immediate: return u"immediate"_s;
    }
    return u"normal"_s;
}

std::optional<Priority> priorityFromName(QStringView name)
{
    for (Priority p : {Priority::Low, Priority::Normal, Priority::High, Priority::Immediate}) {
        if (name == priorityName(p))
            return p;
    }
    return std::nullopt;
}

QString deliveryModeName(DeliveryMode mode)
{
    switch (mode) {
    case DeliveryMode::Binary: return u"binary"_s;
    case DeliveryMode::Batch: return u"batch"_s;
    case DeliveryMode::Structured: break;
    }
    return u"structured"_s;
}

std::optional<DeliveryMode> deliveryModeFromName(QStringView name)
{
    for (const DeliveryMode mode : {DeliveryMode::Structured, DeliveryMode::Binary, DeliveryMode::Batch}) {
        if (name == deliveryModeName(mode))
            return mode;
    }
    return std::nullopt;
}

QString untilName(Until until)
{
    return until == Until::FirstDelivery ? u"first-delivery"_s : u"deleted"_s;
}

std::optional<Until> untilFromName(QStringView name)
{
    for (const Until until : {Until::Deleted, Until::FirstDelivery}) {
        if (name == untilName(until))
            return until;
    }
    return std::nullopt;
}

QString endpointStateName(EndpointState state)
{
    switch (state) {
    case EndpointState::Pending: return u"pending"_s;
    case EndpointState::Active: return u"active"_s;
    case EndpointState::Disabled: return u"disabled"_s;
    }
    return u"pending"_s;
}

EndpointState endpointStateFromName(QStringView name)
{
    for (EndpointState s : {EndpointState::Active, EndpointState::Disabled}) {
        if (name == endpointStateName(s))
            return s;
    }
    return EndpointState::Pending;
}

std::optional<QList<std::chrono::milliseconds>> Subscription::parseRetrySchedule(const QJsonValue &json, QString *error)
{
    const QJsonArray array = json.toArray();
    if (!json.isArray() || array.isEmpty()) {
        if (error)
            *error = u"retrySchedule must be a non-empty array of durations such as [\"0\", \"5s\", \"5m\"]"_s;
        return std::nullopt;
    }
    QList<std::chrono::milliseconds> schedule;
    for (const QJsonValue &step : array) {
        const auto duration = parseDuration(step.toString());
        if (!step.isString() || !duration) {
            if (error)
                *error =
                    u"retrySchedule: \"%1\" is not a duration; write \"0\", \"250ms\", \"5s\", \"5m\", \"2h\" or \"1d\""_s
                        .arg(step.toVariant().toString());
            return std::nullopt;
        }
        schedule.append(*duration);
    }
    return schedule;
}

const QStringList &Subscription::definitionKeys()
{
    namespace key = subscriptionkey;
    static const QStringList keys = {
        key::Name,    key::Endpoint,  key::Headers,       key::Types,         key::Filter,   key::Enabled,
        key::Mode,    key::Priority,  key::Concurrency,   key::RetrySchedule, key::Secrets,  key::Auth,
        key::Tls,     key::Handshake, key::PriorityRules, key::Windows,       key::TimeZone, key::Coalesce,
        key::Ordered, key::RateLimit, key::BatchSize,     key::InitialEvents, key::Owner,    key::Source,
        key::Until,   key::Outgoing,  key::Protocol,      key::Retention};
    return keys;
}

QJsonObject Subscription::definitionOf(const QJsonObject &shown)
{
    QJsonObject definition;
    for (auto it = shown.constBegin(); it != shown.constEnd(); ++it) {
        if (definitionKeys().contains(it.key()))
            definition.insert(it.key(), it.value());
    }
    return definition;
}

std::optional<Subscription> Subscription::fromJson(const QJsonObject &json, QString *error, Reading reading)
{
    Subscription sub;
    sub.name = json.value(u"name"_s).toString().trimmed();
    auto fail = [&](const QString &message) -> std::optional<Subscription> {
        if (error)
            *error =
                sub.name.isEmpty() ? message : u"subscription \"%1\": %2"_s.arg(edge::escapeForLog(sub.name), message);
        return std::nullopt;
    };
    if (sub.name.isEmpty())
        return fail(u"every subscription needs a \"name\""_s);

    const QStringList &known = definitionKeys();
    for (auto it = json.constBegin(); it != json.constEnd(); ++it) {
        if (!known.contains(it.key()))
            return fail(u"unknown key \"%1\"; known keys are %2"_s.arg(it.key(), known.join(u", "_s)));
    }

    QString why;
    if (!parseProtocol(json, sub, &why))
        return fail(why);

    const QJsonObject headers = json.value(u"headers"_s).toObject();
    for (auto it = headers.constBegin(); it != headers.constEnd(); ++it) {
        if (!it.value().isString())
            return fail(u"header \"%1\" must have a string value"_s.arg(it.key()));
        sub.headers.append({it.key().toUtf8(), it.value().toString().toUtf8()});
    }

    const auto selector = parseTypes(json.value(u"types"_s), &why);
    if (!selector)
        return fail(why);
    sub.types = *selector;

    const auto filter = EventFilter::parse(json.value(u"filter"_s), &why);
    if (!filter)
        return fail(why);
    sub.filter = *filter;

    sub.enabled = json.value(u"enabled"_s).toBool(true);

    const QString mode = json.value(u"mode"_s).toString(u"structured"_s);
    const auto deliveryMode = deliveryModeFromName(mode);
    if (!deliveryMode)
        return fail(u"\"mode\" must be \"structured\", \"binary\" or \"batch\", got \"%1\""_s.arg(mode));
    sub.mode = *deliveryMode;

    const auto priority = priorityFromName(json.value(u"priority"_s).toString(u"normal"_s));
    if (!priority)
        return fail(u"\"priority\" must be one of low, normal, high, immediate"_s);
    sub.priority = *priority;

    const QJsonValue concurrency = json.value(u"concurrency"_s);
    if (!concurrency.isUndefined()) {
        if (!concurrency.isDouble() || concurrency.toInt() < 1 || concurrency.toInt() > 256)
            return fail(u"\"concurrency\" must be a whole number from 1 to 256"_s);
        sub.concurrency = concurrency.toInt();
    }

    if (json.contains(u"retrySchedule"_s)) {
        sub.retrySchedule = parseRetrySchedule(json.value(u"retrySchedule"_s), &why);
        if (!sub.retrySchedule)
            return fail(why);
    }
    if (!parseTrust(json, sub, &why, reading) || !parseOrderOfWork(json, sub, &why) || !parseScope(json, sub, &why))
        return fail(why);
    if (const QString refused = sub.refusal(); !refused.isEmpty())
        return fail(refused);
    return sub;
}

std::optional<TypeSelector> Subscription::parseTypes(const QJsonValue &types, QString *error)
{
    QStringList patterns;
    if (types.isString()) {
        patterns.append(types.toString());
    } else if (types.isArray()) {
        for (const QJsonValue &t : types.toArray())
            patterns.append(t.toString());
    }
    if (patterns.isEmpty()) {
        if (error)
            *error = u"\"types\" must list the event types, e.g. [\"be.digipolis.wcm.v4.content.*\"] "
                     u"(\"*\" selects every type)"_s;
        return std::nullopt;
    }
    return TypeSelector::parse(patterns, error);
}

bool Subscription::parseTrust(const QJsonObject &json, Subscription &sub, QString *error, Reading reading)
{
    auto fail = [&](const QString &message) {
        if (error)
            *error = message;
        return false;
    };
    const QJsonValue secrets = json.value(u"secrets"_s);
    if (!secrets.isUndefined()) {
        if (!secrets.isArray())
            return fail(u"\"secrets\" is a list of signing secrets \"whsec_…\"; leave it out and the agent "
                        u"generates one"_s);
        for (const QJsonValue &secret : secrets.toArray()) {
            QString why;
            if (!webhooks::secretKey(secret.toString(), &why))
                return fail(u"secrets: "_s + why);
            sub.secrets.append(secret.toString());
        }
    }

    const QJsonValue auth = json.value(u"auth"_s);
    if (!auth.isUndefined()) {
        const QJsonObject a = auth.toObject();
        const QString type = a.value(u"type"_s).toString();
        if (type == u"basic") {
            sub.auth.kind = EndpointAuth::Kind::Basic;
            sub.auth.username = a.value(u"username"_s).toString();
            sub.auth.password = a.value(u"password"_s).toString();
            if (sub.auth.username.isEmpty() || sub.auth.username.contains(u':'))
                return fail(u"auth: basic needs a \"username\" without \":\" and a \"password\""_s);
        } else if (type == u"bearer") {
            sub.auth.kind = EndpointAuth::Kind::Bearer;
            sub.auth.token = a.value(u"token"_s).toString();
            if (sub.auth.token.isEmpty() && reading == Reading::Local)
                return fail(u"auth: bearer needs a \"token\""_s);
        } else {
            return fail(u"auth: \"type\" must be \"basic\" (username, password) or \"bearer\" (token); "
                        u"for an API key header use \"headers\""_s);
        }
    }

    const QJsonObject tls = json.value(u"tls"_s).toObject();
    for (auto it = tls.constBegin(); it != tls.constEnd(); ++it) {
        QString *target = it.key() == u"clientCertificate" ? &sub.tls.clientCertificate
                          : it.key() == u"clientKey"       ? &sub.tls.clientKey
                          : it.key() == u"caCertificates"  ? &sub.tls.caCertificates
                                                           : nullptr;
        if (!target)
            return fail(u"tls: unknown key \"%1\"; known keys are clientCertificate, clientKey, caCertificates"_s.arg(
                it.key()));
        *target = it.value().toString();
        if (reading == Reading::Shown)
            continue; // the agent's files, not this machine's
        if (!QFileInfo(*target).isReadable())
            return fail(u"tls.%1: cannot read the PEM file \"%2\""_s.arg(it.key(), *target));
    }
    if (sub.tls.clientCertificate.isEmpty() != sub.tls.clientKey.isEmpty())
        return fail(u"tls: mutual TLS needs both \"clientCertificate\" and \"clientKey\""_s);
    if (reading == Reading::Local && !sub.tls.caCertificates.isEmpty() &&
        QSslCertificate::fromPath(sub.tls.caCertificates).isEmpty())
        return fail(u"tls.caCertificates: no PEM certificate in \"%1\""_s.arg(sub.tls.caCertificates));
    QSslConfiguration scratch; // only to prove the files can be used
    if (QString why; reading == Reading::Local && !sub.tls.clientCertificate.isEmpty() &&
                     !setTlsIdentity(scratch, sub.tls.clientCertificate, sub.tls.clientKey, &why))
        return fail(u"tls: "_s + why);
    if (!tls.isEmpty() && sub.endpoint.scheme() != u"https")
        return fail(u"tls: set only for an https:// endpoint"_s);

    sub.handshake = json.value(u"handshake"_s).toBool(!sub.polled()) && !sub.polled();
    return true;
}

bool Subscription::parseOrderOfWork(const QJsonObject &json, Subscription &sub, QString *error)
{
    auto fail = [&](const QString &message) {
        if (error)
            *error = message;
        return false;
    };
    QString why;
    for (const QJsonValue &value : json.value(u"priorityRules"_s).toArray()) {
        const auto rule = PriorityRule::fromJson(value, &why);
        if (!rule)
            return fail(u"priorityRules: "_s + why);
        sub.priorityRules.append(*rule);
    }

    QList<DeliveryWindow> windows;
    for (const QJsonValue &value : json.value(u"windows"_s).toArray()) {
        const auto window = DeliveryWindow::fromJson(value, &why);
        if (!window)
            return fail(u"windows: "_s + why);
        windows.append(*window);
    }
    QTimeZone zone; // not given: the agent's
    if (json.contains(u"timeZone"_s)) {
        zone = QTimeZone(json.value(u"timeZone"_s).toString().toLatin1());
        if (!zone.isValid())
            return fail(u"\"timeZone\" must be an IANA name such as \"Europe/Brussels\", got \"%1\""_s.arg(
                json.value(u"timeZone"_s).toString()));
    }
    sub.schedule = DeliverySchedule(windows, zone);

    const QJsonValue coalesce = json.value(u"coalesce"_s);
    if (!coalesce.isUndefined()) {
        for (const QJsonValue &name : coalesce.toArray()) {
            if (!CloudEvent::isValidAttributeName(name.toString()) && name.toString() != u"specversion")
                return fail(u"coalesce: \"%1\" is not a CloudEvents attribute name"_s.arg(name.toString()));
            sub.coalesceOn.append(name.toString());
        }
        if (sub.coalesceOn.isEmpty())
            return fail(u"\"coalesce\" lists the attributes that make events the same, e.g. [\"type\", \"subject\"]"_s);
    }
    sub.ordered = json.value(u"ordered"_s).toBool(false);

    const QJsonValue rate = json.value(u"rateLimit"_s);
    if (!rate.isUndefined()) {
        if (!rate.isDouble() || rate.toDouble() <= 0 || rate.toDouble() > 1e6)
            return fail(u"\"rateLimit\" is events per second, a number above 0 (e.g. 50 or 0.5)"_s);
        sub.rateLimit = rate.toDouble();
    }
    const QJsonValue batch = json.value(u"batchSize"_s);
    if (!batch.isUndefined()) {
        if (!batch.isDouble() || batch.toInt() < 1 || batch.toInt() > 1000)
            return fail(u"\"batchSize\" must be a whole number from 1 to 1000"_s);
        sub.batchSize = batch.toInt();
    }
    sub.initialEvents = json.value(u"initialEvents"_s).toBool(false);
    return true;
}

Priority Subscription::priorityFor(const CloudEvent &event) const
{
    Priority best = priority;
    for (const PriorityRule &rule : priorityRules) {
        if (rule.priority > best && rule.types.matches(event.type) && rule.filter.matches(event))
            best = rule.priority;
    }
    return best;
}

QString Subscription::coalescingKeyFor(const CloudEvent &event) const
{
    if (coalesceOn.isEmpty())
        return {};
    QString key;
    for (const QString &name : coalesceOn) {
        key += event.attribute(name).value_or(QString());
        key += QChar(0x1f); // unit separator: values cannot run into each other
    }
    return key;
}

QJsonObject Subscription::toStorageJson() const
{
    QJsonObject json = toJson();
    QJsonObject credentials = json.value(u"auth"_s).toObject();
    if (auth.kind == EndpointAuth::Kind::Basic && !auth.password.isEmpty())
        credentials.insert(u"password"_s, auth.password);
    else if (auth.kind == EndpointAuth::Kind::Bearer && !auth.token.isEmpty())
        credentials.insert(u"token"_s, auth.token);
    if (!credentials.isEmpty())
        json.insert(u"auth"_s, credentials);
    if (!secrets.isEmpty())
        json.insert(u"secrets"_s, QJsonArray::fromStringList(secrets));
    return json;
}

QString authKindName(EndpointAuth::Kind kind)
{
    switch (kind) {
    case EndpointAuth::Kind::Basic: return u"basic"_s;
    case EndpointAuth::Kind::Bearer: return u"bearer"_s;
    case EndpointAuth::Kind::None: break;
    }
    return QString();
}

std::optional<PriorityRule> PriorityRule::fromJson(const QJsonValue &json, QString *error)
{
    const QJsonObject rule = json.toObject();
    PriorityRule parsed;
    const auto priority = priorityFromName(rule.value(u"priority"_s).toString());
    if (!priority) {
        if (error)
            *error = u"every rule needs a \"priority\" (low, normal, high, immediate)"_s;
        return std::nullopt;
    }
    parsed.priority = *priority;
    const QJsonValue types = rule.value(u"types"_s).isUndefined() ? QJsonValue(u"*"_s) : rule.value(u"types"_s);
    const auto selector = Subscription::parseTypes(types, error);
    const auto filter = selector ? EventFilter::parse(rule.value(u"filter"_s), error) : std::nullopt;
    if (!selector || !filter)
        return std::nullopt;
    parsed.types = *selector;
    parsed.filter = *filter;
    return parsed;
}

QJsonObject PriorityRule::toJson() const
{
    QJsonObject json{{u"priority"_s, priorityName(priority)},
                     {u"types"_s, QJsonArray::fromStringList(types.patterns())}};
    if (!filter.isEmpty())
        json.insert(u"filter"_s, filter.toJson());
    return json;
}

QJsonObject Subscription::toJson() const
{
    QJsonObject json{
        {u"name"_s, name},
        {u"types"_s, QJsonArray::fromStringList(types.patterns())},
        {u"enabled"_s, enabled},
        {u"mode"_s, deliveryModeName(mode)},
        {u"priority"_s, priorityName(priority)},
    };
    if (!headers.isEmpty()) {
        QJsonObject h;
        for (const auto &[key, value] : headers)
            h.insert(QString::fromUtf8(key), QString::fromUtf8(value));
        json.insert(u"headers"_s, h);
    }
    if (!filter.isEmpty())
        json.insert(u"filter"_s, filter.toJson());
    if (concurrency > 0)
        json.insert(u"concurrency"_s, concurrency);
    if (retrySchedule) {
        QJsonArray steps;
        for (auto step : *retrySchedule)
            steps.append(formatDuration(step));
        json.insert(u"retrySchedule"_s, steps);
    }
    if (mode == DeliveryMode::Batch)
        json.insert(u"batchSize"_s, batchSize);
    if (auth.kind == EndpointAuth::Kind::Basic)
        json.insert(u"auth"_s, QJsonObject{{u"type"_s, u"basic"_s}, {u"username"_s, auth.username}});
    else if (auth.kind == EndpointAuth::Kind::Bearer)
        json.insert(u"auth"_s, QJsonObject{{u"type"_s, u"bearer"_s}});
    if (!tls.isEmpty()) {
        QJsonObject t;
        if (!tls.clientCertificate.isEmpty())
            t.insert(u"clientCertificate"_s, tls.clientCertificate);
        if (!tls.clientKey.isEmpty())
            t.insert(u"clientKey"_s, tls.clientKey);
        if (!tls.caCertificates.isEmpty())
            t.insert(u"caCertificates"_s, tls.caCertificates);
        json.insert(u"tls"_s, t);
    }
    json.insert(u"handshake"_s, handshake);
    if (!priorityRules.isEmpty()) {
        QJsonArray rules;
        for (const PriorityRule &rule : priorityRules)
            rules.append(rule.toJson());
        json.insert(u"priorityRules"_s, rules);
    }
    if (!schedule.isEmpty()) {
        QJsonArray windows;
        for (const DeliveryWindow &w : schedule.windows())
            windows.append(w.toJson());
        json.insert(u"windows"_s, windows);
        if (schedule.zoneGiven())
            json.insert(u"timeZone"_s, QString::fromLatin1(schedule.timeZone().id()));
    }
    if (!coalesceOn.isEmpty())
        json.insert(u"coalesce"_s, QJsonArray::fromStringList(coalesceOn));
    if (ordered)
        json.insert(u"ordered"_s, true);
    if (rateLimit > 0)
        json.insert(u"rateLimit"_s, rateLimit);
    if (initialEvents)
        json.insert(u"initialEvents"_s, true);
    if (!owner.isEmpty())
        json.insert(u"owner"_s, owner);
    if (polled()) {
        json.insert(u"protocol"_s, u"poll"_s);
        json.insert(u"retention"_s, formatDuration(retention));
    } else {
        json.insert(u"endpoint"_s, edge::uriText(endpoint));
    }
    if (!sourceMatch.isEmpty())
        json.insert(u"source"_s, sourceMatch);
    if (until == Until::FirstDelivery)
        json.insert(u"until"_s, untilName(until));
    if (!outgoing.isEmpty())
        json.insert(u"outgoing"_s, outgoing.toJson());
    return json;
}

// Whose it is, which source it takes, how long it lasts and what it changes on the way out.
bool Subscription::parseScope(const QJsonObject &json, Subscription &sub, QString *error)
{
    auto fail = [&](const QString &message) {
        if (error)
            *error = message;
        return false;
    };
    sub.owner = json.value(u"owner"_s).toString();
    const QJsonValue source = json.value(u"source"_s);
    if (!source.isUndefined() && (!source.isString() || source.toString().isEmpty()))
        return fail(u"\"source\" selects events of one source: a non-empty URI reference such as \"/cms/wcm\""_s);
    sub.sourceMatch = source.toString();
    const QJsonValue until = json.value(u"until"_s);
    if (const auto read = untilFromName(until.isUndefined() ? untilName(Until::Deleted) : until.toString()))
        sub.until = *read;
    else
        return fail(u"\"until\" is \"first-delivery\" (the subscription ends after its first successful delivery) "
                    u"or \"deleted\" (the default)"_s);
    QString why;
    const auto shape = OutgoingShape::fromJson(json.value(u"outgoing"_s), &why);
    if (!shape)
        return fail(why);
    sub.outgoing = *shape;
    return true;
}

// Sent to an http(s) endpoint, or kept to be polled (no endpoint, a retention for unread events).
bool Subscription::parseProtocol(const QJsonObject &json, Subscription &sub, QString *error)
{
    auto fail = [&](const QString &message) {
        if (error)
            *error = message;
        return false;
    };
    const QString protocol = json.value(u"protocol"_s).toString(u"http"_s);
    if (protocol == u"poll") {
        sub.protocol = DeliveryProtocol::Poll;
        sub.handshake = false;
        if (json.contains(u"endpoint"_s))
            return fail(u"a polled subscription (\"protocol\": \"poll\") has no \"endpoint\": the consumer fetches "
                        u"its events"_s);
        if (json.contains(u"retention"_s)) {
            const auto retention = parseDuration(json.value(u"retention"_s).toString());
            if (!retention || *retention < std::chrono::minutes(1))
                return fail(u"\"retention\" is how long unread events are kept, at least a minute, e.g. \"7d\""_s);
            sub.retention = *retention;
        }
        return true;
    }
    if (protocol != u"http")
        return fail(u"\"protocol\" is \"http\" (sent to \"endpoint\") or \"poll\" (fetched by the consumer)"_s);
    if (json.contains(u"retention"_s))
        return fail(u"\"retention\" is for polled subscriptions (\"protocol\": \"poll\")"_s);
    if (const QString why =
            edge::httpUrlRefusal(json.value(u"endpoint"_s).toString(), u"\"endpoint\""_s, &sub.endpoint);
        !why.isEmpty())
        return fail(why);
    return true;
}

} // namespace sluice
