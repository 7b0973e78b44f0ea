#include "ingest/envelope.h"

#include "cloudevent.h"
#include "ingest/decoder.h"
#include "jsonscan.h"

#include <simdjson.h>

#include <array>

namespace sluice::agent::envelope {

namespace {

using namespace Qt::Literals::StringLiterals;

constexpr QByteArrayView kSpecVersion = "1.0";
constexpr int kMaxExtensions = 24; // more: the full decoder reads the event

// The attributes every binding shares, as bits, to find one given twice or missing.
enum Attribute : unsigned {
    SpecVersion = 1u << 0,
    Id = 1u << 1,
    Source = 1u << 2,
    Type = 1u << 3,
    Subject = 1u << 4,
    Time = 1u << 5,
    DataContentType = 1u << 6,
    DataSchema = 1u << 7,
    Data = 1u << 8,
    Extension = 0,
    Unusual = 1u << 31, // data_base64, or data in a header: for the full decoder
};
constexpr unsigned kRequired = SpecVersion | Id | Source | Type;

Attribute attributeOf(QByteArrayView name)
{
    struct Known {
        QByteArrayView name;
        Attribute attribute;
    };
    static constexpr std::array<Known, 10> known = {{{"specversion", SpecVersion},
                                                     {"id", Id},
                                                     {"source", Source},
                                                     {"type", Type},
                                                     {"subject", Subject},
                                                     {"time", Time},
                                                     {"datacontenttype", DataContentType},
                                                     {"dataschema", DataSchema},
                                                     {"data", Data},
                                                     {"data_base64", Unusual}}};
    for (const Known &k : known) {
        if (k.name == name)
            return k.attribute;
    }
    return Extension;
}

bool isAttributeName(QByteArrayView name)
{
    if (name.isEmpty())
        return false;
    for (const char c : name) {
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')))
            return false;
    }
    return true;
}

// Collects the attributes of one event and checks each as CloudEventBuilder would.
class Attributes {
public:
    // A string attribute's text, escapes resolved.
    bool addString(QByteArrayView name, QByteArrayView text, Envelope &envelope)
    {
        const Attribute attribute = attributeOf(name);
        if (!take(name, attribute))
            return false;
        switch (attribute) {
        case SpecVersion: return text == kSpecVersion;
        case Id: envelope.id = text; return !text.isEmpty();
        case Source: envelope.source = text; return !text.isEmpty();
        case Type: envelope.type = text; return !text.isEmpty();
        case Subject: envelope.subject = text; return true;
        case Time: return CloudEvent::isRfc3339Utf8(text);
        default: return true;
        }
    }
    // Any other value: allowed for data, and as an extension's number or boolean.
    bool addOther(QByteArrayView name, json::Kind kind)
    {
        const Attribute attribute = attributeOf(name);
        if (!take(name, attribute))
            return false;
        if (attribute == Data)
            return true;
        return attribute == Extension &&
               (kind == json::Kind::Number || kind == json::Kind::True || kind == json::Kind::False);
    }
    bool complete() const { return (m_seen & kRequired) == kRequired; }
    bool hasData() const { return m_seen & Data; }

private:
    bool take(QByteArrayView name, Attribute attribute)
    {
        if (attribute == Unusual)
            return false;
        if (attribute != Extension) {
            if (m_seen & attribute)
                return false; // given twice
            m_seen |= attribute;
            return true;
        }
        if (!isAttributeName(name) || m_extensionCount == kMaxExtensions)
            return false;
        for (int i = 0; i < m_extensionCount; ++i) {
            if (m_extensions[i] == name)
                return false;
        }
        m_extensions[m_extensionCount++] = name;
        return true;
    }

    unsigned m_seen = 0;
    std::array<QByteArrayView, kMaxExtensions> m_extensions;
    int m_extensionCount = 0;
};

bool isAsciiText(QByteArrayView text)
{
    for (const char c : text) {
        if (uchar(c) < 0x20 || uchar(c) > 0x7e)
            return false;
    }
    return true;
}

bool hasUpperCase(QByteArrayView text)
{
    for (const char c : text) {
        if (c >= 'A' && c <= 'Z')
            return true;
    }
    return false;
}

constexpr qsizetype kMaxContentType = 256;

// Larger messages are read by the full decoder: the parser's buffers grow to the largest message
// they read, and stay, once per thread.
constexpr qsizetype kMaxScanned = 64 * 1024;
// At this depth simdjson refuses exactly what json::validate (256 nested arrays or objects)
// refuses (tst_decoder's "deep but allowed" and "one level too deep").
constexpr size_t kMaxDepth = 256;

// simdjson's DOM parser, one per thread (batches are scanned on several). It validates the whole
// text (RFC 8259 grammar, UTF-8) as the decoder's scanner does, about twice as fast
// (bench/json.sh); what it refuses goes to the decoder, which gives the precise reason.
class Parser {
public:
    static Parser &local()
    {
        thread_local Parser parser;
        return parser;
    }
    // The copy into the parser's padded buffer reuses it once it is large enough.
    simdjson::simdjson_result<simdjson::dom::element> parse(QByteArrayView text)
    {
        return m_parser.parse(text.data(), size_t(text.size()), true);
    }

private:
    Parser()
    {
        // Should this fail, parse() allocates on demand, at simdjson's default depth of 1024; every
        // document deeper than 256 is then refused by the decoder all the same.
        [[maybe_unused]] const simdjson::error_code allocated = m_parser.allocate(kMaxScanned, kMaxDepth);
    }
    simdjson::dom::parser m_parser;
};

json::Kind kindOf(simdjson::dom::element value)
{
    switch (value.type()) {
    case simdjson::dom::element_type::ARRAY: return json::Kind::Array;
    case simdjson::dom::element_type::OBJECT: return json::Kind::Object;
    case simdjson::dom::element_type::STRING: return json::Kind::String;
    case simdjson::dom::element_type::BOOL:
        return value.get_bool().value_unsafe() ? json::Kind::True : json::Kind::False;
    case simdjson::dom::element_type::NULL_VALUE: return json::Kind::Null;
    default: return json::Kind::Number;
    }
}

// CloudEvent::isJsonContentType over ASCII bytes (a header value checked by isAsciiText), at most
// kMaxContentType of them.
bool isJsonContentType(QByteArrayView contentType)
{
    std::array<char16_t, kMaxContentType> wide;
    for (qsizetype i = 0; i < contentType.size(); ++i)
        wide[i] = char16_t(uchar(contentType[i]));
    return CloudEvent::isJsonContentType(QStringView(wide.data(), contentType.size()));
}

} // namespace

void scanStructured(QByteArrayView value, Envelope &envelope)
{
    envelope = Envelope{{}, {}, {}, {}, {}, false, std::move(envelope.strings)};
    simdjson::dom::object object;
    if (value.size() > kMaxScanned || Parser::local().parse(value).get_object().get(object) != simdjson::SUCCESS)
        return;
    Attributes attributes;
    for (const simdjson::dom::key_value_pair member : object) {
        const QByteArrayView name(member.key.data(), qsizetype(member.key.size()));
        std::string_view text;
        const bool usable =
            member.value.get_string().get(text) == simdjson::SUCCESS && name != "data"
                ? attributes.addString(name, QByteArrayView(text.data(), qsizetype(text.size())), envelope)
                : attributes.addOther(name, kindOf(member.value));
        if (!usable)
            return;
    }
    if (!attributes.complete())
        return;
    // The texts live in the parser until its next document: kept in the envelope's own buffer.
    envelope.strings.resize(0); // keeps its capacity
    for (QByteArrayView *text : {&envelope.id, &envelope.source, &envelope.type, &envelope.subject})
        envelope.strings.append(*text);
    qsizetype at = 0;
    for (QByteArrayView *text : {&envelope.id, &envelope.source, &envelope.type, &envelope.subject}) {
        const qsizetype size = text->size();
        *text = QByteArrayView(envelope.strings).sliced(at, size);
        at += size;
    }
    envelope.jsonData = attributes.hasData();
    envelope.readable = true;
}

Envelope scanBinary(const KafkaRecord &record)
{
    Envelope envelope;
    Attributes attributes;
    QByteArrayView contentType;
    QByteArrayView ceContentType;
    bool contentTypeSeen = false;
    for (const auto &[name, value] : record.headers) {
        const bool attribute = name.size() >= 3 && qstrnicmp(name.constData(), 3, "ce_", 3) == 0;
        if (!attribute && name.compare("content-type", Qt::CaseInsensitive) != 0)
            continue; // a header the binding does not read (tracing, a producer's own)
        // Upper case, or text beyond printable ASCII: the full decoder folds and checks those.
        if (hasUpperCase(name) || !isAsciiText(value))
            return {};
        if (name == "content-type") {
            if (contentTypeSeen)
                return {};
            contentTypeSeen = true;
            contentType = QByteArrayView(value).trimmed();
            continue;
        }
        const QByteArrayView key = QByteArrayView(name).sliced(3);
        if (key == "data" || !attributes.addString(key, value, envelope))
            return {};
        if (key == "datacontenttype")
            ceContentType = value;
    }
    if (!attributes.complete())
        return {};
    const QByteArrayView dataContentType = contentType.isEmpty() ? ceContentType : contentType;
    if (dataContentType.size() > kMaxContentType)
        return {};
    envelope.jsonData = !record.valueIsNull && isJsonContentType(dataContentType);
    if (envelope.jsonData && (record.value.size() > kMaxScanned || Parser::local().parse(record.value).error()))
        return {};
    envelope.readable = true;
    return envelope;
}

} // namespace sluice::agent::envelope
