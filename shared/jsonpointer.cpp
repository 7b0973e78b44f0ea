#include "jsonpointer.h"

#include <QJsonArray>
#include <QJsonObject>

using namespace Qt::Literals::StringLiterals;

namespace sluice {

std::optional<JsonPointer> JsonPointer::parse(const QString &text, QString *error)
{
    JsonPointer pointer;
    pointer.m_text = text;
    if (text.isEmpty())
        return pointer;
    if (!text.startsWith(u'/')) {
        if (error)
            *error = u"JSON pointer \"%1\" must be empty or start with \"/\" (for example \"/item/id\")"_s.arg(text);
        return std::nullopt;
    }
    // RFC 6901: "~" is only ever "~0" or "~1".
    for (qsizetype i = text.indexOf(u'~'); i >= 0; i = text.indexOf(u'~', i + 1)) {
        if (i + 1 >= text.size() || (text.at(i + 1) != u'0' && text.at(i + 1) != u'1')) {
            if (error)
                *error = u"JSON pointer \"%1\": \"~\" must be followed by 0 (for \"~\") or 1 (for \"/\")"_s.arg(text);
            return std::nullopt;
        }
    }
    const QStringList raw = text.mid(1).split(u'/');
    for (QString token : raw) {
        // RFC 6901 order matters: ~1 first, then ~0, so "~01" becomes "~1" and not "/".
        token.replace(u"~1"_s, u"/"_s).replace(u"~0"_s, u"~"_s);
        pointer.m_tokens.append(token);
    }
    return pointer;
}

std::optional<QJsonValue> JsonPointer::resolve(const QJsonValue &document) const
{
    QJsonValue current = document;
    for (const QString &token : m_tokens) {
        if (current.isObject()) {
            const QJsonObject object = current.toObject();
            const auto it = object.constFind(token);
            if (it == object.constEnd())
                return std::nullopt;
            current = it.value();
        } else if (current.isArray()) {
            bool ok = false;
            const qsizetype index = token.toLongLong(&ok);
            const QJsonArray array = current.toArray();
            if (!ok || index < 0 || index >= array.size() || (token.size() > 1 && token.startsWith(u'0')))
                return std::nullopt;
            current = array.at(index);
        } else {
            return std::nullopt;
        }
    }
    return current;
}

} // namespace sluice
