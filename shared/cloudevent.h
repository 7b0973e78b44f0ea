#pragma once

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
    const QJsonValue &jsonData() const { return m_json; }
    const QByteArray &bytesData() const { return m_bytes; }
    void setJsonData(const QJsonValue &value);
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
    // extension names, time format. Returns an empty string when the event is valid.
    QString validate() const;

    static bool isValidAttributeName(QStringView name);
    static bool isRfc3339(QStringView text);
    static bool isJsonContentType(QStringView contentType);

private:
    DataKind m_dataKind = DataKind::None;
    QJsonValue m_json;
    QByteArray m_bytes;
};

} // namespace sluice
