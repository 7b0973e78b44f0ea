#include "admin/handlers/quarantinehandler.h"
#include "admin/adminjson.h"
#include "admin/adminparams.h"

#include "agent.h"
#include "protocol.h"
#include "queue/store.h"

using namespace Qt::Literals::StringLiterals;
using namespace sluice::protocol;

namespace sluice::agent {

QList<AdminMethod> QuarantineHandler::methods()
{
    return {
        {method::QuarantineList, false, pageParams(), [this](AdminCall &call) { return list(call); }},
        {method::QuarantineGet,
         false,
         {ParamSpec::integer(deliveryquery::Id, 1, INT_MAX).require()},
         [this](AdminCall &call) { return get(call); }},
        {method::QuarantineDiscard,
         true,
         {ParamSpec::integers(deliveryquery::Ids, 1, LLONG_MAX).require()},
         [this](AdminCall &call) { return discard(call); }},
    };
}

QJsonValue QuarantineHandler::list(AdminCall &call)
{
    const int offset = int(call.integer(page::Offset, 0));
    qint64 total = 0;
    const QJsonArray messages =
        adminjson::array(m_agent->store().queue().quarantine(offset, int(call.integer(page::Limit, 100)), &total),
                         [](const QuarantineRecord &r) { return adminjson::quarantined(r, false); });
    return adminparams::page(messages, deliveryquery::Messages, total, offset);
}

QJsonValue QuarantineHandler::get(AdminCall &call)
{
    const qint64 id = call.integer(deliveryquery::Id, 0);
    const auto record = m_agent->store().queue().quarantined(id);
    if (!record)
        return call.refuse(error::NotFound, {refusal::NoMessage, {{refusalparam::Id, id}}});
    return adminjson::quarantined(*record, true);
}

QJsonValue QuarantineHandler::discard(AdminCall &call)
{
    QList<qint64> ids;
    for (const QJsonValue &id : call.params.value(deliveryquery::Ids).toArray())
        ids.append(id.toInteger());
    QString why;
    const int removed = m_agent->store().queue().discardQuarantined(ids, &why);
    if (removed < 0)
        return call.refuse(AdminFailure::storeRefused(why));
    return QJsonObject{{deliveryquery::Discarded, removed}, {deliveryquery::Unchanged, ids.size() - removed}};
}

} // namespace sluice::agent
