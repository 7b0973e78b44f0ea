#pragma once

#include "cloudevent.h"
#include "config.h"
#include "ingest/envelope.h"
#include "quarantinereason.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>

namespace sluice::agent {

// One Kafka message, independent of librdkafka so decoding can be tested on its own.
struct KafkaRecord {
    QString topic;
    int partition = 0;
    qint64 offset = 0;
    qint64 timestampMs = -1;
    QByteArray key;
    QList<std::pair<QByteArray, QByteArray>> headers;
    QByteArray value;
    bool valueIsNull = false;

    // Set by owned(): the bytes key, value and headers point into.
    QByteArray storage;

    // The same record owning all its bytes, for a record whose bytes are borrowed from a message;
    // withValue false: the value left empty.
    KafkaRecord owned(bool withValue = true) const;
};

struct DecodeResult {
    std::optional<CloudEvent> event;
    QuarantineReason problem; // why the message is quarantined, when event is unset
    // Structured mode: the message itself, already a valid structured event, kept to be stored
    // as it is rather than serialised again (and so delivered byte for byte as produced).
    QByteArray structured;

    QString error() const { return problem.text(); }
};

// Turns Kafka messages into CloudEvents per the CloudEvents Kafka protocol binding (binary and
// structured mode) or a per-topic mapping rule for plain JSON. It never throws and never drops:
// whatever it cannot read comes back with a reason, for quarantine.
class Decoder {
public:
    explicit Decoder(const DecodingConfig &config);

    DecodeResult decode(const KafkaRecord &record) const;
    // The attributes routing needs, without allocating; not readable: call decode(). The envelope
    // is reused (its buffer keeps its size) and points into the record and itself.
    void scan(const KafkaRecord &record, Envelope &envelope) const;
    Envelope scan(const KafkaRecord &record) const;

private:
    enum class Mode { Binary, Structured, Mapped, Unreadable };
    Mode modeOf(const KafkaRecord &record) const;

    DecodeResult decodeBinary(const KafkaRecord &record, const QHash<QByteArray, QByteArray> &headers) const;
    DecodeResult decodeStructured(const KafkaRecord &record) const;
    DecodeResult decodeMapped(const KafkaRecord &record, const MappingRule &rule) const;

    DecodingConfig m_config;
    QHash<QString, const MappingRule *> m_rules;
};

} // namespace sluice::agent
