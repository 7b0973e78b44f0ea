// The admin API's declared params: what checkParams takes and refuses, with the refusal's code and
// params, for every kind (agent/src/admin/paramspec.h).
#include "admin/paramspec.h"
#include "protocol.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace sluice;
using namespace sluice::agent;

class TestParamSpec : public QObject {
    Q_OBJECT

private:
    static QJsonObject json(const char *text) { return QJsonDocument::fromJson(text).object(); }

    // One of each kind, as a method might declare them.
    static ParamSpecs specs()
    {
        return {ParamSpec::string(u"name"_s).require(),
                ParamSpec::integer(u"limit"_s, 1, 1000),
                ParamSpec::boolean(u"dryRun"_s),
                ParamSpec::strings(u"types"_s),
                ParamSpec::strings(u"allowedTypes"_s).allowEmpty(),
                ParamSpec::integers(u"ids"_s, 1, 100),
                ParamSpec::time(u"from"_s),
                ParamSpec::object(u"schema"_s),
                ParamSpec::array(u"offsets"_s),
                ParamSpec::text(u"description"_s),
                ParamSpec::oneOf(u"format"_s, {u"asyncapi"_s, u"html"_s}),
                ParamSpec::filter(u"filter"_s),
                ParamSpec::any(u"example"_s)};
    }

private slots:
    void check_data()
    {
        QTest::addColumn<QByteArray>("params");
        QTest::addColumn<QString>("reason"); // empty: taken
        QTest::addColumn<QString>("param");

        QTest::newRow("only the required") << QByteArray(R"({"name": "a"})") << QString() << QString();
        QTest::newRow("every kind right")
            << QByteArray(R"({"name": "a", "limit": 1000, "dryRun": false, "types": ["a.b"], "allowedTypes": [],
                 "ids": [1, 100], "from": "2026-11-28T04:00:00Z", "schema": {}, "offsets": [],
                 "description": {"en": "E", "nl": "N"}, "format": "html", "filter": "anything", "example": null})")
            << QString() << QString();
        QTest::newRow("text as a plain string")
            << QByteArray(R"({"name": "a", "description": "E"})") << QString() << QString();
        QTest::newRow("time with an offset")
            << QByteArray(R"({"name": "a", "from": "2026-11-28T05:00:00.5+01:00"})") << QString() << QString();

        QTest::newRow("required missing") << QByteArray(R"({"limit": 5})") << refusal::Required << u"name"_s;
        QTest::newRow("string is a number") << QByteArray(R"({"name": 5})") << refusal::NotString << u"name"_s;
        QTest::newRow("null is not a string") << QByteArray(R"({"name": null})") << refusal::NotString << u"name"_s;
        QTest::newRow("integer below") << QByteArray(R"({"name": "a", "limit": 0})") << refusal::NotNumber
                                       << u"limit"_s;
        QTest::newRow("integer above") << QByteArray(R"({"name": "a", "limit": 1001})") << refusal::NotNumber
                                       << u"limit"_s;
        QTest::newRow("integer with a fraction")
            << QByteArray(R"({"name": "a", "limit": 2.5})") << refusal::NotNumber << u"limit"_s;
        QTest::newRow("integer as text") << QByteArray(R"({"name": "a", "limit": "5"})") << refusal::NotNumber
                                         << u"limit"_s;
        QTest::newRow("boolean as text") << QByteArray(R"({"name": "a", "dryRun": "true"})") << refusal::NotBoolean
                                         << u"dryRun"_s;
        QTest::newRow("strings empty") << QByteArray(R"({"name": "a", "types": []})") << refusal::NotStringList
                                       << u"types"_s;
        QTest::newRow("strings with a number")
            << QByteArray(R"({"name": "a", "types": ["a", 1]})") << refusal::NotStringList << u"types"_s;
        QTest::newRow("strings as one string")
            << QByteArray(R"({"name": "a", "allowedTypes": "a.b"})") << refusal::NotStringList << u"allowedTypes"_s;
        QTest::newRow("integers empty") << QByteArray(R"({"name": "a", "ids": []})") << refusal::NotNumberList
                                        << u"ids"_s;
        QTest::newRow("integers out of range")
            << QByteArray(R"({"name": "a", "ids": [1, 0]})") << refusal::NotNumberList << u"ids"_s;
        QTest::newRow("integers as text")
            << QByteArray(R"({"name": "a", "ids": ["1"]})") << refusal::NotNumberList << u"ids"_s;
        QTest::newRow("time without a zone")
            << QByteArray(R"({"name": "a", "from": "2026-11-28T04:00:00"})") << refusal::NotTime << u"from"_s;
        QTest::newRow("time as a date") << QByteArray(R"({"name": "a", "from": "28-11-2026"})") << refusal::NotTime
                                        << u"from"_s;
        QTest::newRow("time as a number")
            << QByteArray(R"({"name": "a", "from": 1764302400})") << refusal::NotTime << u"from"_s;
        QTest::newRow("object as an array")
            << QByteArray(R"({"name": "a", "schema": []})") << refusal::NotObject << u"schema"_s;
        QTest::newRow("array as an object")
            << QByteArray(R"({"name": "a", "offsets": {}})") << refusal::NotArray << u"offsets"_s;
        QTest::newRow("text with a number")
            << QByteArray(R"({"name": "a", "description": {"en": 1}})") << refusal::NotText << u"description"_s;
        QTest::newRow("text as a number")
            << QByteArray(R"({"name": "a", "description": 1})") << refusal::NotText << u"description"_s;
        QTest::newRow("not one of the choices")
            << QByteArray(R"({"name": "a", "format": "pdf"})") << refusal::NotOneOf << u"format"_s;
        QTest::newRow("misspelt") << QByteArray(R"({"name": "a", "limt": 5})") << refusal::UnknownParam << u"limt"_s;
        QTest::newRow("undeclared before missing")
            << QByteArray(R"({"nmae": "a"})") << refusal::UnknownParam << u"nmae"_s;
        QTest::newRow("then in the declared order")
            << QByteArray(R"({"limit": 0, "dryRun": 1})") << refusal::Required << u"name"_s;
    }

    void check()
    {
        QFETCH(QByteArray, params);
        QFETCH(QString, reason);
        QFETCH(QString, param);
        const QJsonObject object = QJsonDocument::fromJson(params).object();
        QVERIFY2(!object.isEmpty(), params.constData());
        const ErrorReason problem = checkParams(specs(), object);
        QCOMPARE(problem.reason, reason);
        if (!reason.isEmpty()) {
            QCOMPARE(problem.params.value(refusalparam::Param).toString(), param);
            QVERIFY2(!problem.text().contains(u'%'), qPrintable(problem.text())); // every placeholder filled
        }
    }

    // The refusal says what could have been meant.
    void unknownParamListsTheKnown()
    {
        const ErrorReason problem = checkParams({ParamSpec::string(u"id"_s)}, json(R"({"ids": ["a"]})"));
        QCOMPARE(problem.reason, refusal::UnknownParam);
        QCOMPARE(problem.params.value(refusalparam::Choices).toArray(), QJsonArray{u"id"_s});
        QCOMPARE(problem.text(), uR"(this method takes no param "ids"; it takes id)"_s);
        const ErrorReason none = checkParams({}, json(R"({"x": 1})"));
        QCOMPARE(none.reason, refusal::NoParams);
        QVERIFY(checkParams({}, {}).isEmpty());
    }

    void ranges()
    {
        const ErrorReason problem = checkParams({ParamSpec::integer(u"limit"_s, 1, 1000)}, json(R"({"limit": 0})"));
        QCOMPARE(problem.params.value(refusalparam::Min).toInteger(), 1);
        QCOMPARE(problem.params.value(refusalparam::Max).toInteger(), 1000);
        QCOMPARE(problem.text(), uR"("limit" must be a whole number from 1 to 1000)"_s);
    }

    // hello lists each param with only what applies to its kind.
    void listedForHello()
    {
        QCOMPARE(ParamSpec::integer(u"limit"_s, 1, 1000).require().toJson(),
                 json(R"({"name": "limit", "kind": "integer", "required": true, "min": 1, "max": 1000})"));
        QCOMPARE(ParamSpec::oneOf(u"format"_s, {u"html"_s}).toJson(),
                 json(R"({"name": "format", "kind": "string", "required": false, "choices": ["html"]})"));
        QCOMPARE(ParamSpec::strings(u"types"_s).allowEmpty().toJson(),
                 json(R"({"name": "types", "kind": "strings", "required": false, "emptyAllowed": true})"));
        QCOMPARE(ParamSpec::time(u"from"_s).toJson(), json(R"({"name": "from", "kind": "time", "required": false})"));
    }
};

QTEST_GUILESS_MAIN(TestParamSpec)
#include "tst_paramspec.moc"
