#pragma once

#include <QList>
#include <QStringList>
#include <QUrl>

namespace sluice::console {

// A saved agent: where it is and which self-signed certificates the administrator trusted for it.
// Its token lives in the keychain (TokenVault) under its name, never here.
struct AgentProfile {
    QString name;
    QUrl url;
    QStringList trustedFingerprints; // SHA-256, hex with colons
};

QList<AgentProfile> loadProfiles();
void saveProfiles(const QList<AgentProfile> &profiles);
// The saved one of that name replaced or added, most recently used first.
void rememberProfile(const AgentProfile &profile);

} // namespace sluice::console
