#include "jobprogress.h"

namespace sluice {

namespace key = protocol::job;

QJsonObject JobProgress::toJson() const
{
    QJsonObject json{{key::Id, id},       {key::Kind, kind}, {key::State, state},
                     {key::Total, total}, {key::Done, done}, {key::Matched, matched}};
    if (replay()) {
        json.insert(key::Subscription, subscription);
        json.insert(key::Unreadable, unreadable);
        json.insert(key::Stored, stored);
        json.insert(key::Gaps, gaps);
        json.insert(key::Examples, examples);
        json.insert(key::StartedAt, startedAt);
        json.insert(key::EndedAt, endedAt);
    } else {
        json.insert(key::Retried, retried);
    }
    if (!error.isEmpty())
        json.insert(key::Error, error);
    return json;
}

JobProgress JobProgress::fromJson(const QJsonObject &json)
{
    JobProgress job;
    job.id = json.value(key::Id).toString();
    job.kind = json.value(key::Kind).toString();
    job.state = json.value(key::State).toString();
    job.total = json.value(key::Total).toInteger();
    job.done = json.value(key::Done).toInteger();
    job.matched = json.value(key::Matched).toInteger();
    job.retried = json.value(key::Retried).toInteger();
    job.error = json.value(key::Error).toString();
    job.subscription = json.value(key::Subscription).toString();
    job.unreadable = json.value(key::Unreadable).toInteger();
    job.stored = json.value(key::Stored).toInteger();
    job.gaps = json.value(key::Gaps).toArray();
    job.examples = json.value(key::Examples).toArray();
    job.startedAt = json.value(key::StartedAt).toInteger();
    job.endedAt = json.value(key::EndedAt).toInteger();
    return job;
}

} // namespace sluice
