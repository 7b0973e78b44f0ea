// The admin API's methods (docs/protocol.md). Transport, authentication and limits are in
// adminserver.cpp; here each method reads its params, does its work and returns its result.
#include "adminserver.h"
#include "adminserver_p.h"

#include "agent.h"
#include "ingest.h"
#include "protocol.h"
#include "register.h"
#include "registerexport.h"
#include "store.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QPointer>
#include <QUuid>
#include <QWebSocket>

using namespace Qt::Literals::StringLiterals;
using namespace sluice::protocol;

namespace sluice::agent {

namespace {

constexpr int kMaxPage = 1000;
constexpr int kJobChunk = 500; // deliveries retried per turn of the event loop
constexpr int kKeptJobs = 50;

// Reads named params, remembering the first problem as an InvalidParams message naming the key.
class Params {
public:
    Params(const QJsonObject &params, QString &problem)
        : m_params(params)
        , m_problem(problem)
    {
    }

    bool has(const QString &key) const { return m_params.contains(key); }

    QString string(const QString &key, bool required = false)
    {
        const QJsonValue v = m_params.value(key);
        if (v.isUndefined()) {
            if (required)
                problem(u"\"%1\" is required"_s.arg(key));
            return QString();
        }
        if (!v.isString())
            problem(u"\"%1\" must be a string"_s.arg(key));
        return v.toString();
    }

    int integer(const QString &key, int fallback, int min, int max)
    {
        const QJsonValue v = m_params.value(key);
        if (v.isUndefined())
            return fallback;
        if (!v.isDouble() || v.toDouble() != double(v.toInteger()) || v.toInteger() < min || v.toInteger() > max) {
            problem(u"\"%1\" must be a whole number from %2 to %3"_s.arg(key).arg(min).arg(max));
            return fallback;
        }
        return int(v.toInteger());
    }

    std::optional<bool> boolean(const QString &key)
    {
        const QJsonValue v = m_params.value(key);
        if (v.isUndefined())
            return std::nullopt;
        if (!v.isBool()) {
            problem(u"\"%1\" must be true or false"_s.arg(key));
            return std::nullopt;
        }
        return v.toBool();
    }

    QStringList strings(const QString &key, bool required = false)
    {
        const QJsonValue v = m_params.value(key);
        QStringList list;
        if (v.isUndefined() && !required)
            return list;
        if (!v.isArray() || v.toArray().isEmpty()) {
            problem(u"\"%1\" must be a non-empty array of strings"_s.arg(key));
            return list;
        }
        for (const QJsonValue &item : v.toArray()) {
            if (!item.isString())
                problem(u"\"%1\" must be a non-empty array of strings"_s.arg(key));
            list.append(item.toString());
        }
        return list;
    }

    qint64 time(const QString &key)
    {
        const QString text = string(key);
        if (text.isEmpty())
            return 0;
        const QDateTime t = QDateTime::fromString(text, Qt::ISODateWithMs);
        if (!t.isValid())
            problem(u"\"%1\" must be an RFC 3339 time such as 2026-11-23T09:30:00Z"_s.arg(key));
        return t.isValid() ? t.toMSecsSinceEpoch() : 0;
    }

    // The subscription filter language (docs/configuration.md); empty: everything.
    EventFilter filter(const QString &key)
    {
        if (!has(key))
            return EventFilter();
        QString why;
        auto parsed = EventFilter::parse(m_params.value(key), &why);
        if (!parsed)
            problem(key + u": "_s + why);
        return parsed.value_or(EventFilter());
    }

    std::optional<TypeSelector> types(const QString &key)
    {
        QString why;
        auto parsed = TypeSelector::parse(strings(key, true), &why);
        if (!parsed)
            problem(why);
        return parsed;
    }

    void problem(const QString &message)
    {
        if (m_problem.isEmpty())
            m_problem = message;
    }

private:
    const QJsonObject &m_params;
    QString &m_problem;
};

QJsonObject page(const QJsonArray &items, const QString &key, qint64 total, int offset)
{
    return {{u"total"_s, total}, {u"offset"_s, offset}, {key, items}};
}

// What the admin API shows of a subscription: its configuration without secrets, credentials or
// header values (an API key is a secret too).
QJsonObject subscriptionJson(const Subscription &sub)
{
    QJsonObject json = sub.toJson();
    QJsonObject headers = json.value(u"headers"_s).toObject();
    for (auto it = headers.begin(); it != headers.end(); ++it)
        it.value() = u"***"_s;
    if (!headers.isEmpty())
        json.insert(u"headers"_s, headers);
    return json;
}

} // namespace

AdminServer::Handler AdminServer::paged(const QString &key, std::function<QJsonArray(int, int, qint64 *)> list)
{
    return [key, list](Client &, const QJsonObject &params, Failure &f) -> QJsonValue {
        QString problem;
        Params p(params, problem);
        const int offset = p.integer(u"offset"_s, 0, 0, INT_MAX);
        const int limit = p.integer(u"limit"_s, 100, 1, kMaxPage);
        if (!problem.isEmpty()) {
            f = {error::InvalidParams, problem, {}};
            return {};
        }
        qint64 total = 0;
        const QJsonArray items = list(offset, limit, &total);
        return page(items, key, total, offset);
    };
}

void AdminServer::registerMethods()
{
    m_methods.insert(method::Hello, {false, [this](Client &client, const QJsonObject &, Failure &) -> QJsonValue {
                                         return QJsonObject{
                                             {u"agent"_s, u"sluice-agent"_s},
                                             {u"version"_s, QCoreApplication::applicationVersion()},
                                             {u"protocol"_s, kVersion},
                                             {u"capabilities"_s, QJsonArray::fromStringList(m_methods.keys())},
                                             {u"authentication"_s, u"bearer"_s},
                                             {u"authenticated"_s, client.token.has_value()},
                                         };
                                     }});
    m_methods.insert(method::Authenticate,
                     {false, [this](Client &client, const QJsonObject &params, Failure &failure) -> QJsonValue {
                          QString problem;
                          Params p(params, problem);
                          const QString token = p.string(u"token"_s, true);
                          if (!problem.isEmpty()) {
                              failure = {error::InvalidParams, problem, {}};
                              return {};
                          }
                          QString why;
                          if (!m_tokens.reloadIfChanged(&why))
                              qWarning("%s", qPrintable(why));
                          const auto found = m_tokens.authenticate(token);
                          if (!found) {
                              failure = {error::Unauthenticated,
                                         u"the token is not valid: copy it again with sluice-agent token show"_s,
                                         {}};
                              if (++client.failedLogins >= kMaxFailedLogins)
                                  client.socket->close(QWebSocketProtocol::CloseCodePolicyViolated,
                                                       u"too many wrong tokens"_s);
                              return {};
                          }
                          client.token = found;
                          return QJsonObject{{u"name"_s, found->name}, {u"role"_s, found->role}};
                      }});
    addRegisterMethods();
    addSubscriptionMethods();
    addDeliveryMethods();
    addObservationMethods();
}

void AdminServer::addRegisterMethods()
{
    m_methods.insert(method::RegisterList,
                     {false, [this](Client &, const QJsonObject &params, Failure &f) -> QJsonValue {
                          QString problem;
                          Params p(params, problem);
                          const QString search = p.string(u"search"_s).trimmed();
                          const QString status = p.string(u"status"_s);
                          const std::optional<bool> exposed = p.boolean(u"exposed"_s);
                          const int offset = p.integer(u"offset"_s, 0, 0, INT_MAX);
                          const int limit = p.integer(u"limit"_s, 100, 1, kMaxPage);
                          if (!status.isEmpty() && !registerStatusFromName(status))
                              p.problem(u"\"status\" must be draft, active or deprecated"_s);
                          if (!problem.isEmpty()) {
                              f = {error::InvalidParams, problem, {}};
                              return {};
                          }
                          QJsonArray matching;
                          for (const RegisterEntry &e : m_agent->eventRegister().entries()) {
                              if (!status.isEmpty() && registerStatusName(e.status) != status)
                                  continue;
                              if (exposed && e.exposed != *exposed)
                                  continue;
                              if (!search.isEmpty() && !(e.type.contains(search, Qt::CaseInsensitive) ||
                                                         e.name.en.contains(search, Qt::CaseInsensitive) ||
                                                         e.name.nl.contains(search, Qt::CaseInsensitive) ||
                                                         e.description.en.contains(search, Qt::CaseInsensitive) ||
                                                         e.description.nl.contains(search, Qt::CaseInsensitive) ||
                                                         e.module.contains(search, Qt::CaseInsensitive)))
                                  continue;
                              matching.append(e.toJson(false));
                          }
                          QJsonArray slice;
                          for (qsizetype i = offset; i < matching.size() && slice.size() < limit; ++i)
                              slice.append(matching.at(i));
                          return page(slice, u"entries"_s, matching.size(), offset);
                      }});

    m_methods.insert(method::RegisterGet,
                     {false, [this](Client &, const QJsonObject &params, Failure &f) -> QJsonValue {
                          QString problem;
                          const QString type = Params(params, problem).string(u"type"_s, true);
                          if (!problem.isEmpty()) {
                              f = {error::InvalidParams, problem, {}};
                              return {};
                          }
                          const auto entry = m_agent->eventRegister().entry(type);
                          if (!entry) {
                              f = {error::NotFound, u"%1 is not in the register"_s.arg(type), {}};
                              return {};
                          }
                          QJsonObject json = entry->toJson(true);
                          QJsonArray usedBy;
                          for (const Subscription &sub : m_agent->subscriptions()) {
                              if (sub.types.matches(type))
                                  usedBy.append(sub.name);
                          }
                          json.insert(u"subscriptions"_s, usedBy);
                          return json;
                      }});

    m_methods.insert(
        method::RegisterUpdate,
        {true, [this](Client &, const QJsonObject &params, Failure &f) -> QJsonValue {
             QString problem;
             Params p(params, problem);
             const QString type = p.string(u"type"_s, true);
             EventRegister::Change change;
             if (p.has(u"name"_s))
                 change.name = LocalizedText::fromJson(params.value(u"name"_s));
             if (p.has(u"description"_s))
                 change.description = LocalizedText::fromJson(params.value(u"description"_s));
             change.exposed = p.boolean(u"exposed"_s);
             if (p.has(u"validation"_s)) {
                 change.validation = validationPolicyFromName(p.string(u"validation"_s));
                 if (!change.validation)
                     p.problem(u"\"validation\" must be off, warn or enforce"_s);
             }
             if (p.has(u"status"_s)) {
                 change.status = registerStatusFromName(p.string(u"status"_s));
                 if (!change.status)
                     p.problem(u"\"status\" must be draft, active or deprecated"_s);
             }
             if (p.has(u"schema"_s)) {
                 if (!params.value(u"schema"_s).isObject())
                     p.problem(u"\"schema\" must be a JSON Schema object"_s);
                 change.schema = params.value(u"schema"_s).toObject();
             }
             if (p.has(u"example"_s))
                 change.example = params.value(u"example"_s);
             if (!problem.isEmpty()) {
                 f = {error::InvalidParams, problem, {}};
                 return {};
             }
             EventRegister &reg = m_agent->eventRegister();
             if (!reg.entry(type)) {
                 f = {error::NotFound, u"%1 is not in the register"_s.arg(type), {}};
                 return {};
             }
             if (change.exposed && !*change.exposed) {
                 // Unexposing a type a subscription names would stop it silently: say so instead.
                 QStringList users;
                 for (const Subscription &sub : m_agent->subscriptions()) {
                     if (sub.types.patterns().contains(type))
                         users.append(sub.name);
                 }
                 if (!users.isEmpty()) {
                     f = {
                         error::Conflict,
                         u"%1 is selected by name by %2; remove it from those subscriptions before you stop exposing it"_s
                             .arg(type, users.join(u", "_s)),
                         {}};
                     return {};
                 }
             }
             QString why;
             if (!reg.update(type, change, &why)) {
                 f = {error::Refused, why, {}};
                 return {};
             }
             return reg.entry(type)->toJson(true);
         }});

    m_methods.insert(
        method::RegisterExport,
        {false, [this](Client &, const QJsonObject &params, Failure &f) -> QJsonValue {
             QString problem;
             const QString format = Params(params, problem).string(u"format"_s, true);
             const CatalogueInfo info{u"Sluice event catalogue"_s, QCoreApplication::applicationVersion(), QString()};
             const QList<RegisterEntry> entries = m_agent->eventRegister().entries();
             if (problem.isEmpty() && format == u"asyncapi")
                 return QJsonObject{{u"format"_s, format}, {u"document"_s, asyncApiDocument(entries, info)}};
             if (problem.isEmpty() && format == u"markdown")
                 return QJsonObject{{u"format"_s, format}, {u"document"_s, markdownCatalogue(entries, info)}};
             if (problem.isEmpty() && format == u"html")
                 return QJsonObject{{u"format"_s, format}, {u"document"_s, htmlCatalogue(entries, info)}};
             f = {error::InvalidParams,
                  problem.isEmpty() ? u"\"format\" must be asyncapi, markdown or html"_s : problem,
                  {}};
             return {};
         }});

    m_methods.insert(
        method::RegisterRejections,
        {false, [this](Client &, const QJsonObject &, Failure &) -> QJsonValue {
             QJsonArray list;
             const auto rejections = m_agent->eventRegister().rejections();
             for (auto it = rejections.crbegin(); it != rejections.crend(); ++it) {
                 list.append(
                     QJsonObject{{u"at"_s, QDateTime::fromMSecsSinceEpoch(it->at, Qt::UTC).toString(Qt::ISODateWithMs)},
                                 {u"type"_s, it->type},
                                 {u"origin"_s, it->origin},
                                 {u"reason"_s, it->reason}});
             }
             return QJsonObject{{u"rejections"_s, list}};
         }});
}

void AdminServer::addSubscriptionMethods()
{
    auto describe = [this](const Subscription &sub, const QList<EndpointStatus> &endpoints,
                           const QHash<QString, QHash<QString, qint64>> &counts) {
        QJsonObject json = subscriptionJson(sub);
        json.insert(u"origin"_s, m_agent->subscriptionOrigin(sub.name));
        for (const EndpointStatus &e : endpoints) {
            if (e.name != sub.name)
                continue;
            json.insert(u"state"_s, e.state);
            if (!e.reason.isEmpty())
                json.insert(u"reason"_s, e.reason);
            json.insert(u"breakerOpen"_s, e.breakerOpen);
            json.insert(u"signingSecrets"_s, e.signingSecrets);
        }
        const QHash<QString, qint64> c = counts.value(sub.name);
        json.insert(u"queue"_s, QJsonObject{{u"waiting"_s, c.value(u"pending"_s) + c.value(u"sending"_s)},
                                            {u"delivered"_s, c.value(u"delivered"_s)},
                                            {u"dead"_s, c.value(u"dead"_s)}});
        return json;
    };
    m_methods.insert(method::SubscriptionsList,
                     {false, [this, describe](Client &, const QJsonObject &, Failure &) -> QJsonValue {
                          const auto endpoints = m_agent->endpoints();
                          const auto counts = m_agent->store().countsBySubscription();
                          QJsonArray list;
                          for (const Subscription &sub : m_agent->subscriptions())
                              list.append(describe(sub, endpoints, counts));
                          return QJsonObject{{u"subscriptions"_s, list}};
                      }});
    m_methods.insert(method::SubscriptionsGet,
                     {false, [this, describe](Client &, const QJsonObject &params, Failure &f) -> QJsonValue {
                          QString problem;
                          const QString name = Params(params, problem).string(u"name"_s, true);
                          for (const Subscription &sub : m_agent->subscriptions()) {
                              if (problem.isEmpty() && sub.name == name)
                                  return describe(sub, m_agent->endpoints(), m_agent->store().countsBySubscription());
                          }
                          f = problem.isEmpty()
                                  ? Failure{error::NotFound, u"no subscription named \"%1\""_s.arg(name), {}}
                                  : Failure{error::InvalidParams, problem, {}};
                          return {};
                      }});
    auto readSubscription = [](const QJsonObject &params, Failure &f) -> std::optional<Subscription> {
        QString why;
        const QJsonValue json = params.value(u"subscription"_s);
        auto sub = json.isObject() ? Subscription::fromJson(json.toObject(), &why) : std::nullopt;
        if (!sub)
            f = {error::InvalidParams,
                 json.isObject() ? u"subscription."_s + why
                                 : u"\"subscription\" is required: an object as in docs/configuration.md"_s,
                 {}};
        return sub;
    };
    auto refusal = [this](const QString &name, const QString &why) {
        if (!m_agent->subscription(name))
            return Failure{error::NotFound, why, {}};
        return Failure{why.contains(u"exists"_s) || why.contains(u"configuration file"_s) ? error::Conflict
                                                                                          : error::Refused,
                       why,
                       {}};
    };
    // Create and update: the same definition (docs/configuration.md), a new name or a known one.
    for (const bool create : {true, false}) {
        m_methods.insert(create ? method::SubscriptionsCreate : method::SubscriptionsUpdate,
                         {true,
                          [this, readSubscription, refusal, describe, create](Client &, const QJsonObject &params,
                                                                              Failure &f) -> QJsonValue {
                              const auto sub = readSubscription(params, f);
                              if (!sub)
                                  return {};
                              QString why;
                              const bool existed = m_agent->subscription(sub->name);
                              if (!m_agent->saveSubscription(*sub, create, &why)) {
                                  f = create && existed ? Failure{error::Conflict, why, {}} : refusal(sub->name, why);
                                  if (create && f.code == error::NotFound)
                                      f.code = error::Refused;
                                  return {};
                              }
                              QJsonObject json =
                                  describe(*sub, m_agent->endpoints(), m_agent->store().countsBySubscription());
                              // The generated signing secret, shown this once.
                              if (const auto secret = create ? m_agent->store().revealSecret(sub->name) : std::nullopt)
                                  json.insert(u"secret"_s, *secret);
                              return json;
                          }});
    }
    auto byName = [this, refusal](const QJsonObject &params, Failure &f,
                                  const std::function<bool(const QString &, QString *)> &action) -> QJsonValue {
        QString problem;
        const QString name = Params(params, problem).string(u"name"_s, true);
        if (!problem.isEmpty()) {
            f = {error::InvalidParams, problem, {}};
            return {};
        }
        QString why;
        if (!action(name, &why)) {
            f = refusal(name, why);
            return {};
        }
        return QJsonObject{{u"name"_s, name}};
    };
    m_methods.insert(method::SubscriptionsDelete,
                     {true, [this, byName](Client &, const QJsonObject &params, Failure &f) {
                          return byName(params, f, [this](const QString &name, QString *why) {
                              return m_agent->deleteSubscription(name, why);
                          });
                      }});
    m_methods.insert(method::SubscriptionsEnable,
                     {true, [this, byName](Client &client, const QJsonObject &params, Failure &f) {
                          return byName(params, f, [this, &client](const QString &name, QString *why) {
                              return m_agent->setSubscriptionEnabled(name, true, client.token->name, why);
                          });
                      }});
    m_methods.insert(method::SubscriptionsDisable,
                     {true, [this, byName](Client &client, const QJsonObject &params, Failure &f) {
                          return byName(params, f, [this, &client](const QString &name, QString *why) {
                              return m_agent->setSubscriptionEnabled(name, false, client.token->name, why);
                          });
                      }});
    m_methods.insert(
        method::SubscriptionsRotateSecret,
        {true, [this](Client &, const QJsonObject &params, Failure &f) -> QJsonValue {
             QString problem;
             const QString name = Params(params, problem).string(u"name"_s, true);
             const Subscription *sub = problem.isEmpty() ? m_agent->subscription(name) : nullptr;
             if (!sub) {
                 f = problem.isEmpty() ? Failure{error::NotFound, u"no subscription named \"%1\""_s.arg(name), {}}
                                       : Failure{error::InvalidParams, problem, {}};
                 return {};
             }
             if (!sub->secrets.isEmpty()) {
                 f = {error::Conflict,
                      u"\"%1\" signs with secrets from the configuration file; change them there"_s.arg(name),
                      {}};
                 return {};
             }
             QString why;
             const auto secret =
                 m_agent->store().rotateSecret(name, m_agent->config().delivery.secretOverlap.count(), &why);
             if (!secret) {
                 f = {error::Unavailable, why, {}};
                 return {};
             }
             return QJsonObject{
                 {u"name"_s, name},
                 {u"secret"_s, *secret},
                 {u"previousValidForSeconds"_s, qint64(m_agent->config().delivery.secretOverlap.count() / 1000)}};
         }});
    // One event now, from the register's example of a type the subscription selects; the answer
    // is the whole attempt, sent when the endpoint has answered.
    m_methods.insert(
        method::SubscriptionsTest,
        {true, [this](Client &client, const QJsonObject &params, Failure &f) -> QJsonValue {
             QString problem;
             Params p(params, problem);
             const QString name = p.string(u"name"_s, true);
             QString type = p.string(u"type"_s);
             const Subscription *sub = problem.isEmpty() ? m_agent->subscription(name) : nullptr;
             if (!sub) {
                 f = problem.isEmpty() ? Failure{error::NotFound, u"no subscription named \"%1\""_s.arg(name), {}}
                                       : Failure{error::InvalidParams, problem, {}};
                 return {};
             }
             std::optional<RegisterEntry> entry;
             for (const RegisterEntry &e : m_agent->eventRegister().entries()) {
                 if (e.exposed && sub->types.matches(e.type) && (type.isEmpty() || e.type == type)) {
                     entry = e;
                     break;
                 }
             }
             if (!entry) {
                 f = {error::Refused,
                      type.isEmpty()
                          ? u"the register has no exposed type that \"%1\" selects, so there is no example to send"_s
                                .arg(name)
                          : u"%1 is not an exposed type that \"%2\" selects"_s.arg(type, name),
                      {}};
                 return {};
             }
             CloudEvent event;
             event.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
             event.source = u"/sluice/test"_s;
             event.type = entry->type;
             event.subject = u"test"_s;
             event.time = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
             event.dataContentType = u"application/json"_s;
             event.extensions.insert(u"sluicetest"_s, true); // receivers can tell a test from the real thing
             if (!entry->example.isUndefined())
                 event.setJsonData(entry->example);
             QPointer<QWebSocket> socket = client.socket;
             const QJsonValue id = client.requestId;
             QString why;
             const bool started = m_agent->testSubscription(
                 name, event,
                 [this, socket, id](const QJsonObject &attempt) {
                     if (!socket)
                         return;
                     if (const auto target = m_clients.value(socket.data()))
                         send(*target, protocol::result(id, attempt));
                 },
                 &why);
             if (!started) {
                 f = {error::Conflict, why, {}};
                 return {};
             }
             f = {kDeferred, QString(), {}};
             return {};
         }});
    // Which of the recent events a filter would select: an existing subscription's, or one being written.
    m_methods.insert(
        method::SubscriptionsDryRun,
        {false, [this](Client &, const QJsonObject &params, Failure &f) -> QJsonValue {
             QString problem;
             Params p(params, problem);
             const QString name = p.string(u"name"_s);
             const int count = p.integer(u"count"_s, 100, 1, std::max(1, m_agent->config().store.recentEvents));
             std::optional<TypeSelector> types;
             EventFilter filter;
             if (!name.isEmpty()) {
                 const auto &subs = m_agent->subscriptions();
                 const auto it =
                     std::find_if(subs.begin(), subs.end(), [&](const Subscription &s) { return s.name == name; });
                 if (it == subs.end()) {
                     f = {error::NotFound, u"no subscription named \"%1\""_s.arg(name), {}};
                     return {};
                 }
                 types = it->types;
                 filter = it->filter;
             } else {
                 types = p.types(u"types"_s);
                 filter = p.filter(u"filter"_s);
             }
             if (!problem.isEmpty()) {
                 f = {error::InvalidParams, problem, {}};
                 return {};
             }
             const auto recent = m_agent->recentEvents().latest(count);
             QJsonArray matches;
             for (const RecentEvents::Entry &entry : recent) {
                 if (types->matches(entry.event.type) && filter.matches(entry.event) &&
                     m_agent->eventRegister().isExposed(entry.event.type))
                     matches.append(QJsonObject{
                         {u"event"_s, entry.event.toJson()},
                         {u"receivedAt"_s,
                          QDateTime::fromMSecsSinceEpoch(entry.receivedAt, Qt::UTC).toString(Qt::ISODateWithMs)}});
             }
             return QJsonObject{
                 {u"evaluated"_s, recent.size()}, {u"matched"_s, matches.size()}, {u"events"_s, matches}};
         }});
}

void AdminServer::addDeliveryMethods()
{
    auto readQuery = [](Params &p) {
        Store::DeliveryQuery q;
        q.subscription = p.string(u"subscription"_s);
        q.state = p.string(u"state"_s);
        static const QStringList states = {u"pending"_s, u"sending"_s,    u"delivered"_s,
                                           u"dead"_s,    u"superseded"_s, u"discarded"_s};
        if (!q.state.isEmpty() && !states.contains(q.state))
            p.problem(u"\"state\" must be one of %1"_s.arg(states.join(u", "_s)));
        q.type = p.string(u"type"_s);
        q.subject = p.string(u"subject"_s);
        q.from = p.time(u"from"_s);
        q.to = p.time(u"to"_s);
        q.httpStatus = p.integer(u"httpStatus"_s, 0, 100, 599);
        q.offset = p.integer(u"offset"_s, 0, 0, INT_MAX);
        q.limit = p.integer(u"limit"_s, 100, 1, kMaxPage);
        return q;
    };
    m_methods.insert(method::DeliveriesList,
                     {false, [this, readQuery](Client &, const QJsonObject &params, Failure &f) -> QJsonValue {
                          QString problem;
                          Params p(params, problem);
                          const Store::DeliveryQuery q = readQuery(p);
                          if (!problem.isEmpty()) {
                              f = {error::InvalidParams, problem, {}};
                              return {};
                          }
                          qint64 total = 0;
                          const QJsonArray deliveries = m_agent->store().searchDeliveries(q, &total);
                          return page(deliveries, u"deliveries"_s, total, q.offset);
                      }});
    m_methods.insert(method::DeliveriesGet,
                     {false, [this](Client &, const QJsonObject &params, Failure &f) -> QJsonValue {
                          QString problem;
                          const QString id = Params(params, problem).string(u"id"_s, true);
                          const QJsonObject detail =
                              problem.isEmpty() ? m_agent->store().deliveryDetail(id) : QJsonObject();
                          if (detail.isEmpty())
                              f = problem.isEmpty() ? Failure{error::NotFound, u"no delivery \"%1\""_s.arg(id), {}}
                                                    : Failure{error::InvalidParams, problem, {}};
                          return detail;
                      }});
    auto changeSelection = [this](const QJsonObject &params, Failure &f, bool retry) -> QJsonValue {
        QString problem;
        const QStringList ids = Params(params, problem).strings(u"ids"_s, true);
        if (!problem.isEmpty()) {
            f = {error::InvalidParams, problem, {}};
            return {};
        }
        const QList<qint64> rows = m_agent->store().rowsOf(ids);
        QString why;
        const int changed = retry ? m_agent->store().retryRows(rows, &why) : m_agent->store().discardRows(rows, &why);
        if (changed < 0) {
            f = {error::Unavailable, u"the store refused the change: "_s + why, {}};
            return {};
        }
        if (retry && changed > 0)
            m_agent->wakeDispatcher();
        return QJsonObject{{retry ? u"retried"_s : u"discarded"_s, changed},
                           {u"unchanged"_s, ids.size() - changed}, // unknown, or neither pending nor dead
                           {u"requested"_s, ids.size()}};
    };
    m_methods.insert(method::DeliveriesRetry,
                     {true, [changeSelection](Client &, const QJsonObject &params, Failure &f) {
                          return changeSelection(params, f, true);
                      }});
    m_methods.insert(method::DeliveriesDiscard,
                     {true, [changeSelection](Client &, const QJsonObject &params, Failure &f) {
                          return changeSelection(params, f, false);
                      }});
    // Every pending or dead delivery matching the query, retried in the background in chunks; the
    // requester gets "job" notifications with the progress, anyone can ask jobs.get.
    m_methods.insert(method::DeliveriesRetryAll,
                     {true, [this, readQuery](Client &client, const QJsonObject &params, Failure &f) -> QJsonValue {
                          QString problem;
                          Params p(params, problem);
                          const Store::DeliveryQuery q = readQuery(p);
                          if (!problem.isEmpty()) {
                              f = {error::InvalidParams, problem, {}};
                              return {};
                          }
                          auto job = std::make_shared<Job>();
                          job->id = u"job-%1"_s.arg(++m_nextJob);
                          job->kind = u"retryAll"_s;
                          job->requester = client.socket;
                          job->rows = m_agent->store().retryableRows(q);
                          job->total = job->rows.size();
                          // Finished jobs are kept for jobs.get, the newest 50 of them.
                          while (m_jobs.size() >= kKeptJobs) {
                              auto oldest =
                                  std::min_element(m_jobs.begin(), m_jobs.end(), [](const auto &a, const auto &b) {
                                      return a->id.mid(4).toInt() < b->id.mid(4).toInt();
                                  });
                              if ((*oldest)->state == u"running")
                                  break;
                              m_jobs.erase(oldest);
                          }
                          m_jobs.insert(job->id, job);
                          m_jobTimer.start();
                          return job->toJson();
                      }});
    m_methods.insert(method::JobsGet, {false, [this](Client &, const QJsonObject &params, Failure &f) -> QJsonValue {
                                           QString problem;
                                           const QString id = Params(params, problem).string(u"id"_s, true);
                                           const auto job = m_jobs.value(id);
                                           if (!job) {
                                               f = problem.isEmpty()
                                                       ? Failure{error::NotFound, u"no job \"%1\""_s.arg(id), {}}
                                                       : Failure{error::InvalidParams, problem, {}};
                                               return {};
                                           }
                                           return job->toJson();
                                       }});

    m_methods.insert(method::QuarantineList, {false, paged(u"messages"_s, [this](int offset, int limit, qint64 *total) {
                                                  return m_agent->store().quarantineList(offset, limit, total);
                                              })});
    m_methods.insert(
        method::QuarantineGet,
        {false, [this](Client &, const QJsonObject &params, Failure &f) -> QJsonValue {
             QString problem;
             const int id = Params(params, problem).integer(u"id"_s, 0, 1, INT_MAX);
             const QJsonObject detail =
                 problem.isEmpty() && id > 0 ? m_agent->store().quarantineDetail(id) : QJsonObject();
             if (detail.isEmpty())
                 f = problem.isEmpty() && id > 0
                         ? Failure{error::NotFound, u"no quarantined message %1"_s.arg(id), {}}
                         : Failure{error::InvalidParams, problem.isEmpty() ? u"\"id\" is required"_s : problem, {}};
             return detail;
         }});
    m_methods.insert(
        method::QuarantineDiscard,
        {true, [this](Client &, const QJsonObject &params, Failure &f) -> QJsonValue {
             const QJsonArray ids = params.value(u"ids"_s).toArray();
             QList<qint64> list;
             for (const QJsonValue &id : ids) {
                 if (!id.isDouble() || id.toInteger() <= 0) {
                     list.clear();
                     break;
                 }
                 list.append(id.toInteger());
             }
             if (list.isEmpty()) {
                 f = {error::InvalidParams, u"\"ids\" must be a non-empty array of message ids (numbers)"_s, {}};
                 return {};
             }
             QString why;
             const int removed = m_agent->store().discardQuarantined(list, &why);
             if (removed < 0) {
                 f = {error::Unavailable, u"the store refused the change: "_s + why, {}};
                 return {};
             }
             return QJsonObject{{u"discarded"_s, removed}, {u"unchanged"_s, list.size() - removed}};
         }});
}

void AdminServer::runJobs()
{
    bool running = false;
    for (const auto &job : std::as_const(m_jobs)) {
        if (job->state != u"running")
            continue;
        const QList<qint64> chunk = job->rows.mid(job->done, kJobChunk);
        QString why;
        const int changed = m_agent->store().retryRows(chunk, &why);
        if (changed < 0) {
            job->state = u"failed"_s;
            job->error = why;
            job->rows = {};
        } else {
            job->changed += changed;
            job->done += chunk.size();
            if (job->done >= job->total) {
                job->state = u"finished"_s;
                job->rows = {};
            } else
                running = true;
        }
        if (changed > 0)
            m_agent->wakeDispatcher();
        if (job->requester) {
            const auto client = m_clients.value(job->requester.data());
            if (client)
                send(*client, notify(notification::Job, job->toJson()));
        }
    }
    if (!running)
        m_jobTimer.stop();
}

QJsonObject AdminServer::statsJson()
{
    const AgentStats s = m_agent->stats();
    const auto byState = m_agent->store().countByState();
    const auto bySubscription = m_agent->store().countsBySubscription();
    QJsonArray subscriptions;
    for (const EndpointStatus &e : m_agent->endpoints()) {
        const auto c = bySubscription.value(e.name);
        subscriptions.append(QJsonObject{{u"name"_s, e.name},
                                         {u"state"_s, e.state},
                                         {u"waiting"_s, c.value(u"pending"_s) + c.value(u"sending"_s)},
                                         {u"delivered"_s, c.value(u"delivered"_s)},
                                         {u"dead"_s, c.value(u"dead"_s)},
                                         {u"breakerOpen"_s, e.breakerOpen},
                                         {u"perSecond"_s, m_subscriptionRates.value(e.name)}});
    }
    QJsonArray lag;
    for (const PartitionLag &l : m_agent->consumerLag())
        lag.append(QJsonObject{{u"topic"_s, l.topic}, {u"partition"_s, l.partition}, {u"lag"_s, l.lag}});
    QJsonObject queue;
    for (auto it = byState.begin(); it != byState.end(); ++it)
        queue.insert(it.key(), it.value());
    return {
        {u"agent"_s, QJsonObject{{u"version"_s, QCoreApplication::applicationVersion()},
                                 {u"uptimeSeconds"_s, m_uptime.elapsed() / 1000}}},
        {u"totals"_s, QJsonObject{{u"consumed"_s, qint64(s.consumed)},
                                  {u"filteredOut"_s, qint64(s.filteredOut)},
                                  {u"matched"_s, qint64(s.matched)},
                                  {u"quarantined"_s, qint64(s.quarantined)},
                                  {u"deliveriesCreated"_s, qint64(s.deliveriesCreated)},
                                  {u"attempts"_s, qint64(s.attempts)},
                                  {u"delivered"_s, qint64(s.delivered)},
                                  {u"retried"_s, qint64(s.retried)},
                                  {u"dead"_s, qint64(s.dead)},
                                  {u"inFlight"_s, s.inFlight}}},
        {u"perSecond"_s, m_rates},
        {u"queue"_s, queue},
        {u"subscriptions"_s, subscriptions},
        {u"consumer"_s, QJsonObject{{u"assignedPartitions"_s, m_agent->assignedPartitions()}, {u"lag"_s, lag}}},
        {u"store"_s, QJsonObject{{u"sizeBytes"_s, m_agent->store().sizeBytes()}}},
    };
}

void AdminServer::addObservationMethods()
{
    m_methods.insert(method::StatsGet,
                     {false, [this](Client &, const QJsonObject &, Failure &) -> QJsonValue { return statsJson(); }});
    m_methods.insert(method::StatsSubscribe, {false, [](Client &client, const QJsonObject &, Failure &) -> QJsonValue {
                                                  client.stats = true;
                                                  return QJsonObject{{u"intervalMs"_s, 1000}};
                                              }});
    m_methods.insert(method::StatsUnsubscribe,
                     {false, [](Client &client, const QJsonObject &, Failure &) -> QJsonValue {
                          client.stats = false;
                          return QJsonObject{};
                      }});
    // Live events: those consumed from now on that pass the filter, in batches four times a
    // second, at most maxPerSecond; what the cap holds back is counted in "skipped".
    m_methods.insert(method::EventsSubscribe,
                     {false, [this](Client &client, const QJsonObject &params, Failure &f) -> QJsonValue {
                          QString problem;
                          Params p(params, problem);
                          const int maxPerSecond = p.integer(u"maxPerSecond"_s, 50, 1, 1000);
                          std::optional<TypeSelector> types;
                          if (p.has(u"types"_s))
                              types = p.types(u"types"_s);
                          const EventFilter filter = p.filter(u"filter"_s);
                          if (!problem.isEmpty()) {
                              f = {error::InvalidParams, problem, {}};
                              return {};
                          }
                          stopStream(client);
                          Client::Stream stream;
                          stream.maxPerSecond = maxPerSecond;
                          stream.allowance = maxPerSecond * 0.25;
                          // Twice what may be sent between two batches is held; beyond that, counted as skipped.
                          stream.sink = m_agent->recentEvents().addSink(
                              [types, filter](const RecentEvents::Entry &entry) {
                                  return (!types || types->matches(entry.event.type)) && filter.matches(entry.event);
                              },
                              std::max(8, maxPerSecond / 2));
                          client.events = stream;
                          updateOutcomeConnection();
                          return QJsonObject{{u"maxPerSecond"_s, maxPerSecond}, {u"intervalMs"_s, 250}};
                      }});
    m_methods.insert(method::EventsUnsubscribe,
                     {false, [this](Client &client, const QJsonObject &, Failure &) -> QJsonValue {
                          stopStream(client);
                          return QJsonObject{};
                      }});
    m_methods.insert(method::AuditList, {false, paged(u"entries"_s, [this](int offset, int limit, qint64 *total) {
                                             return m_agent->store().auditList(offset, limit, total);
                                         })});
}

} // namespace sluice::agent
