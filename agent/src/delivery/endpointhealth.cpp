#include "delivery/endpointhealth.h"

#include <QDateTime>

using namespace Qt::Literals::StringLiterals;

namespace sluice::agent {

EndpointHealth::EndpointHealth(HealthRules rules)
    : m_rules(rules)
{
}

EndpointHealth::Change EndpointHealth::succeeded()
{
    const bool wasOpen = m_breakerOpen;
    m_failures = 0;
    m_failingSince = 0;
    m_breakerOpen = false;
    m_probing = false;
    m_cooldownUntil = 0;
    m_openedAt = 0;
    return wasOpen ? Change::Closed : Change::None;
}

EndpointHealth::Change EndpointHealth::failed(qint64 startedAt, qint64 at, const QString &reason)
{
    m_probing = false;
    ++m_failures;
    m_lastFailure = reason;
    if (m_failingSince == 0)
        m_failingSince = startedAt;
    if (at - m_failingSince >= m_rules.disableAfter.count()) {
        m_disabledReason = u"failing since %1 (%2 failures in a row, last: %3); delivery.disableAfter is %4 ms"_s
                               .arg(QDateTime::fromMSecsSinceEpoch(m_failingSince, Qt::UTC).toString(Qt::ISODate))
                               .arg(m_failures)
                               .arg(reason)
                               .arg(m_rules.disableAfter.count());
        return Change::Disabled;
    }
    if (!m_breakerOpen && m_failures < m_rules.breakerFailures)
        return Change::None;
    // Open (again, if a probe failed): stop hammering it, probe it after the cool-down.
    const bool opened = !m_breakerOpen;
    if (opened)
        m_openedAt = at;
    m_breakerOpen = true;
    m_cooldownUntil = at + m_rules.breakerCooldown.count();
    return opened ? Change::Opened : Change::None;
}

void EndpointHealth::pauseUntil(qint64 until)
{
    m_probing = false;
    m_retryAfterUntil = std::max(m_retryAfterUntil, until);
}

void EndpointHealth::reset()
{
    *this = EndpointHealth(m_rules);
}

int EndpointHealth::allowance(int freeSlots, qint64 at) const
{
    if (pausedAt(at) || freeSlots <= 0)
        return 0;
    if (m_breakerOpen) // half open
        return m_probing ? 0 : 1;
    return freeSlots;
}

} // namespace sluice::agent
