// The delivery queue alone, on a real SQLite file: what enqueueing, claiming and recording cost
// per delivery, without Kafka, HTTP or the dispatcher (sluice-bench queue).
#include "queue/store.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTextStream>

using namespace Qt::Literals::StringLiterals;
using namespace sluice;
using namespace sluice::agent;

namespace {

QList<IngestItem> batchOf(qint64 first, int size)
{
    const QByteArray filler(380, 'x');
    QList<IngestItem> items;
    items.reserve(size);
    for (qint64 i = first; i < first + size; ++i) {
        IngestItem item;
        item.event.id = QString::number(i);
        item.event.source = u"/wcm/v4/content"_s;
        item.event.type = u"be.digipolis.wcm.v4.content.item.created"_s;
        item.event.subject = u"content/"_s + QString::number(i % 1000);
        item.event.time = CloudEvent::rfc3339(QDateTime::currentMSecsSinceEpoch());
        item.event.setJsonData(QJsonObject{{u"id"_s, i}, {u"text"_s, QString::fromLatin1(filler)}});
        item.structured = item.event.toStructuredBytes();
        item.origin.topic = u"bench"_s;
        item.origin.offset = i;
        NewDelivery d;
        d.subscription = u"bench"_s;
        item.deliveries = {d};
        items.append(std::move(item));
    }
    return items;
}

} // namespace

int runQueue(qint64 count, bool fullSync)
{
    QTemporaryDir dir;
    Store store(u"bench"_s);
    QString error;
    if (!store.openFile(dir.filePath(u"queue.db"_s), fullSync, &error)) {
        QTextStream(stderr) << error << '\n';
        return 1;
    }
    QTextStream out(stdout);
    constexpr int kIngestBatch = 1000;
    constexpr int kClaimBatch = 64;
    constexpr int kOutcomeBatch = 500;

    QElapsedTimer clock;
    qint64 enqueueNs = 0;
    for (qint64 first = 0; first < count; first += kIngestBatch) {
        const QList<IngestItem> items = batchOf(first, int(std::min<qint64>(kIngestBatch, count - first)));
        clock.start();
        if (!store.queue().enqueue(items, {}, {}, &error)) {
            QTextStream(stderr) << error << '\n';
            return 1;
        }
        enqueueNs += clock.nsecsElapsed();
    }

    qint64 claimNs = 0;
    qint64 recordNs = 0;
    qint64 settled = 0;
    QList<DeliveryOutcome> outcomes;
    const auto flush = [&] {
        clock.start();
        if (!store.queue().record(outcomes, &error))
            return false;
        recordNs += clock.nsecsElapsed();
        settled += outcomes.size();
        outcomes.clear();
        return true;
    };
    while (true) {
        clock.start();
        const QList<ClaimedDelivery> claimed =
            store.queue().claim(u"bench"_s, kClaimBatch, QDateTime::currentMSecsSinceEpoch(), kClaimBatch / 8);
        claimNs += clock.nsecsElapsed();
        if (claimed.isEmpty())
            break;
        for (const ClaimedDelivery &c : claimed) {
            DeliveryOutcome o;
            o.row = c.row;
            o.state = DeliveryState::Delivered;
            o.attempts = 1;
            o.startedAt = QDateTime::currentMSecsSinceEpoch();
            o.durationMs = 1;
            o.httpStatus = 204;
            outcomes.append(o);
        }
        if (outcomes.size() >= kOutcomeBatch && !flush())
            break;
    }
    if (!outcomes.isEmpty())
        flush();
    if (settled != count) {
        QTextStream(stderr) << "settled " << settled << " of " << count << ": " << error << '\n';
        return 1;
    }
    auto perEvent = [&](qint64 ns) { return QString::number(double(ns) / 1000.0 / double(count), 'f', 2); };
    out << "queue, " << count << " deliveries, synchronous=" << (fullSync ? "full" : "normal") << ":\n"
        << "  enqueue (batches of " << kIngestBatch << ")   " << perEvent(enqueueNs) << " us per delivery\n"
        << "  claim (batches of " << kClaimBatch << ")       " << perEvent(claimNs) << " us per delivery\n"
        << "  record (batches of " << kOutcomeBatch << ")     " << perEvent(recordNs) << " us per delivery\n"
        << "  together                  " << perEvent(enqueueNs + claimNs + recordNs) << " us per delivery ("
        << qint64(double(count) * 1e9 / double(enqueueNs + claimNs + recordNs)) << " deliveries/s on one thread)\n";
    return 0;
}
