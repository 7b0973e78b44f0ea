#pragma once

// What an admin method takes: each param's name, kind and limits, declared with the method and
// checked once, before the method runs (AdminServer), so every method refuses bad params with the
// same codes (shared/errorreason.h) and `hello` can list what each method takes.

#include "errorreason.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <climits>

namespace sluice::agent {

struct ParamSpec {
    enum class Kind {
        String,
        Integer, // a whole number within min and max
        Boolean,
        Strings,  // an array of strings, not empty unless emptyAllowed
        Integers, // a non-empty array of whole numbers within min and max
        Time,     // an RFC 3339 time
        Object,
        Array,
        Filter, // the subscription filter language: a string or an object (checked by its parser)
        Text,   // localized text: a string, or {"en": …, "nl": …}
        Any,    // any JSON value (an example event's data)
    };

    QString name;
    Kind kind = Kind::String;
    bool required = false;
    qint64 min = 0;
    qint64 max = INT_MAX;
    QStringList choices; // a String's allowed values; empty: any
    bool emptyAllowed = false;

    static ParamSpec string(const QString &name) { return {name, Kind::String}; }
    static ParamSpec integer(const QString &name, qint64 min, qint64 max)
    {
        return {name, Kind::Integer, false, min, max};
    }
    static ParamSpec boolean(const QString &name) { return {name, Kind::Boolean}; }
    static ParamSpec strings(const QString &name) { return {name, Kind::Strings}; }
    static ParamSpec integers(const QString &name, qint64 min, qint64 max)
    {
        return {name, Kind::Integers, false, min, max};
    }
    static ParamSpec time(const QString &name) { return {name, Kind::Time}; }
    static ParamSpec object(const QString &name) { return {name, Kind::Object}; }
    static ParamSpec array(const QString &name) { return {name, Kind::Array}; }
    static ParamSpec filter(const QString &name) { return {name, Kind::Filter}; }
    static ParamSpec text(const QString &name) { return {name, Kind::Text}; }
    static ParamSpec any(const QString &name) { return {name, Kind::Any}; }
    static ParamSpec oneOf(const QString &name, const QStringList &choices)
    {
        ParamSpec spec{name, Kind::String};
        spec.choices = choices;
        return spec;
    }

    ParamSpec require() const
    {
        ParamSpec spec = *this;
        spec.required = true;
        return spec;
    }
    ParamSpec allowEmpty() const
    {
        ParamSpec spec = *this;
        spec.emptyAllowed = true;
        return spec;
    }

    // As `hello` lists it: {name, kind, required, min, max, choices} (the last three when they apply).
    QJsonObject toJson() const;
    static QString kindName(Kind kind);
};

using ParamSpecs = QList<ParamSpec>;

// The first problem of params against specs: a param not declared (a misspelt name must not be
// ignored), then each declared one in its order. Empty when they fit.
ErrorReason checkParams(const ParamSpecs &specs, const QJsonObject &params);

// The pages every list method takes: offset (from 0) and limit (1 to kMaxPage, 100 when absent).
inline constexpr int kMaxPage = 1000;
ParamSpecs pageParams();

} // namespace sluice::agent
