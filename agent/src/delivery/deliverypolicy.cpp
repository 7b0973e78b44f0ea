#include "delivery/deliverypolicy.h"

#include "deliverystatus.h"

#include <QDateTime>
#include <QLocale>

#include <algorithm>

using namespace Qt::Literals::StringLiterals;

namespace sluice::agent {

QString AttemptResult::describe() const
{
    if (status > 0)
        return u"HTTP %1 %2"_s.arg(status).arg(QString::fromLatin1(reasonPhrase)).trimmed();
    return transportError;
}

DeliveryPolicy::DeliveryPolicy(RetryRules rules)
    : m_rules(std::move(rules))
{
}

bool DeliveryPolicy::isFinalRefusal(int status)
{
    return status == 400 || status == 401 || status == 403 || status == 404 || status == 413;
}

qint64 DeliveryPolicy::retryAfterMs(const QByteArray &value, qint64 at)
{
    const QByteArray text = value.trimmed();
    if (text.isEmpty())
        return -1;
    bool ok = false;
    const qint64 seconds = text.toLongLong(&ok);
    if (ok)
        return seconds >= 0 ? seconds * 1000 : -1;
    QDateTime date = QLocale::c().toDateTime(QString::fromLatin1(text), u"ddd, dd MMM yyyy HH:mm:ss 'GMT'"_s);
    if (!date.isValid())
        return -1;
    date.setTimeSpec(Qt::UTC);
    return std::max<qint64>(0, date.toMSecsSinceEpoch() - at);
}

qint64 DeliveryPolicy::retryDelay(int attemptsMade, double random) const
{
    const qint64 base = m_rules.schedule.at(attemptsMade).count();
    if (base <= 0 || m_rules.jitter <= 0)
        return base;
    // Spread retries so endpoints recovering from an outage are not hit by a synchronised wave.
    const double spread = double(base) * m_rules.jitter;
    return qint64(double(base) - spread + 2 * spread * std::clamp(random, 0.0, 1.0));
}

Verdict DeliveryPolicy::judge(const AttemptResult &result, int attemptsBefore, qint64 at, double random) const
{
    Verdict v;
    v.attempts = attemptsBefore + 1;
    const int status = result.status;
    if (status >= 200 && status < 300) {
        v.code = reason::Delivered;
        return v;
    }
    const QString said = result.describe();
    v.last = said;
    if (status == 410) {
        v.delivery = Verdict::Delivery::Gone;
        v.endpoint = Verdict::Endpoint::Unsubscribed;
        v.attempts = attemptsBefore;
        v.retryAt = at;
        v.reason = said + u": the receiver unsubscribed; the subscription is disabled"_s;
        v.code = reason::Gone;
        return v;
    }
    if (isFinalRefusal(status)) {
        v.delivery = Verdict::Delivery::Dead;
        v.endpoint = Verdict::Endpoint::Untouched;
        v.reason = said + u": not retried, the endpoint refuses this event (400, 401, 403, 404 and 413 are final)"_s;
        v.code = reason::Refused;
        return v;
    }
    qint64 retryAfter = (status == 429 || status == 503) ? retryAfterMs(result.retryAfter, at) : -1;
    if (retryAfter >= 0) {
        retryAfter = std::min<qint64>(retryAfter, m_rules.maxRetryAfter.count());
        v.endpoint = Verdict::Endpoint::Paused;
        v.pauseUntil = at + retryAfter;
    } else {
        v.endpoint = Verdict::Endpoint::Failing;
    }
    if (v.attempts >= m_rules.schedule.size()) {
        v.delivery = Verdict::Delivery::Dead;
        v.reason = u"gave up after its retry schedule ran out; last: %1"_s.arg(said);
        v.code = reason::GaveUp;
        return v;
    }
    v.delivery = Verdict::Delivery::Retry;
    v.retryAt = at + std::max(retryDelay(v.attempts, random), retryAfter);
    v.code = reason::RetryScheduled;
    if (retryAfter >= 0)
        v.last += u" (Retry-After: %1 s)"_s.arg(double(retryAfter) / 1000.0);
    v.reason = v.last;
    return v;
}

Verdict DeliveryPolicy::unencodable(const QString &why, int attemptsBefore) const
{
    Verdict v;
    v.delivery = Verdict::Delivery::Dead;
    v.endpoint = Verdict::Endpoint::Untouched;
    v.attempts = attemptsBefore;
    v.reason = u"cannot encode the event for HTTP: %1"_s.arg(why);
    v.last = why;
    v.code = reason::Unencodable;
    return v;
}

} // namespace sluice::agent
