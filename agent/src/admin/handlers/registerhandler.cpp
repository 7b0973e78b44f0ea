#include "admin/handlers/registerhandler.h"
#include "admin/adminparams.h"

#include "agent.h"
#include "protocol.h"
#include "register/register.h"
#include "register/registerexport.h"
#include "subscriptions/subscriptionregistry.h"

#include <QCoreApplication>

using namespace Qt::Literals::StringLiterals;
using namespace sluice::protocol;

namespace sluice::agent {

RegisterHandler::RegisterHandler(Agent *agent, QObject *parent)
    : AdminHandler(agent, parent)
{
    m_announce.setInterval(1000);
    connect(&m_announce, &QTimer::timeout, this, &RegisterHandler::announce);
}

QList<AdminMethod> RegisterHandler::methods()
{
    const QStringList formats{registry::AsyncApi, registry::Markdown, registry::Html};
    return {
        {method::RegisterList, false,
         ParamSpecs{ParamSpec::string(registry::Search), ParamSpec::oneOf(registry::Status, registerStatusNames()),
                    ParamSpec::boolean(registry::Exposed)} +
             pageParams(),
         [this](AdminCall &call) { return list(call); }},
        {method::RegisterGet,
         false,
         {ParamSpec::string(registry::Type).require()},
         [this](AdminCall &call) { return get(call); }},
        {method::RegisterUpdate,
         true,
         {ParamSpec::string(registry::Type).require(), ParamSpec::text(registry::Name),
          ParamSpec::text(registry::Description), ParamSpec::boolean(registry::Exposed),
          ParamSpec::oneOf(registry::Validation, validationPolicyNames()),
          ParamSpec::oneOf(registry::Status, registerStatusNames()), ParamSpec::object(registry::Schema),
          ParamSpec::any(registry::Example)},
         [this](AdminCall &call) { return update(call); }},
        {method::RegisterExport,
         false,
         {ParamSpec::oneOf(registry::Format, formats).require()},
         [this](AdminCall &call) { return exportCatalogue(call); }},
        {method::RegisterRejections, false, {}, [this](AdminCall &call) { return rejections(call); }},
    };
}

void RegisterHandler::start()
{
    m_announce.start();
}

void RegisterHandler::announce()
{
    const QStringList types = m_agent->eventRegister().takeAnnounced();
    if (!types.isEmpty())
        emit broadcast(notify(notification::Register, {{registry::Types, QJsonArray::fromStringList(types)}}));
}

QJsonValue RegisterHandler::list(AdminCall &call)
{
    const QString search = call.string(registry::Search).trimmed();
    const QString status = call.string(registry::Status);
    const std::optional<bool> exposed = call.boolean(registry::Exposed);
    const int offset = int(call.integer(page::Offset, 0));
    const int limit = int(call.integer(page::Limit, 100));
    auto found = [&](const QString &text) { return text.contains(search, Qt::CaseInsensitive); };
    QJsonArray matching;
    for (const RegisterEntry &e : m_agent->eventRegister().entries()) {
        if (!status.isEmpty() && registerStatusName(e.status) != status)
            continue;
        if (exposed && e.exposed != *exposed)
            continue;
        if (!search.isEmpty() && !(found(e.type) || found(e.name.en) || found(e.name.nl) || found(e.description.en) ||
                                   found(e.description.nl) || found(e.module)))
            continue;
        matching.append(e.toJson(false));
    }
    QJsonArray slice;
    for (qsizetype i = offset; i < matching.size() && slice.size() < limit; ++i)
        slice.append(matching.at(i));
    return adminparams::page(slice, registry::Entries, matching.size(), offset);
}

QJsonValue RegisterHandler::get(AdminCall &call)
{
    const QString type = call.string(registry::Type);
    const auto entry = m_agent->eventRegister().entry(type);
    if (!entry)
        return call.refuse(error::NotFound, {refusal::NoType, {{refusalparam::Type, type}}});
    QJsonObject json = entry->toJson(true);
    QJsonArray usedBy;
    for (const Subscription &sub : m_agent->subscriptions().all()) {
        if (sub.types.matches(type))
            usedBy.append(sub.name);
    }
    json.insert(registry::Subscriptions, usedBy);
    return json;
}

QJsonValue RegisterHandler::update(AdminCall &call)
{
    const QJsonObject &params = call.params;
    const QString type = call.string(registry::Type);
    EventRegister::Change change;
    if (params.contains(registry::Name))
        change.name = LocalizedText::fromJson(params.value(registry::Name));
    if (params.contains(registry::Description))
        change.description = LocalizedText::fromJson(params.value(registry::Description));
    change.exposed = call.boolean(registry::Exposed);
    if (params.contains(registry::Validation))
        change.validation = validationPolicyFromName(call.string(registry::Validation));
    if (params.contains(registry::Status))
        change.status = registerStatusFromName(call.string(registry::Status));
    if (params.contains(registry::Schema))
        change.schema = params.value(registry::Schema).toObject();
    if (params.contains(registry::Example))
        change.example = params.value(registry::Example);
    EventRegister &reg = m_agent->eventRegister();
    if (!reg.entry(type))
        return call.refuse(error::NotFound, {refusal::NoType, {{refusalparam::Type, type}}});
    if (change.exposed && !*change.exposed) {
        // Unexposing a type a subscription names would stop it silently: say so instead.
        QStringList users;
        for (const Subscription &sub : m_agent->subscriptions().all()) {
            if (sub.types.patterns().contains(type))
                users.append(sub.name);
        }
        if (!users.isEmpty())
            return call.refuse(error::Conflict, {refusal::TypeInUse,
                                                 {{refusalparam::Type, type},
                                                  {refusalparam::Names, QJsonArray::fromStringList(users)}}});
    }
    QString why;
    if (!reg.update(type, change, &why))
        return call.refuse(AdminFailure::refused(why));
    return reg.entry(type)->toJson(true);
}

QJsonValue RegisterHandler::exportCatalogue(AdminCall &call)
{
    const QString format = call.string(registry::Format);
    const CatalogueInfo info{u"Sluice event catalogue"_s, QCoreApplication::applicationVersion(), QString()};
    const QList<RegisterEntry> entries = m_agent->eventRegister().entries();
    QString document;
    if (format == registry::AsyncApi)
        return QJsonObject{{registry::Format, format}, {registry::Document, asyncApiDocument(entries, info)}};
    if (format == registry::Markdown)
        document = markdownCatalogue(entries, info);
    else
        document = htmlCatalogue(entries, info);
    return QJsonObject{{registry::Format, format}, {registry::Document, document}};
}

QJsonValue RegisterHandler::rejections(AdminCall &)
{
    QJsonArray list;
    const auto rejections = m_agent->eventRegister().rejections();
    for (auto it = rejections.crbegin(); it != rejections.crend(); ++it) {
        list.append(QJsonObject{{registry::At, CloudEvent::rfc3339(it->at)},
                                {registry::Type, it->type},
                                {registry::Origin, it->origin},
                                {registry::Reason, it->reason}});
    }
    return QJsonObject{{registry::Rejections, list}};
}

} // namespace sluice::agent
