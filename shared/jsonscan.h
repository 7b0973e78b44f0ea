#pragma once

#include <QByteArrayView>
#include <QJsonValue>
#include <QList>
#include <QString>

#include <optional>

namespace sluice::json {

// Validating JSON scanning without building a document: full RFC 8259 grammar and UTF-8 checks,
// no allocation. Most events on a bus are filtered out by their attributes; scanning lets the
// agent read those attributes and leave the data unparsed unless something needs it.

enum class Kind : char { String, Number, True, False, Null, Object, Array };

struct Member {
    QByteArrayView key; // between the quotes, escapes not yet resolved
    bool keyEscaped = false;
    QByteArrayView value; // the raw text of the value, strings with their quotes
    bool valueEscaped = false;
    Kind kind = Kind::Null;
};

struct ScanError {
    QString message;
    qsizetype offset = 0;
    bool invalidUtf8 = false;
    bool notAnObject = false;
};

// Receives the members of the top-level object as the scanner reaches them.
class MemberVisitor {
public:
    virtual ~MemberVisitor() = default;
    virtual void member(const Member &member) = 0;
};

// True when text is exactly one JSON value, with optional white space around it.
bool validate(QByteArrayView text, ScanError *error);
// The members of a JSON object in text, in order; std::nullopt when text is not one valid object.
std::optional<QList<Member>> scanObject(QByteArrayView text, ScanError *error);
// The same without allocating: each member goes to the visitor (also those before an error).
bool scanObject(QByteArrayView text, MemberVisitor &visitor, ScanError *error);
// The text of a string whose raw content (between the quotes, without them) was validated.
QString decodeString(QByteArrayView raw, bool escaped);
// A scalar member as a QJsonValue (objects and arrays are returned undefined).
QJsonValue scalarValue(const Member &member);
// Parses text already known to be valid JSON into a value (any type at the top level).
QJsonValue parse(QByteArrayView text);

} // namespace sluice::json
