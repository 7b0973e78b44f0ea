#include "reasontext.h"

#include <QJsonArray>
#include <QJsonValue>

using namespace Qt::Literals::StringLiterals;

namespace sluice {

namespace {

// %1 … %9 replaced in one pass, so a value that itself holds "%2" stays as it is.
QString fill(const QString &pattern, const QStringList &values)
{
    QString out;
    for (qsizetype i = 0; i < pattern.size(); ++i) {
        const int n = i + 1 < pattern.size() && pattern.at(i) == u'%' ? pattern.at(i + 1).digitValue() : -1;
        if (n >= 1 && n <= values.size()) {
            out += values.at(n - 1);
            ++i;
        } else
            out += pattern.at(i);
    }
    return out;
}

QString paramText(const QJsonValue &value)
{
    if (value.isDouble()) {
        const double number = value.toDouble();
        return number == double(qint64(number)) ? QString::number(qint64(number)) : QString::number(number);
    }
    if (value.isArray()) {
        QStringList items;
        for (const QJsonValue &item : value.toArray())
            items.append(paramText(item));
        return items.join(u", "_s);
    }
    return value.toString();
}

} // namespace

ReasonCatalogue::ReasonCatalogue(const char *context, QList<ReasonPattern> patterns)
    : m_context(context)
    , m_patterns(std::move(patterns))
{
}

QString ReasonCatalogue::text(const QString &reason, const QJsonObject &params, const ReasonStyle &style) const
{
    const auto p = std::find_if(m_patterns.begin(), m_patterns.end(),
                                [&](const ReasonPattern &candidate) { return candidate.reason == reason; });
    if (p == m_patterns.end())
        return reason;
    QStringList values;
    for (const QString &key : p->params) {
        const QString value = paramText(params.value(key));
        if (p->times.contains(key) && style.time)
            values.append(style.time(value));
        else if (p->phrases.contains(key) && style.translate)
            values.append(style.translate(m_context, value.toUtf8().constData()));
        else
            values.append(value);
    }
    return fill(style.translate ? style.translate(m_context, p->text) : QString::fromUtf8(p->text), values);
}

QStringList ReasonCatalogue::reasons() const
{
    QStringList codes;
    for (const ReasonPattern &p : m_patterns)
        codes.append(p.reason);
    return codes;
}

const char *ReasonCatalogue::pattern(const QString &reason) const
{
    for (const ReasonPattern &p : m_patterns) {
        if (p.reason == reason)
            return p.text;
    }
    return nullptr;
}

} // namespace sluice
