#include "callbacks/callbackconfig.h"

#include "config.h"
#include "configreader.h"

#include <QJsonArray>
#include <QRegularExpression>

using namespace Qt::Literals::StringLiterals;

namespace sluice::agent {

namespace {

CallbackConfig readCallback(ConfigReader &c, const QString &prefix, const AgentConfig &config, QStringList *errors)
{
    c.allow({u"name"_s, u"topic"_s, u"tokenFile"_s, u"signingSecretFile"_s, u"signatureTolerance"_s, u"mapping"_s,
             u"challengeParameter"_s, u"challengeMember"_s, u"ackTimeout"_s});
    CallbackConfig callback;
    callback.name = c.string(u"name"_s);
    static const QRegularExpression name(u"^[a-z0-9][a-z0-9._-]{0,63}$"_s);
    if (!name.match(callback.name).hasMatch())
        c.error(u"name"_s, u"name the callback with up to 64 of a-z, 0-9, '.', '_' and '-': it is the last part "
                           u"of its URL, /callbacks/NAME"_s);
    callback.topic = c.string(u"topic"_s);
    if (callback.topic.isEmpty())
        c.error(u"topic"_s, u"name the Kafka topic the callers' events are produced to"_s);
    else if (!config.kafka.consumes(callback.topic))
        c.error(u"topic"_s, u"\"%1\" is not among kafka.topics: the agent would never read the events produced "
                            u"to it; add it there"_s.arg(callback.topic));
    callback.tokenFile = c.string(u"tokenFile"_s);
    callback.signingSecretFile = c.string(u"signingSecretFile"_s);
    if (callback.tokenFile.isEmpty() && callback.signingSecretFile.isEmpty())
        c.error(u"tokenFile"_s, u"say how callers prove who they are: a \"tokenFile\" (a secret token in the URL), "
                                u"a \"signingSecretFile\" (Standard Webhooks signatures), or both"_s);
    callback.signatureTolerance = c.duration(u"signatureTolerance"_s, callback.signatureTolerance);
    if (c.raw().contains(u"mapping"_s)) {
        ConfigReader m(c.object(u"mapping"_s), prefix + u"mapping."_s, errors);
        m.allow({u"type"_s, u"typePointer"_s, u"source"_s, u"idPointer"_s, u"subjectPointer"_s, u"timePointer"_s,
                 u"dataPointer"_s});
        MappingRule rule;
        readMappingFields(m, &rule);
        callback.mapping = rule;
    }
    callback.challengeParameter = c.string(u"challengeParameter"_s, callback.challengeParameter);
    callback.challengeMember = c.pointer(u"challengeMember"_s);
    callback.ackTimeout = c.duration(u"ackTimeout"_s, callback.ackTimeout);
    if (callback.ackTimeout < std::chrono::seconds(1) || callback.ackTimeout > std::chrono::minutes(5))
        c.error(u"ackTimeout"_s, u"must be from 1s to 5m"_s);
    return callback;
}

} // namespace

void readCallbacks(const QJsonValue &value, AgentConfig *config, QStringList *errors)
{
    if (value.isUndefined())
        return;
    if (!value.isArray()) {
        errors->append(u"callbacks: must be an array of callback objects"_s);
        return;
    }
    const QJsonArray array = value.toArray();
    if (!array.isEmpty() && config->http.listen.isEmpty())
        errors->append(u"callbacks: callers reach them on the HTTP server; set http.listen"_s);
    QStringList names;
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QString prefix = u"callbacks[%1]."_s.arg(i);
        ConfigReader c(array.at(i).toObject(), prefix, errors);
        if (!array.at(i).isObject())
            errors->append(u"callbacks[%1]: must be an object"_s.arg(i));
        CallbackConfig callback = readCallback(c, prefix, *config, errors);
        if (names.contains(callback.name))
            c.error(u"name"_s, u"\"%1\" is used twice; names must be unique"_s.arg(callback.name));
        names.append(callback.name);
        config->callbacks.append(callback);
    }
}

} // namespace sluice::agent
