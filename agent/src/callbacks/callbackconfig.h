#pragma once

#include <QJsonValue>
#include <QStringList>

namespace sluice::agent {

struct AgentConfig;

// Reads the "callbacks" array into config->callbacks, checked against what is already read: the
// topic must be one the agent consumes, and the HTTP server must be on.
void readCallbacks(const QJsonValue &value, AgentConfig *config, QStringList *errors);

} // namespace sluice::agent
