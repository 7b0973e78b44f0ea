#pragma once

#include "admin/adminhandler.h"

namespace sluice::agent {

// audit.list: every change made through the admin API, newest first.
class AuditHandler : public AdminHandler {
    Q_OBJECT

public:
    using AdminHandler::AdminHandler;

    QList<AdminMethod> methods() override;
};

} // namespace sluice::agent
