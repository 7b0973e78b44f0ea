#include "admin/handlers/audithandler.h"
#include "admin/adminjson.h"
#include "admin/adminparams.h"

#include "agent.h"
#include "protocol.h"
#include "queue/store.h"

using namespace sluice::protocol;

namespace sluice::agent {

QList<AdminMethod> AuditHandler::methods()
{
    return {{method::AuditList, false, pageParams(), [this](AdminCall &call) -> QJsonValue {
                 const int offset = int(call.integer(page::Offset, 0));
                 qint64 total = 0;
                 const QJsonArray entries = adminjson::array(
                     m_agent->store().audit().list(offset, int(call.integer(page::Limit, 100)), &total),
                     adminjson::audit);
                 return adminparams::page(entries, deliveryquery::Entries, total, offset);
             }}};
}

} // namespace sluice::agent
