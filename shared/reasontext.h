#pragma once

// Sentences made from a stable code and its parameters, for the reasons the agent gives (a
// delivery's status, a refused request): the English pattern of each code is marked for
// translation, so every client can say the same reason in its own language.

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>

namespace sluice {

// How a reason is said: the English pattern translated into the reader's language (context is the
// pattern's translation context), and a time (RFC 3339) in the reader's form. The defaults leave
// English and RFC 3339.
struct ReasonStyle {
    std::function<QString(const char *context, const char *pattern)> translate;
    std::function<QString(const QString &rfc3339)> time;
};

// One code's English sentence: %1, %2 … take the parameters in the order listed; those in times
// are RFC 3339 times, those in phrases fixed English phrases marked for translation in the same
// context (a JSON scanner's complaint, say).
struct ReasonPattern {
    const QString &reason;
    const char *text;
    QStringList params;
    QStringList times;
    QStringList phrases = {};
};

// A catalogue of the patterns of one translation context.
class ReasonCatalogue {
public:
    ReasonCatalogue(const char *context, QList<ReasonPattern> patterns);

    // The sentence; a code this build does not know is returned as it is.
    QString text(const QString &reason, const QJsonObject &params, const ReasonStyle &style = {}) const;
    QStringList reasons() const;
    const char *pattern(const QString &reason) const; // null when unknown
    const char *context() const { return m_context; }

private:
    const char *m_context;
    QList<ReasonPattern> m_patterns;
};

// A reason as a stable code and its parameters, {reason, params} on the wire, said with the
// catalogue that Catalogue() returns (ErrorReason, QuarantineReason).
template<const ReasonCatalogue &(*Catalogue)()> struct CodedReason {
    QString reason; // a code of the catalogue; empty: none given
    QJsonObject params;

    bool isEmpty() const { return reason.isEmpty(); }
    // The English sentence, or in the reader's language.
    QString text(const ReasonStyle &style = {}) const { return Catalogue().text(reason, params, style); }
    QJsonObject toJson() const { return {{QStringLiteral("reason"), reason}, {QStringLiteral("params"), params}}; }
    static CodedReason fromJson(const QJsonObject &json)
    {
        return {json.value(QStringLiteral("reason")).toString(), json.value(QStringLiteral("params")).toObject()};
    }
    static QStringList reasons() { return Catalogue().reasons(); }
    static const char *pattern(const QString &code) { return Catalogue().pattern(code); }
    static const char *context() { return Catalogue().context(); }
};

} // namespace sluice
