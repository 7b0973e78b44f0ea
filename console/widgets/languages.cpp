#include "languages.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QLoggingCategory>
#include <QSettings>

#include <utility>

using namespace Qt::Literals::StringLiterals;

Q_LOGGING_CATEGORY(lcLanguages, "sluice.console.languages")

namespace sluice::console {

Languages::Languages(QObject *parent)
    : QObject(parent)
{
    m_chosen = QSettings().value(u"language"_s).toString();
    if (!available().contains(m_chosen))
        m_chosen.clear();
    apply(m_chosen.isEmpty() ? systemLanguage() : m_chosen);
}

QString Languages::systemLanguage()
{
    return QLocale::system().language() == QLocale::Dutch ? u"nl"_s : u"en"_s;
}

void Languages::choose(const QString &code)
{
    const QString chosen = available().contains(code) ? code : QString();
    const bool changedChoice = std::exchange(m_chosen, chosen) != chosen;
    QSettings().setValue(u"language"_s, m_chosen);
    apply(m_chosen.isEmpty() ? systemLanguage() : m_chosen);
    if (changedChoice)
        Q_EMIT chosenChanged(m_chosen);
}

void Languages::apply(const QString &code)
{
    // The system's own locale when it speaks the language (nl_NL keeps its dates), else Belgian
    // Dutch or British English.
    const QLocale system = QLocale::system();
    const bool nl = code == u"nl"_s;
    QLocale locale = system;
    if (nl && system.language() != QLocale::Dutch)
        locale = QLocale(QLocale::Dutch, QLocale::Belgium);
    else if (!nl && system.language() != QLocale::English)
        locale = QLocale(QLocale::English, QLocale::UnitedKingdom);
    QLocale::setDefault(locale);

    QCoreApplication::removeTranslator(&m_ours);
    QCoreApplication::removeTranslator(&m_qt);
    // The English texts are the source texts; sluice_en.qm carries plural forms.
    if (m_ours.load(u":/i18n/sluice_%1.qm"_s.arg(code)))
        QCoreApplication::installTranslator(&m_ours);
    else
        qCWarning(lcLanguages, "no translation sluice_%s in the program's resources", qPrintable(code));
    // Qt's own dialog buttons and the like, when the system has Qt's translations.
    if (nl && m_qt.load(locale, u"qtbase"_s, u"_"_s, QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(&m_qt);
    const bool changedLanguage = m_current != code;
    m_current = code;
    if (changedLanguage)
        Q_EMIT changed(code);
}

} // namespace sluice::console
