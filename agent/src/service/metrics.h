#pragma once

#include <QByteArray>
#include <QString>

namespace sluice::agent {

class Agent;
class CallbackService;

// The agent's figures in the Prometheus text exposition format (version 0.0.4), for /metrics;
// callbacks: null when none are configured.
QByteArray prometheusText(Agent &agent, const QString &version, const CallbackService *callbacks = nullptr);

} // namespace sluice::agent
