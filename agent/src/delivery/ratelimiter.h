#pragma once

#include <QtGlobal>

namespace sluice::agent {

// A token bucket: `rate` events per second on average, bursts of up to one second's worth (the
// bucket starts full). Pure: time is a parameter.
class RateLimiter {
public:
    // The rate in force: the subscription's own and the one its endpoint allowed in the validation
    // handshake, whichever is lower; 0 (or less) means none was set.
    static double effective(double configured, double allowed);

    void setRate(double perSecond);
    double rate() const { return m_rate; }
    bool limited() const { return m_rate > 0; }

    // How many of `wanted` events may go at `at` (all of them when unlimited); they are taken from
    // the bucket. When none may go, *nextAt says when the next one may.
    int take(int wanted, qint64 at, qint64 *nextAt = nullptr);
    // No event may go at `at`: the bucket is empty (for status views; nothing is taken).
    bool exhausted(qint64 at) const;

private:
    double tokensAt(qint64 at) const; // what the bucket holds at `at`, nothing taken
    void refill(qint64 at);

    double m_rate = 0;
    double m_tokens = 0;
    qint64 m_tokensAt = 0;
};

} // namespace sluice::agent
