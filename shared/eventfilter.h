#pragma once

#include "cloudevent.h"

#include <QJsonValue>
#include <QStringList>

#include <memory>
#include <optional>

namespace sluice {

// The filter language's words, named once (the agent's parser, the console's condition builder).
namespace filterkey {
inline const QString Exact = QStringLiteral("exact");
inline const QString Prefix = QStringLiteral("prefix");
inline const QString Suffix = QStringLiteral("suffix");
inline const QString All = QStringLiteral("all");
inline const QString Any = QStringLiteral("any");
inline const QString Not = QStringLiteral("not");
inline const QString Sql = QStringLiteral("sql"); // named to be refused: not supported
inline const QString Data = QStringLiteral("data");
inline const QString Path = QStringLiteral("path");
inline const QString Equals = QStringLiteral("equals");
inline const QString In = QStringLiteral("in");
inline const QString Exists = QStringLiteral("exists");
inline const QString Gt = QStringLiteral("gt");
inline const QString Gte = QStringLiteral("gte");
inline const QString Lt = QStringLiteral("lt");
inline const QString Lte = QStringLiteral("lte");
} // namespace filterkey

// A filter expression in the dialects of the CloudEvents Subscriptions API
// ("exact", "prefix", "suffix", "all", "any", "not") plus Sluice's "data" dialect,
// which tests a value inside the event's JSON data through a JSON pointer:
//   {"data": {"path": "/status/new", "equals": "published"}}
//   {"data": {"path": "/status/new", "in": ["published", "archived"]}}
//   {"data": {"path": "/item/parent", "exists": true}}
//   {"data": {"path": "/item/version", "gte": 3}}        (also "gt", "lt", "lte")
class EventFilter {
public:
    struct Node;

    // An empty filter matches everything.
    EventFilter();
    ~EventFilter();
    EventFilter(const EventFilter &);
    EventFilter &operator=(const EventFilter &);

    static std::optional<EventFilter> parse(const QJsonValue &json, QString *error);

    bool matches(const CloudEvent &event) const;
    bool isEmpty() const { return !m_root; }
    QJsonValue toJson() const { return m_json; }

private:
    std::shared_ptr<const Node> m_root;
    QJsonValue m_json;
};

// Which event types a subscription selects: exact names and prefix wildcards
// ("be.digipolis.wcm.v4.content.*"); "*" alone selects every type.
class TypeSelector {
public:
    static std::optional<TypeSelector> parse(const QStringList &patterns, QString *error);

    bool matches(const QString &type) const;
    const QStringList &patterns() const { return m_patterns; }

private:
    QStringList m_patterns;
    QStringList m_exact;
    QStringList m_prefixes;
    bool m_all = false;
};

} // namespace sluice
