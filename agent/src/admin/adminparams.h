#pragma once

// What the admin methods share (adminmethods.cpp, adminregister.cpp, adminsubscriptions.cpp,
// admindeliveries.cpp): reading params, pages, how a subscription is shown.

#include "errorreason.h"
#include "eventfilter.h"
#include "subscription.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>

#include <climits>
#include <optional>

namespace sluice::agent::adminparams {

using namespace Qt::Literals::StringLiterals;

inline constexpr int kMaxPage = 1000;

// Reads named params, remembering the first problem as an InvalidParams reason naming the key.
class Params {
public:
    Params(const QJsonObject &params, ErrorReason &problem)
        : m_params(params)
        , m_problem(problem)
    {
    }

    bool has(const QString &key) const { return m_params.contains(key); }

    QString string(const QString &key, bool required = false)
    {
        const QJsonValue v = m_params.value(key);
        if (v.isUndefined()) {
            if (required)
                problem(refusal::Required, key);
            return QString();
        }
        if (!v.isString())
            problem(refusal::NotString, key);
        return v.toString();
    }

    int integer(const QString &key, int fallback, int min, int max)
    {
        const QJsonValue v = m_params.value(key);
        if (v.isUndefined())
            return fallback;
        if (!v.isDouble() || v.toDouble() != double(v.toInteger()) || v.toInteger() < min || v.toInteger() > max) {
            problem(refusal::NotNumber, key, {{refusalparam::Min, min}, {refusalparam::Max, max}});
            return fallback;
        }
        return int(v.toInteger());
    }

    std::optional<bool> boolean(const QString &key)
    {
        const QJsonValue v = m_params.value(key);
        if (v.isUndefined())
            return std::nullopt;
        if (!v.isBool()) {
            problem(refusal::NotBoolean, key);
            return std::nullopt;
        }
        return v.toBool();
    }

    QStringList strings(const QString &key, bool required = false)
    {
        const QJsonValue v = m_params.value(key);
        QStringList list;
        if (v.isUndefined() && !required)
            return list;
        if (!v.isArray() || v.toArray().isEmpty()) {
            problem(refusal::NotStringList, key);
            return list;
        }
        for (const QJsonValue &item : v.toArray()) {
            if (!item.isString())
                problem(refusal::NotStringList, key);
            list.append(item.toString());
        }
        return list;
    }

    qint64 time(const QString &key)
    {
        const QString text = string(key);
        if (text.isEmpty())
            return 0;
        const QDateTime t = QDateTime::fromString(text, Qt::ISODateWithMs);
        if (!t.isValid())
            problem(refusal::NotTime, key);
        return t.isValid() ? t.toMSecsSinceEpoch() : 0;
    }

    // The subscription filter language (docs/configuration.md); empty: everything.
    EventFilter filter(const QString &key)
    {
        if (!has(key))
            return EventFilter();
        QString why;
        auto parsed = EventFilter::parse(m_params.value(key), &why);
        if (!parsed)
            invalid(key, why);
        return parsed.value_or(EventFilter());
    }

    std::optional<TypeSelector> types(const QString &key)
    {
        QString why;
        auto parsed = TypeSelector::parse(strings(key, true), &why);
        if (!parsed)
            invalid(key, why);
        return parsed;
    }

    // One of the given words, or empty when absent.
    QString oneOf(const QString &key, const QStringList &choices)
    {
        const QString value = string(key);
        if (!value.isEmpty() && !choices.contains(value))
            problem(refusal::NotOneOf, key, {{refusalparam::Choices, QJsonArray::fromStringList(choices)}});
        return value;
    }

    void problem(const QString &reason, const QString &key, QJsonObject params = {})
    {
        params.insert(refusalparam::Param, key);
        problem({reason, params});
    }
    void invalid(const QString &key, const QString &why) { problem(refusal::Invalid, key, {{refusalparam::Why, why}}); }
    void problem(const ErrorReason &reason)
    {
        if (m_problem.isEmpty())
            m_problem = reason;
    }

private:
    const QJsonObject &m_params;
    ErrorReason &m_problem;
};

inline QJsonObject page(const QJsonArray &items, const QString &key, qint64 total, int offset)
{
    return {{u"total"_s, total}, {u"offset"_s, offset}, {key, items}};
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
