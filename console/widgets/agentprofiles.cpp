#include "agentprofiles.h"

#include <QSettings>

using namespace Qt::Literals::StringLiterals;

namespace sluice::console {

QList<AgentProfile> loadProfiles()
{
    QSettings settings;
    QList<AgentProfile> profiles;
    const int count = settings.beginReadArray(u"agents"_s);
    for (int i = 0; i < count; ++i) {
        settings.setArrayIndex(i);
        AgentProfile profile{settings.value(u"name"_s).toString(), settings.value(u"url"_s).toUrl(),
                             settings.value(u"trustedFingerprints"_s).toStringList()};
        if (!profile.name.isEmpty() && profile.url.isValid())
            profiles.append(profile);
    }
    settings.endArray();
    return profiles;
}

void saveProfiles(const QList<AgentProfile> &profiles)
{
    QSettings settings;
    settings.beginWriteArray(u"agents"_s, int(profiles.size()));
    for (int i = 0; i < profiles.size(); ++i) {
        settings.setArrayIndex(i);
        settings.setValue(u"name"_s, profiles.at(i).name);
        settings.setValue(u"url"_s, profiles.at(i).url);
        settings.setValue(u"trustedFingerprints"_s, profiles.at(i).trustedFingerprints);
    }
    settings.endArray();
}

void rememberProfile(const AgentProfile &profile)
{
    QList<AgentProfile> profiles = loadProfiles();
    profiles.removeIf([&](const AgentProfile &p) { return p.name == profile.name; });
    profiles.prepend(profile);
    saveProfiles(profiles);
}

} // namespace sluice::console
