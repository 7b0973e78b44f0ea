#include "edgecheck.h"

#include <QJsonArray>
#include <QJsonObject>

using namespace Qt::Literals::StringLiterals;

namespace sluice::edge {

namespace {

bool isBidiFormatting(char32_t c)
{
    return c == 0x061C || c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

bool isControl(char32_t c)
{
    return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0x2028 || c == 0x2029;
}

bool isNonCharacter(char32_t c)
{
    return (c >= 0xFDD0 && c <= 0xFDEF) || (c & 0xFFFE) == 0xFFFE;
}

constexpr char32_t kUnpaired = 0xFFFFFFFF;

// The code point at i, moving i past it; kUnpaired for a surrogate without its pair.
char32_t nextCodePoint(QStringView text, qsizetype &i)
{
    const QChar c = text.at(i++);
    if (!c.isSurrogate())
        return c.unicode();
    if (c.isHighSurrogate() && i < text.size() && text.at(i).isLowSurrogate())
        return QChar::surrogateToUcs4(c, text.at(i++));
    return kUnpaired;
}

QString codePoint(char32_t c)
{
    return u"U+"_s + QString::number(uint(c), 16).toUpper().rightJustified(4, u'0');
}

} // namespace

int jsonDepth(const QJsonValue &value)
{
    int deepest = 0;
    if (value.isArray()) {
        for (const QJsonValue &item : value.toArray())
            deepest = std::max(deepest, jsonDepth(item));
        return deepest + 1;
    }
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        for (auto it = object.constBegin(); it != object.constEnd(); ++it)
            deepest = std::max(deepest, jsonDepth(it.value()));
        return deepest + 1;
    }
    return 0;
}

QString depthRefusal(const QJsonValue &value, const QString &what, int max)
{
    const int depth = jsonDepth(value);
    if (depth <= max)
        return {};
    return u"%1 nests %2 levels deep; at most %3 are taken"_s.arg(what).arg(depth).arg(max);
}

QString textRefusal(QStringView text, const QString &what, int maxLength)
{
    if (text.size() > maxLength)
        return u"%1 is %2 characters long; at most %3 are taken"_s.arg(what).arg(text.size()).arg(maxLength);
    for (qsizetype i = 0; i < text.size();) {
        const char32_t c = nextCodePoint(text, i);
        if (c == kUnpaired)
            return u"%1 is not valid Unicode (an unpaired surrogate)"_s.arg(what);
        if (isControl(c))
            return u"%1 contains a control character (%2); it must be one line of printable text"_s.arg(what,
                                                                                                        codePoint(c));
        if (isBidiFormatting(c))
            return u"%1 contains a bidirectional formatting character (%2), which makes text read as something "
                   u"else"_s.arg(what, codePoint(c));
        if (isNonCharacter(c))
            return u"%1 contains a Unicode non-character (%2)"_s.arg(what, codePoint(c));
    }
    return {};
}

bool isHeaderName(QByteArrayView name)
{
    // tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA
    static constexpr QByteArrayView extra = "!#$%&'*+-.^_`|~";
    if (name.isEmpty())
        return false;
    for (char c : name) {
        const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        if (!alnum && !extra.contains(c))
            return false;
    }
    return true;
}

bool isHeaderValue(QByteArrayView value)
{
    for (char c : value) {
        const auto byte = uchar(c);
        if ((byte < 0x20 && byte != '\t') || byte == 0x7F)
            return false;
    }
    return true;
}

bool isReservedHeader(QByteArrayView name)
{
    static const QByteArrayView reserved[] = {
        // framing and the connection: a second one splits or smuggles requests
        "host", "content-length", "transfer-encoding", "connection", "keep-alive", "te", "trailer", "upgrade", "expect",
        "proxy-authorization", "proxy-connection",
        // what the agent says about the message itself
        "content-type", "user-agent", "webhook-id", "webhook-timestamp", "webhook-signature", "sluice-attempt"};
    const QByteArray lower = name.toByteArray().toLower();
    if (lower.startsWith("ce-")) // the CloudEvents HTTP binding's attributes
        return true;
    return std::any_of(std::begin(reserved), std::end(reserved), [&](QByteArrayView r) { return lower == r; });
}

QString headerRefusal(QByteArrayView name, QByteArrayView value, const QString &where)
{
    const QString shown = escapeForLog(QString::fromUtf8(name));
    if (!isHeaderName(name))
        return u"%1: \"%2\" is not a header name (letters, digits and !#$%&'*+-.^_`|~ only, RFC 9110)"_s.arg(where,
                                                                                                             shown);
    if (isReservedHeader(name))
        return u"%1: \"%2\" is set by the agent itself or frames the request; it cannot be given"_s.arg(where, shown);
    if (!isHeaderValue(value))
        return u"%1: the value of \"%2\" contains a control character (CR, LF, NUL, …); a header value is one line"_s
            .arg(where, shown);
    return {};
}

QString credentialRefusal(QStringView credential, const QString &what)
{
    for (QChar c : credential) {
        if (c.unicode() <= 0x20 || c.unicode() >= 0x7F)
            return u"%1 may contain only visible ASCII characters (no spaces, line breaks or other controls)"_s.arg(
                what);
    }
    return {};
}

QString httpUrlRefusal(const QString &text, const QString &what, QUrl *url)
{
    for (qsizetype i = 0; i < text.size();) {
        const char32_t c = nextCodePoint(text, i);
        if (c == kUnpaired || c == u' ' || isControl(c) || isBidiFormatting(c) || isNonCharacter(c))
            return u"%1 contains %2, which a URI cannot hold; percent-encode it"_s.arg(
                what, c == u' ' ? u"a space"_s : u"a control or formatting character"_s);
    }
    const QUrl parsed(text, QUrl::StrictMode);
    if (!parsed.isValid())
        return u"%1 is not a valid URL: %2"_s.arg(what, parsed.errorString());
    if ((parsed.scheme() != u"http" && parsed.scheme() != u"https") || parsed.host().isEmpty())
        return u"%1 must be an http:// or https:// URL with a host, got \"%2\""_s.arg(what, escapeForLog(text));
    if (!parsed.userInfo().isEmpty())
        return u"%1 must not carry a user name or password; give credentials as the subscription's credential"_s.arg(
            what);
    // The IRI as a URI: what is stored, shown and sent.
    const QUrl normalised(parsed.toString(QUrl::FullyEncoded), QUrl::StrictMode);
    if (!normalised.isValid())
        return u"%1 is not a valid URL once percent-encoded: %2"_s.arg(what, normalised.errorString());
    if (url)
        *url = normalised;
    return {};
}

QString escapeForLog(QStringView text)
{
    auto plain = [](QChar c) {
        return !isControl(c.unicode()) && !isBidiFormatting(c.unicode()) && !c.isSurrogate() &&
               !isNonCharacter(c.unicode());
    };
    if (std::all_of(text.begin(), text.end(), plain)) // nearly every message: nothing to do
        return text.toString();
    QString out;
    out.reserve(text.size() + 16);
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c.isHighSurrogate() && i + 1 < text.size() && text.at(i + 1).isLowSurrogate()) {
            out += c;
            out += text.at(++i);
        } else if (plain(c)) {
            out += c;
        } else if (c == u'\n') {
            out += u"\\n"_s;
        } else if (c == u'\r') {
            out += u"\\r"_s;
        } else if (c == u'\t') {
            out += u"\\t"_s;
        } else {
            out += u"\\u"_s + QString::number(c.unicode(), 16).rightJustified(4, u'0');
        }
    }
    return out;
}

} // namespace sluice::edge
