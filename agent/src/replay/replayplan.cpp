#include "replay/replayplan.h"

#include <algorithm>

namespace sluice::agent {

namespace {

const PartitionWindow *windowOf(const QList<PartitionWindow> &windows, const QString &topic, int partition)
{
    for (const PartitionWindow &w : windows) {
        if (w.topic == topic && w.partition == partition)
            return &w;
    }
    return nullptr;
}

} // namespace

qint64 ReplayPlan::messages() const
{
    qint64 n = 0;
    for (const OffsetRange &r : ranges)
        n += r.size();
    return n;
}

ReplayPlan planByOffsets(const QList<PartitionWindow> &windows, const QList<OffsetRange> &asked)
{
    ReplayPlan plan;
    for (const OffsetRange &a : asked) {
        const PartitionWindow *w = windowOf(windows, a.topic, a.partition);
        if (!w)
            continue;
        const qint64 to = a.to < 0 ? w->high : std::min(a.to, w->high);
        if (a.from < w->low)
            plan.gaps.append({a.topic, a.partition, a.from, std::min(to, w->low)});
        const OffsetRange range{a.topic, a.partition, std::max(a.from, w->low), to};
        if (range.size() > 0)
            plan.ranges.append(range);
    }
    return plan;
}

ReplayPlan planByTime(const QList<PartitionWindow> &windows, const QList<TimeOffsets> &offsets)
{
    ReplayPlan plan;
    for (const TimeOffsets &t : offsets) {
        const PartitionWindow *w = windowOf(windows, t.topic, t.partition);
        if (!w)
            continue;
        const qint64 from = t.from < 0 ? w->high : std::max(t.from, w->low);
        const qint64 to = t.to < 0 ? w->high : std::min(t.to, w->high);
        const OffsetRange range{t.topic, t.partition, from, to};
        if (range.size() > 0)
            plan.ranges.append(range);
    }
    return plan;
}

} // namespace sluice::agent
