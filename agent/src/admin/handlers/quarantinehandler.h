#pragma once

#include "admin/adminhandler.h"

namespace sluice::agent {

// quarantine.*: the messages the agent could not take as events, with their reasons; discarding them.
class QuarantineHandler : public AdminHandler {
    Q_OBJECT

public:
    using AdminHandler::AdminHandler;

    QList<AdminMethod> methods() override;

private:
    QJsonValue list(AdminCall &call);
    QJsonValue get(AdminCall &call);
    QJsonValue discard(AdminCall &call);
};

} // namespace sluice::agent
