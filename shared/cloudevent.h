#pragma once

#include "quarantinereason.h"

#include <QByteArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>

#include <optional>

namespace sluice {

// A CloudEvents 1.0 event as the agent holds it, whatever binding it arrived in.
class CloudEvent {
public:
    enum class DataKind { None, Json, Bytes };

    QString id;
    QString source;
    QString type;
    QString subject;
    QString time; // RFC 3339, as received
    QString dataContentType;
    QString dataSchema;
    QJsonObject extensions; // string, integer or boolean values only

    DataKind dataKind() const { return m_dataKind; }
    // The JSON data; raw data set with setRawJsonData is parsed on first use.
    const QJsonValue &jsonData() const;
    const QByteArray &bytesData() const { return m_bytes; }
    void setJsonData(const QJsonValue &value);
    // JSON data as text already validated (json::validate); kept unparsed until someone asks.
    void setRawJsonData(const QByteArray &json);
    void setBytesData(const QByteArray &bytes);
    void clearData();

    // True when dataContentType is absent or names JSON (application/json, anything+json).
    bool hasJsonContentType() const;
    // The data as it goes into an HTTP body in binary mode.
    QByteArray dataBody() const;

    // Attribute by its CloudEvents name, rendered as its canonical string (filters compare strings).
    std::optional<QString> attribute(QStringView name) const;

    // Structured-mode JSON (the application/cloudevents+json format).
    QJsonObject toJson() const;
    QByteArray toStructuredBytes() const;

    // Parses the structured format. On failure returns std::nullopt and a reason a person can act on.
    static std::optional<CloudEvent> fromJson(const QJsonObject &object, QString *error);

    // Checks the rules of the specification that every binding shares: required attributes,
    // extension names, time format. Returns an empty string (an empty reason) when the event is valid.
    QString validate() const;
    QuarantineReason problem() const;

    static bool isValidAttributeName(QStringView name);
    static bool isRfc3339(QStringView text);
    static bool isRfc3339Utf8(QByteArrayView text); // the same rules over UTF-8 bytes
    // Milliseconds since the epoch as RFC 3339 in UTC with milliseconds; empty for 0 (no time).
    static QString rfc3339(qint64 msSinceEpoch);
    static bool isJsonContentType(QStringView contentType);

private:
    DataKind m_dataKind = DataKind::None;
    mutable QJsonValue m_json;
    mutable bool m_jsonParsed = true;
    QByteArray m_rawJson; // set: the data's JSON text as received
    QByteArray m_bytes;
};

// Builds a CloudEvent from structured-mode members one at a time, applying the rules of the
// specification; used for a parsed QJsonObject and for the agent's scanner alike.
class CloudEventBuilder {
public:
    // False, with a reason, for a member that can never make a valid event.
    bool add(const QString &name, const QJsonValue &value, QuarantineReason *why);
    void setRawData(const QByteArray &json);
    std::optional<CloudEvent> finish(QuarantineReason *why);

private:
    CloudEvent m_event;
    bool m_specVersion = false;
    bool m_data = false;
    bool m_dataBase64 = false;
};

} // namespace sluice
