#pragma once

#include <QHttpServerResponse>
#include <QObject>
#include <QTimer>

#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace sluice::agent {

class DeferredAnswer;

// Long polls (GET /subscriptions/{id}/events?wait=S) that found nothing new wait here, each with
// its own way to look again, until deliveries are stored (by this agent or, in a shared store, by
// another), their time is up (then they are answered with what there is: an empty batch), or their
// caller leaves. Looks are coalesced: many stored batches in a row make one look.
class PollWaiters : public QObject {
    Q_OBJECT

public:
    // Looks again; std::nullopt: still nothing, keep waiting. last: the time is up, answer anyway.
    using Look = std::function<std::optional<QHttpServerResponse>(bool last)>;

    explicit PollWaiters(int capacity = 1000);
    ~PollWaiters() override;

    bool hasRoom() const { return int(m_waiters.size()) < m_capacity; }
    int waiting() const { return int(m_waiters.size()); }
    void park(qint64 deadlineMs, std::shared_ptr<DeferredAnswer> answer, Look look);
    // Something was stored: every waiter looks again shortly.
    void wake();

private:
    void look(bool again);

    struct Waiter {
        qint64 deadline;
        std::shared_ptr<DeferredAnswer> answer;
        Look look;
    };
    int m_capacity;
    std::vector<Waiter> m_waiters;
    QTimer m_soon;  // after a wake: one look for many stored batches
    QTimer m_clock; // while anyone waits: deadlines, callers who left, and a look now and then
    int m_ticks = 0;
};

} // namespace sluice::agent
