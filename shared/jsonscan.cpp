#include "jsonscan.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::Literals::StringLiterals;

namespace sluice::json {

namespace {

constexpr int kMaxDepth = 256;

class Scanner {
public:
    Scanner(QByteArrayView text, ScanError *error)
        : m_begin(text.data())
        , m_p(text.data())
        , m_end(text.data() + text.size())
        , m_error(error)
    {
    }

    bool document(MemberVisitor *members)
    {
        space();
        if (members) {
            if (m_p == m_end || *m_p != '{') {
                if (m_error)
                    m_error->notAnObject = true;
                return fail(QT_TRANSLATE_NOOP("sluice::QuarantineReason", "expected a JSON object"));
            }
            if (!object(members))
                return false;
        } else if (!value()) {
            return false;
        }
        space();
        return m_p == m_end ||
               fail(QT_TRANSLATE_NOOP("sluice::QuarantineReason", "unexpected text after the JSON value"));
    }

private:
    bool fail(const char *message, bool utf8 = false)
    {
        if (m_error) {
            m_error->message = QString::fromLatin1(message);
            m_error->offset = m_p - m_begin;
            m_error->invalidUtf8 = utf8;
        }
        return false;
    }

    void space()
    {
        while (m_p < m_end && (*m_p == ' ' || *m_p == '\n' || *m_p == '\r' || *m_p == '\t'))
            ++m_p;
    }

    bool value(Member *member = nullptr)
    {
        if (m_p == m_end)
            return fail(QT_TRANSLATE_NOOP("sluice::QuarantineReason", "unexpected end of input"));
        const char *start = m_p;
        Kind kind;
        bool escaped = false;
        switch (*m_p) {
        case '{':
            kind = Kind::Object;
            if (!object(nullptr))
                return false;
            break;
        case '[':
            kind = Kind::Array;
            if (!array())
                return false;
            break;
        case '"':
            kind = Kind::String;
            if (!string(&escaped))
                return false;
            if (member) {
                member->value = QByteArrayView(start, m_p - start);
                member->valueEscaped = escaped;
                member->kind = kind;
            }
            return true;
        case 't':
            kind = Kind::True;
            if (!literal("true"))
                return false;
            break;
        case 'f':
            kind = Kind::False;
            if (!literal("false"))
                return false;
            break;
        case 'n':
            kind = Kind::Null;
            if (!literal("null"))
                return false;
            break;
        default:
            kind = Kind::Number;
            if (!number())
                return false;
        }
        if (member) {
            member->value = QByteArrayView(start, m_p - start);
            member->kind = kind;
        }
        return true;
    }

    bool object(MemberVisitor *members)
    {
        if (++m_depth > kMaxDepth)
            return fail(QT_TRANSLATE_NOOP("sluice::QuarantineReason", "nested too deeply"));
        ++m_p; // '{'
        space();
        if (m_p < m_end && *m_p == '}') {
            ++m_p;
            --m_depth;
            return true;
        }
        while (true) {
            space();
            if (m_p == m_end || *m_p != '"')
                return fail(QT_TRANSLATE_NOOP("sluice::QuarantineReason", "expected a string as member name"));
            Member member;
            const char *keyStart = m_p;
            if (!string(&member.keyEscaped))
                return false;
            member.key = QByteArrayView(keyStart + 1, m_p - keyStart - 2);
            space();
            if (m_p == m_end || *m_p != ':')
                return fail(QT_TRANSLATE_NOOP("sluice::QuarantineReason", "expected ':' after a member name"));
            ++m_p;
            space();
            if (!value(members ? &member : nullptr))
                return false;
            if (members)
                members->member(member);
            space();
            if (m_p == m_end)
                return fail(QT_TRANSLATE_NOOP("sluice::QuarantineReason", "unterminated object"));
            if (*m_p == ',') {
                ++m_p;
                continue;
            }
            if (*m_p == '}') {
                ++m_p;
                --m_depth;
                return true;
            }
            return fail(QT_TRANSLATE_NOOP("sluice::QuarantineReason", "expected ',' or '}' in an object"));
        }
    }

    bool array()
    {
        if (++m_depth > kMaxDepth)
            return fail(QT_TRANSLATE_NOOP("sluice::QuarantineReason", "nested too deeply"));
        ++m_p; // '['
        space();
        if (m_p < m_end && *m_p == ']') {
            ++m_p;
            --m_depth;
            return true;
        }
        while (true) {
            space();
            if (!value())
                return false;
            space();
            if (m_p == m_end)
                return fail(QT_TRANSLATE_NOOP("sluice::QuarantineReason", "unterminated array"));
            if (*m_p == ',') {
                ++m_p;
                continue;
            }
            if (*m_p == ']') {
                ++m_p;
                --m_depth;
                return true;
            }
            return fail(QT_TRANSLATE_NOOP("sluice::QuarantineReason", "expected ',' or ']' in an array"));
        }
    }

    bool literal(const char *word)
    {
        for (const char *w = word; *w; ++w, ++m_p) {
            if (m_p == m_end || *m_p != *w)
                return fail(QT_TRANSLATE_NOOP("sluice::QuarantineReason", "invalid literal"));
        }
        return true;
    }

    static bool digit(char c) { return c >= '0' && c <= '9'; }

    bool number()
    {
        if (m_p < m_end && *m_p == '-')
            ++m_p;
        if (m_p == m_end || !digit(*m_p))
            return fail(QT_TRANSLATE_NOOP("sluice::QuarantineReason", "invalid value"));
        if (*m_p == '0')
            ++m_p;
        else
            while (m_p < m_end && digit(*m_p))
                ++m_p;
        if (m_p < m_end && *m_p == '.') {
            ++m_p;
            if (m_p == m_end || !digit(*m_p))
                return fail(QT_TRANSLATE_NOOP("sluice::QuarantineReason", "invalid number"));
            while (m_p < m_end && digit(*m_p))
                ++m_p;
        }
        if (m_p < m_end && (*m_p == 'e' || *m_p == 'E')) {
            ++m_p;
            if (m_p < m_end && (*m_p == '+' || *m_p == '-'))
                ++m_p;
            if (m_p == m_end || !digit(*m_p))
                return fail(QT_TRANSLATE_NOOP("sluice::QuarantineReason", "invalid number"));
            while (m_p < m_end && digit(*m_p))
                ++m_p;
        }
        return true;
    }

    static bool hex(char c) { return digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

    // A UTF-8 sequence starting at m_p (a byte >= 0x80): RFC 3629, no overlongs, no surrogates.
    bool utf8()
    {
        const auto b = [this](qsizetype i) { return uchar(m_p[i]); };
        const uchar c = b(0);
        int extra;
        uchar low = 0x80, high = 0xBF;
        if (c >= 0xC2 && c <= 0xDF) {
            extra = 1;
        } else if (c >= 0xE0 && c <= 0xEF) {
            extra = 2;
            if (c == 0xE0)
                low = 0xA0;
            else if (c == 0xED)
                high = 0x9F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            extra = 3;
            if (c == 0xF0)
                low = 0x90;
            else if (c == 0xF4)
                high = 0x8F;
        } else {
            return fail(QT_TRANSLATE_NOOP("sluice::QuarantineReason", "invalid UTF-8"), true);
        }
        if (m_end - m_p <= extra)
            return fail(QT_TRANSLATE_NOOP("sluice::QuarantineReason", "invalid UTF-8"), true);
        if (b(1) < low || b(1) > high)
            return fail(QT_TRANSLATE_NOOP("sluice::QuarantineReason", "invalid UTF-8"), true);
        for (int i = 2; i <= extra; ++i) {
            if (b(i) < 0x80 || b(i) > 0xBF)
                return fail(QT_TRANSLATE_NOOP("sluice::QuarantineReason", "invalid UTF-8"), true);
        }
        m_p += extra + 1;
        return true;
    }

    bool string(bool *escaped)
    {
        ++m_p; // opening quote
        while (m_p < m_end) {
            const auto c = uchar(*m_p);
            if (c == '"') {
                ++m_p;
                return true;
            }
            if (c == '\\') {
                *escaped = true;
                if (++m_p == m_end)
                    break;
                switch (*m_p) {
                case '"':
                case '\\':
                case '/':
                case 'b':
                case 'f':
                case 'n':
                case 'r':
                case 't': ++m_p; break;
                case 'u':
                    if (m_end - m_p < 5 || !hex(m_p[1]) || !hex(m_p[2]) || !hex(m_p[3]) || !hex(m_p[4]))
                        return fail(QT_TRANSLATE_NOOP("sluice::QuarantineReason", "invalid \\u escape"));
                    m_p += 5;
                    break;
                default: return fail(QT_TRANSLATE_NOOP("sluice::QuarantineReason", "invalid escape sequence"));
                }
            } else if (c < 0x20) {
                return fail(QT_TRANSLATE_NOOP("sluice::QuarantineReason", "control character in a string"));
            } else if (c >= 0x80) {
                if (!utf8())
                    return false;
            } else {
                ++m_p;
            }
        }
        return fail(QT_TRANSLATE_NOOP("sluice::QuarantineReason", "unterminated string"));
    }

    const char *m_begin;
    const char *m_p;
    const char *m_end;
    ScanError *m_error;
    int m_depth = 0;
};

} // namespace

bool validate(QByteArrayView text, ScanError *error)
{
    return Scanner(text, error).document(nullptr);
}

bool scanObject(QByteArrayView text, MemberVisitor &visitor, ScanError *error)
{
    return Scanner(text, error).document(&visitor);
}

std::optional<QList<Member>> scanObject(QByteArrayView text, ScanError *error)
{
    struct Collect final : MemberVisitor {
        QList<Member> members;
        void member(const Member &member) override { members.append(member); }
    } collect;
    if (!Scanner(text, error).document(&collect))
        return std::nullopt;
    return std::move(collect.members);
}

QString decodeString(QByteArrayView raw, bool escaped)
{
    if (!escaped)
        return QString::fromUtf8(raw);
    QString out;
    out.reserve(raw.size());
    qsizetype plainFrom = 0;
    for (qsizetype i = 0; i < raw.size(); ++i) {
        if (raw[i] != '\\')
            continue;
        out += QString::fromUtf8(raw.sliced(plainFrom, i - plainFrom));
        const char e = raw[++i];
        switch (e) {
        case 'b': out += u'\b'; break;
        case 'f': out += u'\f'; break;
        case 'n': out += u'\n'; break;
        case 'r': out += u'\r'; break;
        case 't': out += u'\t'; break;
        case 'u':
            out += QChar(char16_t(raw.sliced(i + 1, 4).toByteArray().toUShort(nullptr, 16)));
            i += 4;
            break;
        default: out += QLatin1Char(e); // '"', '\\', '/'
        }
        plainFrom = i + 1;
    }
    out += QString::fromUtf8(raw.sliced(plainFrom));
    return out;
}

QJsonValue scalarValue(const Member &member)
{
    switch (member.kind) {
    case Kind::String: return decodeString(member.value.sliced(1, member.value.size() - 2), member.valueEscaped);
    case Kind::Number: return member.value.toByteArray().toDouble();
    case Kind::True: return true;
    case Kind::False: return false;
    case Kind::Null: return QJsonValue::Null;
    case Kind::Object:
    case Kind::Array: break;
    }
    return QJsonValue::Undefined;
}

QJsonValue parse(QByteArrayView text)
{
    qsizetype first = 0;
    while (first < text.size() &&
           (text[first] == ' ' || text[first] == '\n' || text[first] == '\r' || text[first] == '\t'))
        ++first;
    if (first < text.size() && text[first] == '{')
        return QJsonDocument::fromJson(text.toByteArray()).object();
    if (first < text.size() && text[first] == '[')
        return QJsonDocument::fromJson(text.toByteArray()).array();
    // QJsonDocument takes only containers: read a scalar as the one element of an array.
    return QJsonDocument::fromJson('[' + text.toByteArray() + ']').array().first();
}

} // namespace sluice::json
