#include "subscription.h"

#include "duration.h"

#include <QJsonArray>

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

std::optional<Subscription> Subscription::fromJson(const QJsonObject &json, QString *error)
{
    Subscription sub;
    sub.name = json.value(u"name"_s).toString().trimmed();
    auto fail = [&](const QString &message) -> std::optional<Subscription> {
        if (error)
            *error = sub.name.isEmpty() ? message : u"subscription \"%1\": %2"_s.arg(sub.name, message);
        return std::nullopt;
    };
    if (sub.name.isEmpty())
        return fail(u"every subscription needs a \"name\""_s);

    static const QStringList known = {u"name"_s,    u"endpoint"_s, u"headers"_s,  u"types"_s,       u"filter"_s,
                                      u"enabled"_s, u"mode"_s,     u"priority"_s, u"concurrency"_s, u"retrySchedule"_s};
    for (auto it = json.constBegin(); it != json.constEnd(); ++it) {
        if (!known.contains(it.key()))
            return fail(u"unknown key \"%1\"; known keys are %2"_s.arg(it.key(), known.join(u", "_s)));
    }

    sub.endpoint = QUrl(json.value(u"endpoint"_s).toString(), QUrl::StrictMode);
    if (!sub.endpoint.isValid() || (sub.endpoint.scheme() != u"http" && sub.endpoint.scheme() != u"https") ||
        sub.endpoint.host().isEmpty())
        return fail(u"\"endpoint\" must be an http:// or https:// URL with a host, got \"%1\""_s.arg(
            json.value(u"endpoint"_s).toString()));

    const QJsonObject headers = json.value(u"headers"_s).toObject();
    for (auto it = headers.constBegin(); it != headers.constEnd(); ++it) {
        if (!it.value().isString())
            return fail(u"header \"%1\" must have a string value"_s.arg(it.key()));
        sub.headers.append({it.key().toUtf8(), it.value().toString().toUtf8()});
    }

    QStringList patterns;
    const QJsonValue types = json.value(u"types"_s);
    if (types.isString()) {
        patterns.append(types.toString());
    } else if (types.isArray()) {
        for (const QJsonValue &t : types.toArray())
            patterns.append(t.toString());
    }
    if (patterns.isEmpty())
        return fail(u"\"types\" must list the event types to deliver, e.g. [\"be.digipolis.wcm.v4.content.*\"] "
                    u"(\"*\" selects every type)"_s);
    QString why;
    const auto selector = TypeSelector::parse(patterns, &why);
    if (!selector)
        return fail(why);
    sub.types = *selector;

    const auto filter = EventFilter::parse(json.value(u"filter"_s), &why);
    if (!filter)
        return fail(why);
    sub.filter = *filter;

    sub.enabled = json.value(u"enabled"_s).toBool(true);

    const QString mode = json.value(u"mode"_s).toString(u"structured"_s);
    if (mode == u"structured")
        sub.mode = DeliveryMode::Structured;
    else if (mode == u"binary")
        sub.mode = DeliveryMode::Binary;
    else
        return fail(u"\"mode\" must be \"structured\" or \"binary\", got \"%1\""_s.arg(mode));

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
    return sub;
}

QJsonObject Subscription::toJson() const
{
    QJsonObject json{
        {u"name"_s, name},
        {u"endpoint"_s, endpoint.toString()},
        {u"types"_s, QJsonArray::fromStringList(types.patterns())},
        {u"enabled"_s, enabled},
        {u"mode"_s, mode == DeliveryMode::Binary ? u"binary"_s : u"structured"_s},
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
    return json;
}

} // namespace sluice
