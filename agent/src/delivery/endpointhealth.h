#pragma once

#include <QString>

#include <algorithm>
#include <chrono>

namespace sluice::agent {

struct HealthRules {
    int breakerFailures = 5; // consecutive failures that open the circuit
    std::chrono::milliseconds breakerCooldown{std::chrono::seconds(30)};
    std::chrono::milliseconds disableAfter{std::chrono::hours(72)}; // failing this long disables
};

// One endpoint's circuit breaker, pauses and disabling (docs/delivery.md). Closed: requests go out
// up to the concurrency. After breakerFailures failures in a row the circuit opens: nothing goes
// out until the cool-down ends, then one probe at a time (half open) until one succeeds. Failing
// without a success for disableAfter disables the subscription. Pure: time is a parameter.
class EndpointHealth {
public:
    enum class Change { None, Opened, Closed, Disabled };

    explicit EndpointHealth(HealthRules rules = {});

    // A 2xx answer.
    Change succeeded();
    // A failed attempt that started at startedAt and ended at at; reason is kept for the texts.
    Change failed(qint64 startedAt, qint64 at, const QString &reason);
    // The endpoint asked for a pause (Retry-After): alive, not failing.
    void pauseUntil(qint64 until);
    // Enabled again by an operator: everything forgotten.
    void reset();

    // How many requests may start now, given this many free slots: none while paused, one probe
    // at a time while the circuit is half open.
    int allowance(int freeSlots, qint64 at) const;
    // A probe started (half open) or ended.
    void setProbing(bool probing) { m_probing = probing; }

    bool breakerOpen() const { return m_breakerOpen; }
    int failures() const { return m_failures; }
    qint64 failingSince() const { return m_failingSince; }
    qint64 pausedUntil() const { return std::max(m_retryAfterUntil, m_cooldownUntil); }
    bool pausedAt(qint64 at) const { return at < pausedUntil(); }
    // Why the last failed() disabled the endpoint.
    QString disabledReason() const { return m_disabledReason; }
    // While the circuit is open: since when, and when the next probe may go.
    qint64 openedAt() const { return m_openedAt; }
    qint64 probeAt() const { return m_cooldownUntil; }
    qint64 retryAfterUntil() const { return m_retryAfterUntil; }
    QString lastFailure() const { return m_lastFailure; }

private:
    HealthRules m_rules;
    int m_failures = 0; // consecutive
    qint64 m_failingSince = 0;
    qint64 m_retryAfterUntil = 0; // the endpoint asked for a pause
    qint64 m_cooldownUntil = 0;   // the open circuit's cool-down; a success ends it
    bool m_breakerOpen = false;
    bool m_probing = false;
    qint64 m_openedAt = 0;
    QString m_lastFailure;
    QString m_disabledReason;
};

} // namespace sluice::agent
