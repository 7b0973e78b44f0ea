#pragma once

#include <QByteArrayView>
#include <QJsonValue>
#include <QString>
#include <QUrl>

#include <optional>

// What every value from outside must be before the agent keeps or uses it, checked in one place
// for every way in (the configuration file, the admin API, the Subscriptions API, the console's
// editor, the store read back). Each check returns an empty string when the value may pass, and
// otherwise why not, for a person: the caller puts it in its refusal (a 400, a JSON-RPC error).
namespace sluice::edge {

// How deep JSON from outside may nest: far below the 1024 levels Qt's reader takes back, so that
// anything accepted and stored inside another document (a subscription's filter inside its
// definition, call params inside an audit entry) reads back.
inline constexpr int kMaxJsonDepth = 64;
// How deep a filter expression may nest (all/any/not inside each other).
inline constexpr int kMaxFilterDepth = 32;
// The longest name or identifier the agent keeps (subscription names, owners, type patterns).
inline constexpr int kMaxNameLength = 256;

// Levels of nesting: a scalar is 0, [] and {} are 1, [[1]] is 2.
int jsonDepth(const QJsonValue &value);
QString depthRefusal(const QJsonValue &value, const QString &what, int max = kMaxJsonDepth);

// Text that is shown and logged as one line: no control characters (C0, DEL, C1), no line or
// paragraph separators, no bidirectional formatting (U+202A–U+202E, U+2066–U+2069, U+200E/F, U+061C)
// that would make it read as something else, no unpaired surrogates or non-characters.
QString textRefusal(QStringView text, const QString &what, int maxLength = kMaxNameLength);

// RFC 9110 §5.6.2: a header name is a token; §5.5: a value is visible ASCII, space and tab, and
// obs-text (bytes 0x80–0xFF), never CR, LF or NUL or other controls.
bool isHeaderName(QByteArrayView name);
bool isHeaderValue(QByteArrayView value);
QString headerRefusal(QByteArrayView name, QByteArrayView value, const QString &where);
// Headers the agent sets itself or that frame the message: a subscription may not set them.
bool isReservedHeader(QByteArrayView name);

// A credential sent in Authorization: visible ASCII only (RFC 6750 b64token is stricter; tokens in
// the wild use more of it), no spaces, controls or non-ASCII.
QString credentialRefusal(QStringView credential, const QString &what);

// An http(s) URL with a host, as a URI: an IRI's non-ASCII characters are percent-encoded and its
// host turned into ASCII (IDNA), raw spaces and controls refused. *url gets the normalised URL.
QString httpUrlRefusal(const QString &text, const QString &what, QUrl *url = nullptr);
// The URL as it is stored, shown and sent: fully percent-encoded.
inline QString uriText(const QUrl &url)
{
    return url.toString(QUrl::FullyEncoded);
}

// A value from outside as it goes into a log line: backslash, controls, separators and
// bidirectional formatting escaped (\n, \r, \t, \\, \u202e), so one message is one line and reads
// as what it is.
QString escapeForLog(QStringView text);

} // namespace sluice::edge
