#include "delivery/ratelimiter.h"

#include <algorithm>
#include <cmath>

namespace sluice::agent {

double RateLimiter::effective(double configured, double allowed)
{
    if (configured > 0 && allowed > 0)
        return std::min(configured, allowed);
    return configured > 0 ? configured : std::max(allowed, 0.0);
}

void RateLimiter::setRate(double perSecond)
{
    m_rate = std::max(perSecond, 0.0);
    m_tokens = std::min(m_tokens, m_rate);
}

double RateLimiter::tokensAt(qint64 at) const
{
    if (m_tokensAt == 0) // the first request: a full bucket
        return m_rate;
    // A clock that went back gives no tokens for the lost time.
    return std::min(m_rate, m_tokens + double(std::max<qint64>(0, at - m_tokensAt)) * m_rate / 1000.0);
}

void RateLimiter::refill(qint64 at)
{
    m_tokens = tokensAt(at);
    m_tokensAt = at;
}

bool RateLimiter::exhausted(qint64 at) const
{
    return limited() && tokensAt(at) < 1;
}

int RateLimiter::take(int wanted, qint64 at, qint64 *nextAt)
{
    if (!limited() || wanted <= 0)
        return std::max(wanted, 0);
    refill(at);
    if (m_tokens < 1) {
        if (nextAt)
            *nextAt = at + qint64(std::ceil((1 - m_tokens) * 1000.0 / m_rate));
        return 0;
    }
    const int granted = std::min(wanted, int(m_tokens));
    m_tokens -= granted;
    return granted;
}

} // namespace sluice::agent
