// Fuzz target: the decoder, all three ways in (binary mode, structured mode, a mapping rule for
// plain JSON), and the envelope scan beside it. Whatever the input, neither may crash, and what the
// envelope reads the decoder must read the same way (the envelope decides which events are decoded
// at all, so a disagreement would route events wrongly).
//
// Input: the first byte chooses the way in and the topic; then header lines "name:value\n" up to
// an empty line; the rest is the message value.
#include "ingest/decoder.h"

#include <QString>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

using namespace sluice::agent;

namespace {

DecodingConfig fuzzConfig()
{
    DecodingConfig config;
    config.maxEventBytes = 64 * 1024;
    MappingRule mapped;
    mapped.topic = QStringLiteral("plain");
    mapped.typePointer = sluice::JsonPointer::parse(QStringLiteral("/type"));
    mapped.source = QStringLiteral("/plain");
    mapped.idPointer = sluice::JsonPointer::parse(QStringLiteral("/id"));
    mapped.subjectPointer = sluice::JsonPointer::parse(QStringLiteral("/subject"));
    mapped.timePointer = sluice::JsonPointer::parse(QStringLiteral("/at"));
    mapped.dataPointer = sluice::JsonPointer::parse(QStringLiteral("/data"));
    MappingRule fixed;
    fixed.topic = QStringLiteral("fixed");
    fixed.type = QStringLiteral("be.fixed.type");
    fixed.source = QStringLiteral("/fixed");
    config.mappings = {mapped, fixed};
    return config;
}

KafkaRecord recordFrom(const uint8_t *data, size_t size)
{
    static const QString topics[] = {QStringLiteral("events"), QStringLiteral("plain"), QStringLiteral("fixed")};
    KafkaRecord record;
    record.topic = topics[size > 0 ? data[0] % 3 : 0];
    record.partition = 1;
    record.offset = 7;
    record.timestampMs = 1'700'000'000'000;
    QByteArrayView rest = size > 0 ? QByteArrayView(data + 1, qsizetype(size - 1)) : QByteArrayView();
    while (!rest.isEmpty()) {
        const qsizetype end = rest.indexOf('\n');
        const QByteArrayView line = end < 0 ? rest : rest.first(end);
        rest = end < 0 ? QByteArrayView() : rest.sliced(end + 1);
        if (line.isEmpty())
            break;
        const qsizetype colon = line.indexOf(':');
        if (colon < 0)
            record.headers.append({line.toByteArray(), QByteArray()});
        else
            record.headers.append({line.first(colon).toByteArray(), line.sliced(colon + 1).toByteArray()});
    }
    record.value = rest.toByteArray();
    record.valueIsNull = size > 0 && data[0] >= 0xf0 && record.value.isEmpty();
    return record;
}

[[noreturn]] void disagree(const char *what)
{
    std::fprintf(stderr, "envelope and decoder disagree: %s\n", what);
    std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const Decoder decoder(fuzzConfig());
    const KafkaRecord record = recordFrom(data, size);
    const DecodeResult decoded = decoder.decode(record);
    if (!decoded.event && decoded.problem.isEmpty())
        disagree("a refusal without a reason");
    const Envelope envelope = decoder.scan(record);
    if (!envelope.readable)
        return 0;
    if (!decoded.event)
        disagree("the envelope read an event the decoder refuses");
    const sluice::CloudEvent &event = *decoded.event;
    if (QString::fromUtf8(envelope.type) != event.type || QString::fromUtf8(envelope.id) != event.id ||
        QString::fromUtf8(envelope.source) != event.source || QString::fromUtf8(envelope.subject) != event.subject)
        disagree("an attribute differs");
    if (envelope.jsonData != (event.dataKind() == sluice::CloudEvent::DataKind::Json))
        disagree("whether the data is JSON");
    return 0;
}
