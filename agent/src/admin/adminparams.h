#pragma once

// What the admin handlers share: params the declaration cannot check, pages, how a subscription is
// shown.

#include "admin/adminhandler.h"
#include "errorreason.h"
#include "eventfilter.h"
#include "protocol.h"
#include "subscription.h"

#include <QJsonArray>
#include <QJsonObject>

#include <optional>

namespace sluice::agent::adminparams {

using namespace Qt::Literals::StringLiterals;

// The subscription filter language (docs/configuration.md): absent, everything; wrong, the call is
// refused with the parser's words and std::nullopt returned.
inline std::optional<EventFilter> filterParam(AdminCall &call, const QString &key)
{
    if (!call.params.contains(key))
        return EventFilter();
    QString why;
    auto parsed = EventFilter::parse(call.params.value(key), &why);
    if (!parsed)
        call.invalid({refusal::Invalid, {{refusalparam::Param, key}, {refusalparam::Why, why}}});
    return parsed;
}

// Type patterns (exact, prefix.*, *); refused like filterParam.
inline std::optional<TypeSelector> typesParam(AdminCall &call, const QString &key)
{
    QString why;
    auto parsed = TypeSelector::parse(call.strings(key), &why);
    if (!parsed)
        call.invalid({refusal::Invalid, {{refusalparam::Param, key}, {refusalparam::Why, why}}});
    return parsed;
}

inline QJsonObject page(const QJsonArray &items, const QString &key, qint64 total, int offset)
{
    return {{protocol::page::Total, total}, {protocol::page::Offset, offset}, {key, items}};
}

// What the admin API shows of a subscription: its configuration without secrets, credentials or
// header values (an API key is a secret too).
inline QJsonObject subscriptionJson(const Subscription &sub)
{
    QJsonObject json = sub.toJson();
    QJsonObject headers = json.value(u"headers"_s).toObject();
    for (auto it = headers.begin(); it != headers.end(); ++it)
        it.value() = u"***"_s;
    if (!headers.isEmpty())
        json.insert(u"headers"_s, headers);
    return json;
}

// An updated subscription as a client sends it back after reading it: header values "***" and an
// auth of the same type without its password or token keep what the stored one has.
inline QJsonObject keepHiddenValues(QJsonObject incoming, const QJsonObject &stored)
{
    QJsonObject headers = incoming.value(u"headers"_s).toObject();
    const QJsonObject storedHeaders = stored.value(u"headers"_s).toObject();
    for (auto it = headers.begin(); it != headers.end(); ++it) {
        if (it.value() == u"***"_s && storedHeaders.contains(it.key()))
            it.value() = storedHeaders.value(it.key());
    }
    if (!headers.isEmpty())
        incoming.insert(u"headers"_s, headers);
    QJsonObject auth = incoming.value(u"auth"_s).toObject();
    const QJsonObject storedAuth = stored.value(u"auth"_s).toObject();
    if (!auth.isEmpty() && auth.value(u"type"_s) == storedAuth.value(u"type"_s)) {
        for (const QString &key : {u"password"_s, u"token"_s}) {
            const QString value = auth.value(key).toString();
            if ((value.isEmpty() || value == u"***"_s) && storedAuth.contains(key))
                auth.insert(key, storedAuth.value(key));
        }
        incoming.insert(u"auth"_s, auth);
    }
    return incoming;
}

} // namespace sluice::agent::adminparams
