#include "eventfilter.h"

#include "edgecheck.h"
#include "jsonpointer.h"

#include <QJsonArray>
#include <QJsonObject>

#include <variant>
#include <vector>

using namespace Qt::Literals::StringLiterals;

namespace sluice {

namespace {

enum class StringOp { Exact, Prefix, Suffix };
enum class DataOp { Equals, In, Exists, Gt, Gte, Lt, Lte };

struct StringTest {
    StringOp op;
    QString attribute;
    QString value;
};

struct DataTest {
    JsonPointer path;
    DataOp op;
    QJsonValue operand;
};

} // namespace

struct EventFilter::Node {
    enum class Kind { String, Data, All, Any, Not };
    Kind kind;
    StringTest string;
    std::optional<DataTest> data;
    std::vector<Node> children;

    bool matches(const CloudEvent &event) const;
};

namespace {

bool evaluateString(const StringTest &test, const CloudEvent &event)
{
    const std::optional<QString> actual = event.attribute(test.attribute);
    if (!actual)
        return false;
    switch (test.op) {
    case StringOp::Exact: return *actual == test.value;
    case StringOp::Prefix: return actual->startsWith(test.value);
    case StringOp::Suffix: return actual->endsWith(test.value);
    }
    return false;
}

bool evaluateData(const DataTest &test, const CloudEvent &event)
{
    if (event.dataKind() != CloudEvent::DataKind::Json)
        return test.op == DataOp::Exists && !test.operand.toBool();
    const std::optional<QJsonValue> actual = test.path.resolve(event.jsonData());
    switch (test.op) {
    case DataOp::Exists: return actual.has_value() == test.operand.toBool();
    case DataOp::Equals: return actual && *actual == test.operand;
    case DataOp::In: {
        if (!actual)
            return false;
        const QJsonArray options = test.operand.toArray();
        return std::any_of(options.begin(), options.end(), [&](const QJsonValue &v) { return v == *actual; });
    }
    case DataOp::Gt:
    case DataOp::Gte:
    case DataOp::Lt:
    case DataOp::Lte: {
        // Only numbers compare; a string "5" is not 5, so a filter never matches by accident.
        if (!actual || !actual->isDouble())
            return false;
        const double a = actual->toDouble();
        const double b = test.operand.toDouble();
        if (test.op == DataOp::Gt)
            return a > b;
        if (test.op == DataOp::Gte)
            return a >= b;
        if (test.op == DataOp::Lt)
            return a < b;
        return a <= b;
    }
    }
    return false;
}

std::optional<EventFilter::Node> parseNode(const QJsonValue &json, const QString &where, QString *error, int depth = 1);

bool fail(QString *error, const QString &message)
{
    if (error)
        *error = message;
    return false;
}

// exact, prefix and suffix: one or more attributes, each with a non-empty value, all of which must
// match (the Subscriptions API's dialects).
std::optional<EventFilter::Node> parseStringTest(StringOp op, const QString &dialect, const QJsonValue &body,
                                                 const QString &where, QString *error)
{
    const QJsonObject object = body.toObject();
    if (!body.isObject() || object.isEmpty()) {
        fail(error,
             u"%1: \"%2\" takes an object of attributes and values, for example {\"%2\": {\"type\": \"...\"}}"_s.arg(
                 where, dialect));
        return std::nullopt;
    }
    std::vector<EventFilter::Node> tests;
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        const QString &attribute = it.key();
        if (!CloudEvent::isValidAttributeName(attribute)) {
            fail(error, u"%1: \"%2\" is not a CloudEvents attribute name (use lower-case a-z and 0-9)"_s.arg(
                            where, attribute));
            return std::nullopt;
        }
        if (!it.value().isString() || it.value().toString().isEmpty()) {
            fail(error, u"%1: the value for \"%2\" must be a non-empty string"_s.arg(where, attribute));
            return std::nullopt;
        }
        tests.push_back({EventFilter::Node::Kind::String, {op, attribute, it.value().toString()}, std::nullopt, {}});
    }
    if (tests.size() == 1)
        return std::move(tests.front());
    return EventFilter::Node{EventFilter::Node::Kind::All, {}, std::nullopt, std::move(tests)};
}

std::optional<EventFilter::Node> parseDataTest(const QJsonValue &body, const QString &where, QString *error)
{
    const QJsonObject object = body.toObject();
    const QString path = object.value(filterkey::Path).toString();
    QString pointerError;
    const std::optional<JsonPointer> pointer = JsonPointer::parse(path, &pointerError);
    if (!body.isObject() || !object.value(filterkey::Path).isString() || !pointer) {
        fail(error, u"%1: \"data\" needs a \"path\" that is a JSON pointer such as \"/status/new\"%2"_s.arg(
                        where, pointerError.isEmpty() ? QString() : u" (%1)"_s.arg(pointerError)));
        return std::nullopt;
    }
    static const QList<std::pair<QString, DataOp>> ops = {
        {filterkey::Equals, DataOp::Equals}, {filterkey::In, DataOp::In},   {filterkey::Exists, DataOp::Exists},
        {filterkey::Gt, DataOp::Gt},         {filterkey::Gte, DataOp::Gte}, {filterkey::Lt, DataOp::Lt},
        {filterkey::Lte, DataOp::Lte},
    };
    std::optional<DataTest> test;
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        if (it.key() == u"path")
            continue;
        const auto op = std::find_if(ops.begin(), ops.end(), [&](const auto &p) { return p.first == it.key(); });
        if (op == ops.end()) {
            fail(error, u"%1: unknown data test \"%2\"; use one of equals, in, exists, gt, gte, lt, lte"_s.arg(
                            where, it.key()));
            return std::nullopt;
        }
        if (test) {
            fail(error, u"%1: a \"data\" filter takes one test; combine several with \"all\""_s.arg(where));
            return std::nullopt;
        }
        const QJsonValue operand = it.value();
        const bool numeric = op->second == DataOp::Gt || op->second == DataOp::Gte || op->second == DataOp::Lt ||
                             op->second == DataOp::Lte;
        if (numeric && !operand.isDouble()) {
            fail(error, u"%1: \"%2\" compares numbers; give a number"_s.arg(where, it.key()));
            return std::nullopt;
        }
        if (op->second == DataOp::In && !operand.isArray()) {
            fail(error, u"%1: \"in\" takes an array of allowed values"_s.arg(where));
            return std::nullopt;
        }
        if (op->second == DataOp::Exists && !operand.isBool()) {
            fail(error, u"%1: \"exists\" takes true or false"_s.arg(where));
            return std::nullopt;
        }
        test = DataTest{*pointer, op->second, operand};
    }
    if (!test) {
        fail(error, u"%1: \"data\" needs a test: equals, in, exists, gt, gte, lt or lte"_s.arg(where));
        return std::nullopt;
    }
    EventFilter::Node node{EventFilter::Node::Kind::Data, {}, test, {}};
    return node;
}

std::optional<EventFilter::Node> parseNode(const QJsonValue &json, const QString &where, QString *error, int depth)
{
    if (depth > edge::kMaxFilterDepth) {
        fail(error, u"%1: filters nest at most %2 levels deep"_s.arg(where).arg(edge::kMaxFilterDepth));
        return std::nullopt;
    }
    const QJsonObject object = json.toObject();
    if (!json.isObject() || object.size() != 1) {
        fail(error,
             u"%1: a filter is an object with exactly one dialect (exact, prefix, suffix, all, any, not, data)"_s.arg(
                 where));
        return std::nullopt;
    }
    const QString dialect = object.constBegin().key();
    const QJsonValue body = object.constBegin().value();
    const QString here = where + u'.' + dialect;
    if (dialect == filterkey::Exact)
        return parseStringTest(StringOp::Exact, dialect, body, here, error);
    if (dialect == filterkey::Prefix)
        return parseStringTest(StringOp::Prefix, dialect, body, here, error);
    if (dialect == filterkey::Suffix)
        return parseStringTest(StringOp::Suffix, dialect, body, here, error);
    if (dialect == filterkey::Data)
        return parseDataTest(body, here, error);
    if (dialect == filterkey::Not) {
        std::optional<EventFilter::Node> child = parseNode(body, here, error, depth + 1);
        if (!child)
            return std::nullopt;
        return EventFilter::Node{EventFilter::Node::Kind::Not, {}, std::nullopt, {std::move(*child)}};
    }
    if (dialect == filterkey::All || dialect == filterkey::Any) {
        const QJsonArray array = body.toArray();
        if (!body.isArray() || array.isEmpty()) {
            fail(error, u"%1: \"%2\" takes a non-empty array of filters"_s.arg(here, dialect));
            return std::nullopt;
        }
        EventFilter::Node node{dialect == filterkey::All ? EventFilter::Node::Kind::All : EventFilter::Node::Kind::Any,
                               {},
                               std::nullopt,
                               {}};
        for (qsizetype i = 0; i < array.size(); ++i) {
            std::optional<EventFilter::Node> child =
                parseNode(array.at(i), u"%1[%2]"_s.arg(here).arg(i), error, depth + 1);
            if (!child)
                return std::nullopt;
            node.children.push_back(std::move(*child));
        }
        return node;
    }
    if (dialect == filterkey::Sql) {
        fail(
            error,
            u"%1: the CloudEvents SQL dialect is not supported; use exact, prefix, suffix, all, any, not or data"_s.arg(
                where));
        return std::nullopt;
    }
    fail(error,
         u"%1: unknown filter dialect \"%2\"; use exact, prefix, suffix, all, any, not or data"_s.arg(where, dialect));
    return std::nullopt;
}

} // namespace

bool EventFilter::Node::matches(const CloudEvent &event) const
{
    switch (kind) {
    case Kind::String: return evaluateString(string, event);
    case Kind::Data: return evaluateData(*data, event);
    case Kind::All:
        return std::all_of(children.begin(), children.end(), [&](const Node &n) { return n.matches(event); });
    case Kind::Any:
        return std::any_of(children.begin(), children.end(), [&](const Node &n) { return n.matches(event); });
    case Kind::Not: return !children.front().matches(event);
    }
    return false;
}

EventFilter::EventFilter() = default;
EventFilter::~EventFilter() = default;
EventFilter::EventFilter(const EventFilter &) = default;
EventFilter &EventFilter::operator=(const EventFilter &) = default;

std::optional<EventFilter> EventFilter::parse(const QJsonValue &json, QString *error)
{
    EventFilter filter;
    if (json.isUndefined() || json.isNull())
        return filter;
    std::optional<Node> root = parseNode(json, u"filter"_s, error);
    if (!root)
        return std::nullopt;
    filter.m_root = std::make_shared<const Node>(std::move(*root));
    filter.m_json = json;
    return filter;
}

bool EventFilter::matches(const CloudEvent &event) const
{
    return !m_root || m_root->matches(event);
}

std::optional<TypeSelector> TypeSelector::parse(const QStringList &patterns, QString *error)
{
    TypeSelector selector;
    selector.m_patterns = patterns;
    for (const QString &pattern : patterns) {
        const qsizetype star = pattern.indexOf(u'*');
        if (pattern == u"*") {
            selector.m_all = true;
        } else if (pattern.isEmpty()) {
            fail(error, u"types: an empty type name selects nothing; remove it"_s);
            return std::nullopt;
        } else if (const QString why = edge::textRefusal(pattern, u"types: \"%1\""_s.arg(edge::escapeForLog(pattern)));
                   !why.isEmpty()) {
            fail(error, why);
            return std::nullopt;
        } else if (star == -1) {
            selector.m_exact.append(pattern);
        } else if (star == pattern.size() - 1) {
            selector.m_prefixes.append(pattern.chopped(1));
        } else {
            fail(error, u"types: \"%1\" has a wildcard that is not at the end; write it as a prefix such as "
                        u"\"be.digipolis.wcm.v4.content.*\""_s.arg(pattern));
            return std::nullopt;
        }
    }
    return selector;
}

bool TypeSelector::matches(const QString &type) const
{
    if (m_all || m_exact.contains(type))
        return true;
    return std::any_of(m_prefixes.begin(), m_prefixes.end(), [&](const QString &p) { return type.startsWith(p); });
}

} // namespace sluice
