#include "register/schemapointer.h"

#include "registerentry.h"
#include "subscription.h"

#include <QJsonArray>
#include <QRegularExpression>

using namespace Qt::Literals::StringLiterals;

namespace sluice::agent {

namespace {

constexpr int kMaxDepth = 32; // $ref cycles end here

struct Walk {
    const QJsonObject &root;
    const QStringList &tokens;
    QString here(qsizetype at) const
    {
        QString path;
        for (qsizetype i = 0; i < at; ++i)
            path += u'/' + QString(tokens.at(i)).replace(u"~"_s, u"~0"_s).replace(u"/"_s, u"~1"_s);
        return path.isEmpty() ? u"the top"_s : path;
    }
};

QString refuses(const Walk &walk, const QJsonValue &node, qsizetype at, int depth);

QJsonValue resolveRef(const QJsonObject &root, const QString &ref)
{
    if (!ref.startsWith(u"#"))
        return QJsonValue(true); // a remote schema: not known here, so anything
    const auto pointer = JsonPointer::parse(ref.mid(1));
    return pointer ? pointer->resolve(root).value_or(QJsonValue(true)) : QJsonValue(true);
}

// One branch of allOf, anyOf or oneOf naming the member is enough: allOf often splits an object's
// members across its branches.
QString refusesCombined(const Walk &walk, const QJsonObject &schema, qsizetype at, int depth)
{
    for (const QString &key : {u"allOf"_s, u"anyOf"_s, u"oneOf"_s}) {
        const QJsonArray branches = schema.value(key).toArray();
        QString firstWhy;
        for (const QJsonValue &branch : branches) {
            const QString why = refuses(walk, branch, at, depth + 1);
            if (why.isEmpty())
                return QString();
            if (firstWhy.isEmpty())
                firstWhy = why;
        }
        if (!firstWhy.isEmpty())
            return firstWhy;
    }
    return QString();
}

QString refusesMember(const Walk &walk, const QJsonObject &schema, qsizetype at, int depth)
{
    const QString &token = walk.tokens.at(at);
    const QJsonValue type = schema.value(u"type"_s);
    QStringList types;
    for (const QJsonValue &t : type.isArray() ? type.toArray() : QJsonArray{type}) {
        if (t.isString())
            types.append(t.toString());
    }
    if (!types.isEmpty() && !types.contains(u"object"_s) && !types.contains(u"array"_s))
        return u"%1 is %2 in the schema, which has no members"_s.arg(walk.here(at), types.join(u" or "_s));
    const QJsonObject properties = schema.value(u"properties"_s).toObject();
    if (properties.contains(token))
        return refuses(walk, properties.value(token), at + 1, depth + 1);
    const QJsonObject patterns = schema.value(u"patternProperties"_s).toObject();
    for (auto it = patterns.constBegin(); it != patterns.constEnd(); ++it) {
        if (QRegularExpression(it.key()).match(token).hasMatch())
            return refuses(walk, it.value(), at + 1, depth + 1);
    }
    bool index = false;
    token.toUInt(&index);
    if (index && schema.contains(u"items"_s) && schema.value(u"items"_s).isObject())
        return refuses(walk, schema.value(u"items"_s), at + 1, depth + 1);
    // A member the schema does not name, where it names others, is taken for a mistake (a typo
    // would otherwise project nothing, silently) unless additionalProperties says more may come.
    const QJsonValue additional = schema.value(u"additionalProperties"_s);
    if (additional.isObject())
        return refuses(walk, additional, at + 1, depth + 1);
    if (additional == QJsonValue(true) || (properties.isEmpty() && additional.isUndefined()))
        return QString();
    return u"%1: the schema names only %2 at %3"_s.arg(
        walk.here(at + 1), properties.isEmpty() ? u"nothing"_s : properties.keys().join(u", "_s), walk.here(at));
}

QString refuses(const Walk &walk, const QJsonValue &node, qsizetype at, int depth)
{
    if (depth > kMaxDepth)
        return QString();
    if (node.isBool())
        return node.toBool() ? QString() : u"%1: the schema allows nothing there"_s.arg(walk.here(at));
    const QJsonObject schema = node.toObject();
    if (schema.contains(u"$ref"_s)) {
        if (QString why = refuses(walk, resolveRef(walk.root, schema.value(u"$ref"_s).toString()), at, depth + 1);
            !why.isEmpty())
            return why;
    }
    if (at == walk.tokens.size())
        return QString();
    const bool combined = schema.contains(u"allOf"_s) || schema.contains(u"anyOf"_s) || schema.contains(u"oneOf"_s);
    const QString combinedWhy = combined ? refusesCombined(walk, schema, at, depth) : QString();
    if (combined && combinedWhy.isEmpty())
        return QString(); // a branch names it
    // The schema's own members decide when it has any; else its branches do.
    const bool ownMembers = schema.contains(u"properties"_s) || schema.contains(u"additionalProperties"_s) ||
                            schema.contains(u"patternProperties"_s) || schema.contains(u"items"_s) ||
                            schema.contains(u"type"_s);
    return combined && !ownMembers ? combinedWhy : refusesMember(walk, schema, at, depth);
}

} // namespace

QString schemaRefusesPointer(const QJsonObject &schema, const JsonPointer &pointer)
{
    if (schema.isEmpty())
        return QString();
    const Walk walk{schema, pointer.tokens()};
    return refuses(walk, schema, 0, 0);
}

QString projectionRefusal(const Subscription &subscription, const QList<RegisterEntry> &entries)
{
    QStringList refused;
    for (const OutgoingShape::Member &member : subscription.outgoing.projection) {
        QStringList whyNot;
        bool matches = false;
        for (const RegisterEntry &entry : entries) {
            if (!entry.exposed || entry.schema.isEmpty() || !subscription.types.matches(entry.type))
                continue;
            const QString why = schemaRefusesPointer(entry.schema, member.from);
            matches = matches || why.isEmpty();
            if (!why.isEmpty())
                whyNot.append(u"%1 (%2)"_s.arg(entry.type, why));
        }
        if (!matches && !whyNot.isEmpty())
            refused.append(u"%1 cannot match the schema of %2"_s.arg(member.from.text(), whyNot.join(u"; "_s)));
    }
    if (refused.isEmpty())
        return QString();
    return u"outgoing.projection: "_s + refused.join(u"; "_s);
}

} // namespace sluice::agent
