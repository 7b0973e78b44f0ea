#pragma once

#include "admin/adminhandler.h"

#include <QTimer>

namespace sluice::agent {

// register.*: the event types, their schemas and examples, exports; tells every console within a
// second which types' definitions changed (by anyone, or another agent sharing the store).
class RegisterHandler : public AdminHandler {
    Q_OBJECT

public:
    explicit RegisterHandler(Agent *agent, QObject *parent = nullptr);

    QList<AdminMethod> methods() override;
    void start() override;

private:
    QJsonValue list(AdminCall &call);
    QJsonValue get(AdminCall &call);
    QJsonValue update(AdminCall &call);
    QJsonValue exportCatalogue(AdminCall &call);
    QJsonValue rejections(AdminCall &call);
    void announce();

    QTimer m_announce;
};

} // namespace sluice::agent
