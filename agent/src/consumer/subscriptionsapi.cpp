#include "consumer/subscriptionsapi.h"

#include "agent.h"
#include "consumer/apirequest.h"
#include "consumer/apisubscription.h"
#include "duration.h"
#include "queue/store.h"
#include "register/register.h"
#include "service/deferredanswer.h"
#include "service/problem.h"
#include "subscriptions/subscriptionregistry.h"
#include "subscriptionsprotocol.h"

#include <QFile>
#include <QHostAddress>
#include <QHttpServer>
#include <QHttpServerRequest>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QUrlQuery>
#include <QUuid>

Q_LOGGING_CATEGORY(lcConsumer, "sluice.agent.consumer")

using namespace Qt::Literals::StringLiterals;
using namespace sluice::subscriptionsapi;

namespace sluice::agent {

namespace {

using Status = QHttpServerResponse::StatusCode;
using Method = QHttpServerRequest::Method;

// The spec's required dialects, and Sluice's "data" (a test on the data at a JSON pointer).
const QStringList kDialects = {u"exact"_s, u"prefix"_s, u"suffix"_s, u"all"_s, u"any"_s, u"not"_s, u"data"_s};

QHttpServerResponse json(const QJsonValue &value, Status status = Status::Ok)
{
    const QByteArray text = value.isArray() ? QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact)
                                            : QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact);
    return QHttpServerResponse("application/json", text, status);
}

// RFC 9457: type, title, status, detail, and members of the problem's own.
QHttpServerResponse problem(Status status, const QString &type, const QString &detail, const QJsonObject &extra = {})
{
    QHttpServerResponse response = problemResponse(status, type, detail, extra);
    if (status == Status::Unauthorized)
        response.setHeader("WWW-Authenticate", "Bearer realm=\"sluice\"");
    return response;
}

QHttpServerResponse allow(const QByteArray &methods)
{
    QHttpServerResponse response(Status::NoContent);
    response.setHeader("Allow", methods);
    return response;
}

QString notFound(const QString &id)
{
    return u"no subscription \"%1\""_s.arg(id);
}

} // namespace

SubscriptionsApi::SubscriptionsApi(Agent *agent, const AgentConfig &config)
    : m_agent(agent)
    , m_http(config.http)
    , m_consumers(config.consumers)
    , m_access(&agent->store(), config.admin.tokenFile)
{
}

void SubscriptionsApi::addRoutes(QHttpServer &server)
{
    server.route(u"/subscriptions"_s, Method::Get, [this](const QHttpServerRequest &r) { return list(r); });
    server.route(u"/subscriptions"_s, Method::Post,
                 [this](const QHttpServerRequest &r) { return audited(u"POST"_s, QString(), create(r)); });
    server.route(u"/subscriptions"_s, Method::Options,
                 [](const QHttpServerRequest &) { return allow("GET, POST, OPTIONS"); });
    server.route(u"/subscriptions/<arg>"_s, Method::Get,
                 [this](const QString &id, const QHttpServerRequest &r) { return get(id, r); });
    server.route(u"/subscriptions/<arg>"_s, Method::Put, [this](const QString &id, const QHttpServerRequest &r) {
        return audited(u"PUT"_s, id, replace(id, r));
    });
    server.route(u"/subscriptions/<arg>"_s, Method::Delete, [this](const QString &id, const QHttpServerRequest &r) {
        return audited(u"DELETE"_s, id, remove(id, r));
    });
    server.route(u"/subscriptions/<arg>/events"_s, Method::Get,
                 [this](const QString &id, const QHttpServerRequest &r, QHttpServerResponder &&responder) {
                     events(id, r, std::move(responder));
                 });
    server.route(u"/subscriptions/<arg>"_s, Method::Options,
                 [](const QString &, const QHttpServerRequest &) { return allow("GET, PUT, DELETE, OPTIONS"); });
    server.route(u"/discovery"_s, Method::Get, [this](const QHttpServerRequest &r) { return discovery(r); });
    server.route(u"/openapi.json"_s, Method::Get, [] {
        QFile file(u":/sluice/consumer/openapi.json"_s);
        file.open(QIODevice::ReadOnly);
        return QHttpServerResponse("application/json", file.readAll());
    });
}

// Changes go into the audit log beside the admin API's, under the caller's name: what was asked,
// of which subscription, and how it ended.
SubscriptionsApi::Response SubscriptionsApi::audited(const QString &method, const QString &id, Response response)
{
    const std::optional<Caller> caller = std::exchange(m_caller, std::nullopt);
    if (!caller)
        return response; // not authenticated: nothing to say who
    const QJsonObject body = QJsonDocument::fromJson(response.data()).object();
    const int status = int(response.statusCode());
    const QString outcome =
        status < 300 ? u"ok"_s : u"refused: %1 %2"_s.arg(status).arg(body.value(u"detail"_s).toString());
    const QString who = caller->role == Caller::Role::Consumer ? u"consumer %1"_s.arg(caller->name) : caller->name;
    const QString subscription = id.isEmpty() ? body.value(key::Id).toString() : id;
    qCInfo(lcConsumer).noquote() << who << method << u"/subscriptions/"_s + subscription << outcome;
    QString why;
    if (!m_agent->store().audit().append(who, u"%1 /subscriptions"_s.arg(method), {{u"id"_s, subscription}}, outcome,
                                         &why))
        qCWarning(lcConsumer).noquote() << "cannot write the audit log:" << why;
    return response;
}

std::optional<SubscriptionsApi::Caller> SubscriptionsApi::authorise(const QHttpServerRequest &request, bool change,
                                                                    std::optional<Response> *refusal)
{
    const auto caller = m_access.authenticate(request.value("Authorization"));
    if (!caller) {
        *refusal = problem(Status::Unauthorized, problem::Unauthorized,
                           u"send \"Authorization: Bearer TOKEN\" with a consumer token that is not revoked"_s);
        return std::nullopt;
    }
    if (change)
        m_caller = caller;
    if (change && !caller->mayChange()) {
        *refusal = problem(Status::Forbidden, problem::Forbidden, u"a viewer token only reads"_s);
        return std::nullopt;
    }
    return caller;
}

std::optional<QJsonObject> SubscriptionsApi::body(const QHttpServerRequest &request, std::optional<Response> *refusal)
{
    // A body over http.maxBodyBytes never gets here: RequestGuard refused it before it was read.
    QString why;
    std::optional<QJsonObject> object = apirequest::body(request.body(), &why);
    if (!object)
        *refusal = problem(Status::BadRequest, problem::Invalid, why);
    return object;
}

const Subscription *SubscriptionsApi::visible(const Caller &caller, const QString &id) const
{
    const Subscription *sub = m_agent->subscriptions().find(id);
    return sub && caller.owns(sub->owner) ? sub : nullptr;
}

QJsonObject SubscriptionsApi::describe(const Subscription &subscription) const
{
    return describe(subscription, m_agent->endpoints());
}

QJsonObject SubscriptionsApi::describe(const Subscription &subscription, const QList<EndpointStatus> &endpoints) const
{
    QJsonObject json = apisubscription::toApi(subscription);
    if (subscription.polled()) {
        // What waits for the consumer, and when it last looked.
        const PollFigures figures = m_agent->store().queue().pollFigures(subscription.name);
        QJsonObject status{{u"state"_s, u"active"_s}, {u"unread"_s, figures.unread}};
        if (figures.oldestUnreadAt)
            status.insert(u"oldestUnread"_s, CloudEvent::rfc3339(figures.oldestUnreadAt));
        if (figures.polledAt)
            status.insert(u"lastPoll"_s, CloudEvent::rfc3339(figures.polledAt));
        json.insert(key::Status, status);
        return json;
    }
    for (const EndpointStatus &e : endpoints) {
        if (e.name != subscription.name)
            continue;
        // circuitOpen: the sink failed several times in a row; deliveries wait until it answers again.
        QJsonObject status{{u"state"_s, endpointStateName(e.state)}, {u"circuitOpen"_s, e.breakerOpen}};
        if (!e.reason.isEmpty())
            status.insert(u"reason"_s, e.reason);
        json.insert(key::Status, status);
    }
    return json;
}

SubscriptionsApi::Response SubscriptionsApi::list(const QHttpServerRequest &request)
{
    std::optional<Response> refusal;
    const auto caller = authorise(request, false, &refusal);
    if (!caller)
        return std::move(*refusal);
    QJsonArray list;
    const QList<EndpointStatus> endpoints = m_agent->endpoints();
    for (const Subscription &sub : m_agent->subscriptions().all()) {
        if (caller->owns(sub.owner))
            list.append(describe(sub, endpoints));
    }
    return json(list);
}

SubscriptionsApi::Response SubscriptionsApi::get(const QString &id, const QHttpServerRequest &request)
{
    std::optional<Response> refusal;
    const auto caller = authorise(request, false, &refusal);
    if (!caller)
        return std::move(*refusal);
    const Subscription *sub = visible(*caller, id);
    return sub ? json(describe(*sub)) : problem(Status::NotFound, problem::NotFound, notFound(id));
}

SubscriptionsApi::Response SubscriptionsApi::create(const QHttpServerRequest &request)
{
    std::optional<Response> refusal;
    const auto caller = authorise(request, true, &refusal);
    const auto object = caller ? body(request, &refusal) : std::nullopt;
    if (!object)
        return std::move(*refusal);
    Subscription base;
    base.name = QUuid::createUuid().toString(QUuid::WithoutBraces); // the spec: an id in the request is ignored
    base.owner = caller->role == Caller::Role::Consumer ? caller->name : QString();
    QString why;
    auto sub = apisubscription::fromApi(*object, base, &why);
    if (!sub)
        return problem(Status::BadRequest, problem::Invalid, why);
    if (auto refused = refuse(*caller, *sub, true))
        return std::move(*refused);
    return saved(*sub, true);
}

SubscriptionsApi::Response SubscriptionsApi::replace(const QString &id, const QHttpServerRequest &request)
{
    std::optional<Response> refusal;
    const auto caller = authorise(request, true, &refusal);
    const auto object = caller ? body(request, &refusal) : std::nullopt;
    if (!object)
        return std::move(*refusal);
    const Subscription *stored = visible(*caller, id);
    if (!stored)
        return problem(Status::NotFound, problem::NotFound, notFound(id));
    if (object->contains(key::Id) && object->value(key::Id) != id)
        return problem(Status::BadRequest, problem::Invalid,
                       u"\"id\" in the body (%1) is not the subscription's id in the path (%2)"_s.arg(
                           object->value(key::Id).toString(), id));
    // A replacement: what the API shows starts again from its default; the rest an administrator set stays.
    Subscription base = *stored;
    const Subscription defaults;
    base.sourceMatch.clear();
    base.types = TypeSelector();
    base.filter = EventFilter();
    base.headers.clear();
    base.initialEvents = defaults.initialEvents;
    base.until = defaults.until;
    base.mode = defaults.mode;
    base.outgoing = OutgoingShape();
    QString why;
    auto sub = apisubscription::fromApi(*object, base, &why);
    if (!sub)
        return problem(Status::BadRequest, problem::Invalid, why);
    if (auto refused = refuse(*caller, *sub, false))
        return std::move(*refused);
    return saved(*sub, false);
}

SubscriptionsApi::Response SubscriptionsApi::remove(const QString &id, const QHttpServerRequest &request)
{
    std::optional<Response> refusal;
    const auto caller = authorise(request, true, &refusal);
    if (!caller)
        return std::move(*refusal);
    const Subscription *sub = visible(*caller, id);
    if (!sub)
        return problem(Status::NotFound, problem::NotFound, notFound(id));
    const QJsonObject gone = describe(*sub);
    QString why;
    if (m_agent->subscriptions().remove(id, &why, u"deleted through the Subscriptions API by %1"_s.arg(caller->name)))
        return json(gone);
    // The configuration file's are changed there; else the store refused.
    if (m_agent->subscriptions().origin(id) == SubscriptionRegistry::Origin::File)
        return problem(Status::Conflict, problem::Conflict, why);
    return problem(Status::ServiceUnavailable, problem::Unavailable, why);
}

std::optional<SubscriptionsApi::Response> SubscriptionsApi::refuse(const Caller &caller, Subscription &sub,
                                                                   bool create) const
{
    const bool consumer = caller.role == Caller::Role::Consumer;
    if (sub.types.patterns().isEmpty()) // no "types": all the caller may have
        sub.types = *TypeSelector::parse(
            consumer && !caller.consumer.allowedTypes.isEmpty() ? caller.consumer.allowedTypes : QStringList{u"*"_s},
            nullptr);
    // The sink's address is checked where every subscription is saved (SubscriptionRegistry::save).
    return consumer ? refuseForConsumer(caller, sub, create) : std::nullopt;
}

// The types it may have, exposed now (not types still to come), and not one subscription too many.
std::optional<SubscriptionsApi::Response>
SubscriptionsApi::refuseForConsumer(const Caller &caller, const Subscription &sub, bool create) const
{
    if (const QString why = ConsumerAccess::refusal(caller.consumer, sub.types); !why.isEmpty())
        return problem(Status::Forbidden, problem::Forbidden, why);
    QStringList unknown;
    for (const QString &type : sub.types.patterns()) {
        const auto entry = type.contains(u'*') ? std::nullopt : m_agent->eventRegister().entry(type);
        if (!type.contains(u'*') && (!entry || !entry->exposed))
            unknown.append(type);
    }
    if (!unknown.isEmpty())
        return problem(
            Status::BadRequest, problem::Invalid,
            u"%1: not an event type this agent offers; GET /discovery lists them"_s.arg(unknown.join(u", "_s)));
    const int limit =
        caller.consumer.maxSubscriptions > 0 ? caller.consumer.maxSubscriptions : m_consumers.maxSubscriptions;
    const auto &all = m_agent->subscriptions().all();
    const auto owned =
        std::count_if(all.begin(), all.end(), [&](const Subscription &s) { return s.owner == caller.name; });
    if (create && owned >= limit)
        return problem(
            Status::Conflict, problem::Conflict,
            u"consumer \"%1\" has %2 subscriptions, the most it may have; delete one first"_s.arg(caller.name)
                .arg(owned));
    return std::nullopt;
}

SubscriptionsApi::Response SubscriptionsApi::saved(const Subscription &sub, bool create)
{
    QString why;
    if (!m_agent->subscriptions().save(sub, create, &why)) {
        const bool fromFile = m_agent->subscriptions().origin(sub.name) == SubscriptionRegistry::Origin::File &&
                              m_agent->subscriptions().find(sub.name);
        return problem(fromFile ? Status::Conflict : Status::BadRequest,
                       fromFile ? problem::Conflict : problem::Invalid, why);
    }
    QJsonObject result = describe(sub);
    if (!create)
        return json(result);
    // The generated signing secret, shown this once (a polled subscription signs nothing).
    if (const auto secret = sub.polled() ? std::nullopt : m_agent->store().subscriptions().revealSecret(sub.name))
        result.insert(key::SigningSecret, *secret);
    QHttpServerResponse response = json(result, Status::Created);
    response.setHeader("Location", "/subscriptions/" + QUrl::toPercentEncoding(sub.name));
    return response;
}

// A polled subscription's events after the cursor, as a CloudEvents batch in the order they were
// stored; reading with a cursor acknowledges everything up to it. The next cursor comes in
// Sluice-Cursor and a Link with rel="next".
// Answered at once when there are events or no wait was asked; else the request waits (a long
// poll) until events come or its time is up.
void SubscriptionsApi::events(const QString &id, const QHttpServerRequest &request, QHttpServerResponder &&responder)
{
    std::optional<Response> refusal;
    const std::optional<PollRequest> poll = pollRequest(id, request, &refusal);
    if (!poll) {
        refusal->write(std::move(responder));
        return;
    }
    bool empty = false;
    Response response = pollOnce(*poll, &empty);
    if (!empty || poll->wait.count() == 0 || !m_waiters.hasRoom()) {
        response.write(std::move(responder));
        return;
    }
    m_waiters.park(QDateTime::currentMSecsSinceEpoch() + poll->wait.count(),
                   std::make_shared<DeferredAnswer>(std::move(responder)),
                   [this, p = *poll](bool last) -> std::optional<Response> {
                       bool nothing = false;
                       Response again = pollOnce(p, &nothing);
                       if (nothing && !last)
                           return std::nullopt;
                       return again;
                   });
}

std::optional<SubscriptionsApi::PollRequest>
SubscriptionsApi::pollRequest(const QString &id, const QHttpServerRequest &request, std::optional<Response> *refusal)
{
    const auto caller = authorise(request, false, refusal);
    if (!caller)
        return std::nullopt;
    QString why;
    const auto query = apirequest::pollQuery(
        QUrlQuery(request.url()), std::chrono::duration_cast<std::chrono::seconds>(m_consumers.maxPollWait), &why);
    if (!query) {
        *refusal = problem(Status::BadRequest, problem::Invalid, why);
        return std::nullopt;
    }
    const PollRequest poll{*caller, id, query->cursor, query->limit, query->wait};
    // Reading with a cursor acknowledges: a viewer only looks.
    if (!caller->mayChange() && poll.cursor >= 0) {
        *refusal = problem(Status::Forbidden, problem::Forbidden, u"a viewer token reads without a cursor only"_s);
        return std::nullopt;
    }
    return poll;
}

// Looked up again on every look: a long poll's subscription may have gone while it waited.
SubscriptionsApi::Response SubscriptionsApi::pollOnce(const PollRequest &poll, bool *empty)
{
    *empty = false;
    const Subscription *sub = visible(poll.caller, poll.id);
    if (!sub)
        return problem(Status::NotFound, problem::NotFound, notFound(poll.id));
    if (!sub->polled())
        return problem(Status::Conflict, problem::Conflict,
                       u"subscription \"%1\" sends its events to its sink; only \"protocol\": \"poll\" ones are "
                       u"fetched"_s.arg(poll.id));
    QString why;
    const auto page =
        m_agent->store().queue().poll(poll.id, poll.cursor, poll.limit, QDateTime::currentMSecsSinceEpoch(), &why);
    if (!page)
        return problem(Status::ServiceUnavailable, problem::Unavailable, why);
    if (page->expired)
        return problem(Status::Gone, problem::Gone,
                       u"events after cursor %1 were removed by retention (%2); the oldest cursor still valid is %3"_s
                           .arg(poll.cursor)
                           .arg(formatDuration(sub->retention))
                           .arg(page->oldestCursor),
                       {{polling::OldestCursor, QString::number(page->oldestCursor)}});
    *empty = page->events.isEmpty();
    return batch(*sub, *page, std::max(poll.cursor, page->oldestCursor));
}

SubscriptionsApi::Response SubscriptionsApi::batch(const Subscription &sub, const PollPage &page, qint64 after) const
{
    QByteArray body = "[";
    qint64 next = after;
    for (const PolledEvent &event : page.events) {
        QString why;
        const std::optional<QByteArray> shaped = sub.outgoing.apply(event.payload, &why);
        if (!shaped) // never sent unshaped: the shape may be there to hide members
            return problem(Status::InternalServerError, problem::Unavailable,
                           u"the event at cursor %1 cannot be read: %2"_s.arg(event.cursor).arg(why));
        if (body.size() > 1)
            body += ',';
        body += *shaped;
        next = event.cursor;
    }
    body += ']';
    QHttpServerResponse response(polling::BatchType, body);
    response.setHeader(polling::CursorHeader, QByteArray::number(next));
    response.setHeader("Link", "</subscriptions/" + QUrl::toPercentEncoding(sub.name) +
                                   "/events?cursor=" + QByteArray::number(next) + ">; rel=\"next\"");
    return response;
}

SubscriptionsApi::Response SubscriptionsApi::discovery(const QHttpServerRequest &request)
{
    // Anyone may look; a consumer's token narrows the types to those it may choose.
    std::optional<Caller> caller;
    if (!request.value("Authorization").isEmpty()) {
        std::optional<Response> refusal;
        caller = authorise(request, false, &refusal);
        if (!caller)
            return std::move(*refusal);
    }
    QJsonArray types;
    for (const RegisterEntry &entry : m_agent->eventRegister().entries()) {
        if (!entry.exposed)
            continue;
        if (caller && caller->role == Caller::Role::Consumer &&
            !ConsumerAccess::refusal(caller->consumer, *TypeSelector::parse({entry.type}, nullptr)).isEmpty())
            continue;
        QJsonObject type{{u"type"_s, entry.type}};
        if (!entry.description.en.isEmpty())
            type.insert(u"description"_s, entry.description.en);
        types.append(type);
    }
    return json(QJsonObject{
        {u"specversion"_s, kSpecVersion},
        {u"subscriptions"_s, u"/subscriptions"_s},
        {u"protocols"_s, QJsonArray{kProtocolHttp}},
        {u"filterdialects"_s, QJsonArray::fromStringList(kDialects)},
        {u"config"_s, QJsonArray{config::InitialEvents, config::Until, config::Mode, config::Outgoing}},
        {u"types"_s, types},
        {u"asyncapi"_s, u"/register/asyncapi.json"_s},
        {u"openapi"_s, u"/openapi.json"_s},
    });
}

} // namespace sluice::agent
