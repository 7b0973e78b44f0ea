#pragma once

#include <QList>
#include <QString>

namespace sluice::agent {

// What Kafka still keeps of one partition.
struct PartitionWindow {
    QString topic;
    int partition = 0;
    qint64 low = 0;  // the oldest offset kept
    qint64 high = 0; // the next offset to be written
};

// Offsets [from, to) of one partition.
struct OffsetRange {
    QString topic;
    int partition = 0;
    qint64 from = 0;
    qint64 to = 0;
    qint64 size() const { return to > from ? to - from : 0; }
};

// What a replay reads, and what it asked for that Kafka no longer has: never skipped in silence.
struct ReplayPlan {
    QList<OffsetRange> ranges;
    QList<OffsetRange> gaps;
    qint64 messages() const;
};

// A replay by offsets: each asked range (to: exclusive; -1: up to what is there now) within what
// Kafka keeps; offsets below the oldest kept are a gap, offsets not written yet are not read.
ReplayPlan planByOffsets(const QList<PartitionWindow> &windows, const QList<OffsetRange> &asked);

// A replay by time: per partition, the first offsets at or after the start and the end time (as
// Kafka's offsetsForTimes gives them; -1: none that late, read to the end). A partition whose
// oldest kept message is where the range starts, with older ones removed, may have lost some of
// it: firstKeptIsLater tells (the reader checks the first message's timestamp), and the removed
// offsets [0, low) are a gap.
struct TimeOffsets {
    QString topic;
    int partition = 0;
    qint64 from = -1;
    qint64 to = -1;
};
ReplayPlan planByTime(const QList<PartitionWindow> &windows, const QList<TimeOffsets> &offsets);

} // namespace sluice::agent
