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

void RateLimiter::refill(qint64 at)
{
    if (m_tokensAt == 0) { // the first request: a full bucket
        m_tokens = m_rate;
        m_tokensAt = at;
        return;
    }
    if (at < m_tokensAt) // the clock went back: no tokens for the lost time
        m_tokensAt = at;
    m_tokens = std::min(m_rate, m_tokens + double(at - m_tokensAt) * m_rate / 1000.0);
    m_tokensAt = at;
}

bool RateLimiter::exhausted(qint64 at) const
{
    if (!limited() || m_tokensAt == 0)
        return false;
    const double refilled = double(std::max<qint64>(0, at - m_tokensAt)) * m_rate / 1000.0;
    return std::min(m_rate, m_tokens + refilled) < 1;
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
