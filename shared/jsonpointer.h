#pragma once

#include <QJsonValue>
#include <QString>

#include <optional>

namespace sluice {

// RFC 6901 JSON Pointer, parsed once and evaluated many times (filters run on every event).
class JsonPointer {
public:
    // Returns std::nullopt and sets *error for a pointer that is not "" and does not start with "/".
    static std::optional<JsonPointer> parse(const QString &text, QString *error = nullptr);

    // The value at this pointer, or std::nullopt when any step is missing.
    std::optional<QJsonValue> resolve(const QJsonValue &document) const;

    const QString &text() const { return m_text; }
    // The reference tokens, unescaped ("/a~1b/c" is "a/b", "c").
    const QStringList &tokens() const { return m_tokens; }

private:
    QString m_text;
    QStringList m_tokens;
};

} // namespace sluice
