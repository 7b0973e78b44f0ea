// The agent's JSON Schema validator (valijson, through JsonSchema) against the official
// JSON-Schema-Test-Suite (Debian's json-schema-test-suite): prints the pass rate per draft and
// fails when draft 7, the dialect the register uses, falls below what docs/register.md states.
#include "register/jsonschema.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <QUrl>

using namespace Qt::Literals::StringLiterals;
using namespace sluice::agent;

namespace {

const QString kSuite = u"/usr/share/json-schema-test-suite"_s;

// docs/register.md: 408 of the 423 cases of the draft 7 suite (without optional) pass, 96.5 %;
// any drop is a regression.
constexpr double kDraft7Floor = 408.0 / 423.0;

struct Tally {
    int passed = 0;
    int total = 0;
    QStringList failures;

    double rate() const { return total ? double(passed) / total : 0; }
};

QJsonValue readJson(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return QJsonValue();
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll());
    return document.isArray() ? QJsonValue(document.array()) : QJsonValue(document.object());
}

// The suite's remote references point at a server on localhost:1234 that serves remotes/.
std::optional<QJsonValue> fetchRemote(const QString &uri)
{
    const QUrl url(uri);
    if (url.host() != u"localhost" || url.port() != 1234)
        return std::nullopt;
    const QJsonValue document = readJson(kSuite + u"/remotes"_s + url.path());
    if (document.isNull() || document.isUndefined())
        return std::nullopt;
    return document;
}

// The suite's draft 4 schemas do not name their dialect; the agent reads draft 7 unless "$schema" says otherwise.
void runFile(const QString &path, Tally &tally, const QString &dialect)
{
    const QString name = QFileInfo(path).fileName();
    for (const QJsonValue &groupValue : readJson(path).toArray()) {
        const QJsonObject group = groupValue.toObject();
        const QJsonArray tests = group.value(u"tests"_s).toArray();
        QString error;
        QJsonValue schemaJson = group.value(u"schema"_s);
        if (schemaJson.isObject() && !dialect.isEmpty() && !schemaJson.toObject().contains(u"$schema"_s)) {
            QJsonObject object = schemaJson.toObject();
            object.insert(u"$schema"_s, dialect);
            schemaJson = object;
        }
        const auto schema = JsonSchema::compile(schemaJson, &error, fetchRemote);
        for (const QJsonValue &testValue : tests) {
            const QJsonObject test = testValue.toObject();
            ++tally.total;
            const bool expected = test.value(u"valid"_s).toBool();
            const bool valid = schema && schema->accepts(test.value(u"data"_s));
            if (schema && valid == expected) {
                ++tally.passed;
                continue;
            }
            tally.failures.append(u"%1: %2 / %3%4"_s.arg(name, group.value(u"description"_s).toString(),
                                                         test.value(u"description"_s).toString(),
                                                         schema ? QString() : u" (schema refused: %1)"_s.arg(error)));
        }
    }
}

Tally runDirectory(const QString &directory, bool recursive, const QString &dialect = QString())
{
    Tally tally;
    QDir dir(directory);
    for (const QString &file : dir.entryList({u"*.json"_s}, QDir::Files, QDir::Name))
        runFile(dir.filePath(file), tally, dialect);
    if (recursive) {
        for (const QString &sub : dir.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name)) {
            const Tally inner = runDirectory(dir.filePath(sub), true, dialect);
            tally.passed += inner.passed;
            tally.total += inner.total;
            tally.failures += inner.failures;
        }
    }
    return tally;
}

void report(const char *label, const Tally &tally)
{
    qInfo("%s: %d of %d pass (%.1f %%)", label, tally.passed, tally.total, 100.0 * tally.rate());
    for (const QString &failure : tally.failures)
        qInfo("  fails: %s", qPrintable(failure));
}

} // namespace

class TestSchemaSuite : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void draft7();
    void draft4();
    void optional();
};

void TestSchemaSuite::draft7()
{
    if (!QFileInfo::exists(kSuite + u"/tests/draft7"_s))
        QFAIL("the JSON-Schema-Test-Suite is missing: apt-get install json-schema-test-suite (scripts/test.sh does)");
    const Tally tally = runDirectory(kSuite + u"/tests/draft7"_s, false);
    report("draft 7", tally);
    QVERIFY(tally.total >= 423);
    QVERIFY2(tally.rate() >= kDraft7Floor,
             qPrintable(u"%1 % passes, below the %2 % docs/register.md states"_s.arg(100 * tally.rate(), 0, 'f', 1)
                            .arg(100 * kDraft7Floor, 0, 'f', 1)));
}

void TestSchemaSuite::draft4()
{
    const Tally tally = runDirectory(kSuite + u"/tests/draft4"_s, false, u"http://json-schema.org/draft-04/schema#"_s);
    report("draft 4", tally);
    QVERIFY(tally.total > 300);
}

void TestSchemaSuite::optional()
{
    // Formats, big numbers, ECMAScript regular expressions: measured and reported, not required.
    const Tally tally = runDirectory(kSuite + u"/tests/draft7/optional"_s, true);
    report("draft 7 optional", tally);
    QVERIFY(tally.total > 0);
}

QTEST_GUILESS_MAIN(TestSchemaSuite)
#include "tst_schemasuite.moc"
