#include "ingest/envelope.h"

#include "cloudevent.h"
#include "ingest/decoder.h"
#include "jsonscan.h"

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
    // A string attribute's text as it stands; escaped: it has escapes, which only attributes the
    // envelope neither keeps nor checks may have (extensions, datacontenttype, dataschema).
    bool addString(QByteArrayView name, QByteArrayView text, bool escaped, Envelope &envelope)
    {
        const Attribute attribute = attributeOf(name);
        if (!take(name, attribute))
            return false;
        if (escaped && attribute != Extension && attribute != DataContentType && attribute != DataSchema)
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

class StructuredMembers final : public json::MemberVisitor {
public:
    void member(const json::Member &member) override
    {
        if (!m_usable)
            return;
        if (member.keyEscaped) {
            m_usable = false;
            return;
        }
        if (member.kind == json::Kind::String && member.key != "data") {
            m_usable =
                m_attributes.addString(member.key, member.value.sliced(1).chopped(1), member.valueEscaped, m_envelope);
            return;
        }
        m_usable = m_attributes.addOther(member.key, member.kind);
    }
    Envelope finish(bool scanned)
    {
        m_envelope.readable = scanned && m_usable && m_attributes.complete();
        m_envelope.jsonData = m_attributes.hasData();
        return m_envelope;
    }

private:
    Attributes m_attributes;
    Envelope m_envelope;
    bool m_usable = true;
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

Envelope scanStructured(QByteArrayView value)
{
    StructuredMembers members;
    const bool scanned = json::scanObject(value, members, nullptr);
    return members.finish(scanned);
}

Envelope scanBinary(const KafkaRecord &record)
{
    Envelope envelope;
    Attributes attributes;
    QByteArrayView contentType;
    QByteArrayView ceContentType;
    bool contentTypeSeen = false;
    for (const auto &[name, value] : record.headers) {
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
        if (!name.startsWith("ce_"))
            continue;
        const QByteArrayView attribute = QByteArrayView(name).sliced(3);
        if (attribute == "data" || !attributes.addString(attribute, value, false, envelope))
            return {};
        if (attribute == "datacontenttype")
            ceContentType = value;
    }
    if (!attributes.complete())
        return {};
    const QByteArrayView dataContentType = contentType.isEmpty() ? ceContentType : contentType;
    if (dataContentType.size() > kMaxContentType)
        return {};
    envelope.jsonData = !record.valueIsNull && isJsonContentType(dataContentType);
    if (envelope.jsonData && !json::validate(record.value, nullptr))
        return {};
    envelope.readable = true;
    return envelope;
}

} // namespace sluice::agent::envelope
