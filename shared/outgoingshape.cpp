#include "outgoingshape.h"

#include "cloudevent.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QUrl>

using namespace Qt::Literals::StringLiterals;

namespace sluice {

namespace {

const QStringList kContextAttributes = {u"specversion"_s, u"id"_s,         u"source"_s,          u"type"_s,
                                        u"subject"_s,     u"time"_s,       u"datacontenttype"_s, u"dataschema"_s,
                                        u"data"_s,        u"data_base64"_s};

bool fail(QString *error, const QString &message)
{
    if (error)
        *error = message;
    return false;
}

bool readExtensions(const QJsonValue &json, OutgoingShape &shape, QString *error)
{
    if (json.isUndefined())
        return true;
    if (!json.isObject())
        return fail(error, u"outgoing.extensions is an object of attribute names and values, "
                           u"e.g. {\"tenant\": \"north\"}"_s);
    const QJsonObject extensions = json.toObject();
    for (auto it = extensions.constBegin(); it != extensions.constEnd(); ++it) {
        const QString &name = it.key();
        if (!CloudEvent::isValidAttributeName(name) || kContextAttributes.contains(name) ||
            name == OutgoingShape::OriginalSourceAttribute)
            return fail(error, u"outgoing.extensions: \"%1\" cannot be an extension attribute: names are lower-case "
                               u"letters and digits, and not one of %2"_s.arg(name, kContextAttributes.join(u", "_s) +
                                                                                        u", originalsource"_s));
        const QJsonValue value = it.value();
        const bool integer = value.isDouble() && value.toDouble() == double(value.toInteger());
        if (!value.isString() && !value.isBool() && !integer)
            return fail(error, u"outgoing.extensions.%1: a CloudEvents attribute is a string, a whole number or "
                               u"true/false"_s.arg(name));
    }
    shape.extensions = extensions;
    return true;
}

std::optional<JsonPointer> readMemberPointer(const QString &text, const QString &where, QString *error)
{
    QString why;
    const auto pointer = JsonPointer::parse(text, &why);
    if (!pointer) {
        fail(error, where + u": "_s + why);
        return std::nullopt;
    }
    if (pointer->tokens().isEmpty()) {
        fail(error, where + u": name a member, e.g. \"/item/id\"; the whole data is what no projection sends"_s);
        return std::nullopt;
    }
    return pointer;
}

bool overlaps(const JsonPointer &a, const JsonPointer &b)
{
    const qsizetype n = std::min(a.tokens().size(), b.tokens().size());
    return a.tokens().mid(0, n) == b.tokens().mid(0, n);
}

bool readProjection(const QJsonValue &json, OutgoingShape &shape, QString *error)
{
    if (json.isUndefined())
        return true;
    if (!json.isArray() || json.toArray().isEmpty())
        return fail(error, u"outgoing.projection is a non-empty list of JSON pointers (\"/item/id\") or "
                           u"{\"from\": \"/item/title\", \"to\": \"/title\"}"_s);
    const QJsonArray members = json.toArray();
    for (qsizetype i = 0; i < members.size(); ++i) {
        const QString where = u"outgoing.projection[%1]"_s.arg(i);
        const QJsonValue m = members.at(i);
        QString fromText = m.toString();
        QString toText = fromText;
        if (m.isObject()) {
            const QJsonObject o = m.toObject();
            for (auto it = o.constBegin(); it != o.constEnd(); ++it) {
                if (it.key() != u"from" && it.key() != u"to")
                    return fail(error,
                                u"%1: unknown key \"%2\"; a member has \"from\" and \"to\""_s.arg(where, it.key()));
            }
            fromText = o.value(u"from"_s).toString();
            toText = o.value(u"to"_s).toString(fromText);
        } else if (!m.isString()) {
            return fail(error, where + u": a JSON pointer or {\"from\": …, \"to\": …}"_s);
        }
        const auto from = readMemberPointer(fromText, where + u".from"_s, error);
        const auto to = from ? readMemberPointer(toText, where + u".to"_s, error) : std::nullopt;
        if (!to)
            return false;
        for (const OutgoingShape::Member &earlier : std::as_const(shape.projection)) {
            if (overlaps(earlier.to, *to))
                return fail(error, u"%1: \"%2\" and \"%3\" would be written to the same place"_s.arg(
                                       where, earlier.to.text(), to->text()));
        }
        shape.projection.append({*from, *to});
    }
    return true;
}

QJsonValue setAt(const QJsonValue &into, const QStringList &tokens, qsizetype at, const QJsonValue &value)
{
    if (at == tokens.size())
        return value;
    QJsonObject object = into.toObject();
    object.insert(tokens.at(at), setAt(object.value(tokens.at(at)), tokens, at + 1, value));
    return object;
}

} // namespace

std::optional<OutgoingShape> OutgoingShape::fromJson(const QJsonValue &json, QString *error)
{
    OutgoingShape shape;
    if (json.isUndefined() || json.isNull())
        return shape;
    if (!json.isObject()) {
        fail(error, u"\"outgoing\" is an object with \"source\", \"extensions\" and \"projection\""_s);
        return std::nullopt;
    }
    const QJsonObject o = json.toObject();
    for (auto it = o.constBegin(); it != o.constEnd(); ++it) {
        if (it.key() != u"source" && it.key() != u"extensions" && it.key() != u"projection") {
            fail(error, u"outgoing: unknown key \"%1\"; known keys are source, extensions, projection"_s.arg(it.key()));
            return std::nullopt;
        }
    }
    const QJsonValue source = o.value(u"source"_s);
    if (!source.isUndefined()) {
        shape.source = source.toString();
        if (shape.source.isEmpty() || !QUrl(shape.source, QUrl::StrictMode).isValid()) {
            fail(error, u"outgoing.source must be a non-empty URI reference, e.g. "
                        u"\"urn:nld:oin:00000001234567890000:systeem:cms\""_s);
            return std::nullopt;
        }
    }
    if (!readExtensions(o.value(u"extensions"_s), shape, error) ||
        !readProjection(o.value(u"projection"_s), shape, error))
        return std::nullopt;
    return shape;
}

QJsonObject OutgoingShape::toJson() const
{
    QJsonObject json;
    if (!source.isEmpty())
        json.insert(u"source"_s, source);
    if (!extensions.isEmpty())
        json.insert(u"extensions"_s, extensions);
    if (!projection.isEmpty()) {
        QJsonArray members;
        for (const Member &m : projection) {
            if (m.from.text() == m.to.text())
                members.append(m.from.text());
            else
                members.append(QJsonObject{{u"from"_s, m.from.text()}, {u"to"_s, m.to.text()}});
        }
        json.insert(u"projection"_s, members);
    }
    return json;
}

QJsonValue OutgoingShape::project(const QJsonValue &data) const
{
    QJsonValue projected = QJsonObject();
    for (const Member &m : projection) {
        if (const auto value = m.from.resolve(data))
            projected = setAt(projected, m.to.tokens(), 0, *value);
    }
    return projected;
}

std::optional<QByteArray> OutgoingShape::apply(const QByteArray &structuredEvent, QString *error) const
{
    if (isEmpty())
        return structuredEvent;
    QJsonParseError parseError;
    QJsonObject event = QJsonDocument::fromJson(structuredEvent, &parseError).object();
    if (parseError.error != QJsonParseError::NoError || event.isEmpty()) {
        fail(error, u"the stored event is not a structured CloudEvent: "_s + parseError.errorString());
        return std::nullopt;
    }
    if (!source.isEmpty()) {
        event.insert(OriginalSourceAttribute, event.value(u"source"_s));
        event.insert(u"source"_s, source);
    }
    for (auto it = extensions.constBegin(); it != extensions.constEnd(); ++it)
        event.insert(it.key(), it.value());
    if (!projection.isEmpty()) {
        event.insert(u"data"_s, project(event.value(u"data"_s)));
        event.remove(u"data_base64"_s);
        event.remove(u"dataschema"_s);
        event.insert(u"datacontenttype"_s, u"application/json"_s);
    }
    return QJsonDocument(event).toJson(QJsonDocument::Compact);
}

} // namespace sluice
