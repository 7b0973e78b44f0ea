#pragma once

#include "admin/adminhandler.h"

#include <QTimer>

#include <optional>

namespace sluice::agent {

class JobsHandler;
struct DeliveryQuery;
struct ReplayRequest;

// deliveries.*: the deliveries with their status, retrying and discarding them, one by one or all
// that match (a job), and replays (jobs, in JobsHandler). Tells every console within a second that
// deliveries needing attention changed: a new dead letter, a failed attempt, a subscription held
// back or let go, a retry or discard.
class DeliveriesHandler : public AdminHandler {
    Q_OBJECT

public:
    DeliveriesHandler(Agent *agent, JobsHandler *jobs, QObject *parent = nullptr);

    QList<AdminMethod> methods() override;
    void start() override;

private:
    QJsonValue list(AdminCall &call);
    QJsonValue get(AdminCall &call);
    QJsonValue change(AdminCall &call, bool retry); // retry or discard a selection
    QJsonValue retryAll(AdminCall &call);
    QJsonValue replay(AdminCall &call);
    std::optional<ReplayRequest> replayRequest(AdminCall &call) const;
    static DeliveryQuery query(const AdminCall &call);
    void tell();

    JobsHandler *m_jobs;
    QTimer m_tell;
    // What the "deliveries" notification last told: a change to it is told again.
    QByteArray m_seen;
    quint64 m_changes = 0; // retries and discards made through this API
};

} // namespace sluice::agent
