#pragma once

#include <QObject>
#include <QTranslator>

namespace sluice::console {

// The console's language: English or Dutch, following the system unless chosen, switched while
// running (widgets retranslate on QEvent::LanguageChange). Dates and numbers follow it too.
class Languages : public QObject {
    Q_OBJECT

public:
    explicit Languages(QObject *parent = nullptr);

    // "" follows the system; "en" or "nl" is a choice, remembered in the settings.
    void choose(const QString &code);
    QString chosen() const { return m_chosen; }
    QString current() const { return m_current; } // "en" or "nl"
    static QStringList available() { return {QStringLiteral("en"), QStringLiteral("nl")}; }
    static QString systemLanguage();

Q_SIGNALS:
    void changed(const QString &code);
    // The choice ("", "en" or "nl"), which may change while the language stays.
    void chosenChanged(const QString &chosen);

private:
    void apply(const QString &code);

    QTranslator m_ours;
    QTranslator m_qt;
    QString m_chosen;
    QString m_current;
};

} // namespace sluice::console
