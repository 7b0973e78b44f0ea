#include "shownrecord.h"

#include "protocol.h"

#include <QJsonArray>

using namespace Qt::Literals::StringLiterals;

namespace sluice {

namespace {

namespace field = protocol::record;
namespace message = protocol::quarantinedmessage;

QJsonArray headersJson(const QList<std::pair<QByteArray, QByteArray>> &headers)
{
    QJsonArray out;
    for (const auto &[name, value] : headers)
        out.append(QJsonArray{QString::fromUtf8(name), QString::fromLatin1(value.toBase64())});
    return out;
}

QList<std::pair<QByteArray, QByteArray>> headersFrom(const QJsonValue &json)
{
    QList<std::pair<QByteArray, QByteArray>> headers;
    for (const QJsonValue &header : json.toArray()) {
        const QJsonArray pair = header.toArray();
        headers.append({pair.at(0).toString().toUtf8(), QByteArray::fromBase64(pair.at(1).toString().toLatin1())});
    }
    return headers;
}

// The bytes as received, so nothing is lost in showing them, and as text when they are UTF-8.
void insertBytes(QJsonObject &json, const QByteArray &value)
{
    json.insert(field::ValueBase64, QString::fromLatin1(value.toBase64()));
    if (const QString text = QString::fromUtf8(value); text.toUtf8() == value)
        json.insert(field::ValueText, text);
}

// What a record and a quarantined message both have: where it was, its size.
QJsonObject placeJson(const ShownRecord &r)
{
    return {{field::Topic, r.topic}, {field::Partition, r.partition}, {field::Offset, r.offset}, {field::Size, r.size}};
}

void readPlace(const QJsonObject &json, ShownRecord &r)
{
    r.topic = json.value(field::Topic).toString();
    r.partition = json.value(field::Partition).toInt();
    r.offset = json.value(field::Offset).toInteger();
    r.size = json.value(field::Size).toInteger();
}

void readBytes(const QJsonObject &json, ShownRecord &r)
{
    if (json.contains(field::Key))
        r.key = json.value(field::Key).toString().toUtf8();
    r.headers = headersFrom(json.value(field::Headers));
    r.value = QByteArray::fromBase64(json.value(field::ValueBase64).toString().toLatin1());
}

} // namespace

ShownRecord ShownRecord::fromJson(const QJsonObject &json)
{
    ShownRecord r;
    readPlace(json, r);
    readBytes(json, r);
    r.timestamp = json.value(field::Timestamp).toString();
    r.valueTruncated = json.value(field::ValueTruncated).toBool();
    return r;
}

QJsonObject ShownRecord::toJson() const
{
    QJsonObject json = placeJson(*this);
    json.insert(field::Headers, headersJson(headers));
    if (!timestamp.isEmpty())
        json.insert(field::Timestamp, timestamp);
    if (key)
        json.insert(field::Key, QString::fromUtf8(*key));
    insertBytes(json, value);
    if (valueTruncated)
        json.insert(field::ValueTruncated, true);
    return json;
}

QuarantinedMessage QuarantinedMessage::fromJson(const QJsonObject &json)
{
    QuarantinedMessage m;
    m.id = json.value(message::Id).toInteger();
    m.reason = json.value(message::Reason).toString();
    m.cause = QuarantineReason::fromJson(json.value(protocol::quarantine::Cause).toObject());
    m.receivedAt = json.value(message::ReceivedAt).toString();
    readPlace(json, m.record);
    m.detail = json.contains(field::ValueBase64);
    if (m.detail)
        readBytes(json, m.record);
    m.record.timestamp = json.value(message::KafkaTimestamp).toString();
    return m;
}

QJsonObject QuarantinedMessage::toJson() const
{
    QJsonObject json = placeJson(record);
    json.insert(message::Id, id);
    json.insert(message::Reason, reason);
    json.insert(message::ReceivedAt, receivedAt);
    if (!cause.isEmpty())
        json.insert(protocol::quarantine::Cause, cause.toJson());
    if (!detail)
        return json;
    insertBytes(json, record.value);
    json.insert(field::Headers, headersJson(record.headers));
    if (record.key)
        json.insert(field::Key, QString::fromUtf8(*record.key));
    if (!record.timestamp.isEmpty())
        json.insert(message::KafkaTimestamp, record.timestamp);
    return json;
}

} // namespace sluice
