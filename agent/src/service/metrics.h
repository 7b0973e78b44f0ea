#pragma once

#include <QByteArray>
#include <QString>

namespace sluice::agent {

class Agent;

// The agent's figures in the Prometheus text exposition format (version 0.0.4), for /metrics.
QByteArray prometheusText(Agent &agent, const QString &version);

} // namespace sluice::agent
