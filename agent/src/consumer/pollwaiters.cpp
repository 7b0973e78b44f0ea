#include "consumer/pollwaiters.h"

#include "service/deferredanswer.h"

#include <QDateTime>

namespace sluice::agent {

namespace {

constexpr int kCoalesceMs = 50;
constexpr int kClockMs = 250;
constexpr int kLookEveryTicks = 4; // a look each second even without a wake (a missed announcement)

} // namespace

PollWaiters::PollWaiters(int capacity)
    : m_capacity(capacity)
{
    m_soon.setSingleShot(true);
    m_soon.setInterval(kCoalesceMs);
    connect(&m_soon, &QTimer::timeout, this, [this] { look(true); });
    m_clock.setInterval(kClockMs);
    connect(&m_clock, &QTimer::timeout, this, [this] { look(++m_ticks % kLookEveryTicks == 0); });
}

PollWaiters::~PollWaiters() = default;

void PollWaiters::park(qint64 deadlineMs, std::shared_ptr<DeferredAnswer> answer, Look look)
{
    m_waiters.push_back({deadlineMs, std::move(answer), std::move(look)});
    if (!m_clock.isActive())
        m_clock.start();
}

void PollWaiters::wake()
{
    if (!m_waiters.empty() && !m_soon.isActive())
        m_soon.start();
}

// Each waiter whose caller is still there looks again (when asked to, or when its time is up);
// those answered or gone leave the list.
void PollWaiters::look(bool again)
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    std::vector<Waiter> waiting = std::exchange(m_waiters, {});
    for (Waiter &w : waiting) {
        if (w.answer->clientLeft())
            continue;
        const bool last = now >= w.deadline;
        if (!again && !last) {
            m_waiters.push_back(std::move(w));
            continue;
        }
        std::optional<QHttpServerResponse> response = w.look(last);
        if (response)
            w.answer->answer(*response);
        else
            m_waiters.push_back(std::move(w));
    }
    if (m_waiters.empty())
        m_clock.stop();
}

} // namespace sluice::agent
