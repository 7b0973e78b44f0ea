#include "ingest/decoder.h"

#include "jsonscan.h"

#include <QDateTime>
#include <QStringDecoder>
#include <QTimeZone>
#include <QVarLengthArray>

using namespace Qt::Literals::StringLiterals;

namespace sluice::agent {

namespace {

DecodeResult failure(const QString &reason, const QJsonObject &params = {})
{
    return {std::nullopt, {reason, params}};
}

DecodeResult failure(const QuarantineReason &reason)
{
    return {std::nullopt, reason};
}

std::optional<QString> utf8(const QByteArray &bytes)
{
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    QString text = decoder(bytes);
    if (decoder.hasError())
        return std::nullopt;
    return text;
}

QuarantineReason scanFailure(const json::ScanError &error)
{
    using namespace quarantinedparam;
    if (error.invalidUtf8)
        return {quarantined::NotUtf8, {{Offset, qint64(error.offset)}}};
    return {quarantined::NotJson, {{Why, error.message}, {Offset, qint64(error.offset)}}};
}

QString kafkaTime(qint64 timestampMs)
{
    const qint64 ms = timestampMs >= 0 ? timestampMs : QDateTime::currentMSecsSinceEpoch();
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
}

// The last header of that name, compared without regard to case (as decode() keeps them).
QByteArrayView header(const KafkaRecord &record, QByteArrayView lowerName)
{
    QByteArrayView found;
    for (const auto &[name, value] : record.headers) {
        if (name.size() == lowerName.size() &&
            qstrnicmp(name.constData(), name.size(), lowerName.data(), lowerName.size()) == 0)
            found = value.isNull() ? QByteArrayView("") : QByteArrayView(value);
    }
    return found;
}

bool startsWithNoCase(QByteArrayView text, QByteArrayView prefix)
{
    return text.size() >= prefix.size() && qstrnicmp(text.data(), prefix.size(), prefix.data(), prefix.size()) == 0;
}

QString where(const KafkaRecord &record)
{
    return u"%1/%2@%3"_s.arg(record.topic).arg(record.partition).arg(record.offset);
}

} // namespace

KafkaRecord KafkaRecord::owned(bool withValue) const
{
    // One buffer for all the bytes (two allocations a record instead of one per part): the parts
    // are views into it, which every copy of the record keeps alive.
    qsizetype size = key.size() + (withValue ? value.size() : 0);
    for (const auto &[name, text] : headers)
        size += name.size() + text.size();
    KafkaRecord record;
    record.storage.reserve(size);
    const auto keep = [&record](const QByteArray &bytes) {
        if (bytes.isNull())
            return QByteArray();
        const qsizetype at = record.storage.size();
        record.storage.append(bytes);
        return QByteArray::fromRawData(record.storage.constData() + at, bytes.size());
    };
    record.topic = topic;
    record.partition = partition;
    record.offset = offset;
    record.timestampMs = timestampMs;
    record.key = keep(key);
    record.headers.reserve(headers.size());
    for (const auto &[name, text] : headers)
        record.headers.append({keep(name), keep(text)});
    if (withValue)
        record.value = keep(value);
    record.valueIsNull = valueIsNull;
    return record;
}

Decoder::Decoder(const DecodingConfig &config)
    : m_config(config)
{
    for (const MappingRule &rule : std::as_const(m_config.mappings))
        m_rules.insert(rule.topic, &rule);
}

Decoder::Mode Decoder::modeOf(const KafkaRecord &record) const
{
    if (!header(record, "ce_specversion").isNull())
        return Mode::Binary;
    const QByteArrayView contentType = header(record, "content-type").trimmed();
    if (startsWithNoCase(contentType, "application/cloudevents+json"))
        return Mode::Structured;
    if (startsWithNoCase(contentType, "application/cloudevents"))
        return Mode::Unreadable;
    if (m_rules.contains(record.topic))
        return Mode::Mapped;
    // Producers such as kcat often omit the content-type; a JSON object that declares a specversion
    // is a structured event all the same.
    if (record.value.contains("\"specversion\""))
        return Mode::Structured;
    return Mode::Unreadable;
}

void Decoder::scan(const KafkaRecord &record, Envelope &envelope) const
{
    envelope.readable = false;
    if (record.value.size() > m_config.maxEventBytes)
        return;
    switch (modeOf(record)) {
    case Mode::Binary: envelope = envelope::scanBinary(record); return;
    case Mode::Structured: envelope::scanStructured(record.value, envelope); return;
    case Mode::Mapped:
    case Mode::Unreadable: return;
    }
}

Envelope Decoder::scan(const KafkaRecord &record) const
{
    Envelope envelope;
    scan(record, envelope);
    return envelope;
}

DecodeResult Decoder::decode(const KafkaRecord &record) const
{
    if (record.value.size() > m_config.maxEventBytes)
        return failure(quarantined::TooLarge, {{quarantinedparam::Size, qint64(record.value.size())},
                                               {quarantinedparam::Limit, qint64(m_config.maxEventBytes)}});

    switch (modeOf(record)) {
    case Mode::Binary: {
        QHash<QByteArray, QByteArray> headers;
        for (const auto &[name, value] : record.headers)
            headers.insert(name.toLower(), value);
        return decodeBinary(record, headers);
    }
    case Mode::Structured: return decodeStructured(record);
    case Mode::Mapped: return decodeMapped(record, *m_rules.value(record.topic));
    case Mode::Unreadable: break;
    }
    const QByteArray contentType = header(record, "content-type").trimmed().toByteArray().toLower();
    if (contentType.startsWith("application/cloudevents"))
        return failure(quarantined::UnreadableContentType,
                       {{quarantinedparam::ContentType, QString::fromUtf8(contentType)}});
    return failure(quarantined::NotCloudEvent, {{quarantinedparam::Topic, record.topic}});
}

DecodeResult Decoder::decodeBinary(const KafkaRecord &record, const QHash<QByteArray, QByteArray> &headers) const
{
    // ce_* headers carry the attributes; the builder applies the same rules as in structured mode.
    CloudEventBuilder builder;
    QuarantineReason why;
    for (auto it = headers.constBegin(); it != headers.constEnd(); ++it) {
        const QByteArray &name = it.key();
        if (!name.startsWith("ce_"))
            continue;
        const std::optional<QString> value = utf8(it.value());
        if (!value)
            return failure(quarantined::HeaderNotUtf8, {{quarantinedparam::Header, QString::fromLatin1(name)}});
        if (!builder.add(QString::fromLatin1(name.mid(3)), *value, &why))
            return failure(why);
    }
    const std::optional<QString> contentType = utf8(headers.value("content-type"));
    if (!contentType)
        return failure(quarantined::HeaderNotUtf8, {{quarantinedparam::Header, u"content-type"_s}});
    if (!contentType->trimmed().isEmpty())
        builder.add(u"datacontenttype"_s, contentType->trimmed(), nullptr);
    std::optional<CloudEvent> built = builder.finish(&why);
    if (!built)
        return failure(why);
    CloudEvent &event = *built;

    if (!record.valueIsNull) {
        if (event.hasJsonContentType()) {
            json::ScanError scanError;
            if (!json::validate(record.value, &scanError))
                return failure(scanFailure(scanError));
            event.setRawJsonData(QByteArray(record.value.constData(), record.value.size())); // borrowed: copy
        } else {
            event.setBytesData(record.value);
        }
    }
    return {std::move(built), {}};
}

DecodeResult Decoder::decodeStructured(const KafkaRecord &record) const
{
    // Scanned, not parsed: the attributes are read and the data is only validated. It is parsed
    // later if a data filter needs it; most events are filtered out by their type before that.
    json::ScanError scanError;
    const std::optional<QList<json::Member>> members = json::scanObject(record.value, &scanError);
    if (!members) {
        if (scanError.notAnObject && json::validate(record.value, &scanError))
            return failure(quarantined::NotObject);
        return failure(scanFailure(scanError));
    }
    CloudEventBuilder builder;
    QuarantineReason why;
    QVarLengthArray<QString, 16> names;
    bool repeatedName = false;
    for (const json::Member &member : *members) {
        const QString name = json::decodeString(member.key, member.keyEscaped);
        repeatedName = repeatedName || names.contains(name);
        names.append(name);
        if (name == u"data")
            builder.setRawData(member.value.toByteArray()); // a copy: the Kafka buffer is borrowed
        else if (!builder.add(name, json::scalarValue(member), &why))
            return failure(why);
    }
    std::optional<CloudEvent> event = builder.finish(&why);
    if (!event)
        return failure(why);
    // The message is stored as it came (a copy: the Kafka buffer is borrowed), unless a name
    // repeats: then which value counts would be up to whoever reads it next, so it is rewritten.
    QByteArray structured = repeatedName ? QByteArray() : QByteArray(record.value.constData(), record.value.size());
    return {std::move(event), {}, std::move(structured)};
}

DecodeResult Decoder::decodeMapped(const KafkaRecord &record, const MappingRule &rule) const
{
    json::ScanError scanError;
    if (!json::validate(record.value, &scanError))
        return failure(scanFailure(scanError));
    const QJsonValue message = json::parse(record.value);
    QuarantineReason why;

    auto text = [&](const std::optional<JsonPointer> &pointer, const QString &key) -> std::optional<QString> {
        const std::optional<QJsonValue> value = pointer->resolve(message);
        if (!value || !(value->isString() || value->isDouble()) || value->toVariant().toString().isEmpty()) {
            why = {quarantined::MappingNoValue,
                   {{quarantinedparam::Topic, rule.topic},
                    {quarantinedparam::Key, key},
                    {quarantinedparam::Pointer, pointer->text()}}};
            return std::nullopt;
        }
        return value->isString() ? value->toString() : QString::number(value->toInteger());
    };

    CloudEvent event;
    event.source = rule.source;
    event.dataContentType = u"application/json"_s;
    if (rule.typePointer) {
        const auto type = text(rule.typePointer, u"typePointer"_s);
        if (!type)
            return failure(why);
        event.type = *type;
    } else {
        event.type = rule.type;
    }
    if (rule.idPointer) {
        const auto id = text(rule.idPointer, u"idPointer"_s);
        if (!id)
            return failure(why);
        event.id = *id;
    } else {
        event.id = where(record); // stable, so a message read twice is recognised as one event
    }
    if (rule.subjectPointer) {
        if (const auto subject = rule.subjectPointer->resolve(message))
            event.subject = subject->isString() ? subject->toString() : subject->toVariant().toString();
    }
    event.time = kafkaTime(record.timestampMs);
    if (rule.timePointer) {
        if (const auto time = rule.timePointer->resolve(message)) {
            if (time->isString())
                event.time = time->toString();
            else if (time->isDouble())
                event.time = kafkaTime(time->toInteger());
        }
    }
    if (rule.dataPointer) {
        const auto data = rule.dataPointer->resolve(message);
        if (!data)
            return failure(quarantined::MappingNoData, {{quarantinedparam::Topic, rule.topic},
                                                        {quarantinedparam::Pointer, rule.dataPointer->text()}});
        event.setJsonData(*data);
    } else {
        event.setJsonData(message);
    }
    if (const QuarantineReason invalid = event.problem(); !invalid.isEmpty())
        return failure(invalid);
    return {event, {}};
}

} // namespace sluice::agent
