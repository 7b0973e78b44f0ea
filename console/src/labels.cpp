#include "labels.h"

#include <QCoreApplication>
#include <QLocale>

using namespace Qt::Literals::StringLiterals;

namespace sluice::console {

QString stateLabel(const QString &state)
{
    static const struct {
        QString name;
        const char *text;
    } labels[] = {
        {u"pending"_s, QT_TRANSLATE_NOOP("Labels", "waiting")},
        {u"sending"_s, QT_TRANSLATE_NOOP("Labels", "sending")},
        {u"delivered"_s, QT_TRANSLATE_NOOP("Labels", "delivered")},
        {u"dead"_s, QT_TRANSLATE_NOOP("Labels", "dead letter")},
        {u"superseded"_s, QT_TRANSLATE_NOOP("Labels", "superseded")},
        {u"discarded"_s, QT_TRANSLATE_NOOP("Labels", "discarded")},
        {u"active"_s, QT_TRANSLATE_NOOP("Labels", "active")},
        {u"disabled"_s, QT_TRANSLATE_NOOP("Labels", "disabled")},
        {u"draft"_s, QT_TRANSLATE_NOOP("Labels", "draft")},
        {u"deprecated"_s, QT_TRANSLATE_NOOP("Labels", "deprecated")},
        {u"off"_s, QT_TRANSLATE_NOOP("Labels", "off")},
        {u"warn"_s, QT_TRANSLATE_NOOP("Labels", "warn")},
        {u"enforce"_s, QT_TRANSLATE_NOOP("Labels", "enforce")},
    };
    for (const auto &label : labels) {
        if (label.name == state)
            return QCoreApplication::translate("Labels", label.text);
    }
    return state;
}

QString localized(const LocalizedText &text)
{
    const bool dutch = QLocale().language() == QLocale::Dutch;
    const QString &first = dutch ? text.nl : text.en;
    return first.isEmpty() ? (dutch ? text.en : text.nl) : first;
}

} // namespace sluice::console
