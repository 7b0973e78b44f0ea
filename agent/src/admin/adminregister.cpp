// The admin API's register methods (docs/protocol.md#register).
#include "admin/adminparams.h"
#include "admin/adminserver.h"
#include "admin/adminserver_p.h"

#include "agent.h"
#include "ingest/ingest.h"
#include "protocol.h"
#include "queue/store.h"
#include "register/register.h"
#include "register/registerexport.h"
#include "subscriptions/subscriptionregistry.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QPointer>
#include <QUuid>
#include <QWebSocket>

using namespace Qt::Literals::StringLiterals;
using namespace sluice::protocol;

namespace sluice::agent {

using namespace adminparams;

void AdminServer::addRegisterMethods()
{
    m_methods.insert(method::RegisterList,
                     {false, [this](Client &, const QJsonObject &params, Failure &f) -> QJsonValue {
                          ErrorReason problem;
                          Params p(params, problem);
                          const QString search = p.string(u"search"_s).trimmed();
                          const QString status = p.oneOf(u"status"_s, {u"draft"_s, u"active"_s, u"deprecated"_s});
                          const std::optional<bool> exposed = p.boolean(u"exposed"_s);
                          const int offset = p.integer(u"offset"_s, 0, 0, INT_MAX);
                          const int limit = p.integer(u"limit"_s, 100, 1, kMaxPage);
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
                          ErrorReason problem;
                          const QString type = Params(params, problem).string(u"type"_s, true);
                          if (!problem.isEmpty()) {
                              f = {error::InvalidParams, problem, {}};
                              return {};
                          }
                          const auto entry = m_agent->eventRegister().entry(type);
                          if (!entry) {
                              f = Failure(error::NotFound, {refusal::NoType, {{refusalparam::Type, type}}});
                              return {};
                          }
                          QJsonObject json = entry->toJson(true);
                          QJsonArray usedBy;
                          for (const Subscription &sub : m_agent->subscriptions().all()) {
                              if (sub.types.matches(type))
                                  usedBy.append(sub.name);
                          }
                          json.insert(u"subscriptions"_s, usedBy);
                          return json;
                      }});

    m_methods.insert(
        method::RegisterUpdate,
        {true, [this](Client &, const QJsonObject &params, Failure &f) -> QJsonValue {
             ErrorReason problem;
             Params p(params, problem);
             const QString type = p.string(u"type"_s, true);
             EventRegister::Change change;
             if (p.has(u"name"_s))
                 change.name = LocalizedText::fromJson(params.value(u"name"_s));
             if (p.has(u"description"_s))
                 change.description = LocalizedText::fromJson(params.value(u"description"_s));
             change.exposed = p.boolean(u"exposed"_s);
             if (p.has(u"validation"_s)) {
                 change.validation =
                     validationPolicyFromName(p.oneOf(u"validation"_s, {u"off"_s, u"warn"_s, u"enforce"_s}));
             }
             if (p.has(u"status"_s)) {
                 change.status =
                     registerStatusFromName(p.oneOf(u"status"_s, {u"draft"_s, u"active"_s, u"deprecated"_s}));
             }
             if (p.has(u"schema"_s)) {
                 if (!params.value(u"schema"_s).isObject())
                     p.invalid(u"schema"_s, u"a JSON Schema object is expected"_s);
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
                 f = Failure(error::NotFound, {refusal::NoType, {{refusalparam::Type, type}}});
                 return {};
             }
             if (change.exposed && !*change.exposed) {
                 // Unexposing a type a subscription names would stop it silently: say so instead.
                 QStringList users;
                 for (const Subscription &sub : m_agent->subscriptions().all()) {
                     if (sub.types.patterns().contains(type))
                         users.append(sub.name);
                 }
                 if (!users.isEmpty()) {
                     f = Failure(error::Conflict, {refusal::TypeInUse,
                                                   {{refusalparam::Type, type},
                                                    {refusalparam::Names, QJsonArray::fromStringList(users)}}});
                     return {};
                 }
             }
             QString why;
             if (!reg.update(type, change, &why)) {
                 f = Failure(error::Refused, {refusal::Refused, {{refusalparam::Why, why}}});
                 return {};
             }
             return reg.entry(type)->toJson(true);
         }});

    m_methods.insert(
        method::RegisterExport,
        {false, [this](Client &, const QJsonObject &params, Failure &f) -> QJsonValue {
             ErrorReason problem;
             const QString format = Params(params, problem).string(u"format"_s, true);
             const CatalogueInfo info{u"Sluice event catalogue"_s, QCoreApplication::applicationVersion(), QString()};
             const QList<RegisterEntry> entries = m_agent->eventRegister().entries();
             if (problem.isEmpty() && format == u"asyncapi")
                 return QJsonObject{{u"format"_s, format}, {u"document"_s, asyncApiDocument(entries, info)}};
             if (problem.isEmpty() && format == u"markdown")
                 return QJsonObject{{u"format"_s, format}, {u"document"_s, markdownCatalogue(entries, info)}};
             if (problem.isEmpty() && format == u"html")
                 return QJsonObject{{u"format"_s, format}, {u"document"_s, htmlCatalogue(entries, info)}};
             f = Failure(error::InvalidParams,
                         problem.isEmpty() ? ErrorReason{refusal::NotOneOf,
                                                         {{refusalparam::Param, u"format"_s},
                                                          {refusalparam::Choices,
                                                           QJsonArray{u"asyncapi"_s, u"markdown"_s, u"html"_s}}}}
                                           : problem);
             return {};
         }});

    m_methods.insert(method::RegisterRejections,
                     {false, [this](Client &, const QJsonObject &, Failure &) -> QJsonValue {
                          QJsonArray list;
                          const auto rejections = m_agent->eventRegister().rejections();
                          for (auto it = rejections.crbegin(); it != rejections.crend(); ++it) {
                              list.append(QJsonObject{{u"at"_s, CloudEvent::rfc3339(it->at)},
                                                      {u"type"_s, it->type},
                                                      {u"origin"_s, it->origin},
                                                      {u"reason"_s, it->reason}});
                          }
                          return QJsonObject{{u"rejections"_s, list}};
                      }});
}

} // namespace sluice::agent
