#pragma once

#include "admin/adminhandler.h"
#include "statssnapshot.h"

#include <QElapsedTimer>
#include <QHash>
#include <QSet>
#include <QTimer>

#include <memory>

namespace sluice::agent {

struct AgentStats;

// stats.*: the agent's figures (shared/statssnapshot.h), once or every second to the sessions that
// subscribed; keeps the rates per second that those figures carry.
class StatsHandler : public AdminHandler {
    Q_OBJECT

public:
    explicit StatsHandler(Agent *agent, QObject *parent = nullptr);
    ~StatsHandler() override;

    QList<AdminMethod> methods() override;
    void start() override;
    void sessionClosed(quint64 session) override { m_subscribed.remove(session); }

private:
    StatsSnapshot stats() const;
    void tick();

    QSet<quint64> m_subscribed;
    QTimer m_tick;
    QElapsedTimer m_uptime;
    StatsSnapshot::Rates m_rates;
    std::unique_ptr<AgentStats> m_previous;
    QHash<QString, std::pair<quint64, quint64>> m_previousBySubscription; // delivered, failed attempts
    QHash<QString, std::pair<qint64, qint64>> m_subscriptionRates;        // delivered, failed in the last second
};

} // namespace sluice::agent
