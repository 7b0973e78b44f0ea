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
                          const QString search = p.string(registry::Search).trimmed();
                          const QString status = p.oneOf(registry::Status, registerStatusNames());
                          const std::optional<bool> exposed = p.boolean(registry::Exposed);
                          const int offset = p.integer(page::Offset, 0, 0, INT_MAX);
                          const int limit = p.integer(page::Limit, 100, 1, kMaxPage);
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
                          return page(slice, registry::Entries, matching.size(), offset);
                      }});

    m_methods.insert(method::RegisterGet,
                     {false, [this](Client &, const QJsonObject &params, Failure &f) -> QJsonValue {
                          ErrorReason problem;
                          const QString type = Params(params, problem).string(registry::Type, true);
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
                          json.insert(registry::Subscriptions, usedBy);
                          return json;
                      }});

    m_methods.insert(
        method::RegisterUpdate,
        {true, [this](Client &, const QJsonObject &params, Failure &f) -> QJsonValue {
             ErrorReason problem;
             Params p(params, problem);
             const QString type = p.string(registry::Type, true);
             EventRegister::Change change;
             if (p.has(registry::Name))
                 change.name = LocalizedText::fromJson(params.value(registry::Name));
             if (p.has(registry::Description))
                 change.description = LocalizedText::fromJson(params.value(registry::Description));
             change.exposed = p.boolean(registry::Exposed);
             if (p.has(registry::Validation)) {
                 change.validation = validationPolicyFromName(p.oneOf(registry::Validation, validationPolicyNames()));
             }
             if (p.has(registry::Status)) {
                 change.status = registerStatusFromName(p.oneOf(registry::Status, registerStatusNames()));
             }
             if (p.has(registry::Schema)) {
                 if (!params.value(registry::Schema).isObject())
                     p.invalid(registry::Schema, u"a JSON Schema object is expected"_s);
                 change.schema = params.value(registry::Schema).toObject();
             }
             if (p.has(registry::Example))
                 change.example = params.value(registry::Example);
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
             const QString format = Params(params, problem).string(registry::Format, true);
             const CatalogueInfo info{u"Sluice event catalogue"_s, QCoreApplication::applicationVersion(), QString()};
             const QList<RegisterEntry> entries = m_agent->eventRegister().entries();
             if (problem.isEmpty() && format == u"asyncapi")
                 return QJsonObject{{registry::Format, format}, {registry::Document, asyncApiDocument(entries, info)}};
             if (problem.isEmpty() && format == u"markdown")
                 return QJsonObject{{registry::Format, format}, {registry::Document, markdownCatalogue(entries, info)}};
             if (problem.isEmpty() && format == u"html")
                 return QJsonObject{{registry::Format, format}, {registry::Document, htmlCatalogue(entries, info)}};
             f = Failure(error::InvalidParams,
                         problem.isEmpty()
                             ? ErrorReason{refusal::NotOneOf,
                                           {{refusalparam::Param, registry::Format},
                                            {refusalparam::Choices,
                                             QJsonArray{registry::AsyncApi, registry::Markdown, registry::Html}}}}
                             : problem);
             return {};
         }});

    m_methods.insert(method::RegisterRejections,
                     {false, [this](Client &, const QJsonObject &, Failure &) -> QJsonValue {
                          QJsonArray list;
                          const auto rejections = m_agent->eventRegister().rejections();
                          for (auto it = rejections.crbegin(); it != rejections.crend(); ++it) {
                              list.append(QJsonObject{{registry::At, CloudEvent::rfc3339(it->at)},
                                                      {registry::Type, it->type},
                                                      {registry::Origin, it->origin},
                                                      {registry::Reason, it->reason}});
                          }
                          return QJsonObject{{registry::Rejections, list}};
                      }});
}

} // namespace sluice::agent
