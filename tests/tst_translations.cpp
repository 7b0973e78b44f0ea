// The console's translations are complete and current: lupdate over the sources changes neither
// .ts file (a new or changed text was not carried into them), no Dutch entry is unfinished or
// empty, plurals have their forms, and the Dutch .qm built into the program translates.
#include "deliverystatus.h"
#include "errorreason.h"
#include "quarantinereason.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>
#include <QXmlStreamReader>

using namespace Qt::Literals::StringLiterals;

class TestTranslations : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void lupdateChangesNothing();
    void dutchIsFinished();
    void dutchIsBuilt();
    void everyReasonIsDutch_data();
    void everyReasonIsDutch();
};

namespace {

const QString kTranslations = QStringLiteral(SLUICE_SOURCE_DIR "/translations/");

struct Entry {
    QString context;
    QString source;
    QString type;      // "unfinished", "vanished", … or empty when finished
    QStringList forms; // the translation, or its numerus forms
    bool numerus = false;
};

QList<Entry> readTs(const QString &path)
{
    QList<Entry> entries;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return entries;
    QXmlStreamReader xml(&file);
    QString context;
    Entry entry;
    while (!xml.atEnd()) {
        xml.readNext();
        if (!xml.isStartElement())
            continue;
        const auto name = xml.name();
        if (name == u"name"_s)
            context = xml.readElementText();
        else if (name == u"message"_s)
            entry = {context, {}, {}, {}, xml.attributes().value(u"numerus"_s) == u"yes"_s};
        else if (name == u"source"_s)
            entry.source = xml.readElementText();
        else if (name == u"translation"_s) {
            entry.type = xml.attributes().value(u"type"_s).toString();
            if (!entry.numerus)
                entry.forms.append(xml.readElementText());
            else {
                while (xml.readNextStartElement())
                    entry.forms.append(xml.readElementText());
            }
            entries.append(entry);
        }
    }
    return entries;
}

} // namespace

void TestTranslations::lupdateChangesNothing()
{
    QTemporaryDir dir;
    QStringList files;
    for (const QString &language : {u"en"_s, u"nl"_s}) {
        const QString copy = dir.filePath(u"sluice_%1.ts"_s.arg(language));
        QVERIFY(QFile::copy(kTranslations + u"sluice_%1.ts"_s.arg(language), copy));
        files.append(copy);
    }
    QProcess lupdate;
    lupdate.setProcessChannelMode(QProcess::MergedChannels);
    lupdate.start(QStringLiteral(SLUICE_LUPDATE),
                  QStringList{u"-no-obsolete"_s, u"-locations"_s, u"none"_s,
                              QStringLiteral(SLUICE_SOURCE_DIR "/console/src"),
                              QStringLiteral(SLUICE_SOURCE_DIR "/console/widgets"),
                              QStringLiteral(SLUICE_SOURCE_DIR "/shared/deliverystatus.cpp"),
                              QStringLiteral(SLUICE_SOURCE_DIR "/shared/errorreason.cpp"),
                              QStringLiteral(SLUICE_SOURCE_DIR "/shared/quarantinereason.cpp"),
                              QStringLiteral(SLUICE_SOURCE_DIR "/shared/jsonscan.cpp"), u"-ts"_s} +
                      files);
    QVERIFY(lupdate.waitForFinished(60000));
    QVERIFY2(lupdate.exitCode() == 0, lupdate.readAll().constData());
    for (const QString &copy : std::as_const(files)) {
        QFile updated(copy);
        QFile committed(kTranslations + QFileInfo(copy).fileName());
        QVERIFY(updated.open(QIODevice::ReadOnly) && committed.open(QIODevice::ReadOnly));
        QVERIFY2(updated.readAll() == committed.readAll(),
                 qPrintable(u"lupdate changes translations/%1: run cmake --build build --target update_translations "
                            u"and translate what is new"_s.arg(QFileInfo(copy).fileName())));
    }
}

void TestTranslations::dutchIsFinished()
{
    const QList<Entry> dutch = readTs(kTranslations + u"sluice_nl.ts"_s);
    QVERIFY(dutch.size() > 300);
    QStringList problems;
    for (const Entry &entry : dutch) {
        const bool empty = entry.forms.isEmpty() || std::any_of(entry.forms.begin(), entry.forms.end(),
                                                                [](const QString &f) { return f.isEmpty(); });
        if (!entry.type.isEmpty() || empty || (entry.numerus && entry.forms.size() != 2))
            problems.append(
                u"%1: \"%2\" (%3)"_s.arg(entry.context, entry.source, entry.type.isEmpty() ? u"empty"_s : entry.type));
    }
    QVERIFY2(problems.isEmpty(), qPrintable(u"unfinished Dutch entries:\n"_s + problems.join(u'\n')));
    // English needs only its plurals; the source texts are English.
    for (const Entry &entry : readTs(kTranslations + u"sluice_en.ts"_s)) {
        if (entry.numerus)
            QVERIFY2(entry.type.isEmpty() && entry.forms.size() == 2, qPrintable(entry.source));
    }
}

void TestTranslations::dutchIsBuilt()
{
    QTranslator dutch;
    QVERIFY(dutch.load(QStringLiteral(SLUICE_QM_DIR "/sluice_nl.qm")));
    QCOMPARE(dutch.translate("sluice::console::MainWindow", "&View"), u"&Beeld"_s);
    QCOMPARE(dutch.translate("sluice::console::FailuresView", "%n delivery(s) discarded.", nullptr, 3),
             u"%n leveringen verworpen."_s);
}

// The agent says why a delivery stands where it does, why it refused a request and why it
// quarantined a message, as a code (shared/deliverystatus.h, errorreason.h, quarantinereason.h;
// the JSON scanner's phrases are translated in the quarantine's context); the console says it in the reader's language.
// A code without Dutch would show English in a Dutch console.
void TestTranslations::everyReasonIsDutch_data()
{
    QTest::addColumn<QStringList>("reasons");
    QTest::addColumn<QString>("context");
    QTest::newRow("delivery statuses") << sluice::DeliveryStatus::reasons() << u"sluice::DeliveryStatus"_s;
    QTest::newRow("agent errors") << sluice::ErrorReason::reasons() << u"sluice::ErrorReason"_s;
    QTest::newRow("quarantine reasons") << sluice::QuarantineReason::reasons() << u"sluice::QuarantineReason"_s;
}

namespace {

const char *patternOf(const QString &context, const QString &reason)
{
    if (context == u"sluice::DeliveryStatus"_s)
        return sluice::DeliveryStatus::pattern(reason);
    if (context == u"sluice::QuarantineReason"_s)
        return sluice::QuarantineReason::pattern(reason);
    return sluice::ErrorReason::pattern(reason);
}

} // namespace

void TestTranslations::everyReasonIsDutch()
{
    QFETCH(QStringList, reasons);
    QFETCH(QString, context);
    QTranslator dutch;
    QVERIFY(dutch.load(QStringLiteral(SLUICE_QM_DIR "/sluice_nl.qm")));
    QVERIFY(reasons.size() >= 20);
    QStringList missing;
    for (const QString &reason : reasons) {
        const char *pattern = patternOf(context, reason);
        const QString translated = pattern ? dutch.translate(qPrintable(context), pattern) : QString();
        if (translated.isEmpty() || translated == QString::fromUtf8(pattern))
            missing.append(reason);
        // The same parameters in both languages.
        for (int n = 1; pattern && n <= 4; ++n) {
            const QString marker = u"%"_s + QString::number(n);
            if (QString::fromUtf8(pattern).contains(marker) != translated.contains(marker))
                missing.append(u"%1 (%2)"_s.arg(reason, marker));
        }
    }
    QVERIFY2(missing.isEmpty(), qPrintable(u"reasons without Dutch: "_s + missing.join(u", "_s)));
}

QTEST_GUILESS_MAIN(TestTranslations)
#include "tst_translations.moc"
