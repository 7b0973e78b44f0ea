#include "consumer/apisubscription.h"

#include "duration.h"
#include "edgecheck.h"
#include "subscriptionsprotocol.h"

#include <QJsonArray>

using namespace Qt::Literals::StringLiterals;
using namespace sluice::subscriptionsapi;

namespace sluice::agent::apisubscription {

namespace {

bool fail(QString *error, const QString &message)
{
    if (error)
        *error = message;
    return false;
}

bool onlyKnown(const QJsonObject &json, const QStringList &known, const QString &where, QString *error)
{
    for (auto it = json.constBegin(); it != json.constEnd(); ++it) {
        if (!known.contains(it.key()))
            return fail(error,
                        u"%1unknown member \"%2\"; known members are %3"_s.arg(where, it.key(), known.join(u", "_s)));
    }
    return true;
}

// "true", true, "false", false: the spec's OpenAPI document has config values as strings.
std::optional<bool> flag(const QJsonValue &value)
{
    if (value.isBool())
        return value.toBool();
    if (value == u"true"_s)
        return true;
    if (value == u"false"_s)
        return false;
    return std::nullopt;
}

bool readSink(const QJsonObject &json, Subscription &sub, QString *error)
{
    if (json.value(key::Protocol) == kProtocolPoll) {
        // Nothing is sent: the consumer fetches its events (GET /subscriptions/{id}/events).
        if (json.contains(key::Sink) || json.contains(key::ProtocolSettings) || json.contains(key::SinkCredential))
            return fail(error, u"a polled subscription (\"protocol\": \"poll\") has no sink, protocolsettings or "
                               u"sinkcredential: its consumer fetches the events"_s);
        sub.protocol = DeliveryProtocol::Poll;
        sub.endpoint = QUrl();
        sub.handshake = false;
        return true;
    }
    if (json.value(key::Protocol) != kProtocolHttp)
        return fail(error, u"\"protocol\" must be \"HTTP\" (sent to the sink) or \"poll\" (fetched by the "
                           u"consumer)"_s);
    if (sub.polled())
        sub.handshake = true; // from polling to a sink: the sink proves itself like any new one
    sub.protocol = DeliveryProtocol::Http;
    if (const QJsonValue sink = json.value(key::Sink); !sink.isString())
        return fail(error, u"\"sink\" must be an http:// or https:// URL with a host: where events are sent"_s);
    if (const QString why = edge::httpUrlRefusal(json.value(key::Sink).toString(), u"\"sink\""_s, &sub.endpoint);
        !why.isEmpty())
        return fail(error, why);
    const QJsonValue settings = json.value(key::ProtocolSettings);
    if (settings.isUndefined())
        return true;
    const QJsonObject s = settings.toObject();
    if (!settings.isObject() || !onlyKnown(s, {http::Headers, http::Method}, u"protocolsettings: "_s, error))
        return settings.isObject() ? false : fail(error, u"\"protocolsettings\" is an object"_s);
    if (const QJsonValue method = s.value(http::Method); !method.isUndefined() && method != u"POST"_s)
        return fail(error, u"protocolsettings.method: events are sent with POST (CloudEvents HTTP binding); "
                           u"\"%1\" is not offered"_s.arg(method.toString()));
    sub.headers.clear();
    const QJsonObject headers = s.value(http::Headers).toObject();
    for (auto it = headers.constBegin(); it != headers.constEnd(); ++it) {
        if (!it.value().isString())
            return fail(error, u"protocolsettings.headers.%1 must be a string"_s.arg(it.key()));
        sub.headers.append({it.key().toUtf8(), it.value().toString().toUtf8()});
    }
    return true;
}

bool readCredential(const QJsonObject &json, Subscription &sub, QString *error)
{
    const QJsonValue value = json.value(key::SinkCredential);
    const EndpointAuth before = sub.auth; // an update may send back what was shown: no secret
    sub.auth = EndpointAuth();
    if (value.isUndefined())
        return true;
    const QJsonObject c = value.toObject();
    const QString type = c.value(credential::Type).toString();
    if (type == credential::Plain) {
        if (!onlyKnown(c, {credential::Type, credential::Identifier, credential::Secret}, u"sinkcredential: "_s, error))
            return false;
        sub.auth = {EndpointAuth::Kind::Basic,
                    c.value(credential::Identifier).toString(),
                    c.value(credential::Secret).toString(),
                    {}};
        if (!c.contains(credential::Secret) && before.kind == EndpointAuth::Kind::Basic &&
            before.username == sub.auth.username)
            sub.auth.password = before.password;
        if (sub.auth.username.isEmpty() || sub.auth.password.isEmpty() || sub.auth.username.contains(u':'))
            return fail(error, u"sinkcredential: PLAIN needs an \"identifier\" (without \":\") and a \"secret\""_s);
        return true;
    }
    if (type == credential::AccessToken) {
        if (!onlyKnown(c, {credential::Type, credential::Token, credential::TokenType, credential::TokenExpires},
                       u"sinkcredential: "_s, error))
            return false;
        if (const QString t = c.value(credential::TokenType).toString(u"bearer"_s);
            t.compare(u"bearer"_s, Qt::CaseInsensitive))
            return fail(error, u"sinkcredential.accesstokentype: only \"bearer\" tokens are sent"_s);
        sub.auth = {EndpointAuth::Kind::Bearer, {}, {}, c.value(credential::Token).toString()};
        if (!c.contains(credential::Token) && before.kind == EndpointAuth::Kind::Bearer)
            sub.auth.token = before.token;
        if (sub.auth.token.isEmpty())
            return fail(error, u"sinkcredential: ACCESSTOKEN needs an \"accesstoken\""_s);
        return true;
    }
    return fail(error, u"sinkcredential.credentialtype must be \"PLAIN\" or \"ACCESSTOKEN\"; got \"%1\""_s.arg(type));
}

bool readSelection(const QJsonObject &json, Subscription &sub, QString *error)
{
    QString why;
    const QJsonValue source = json.value(key::Source);
    if (!source.isUndefined() && (!source.isString() || source.toString().isEmpty()))
        return fail(error, u"\"source\", when given, is a non-empty URI reference"_s);
    sub.sourceMatch = source.toString();
    const QJsonValue types = json.value(key::Types);
    if (!types.isUndefined()) {
        QStringList patterns;
        for (const QJsonValue &t : types.toArray())
            patterns.append(t.toString());
        if (!types.isArray() || patterns.isEmpty() || patterns.contains(QString()))
            return fail(error, u"\"types\" is a non-empty list of event types, e.g. [\"nl.example.zaak.created\"]"_s);
        const auto selector = TypeSelector::parse(patterns, &why);
        if (!selector)
            return fail(error, why); // the selector names "types" itself
        sub.types = *selector;
    }
    const QJsonValue filters = json.value(key::Filters);
    if (!filters.isUndefined() && !filters.isArray())
        return fail(error,
                    u"\"filters\" is a list of filter expressions, e.g. [{\"prefix\": {\"subject\": \"zaak/\"}}]"_s);
    const QJsonArray list = filters.toArray();
    for (qsizetype i = 0; i < list.size(); ++i) {
        if (!list.at(i).isObject()) // [null] would otherwise read as no filter: everything
            return fail(error, u"filters[%1]: a filter is an object with exactly one dialect (exact, prefix, suffix, "
                               u"all, any, not, data)"_s.arg(i));
    }
    const QJsonValue expression = list.isEmpty()     ? QJsonValue()
                                  : list.size() == 1 ? list.first()
                                                     : QJsonValue(QJsonObject{{u"all"_s, list}});
    const auto filter = EventFilter::parse(expression, &why);
    if (!filter)
        return fail(error, why.replace(u"filter"_s, u"filters"_s));
    sub.filter = *filter;
    return true;
}

bool readConfig(const QJsonObject &json, Subscription &sub, QString *error)
{
    const QJsonValue value = json.value(key::Config);
    if (value.isUndefined())
        return true;
    const QJsonObject c = value.toObject();
    if (!value.isObject() ||
        !onlyKnown(c, {config::InitialEvents, config::Until, config::Mode, config::Outgoing, config::Retention},
                   u"config: "_s, error))
        return value.isObject() ? false : fail(error, u"\"config\" is an object"_s);
    if (c.contains(config::InitialEvents)) {
        const auto initial = flag(c.value(config::InitialEvents));
        if (!initial)
            return fail(error, u"config.initialEvents is true or false"_s);
        sub.initialEvents = *initial;
    }
    if (const QJsonValue until = c.value(config::Until); !until.isUndefined()) {
        const auto read = untilFromName(until.toString());
        if (!read)
            return fail(error, u"config.until is \"first-delivery\" (ends after its first successful delivery) or "
                               u"\"deleted\""_s);
        sub.until = *read;
    }
    if (const QJsonValue mode = c.value(config::Mode); !mode.isUndefined()) {
        const auto read = deliveryModeFromName(mode.toString());
        if (!read)
            return fail(error, u"config.mode is \"structured\", \"binary\" or \"batch\""_s);
        sub.mode = *read;
    }
    if (const QJsonValue retention = c.value(config::Retention); !retention.isUndefined()) {
        const auto read = parseDuration(retention.toString());
        if (!sub.polled() || !read || *read < std::chrono::minutes(1))
            return fail(error, u"config.retention is how long a polled subscription's events are kept, at least a "
                               u"minute, e.g. \"7d\""_s);
        sub.retention = *read;
    }
    if (c.contains(config::Outgoing)) {
        QString why;
        const auto shape = OutgoingShape::fromJson(c.value(config::Outgoing), &why);
        if (!shape)
            return fail(error, u"config."_s + why);
        sub.outgoing = *shape;
    }
    return true;
}

} // namespace

std::optional<Subscription> fromApi(const QJsonObject &json, Subscription base, QString *error)
{
    static const QStringList known = {
        key::Id,   key::Source,         key::Types,    key::Config,           key::Filters,
        key::Sink, key::SinkCredential, key::Protocol, key::ProtocolSettings, key::Status};
    Subscription sub = std::move(base);
    if (!onlyKnown(json, known, QString(), error) || !readSink(json, sub, error) || !readCredential(json, sub, error) ||
        !readSelection(json, sub, error) || !readConfig(json, sub, error))
        return std::nullopt;
    // The same rules as every other way a subscription comes in, in the API's words.
    static const Subscription::Names names{u"\"sink\""_s,
                                           u"protocolsettings.headers"_s,
                                           u"\"sinkcredential\""_s,
                                           u"sinkcredential.accesstoken"_s,
                                           u"sinkcredential.identifier"_s,
                                           u"sinkcredential.secret"_s};
    if (const QString why = sub.refusal(names); !why.isEmpty()) {
        fail(error, why);
        return std::nullopt;
    }
    return sub;
}

namespace {

// What is sent where: the sink and its settings, or nothing for a polled subscription.
void showSink(const Subscription &sub, QJsonObject &json)
{
    json.insert(key::Protocol, sub.polled() ? kProtocolPoll : kProtocolHttp);
    if (sub.polled())
        return;
    json.insert(key::Sink, edge::uriText(sub.endpoint));
    QJsonObject settings{{http::Method, u"POST"_s}};
    if (!sub.headers.isEmpty()) {
        QJsonObject headers;
        for (const auto &[name, value] : sub.headers)
            headers.insert(QString::fromUtf8(name), QString::fromUtf8(value));
        settings.insert(http::Headers, headers);
    }
    json.insert(key::ProtocolSettings, settings);
    if (sub.auth.kind == EndpointAuth::Kind::Basic)
        json.insert(key::SinkCredential,
                    QJsonObject{{credential::Type, credential::Plain}, {credential::Identifier, sub.auth.username}});
    else if (sub.auth.kind == EndpointAuth::Kind::Bearer)
        json.insert(key::SinkCredential, QJsonObject{{credential::Type, credential::AccessToken}});
}

} // namespace

QJsonObject toApi(const Subscription &sub)
{
    QJsonObject json{{key::Id, sub.name}, {key::Types, QJsonArray::fromStringList(sub.types.patterns())}};
    showSink(sub, json);
    if (!sub.sourceMatch.isEmpty())
        json.insert(key::Source, sub.sourceMatch);
    const QJsonValue filter = sub.filter.toJson();
    if (!sub.filter.isEmpty()) {
        const QJsonObject f = filter.toObject();
        json.insert(key::Filters, f.size() == 1 && f.contains(u"all"_s) ? f.value(u"all"_s) : QJsonArray{filter});
    }
    QJsonObject config{{config::InitialEvents, sub.initialEvents},
                       {config::Until, untilName(sub.until)},
                       {config::Mode, deliveryModeName(sub.mode)}};
    if (!sub.outgoing.isEmpty())
        config.insert(config::Outgoing, sub.outgoing.toJson());
    if (sub.polled())
        config.insert(config::Retention, formatDuration(sub.retention));
    json.insert(key::Config, config);
    return json;
}

} // namespace sluice::agent::apisubscription
