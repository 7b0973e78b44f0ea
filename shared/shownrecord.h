#pragma once

// A Kafka record as the admin API shows it (a live event's record, a quarantined message), and a
// quarantined message: value types the agent's handlers make and the console's models hold.

#include "quarantinereason.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>

#include <optional>
#include <utility>

namespace sluice {

struct ShownRecord {
    QString topic;
    int partition = 0;
    qint64 offset = 0;
    QString timestamp; // RFC 3339, Kafka's; empty: none
    std::optional<QByteArray> key;
    QList<std::pair<QByteArray, QByteArray>> headers;
    qint64 size = 0;  // of the whole value
    QByteArray value; // as shown: a live event's is cut at 64 KiB (valueTruncated)
    bool valueTruncated = false;

    // The record's members (docs/protocol.md): topic, partition, offset, timestamp, key, headers
    // [[name, base64]], size, valueBase64, valueText (when UTF-8), valueTruncated.
    static ShownRecord fromJson(const QJsonObject &json);
    QJsonObject toJson() const;
};

// quarantine.list (without the bytes) and quarantine.get (with them).
struct QuarantinedMessage {
    qint64 id = 0;
    QString reason;         // in English, as it was stored
    QuarantineReason cause; // its code and params; empty for messages an older agent kept
    QString receivedAt;     // RFC 3339
    bool detail = false;    // the record's key, headers, value and Kafka time are there
    ShownRecord record;

    static QuarantinedMessage fromJson(const QJsonObject &json);
    QJsonObject toJson() const;
};

} // namespace sluice

Q_DECLARE_METATYPE(sluice::ShownRecord)
