// The delivery queue on a real SQLite file: batch claims under leases, a lease that runs out and
// comes back, outcomes group-committed surviving a process killed between batches, an ordered
// key held back while an earlier delivery is unsettled.
#include "config.h"
#include "postgresserver.h"
#include "queue/store.h"
#include "testsupport.h"

#include <QDateTime>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <sys/wait.h>
#include <unistd.h>

using namespace Qt::Literals::StringLiterals;
using namespace sluice::agent;

namespace {

using sluice::test::ingestItem;
using sluice::test::ingestItems;

qint64 now()
{
    return QDateTime::currentMSecsSinceEpoch();
}

DeliveryOutcome delivered(const ClaimedDelivery &c)
{
    DeliveryOutcome o;
    o.row = c.row;
    o.state = DeliveryState::Delivered;
    o.attempts = c.attempts + 1;
    o.startedAt = now();
    o.httpStatus = 204;
    return o;
}

QList<DeliveryOutcome> allDelivered(const QList<ClaimedDelivery> &claimed)
{
    QList<DeliveryOutcome> outcomes;
    for (const ClaimedDelivery &c : claimed)
        outcomes.append(delivered(c));
    return outcomes;
}

} // namespace

class TestQueue : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString path() const { return m_dir.filePath(u"queue.db"_s); }
    StoreConfig m_store;
    // The queue of this test function, in SQLite or (SLUICE_TEST_STORE=postgresql) a fresh
    // PostgreSQL database.
    bool open(Store &store) { return store.open(m_store, false, nullptr); }

    int m_run = 0;

private Q_SLOTS:
    void init()
    {
        QFile::remove(path());
        m_store = StoreConfig();
        m_store.path = path();
        if (sluice::test::testingPostgres()) {
            const QJsonObject section = sluice::test::storeSection(
                m_dir.filePath(u"%1_%2"_s.arg(QString::fromLatin1(QTest::currentTestFunction())).arg(++m_run)));
            const QJsonObject pg = section.value(u"postgresql"_s).toObject();
            m_store.backend = StoreConfig::Backend::Postgres;
            m_store.postgres.port = pg.value(u"port"_s).toInt();
            m_store.postgres.database = pg.value(u"database"_s).toString();
            m_store.postgres.sslMode = u"disable"_s;
        }
    }
    void enqueuesABatchOfEveryRowCount_data();
    void enqueuesABatchOfEveryRowCount();
    void claimsABatchAndLeasesIt();
    void aLeaseRunsOutAndTheDeliveryComesBack();
    void outcomesSurviveAKillBetweenBatches();
    void orderedKeyWaitsForTheEarlierOne();
    void coalescesWithinABatchAndAcrossBatches();
    void anOutcomeDoesNotReviveADiscardedDelivery();
    void heldPhaseLeavesOutWhatIsBeingSent();
    void deliveriesLeftSendingByAnOlderAgentWaitAgain();
};

// Multi-row statements are cut into pieces: every size, including the pieces' edges, stores all.
void TestQueue::enqueuesABatchOfEveryRowCount_data()
{
    QTest::addColumn<int>("count");
    for (int count : {1, 2, 63, 64, 65, 128, 200, 1000})
        QTest::addRow("%d", count) << count;
}

void TestQueue::enqueuesABatchOfEveryRowCount()
{
    QFETCH(int, count);
    Store store(u"q"_s);
    QVERIFY(open(store));
    QString error;
    QList<IngestItem> batch = ingestItems(count, u"a"_s);
    batch.append(batch.first()); // the same event twice in one batch: stored once
    const auto result = store.queue().enqueue(batch, {}, {}, &error);
    QVERIFY2(result, qPrintable(error));
    QCOMPARE(result->eventsStored, count);
    QCOMPARE(result->duplicates, 1);
    QCOMPARE(result->deliveriesCreated, count);
    QCOMPARE(store.queue().countByState().value(u"pending"_s), count);
}

void TestQueue::claimsABatchAndLeasesIt()
{
    Store store(u"q"_s);
    QVERIFY(open(store));
    QVERIFY(store.queue().enqueue(ingestItems(100, u"a"_s), {}, {}, nullptr));
    const QList<ClaimedDelivery> first = store.queue().claim(u"a"_s, 40, now(), 5);
    QCOMPARE(first.size(), 40);
    // Leased: the next claim gets the others, and nothing twice.
    const QList<ClaimedDelivery> second = store.queue().claim(u"a"_s, 100, now());
    QCOMPARE(second.size(), 60);
    QSet<qint64> rows;
    for (const ClaimedDelivery &c : first + second)
        rows.insert(c.row);
    QCOMPARE(rows.size(), 100);
    QVERIFY(store.queue().claim(u"a"_s, 100, now()).isEmpty());
    // Nothing is due that is not leased: no wake-up time either.
    QCOMPARE(store.queue().nextAttemptAt(u"a"_s), std::nullopt);
    // Given back unsent: due again at once.
    store.queue().release({first.at(0).row, first.at(1).row});
    QCOMPARE(store.queue().claim(u"a"_s, 100, now()).size(), 2);
    // Settled: gone from the queue for good.
    QVERIFY(store.queue().record(allDelivered(second), nullptr));
    QCOMPARE(store.queue().countByState().value(u"delivered"_s), 60);
}

void TestQueue::aLeaseRunsOutAndTheDeliveryComesBack()
{
    Store store(u"q"_s);
    QVERIFY(open(store));
    store.queue().setLease(std::chrono::milliseconds(200));
    QVERIFY(store.queue().enqueue(ingestItems(3, u"a"_s), {}, {}, nullptr));
    const qint64 at = now();
    QCOMPARE(store.queue().claim(u"a"_s, 10, at).size(), 3);
    QCOMPARE(store.queue().claim(u"a"_s, 10, at + 199).size(), 0);
    // Neither settled nor released in time (a request that hung, an agent that froze): claimable again.
    const QList<ClaimedDelivery> again = store.queue().claim(u"a"_s, 10, at + 200);
    QCOMPARE(again.size(), 3);
    QCOMPARE(again.first().attempts, 0);
}

void TestQueue::outcomesSurviveAKillBetweenBatches()
{
    {
        Store store(u"q"_s);
        QVERIFY(open(store));
        QVERIFY(store.queue().enqueue(ingestItems(50, u"a"_s), {}, {}, nullptr));
    }
    // A process of its own: one batch's outcomes committed, the next batch claimed and sent but its
    // outcomes not yet flushed when the process is killed.
    const pid_t child = fork();
    QVERIFY(child >= 0);
    if (child == 0) {
        Store store(u"child"_s);
        if (!open(store))
            _exit(2);
        const QList<ClaimedDelivery> first = store.queue().claim(u"a"_s, 20, now());
        if (first.size() != 20 || !store.queue().record(allDelivered(first), nullptr))
            _exit(3);
        const QList<ClaimedDelivery> second = store.queue().claim(u"a"_s, 20, now());
        raise(SIGKILL);
        _exit(second.size()); // not reached
    }
    int status = 0;
    QCOMPARE(waitpid(child, &status, 0), child);
    QVERIFY2(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL, "the child was killed, not exited");

    Store store(u"q2"_s);
    QVERIFY(open(store));
    const auto counts = store.queue().countByState();
    QCOMPARE(counts.value(u"delivered"_s), 20);
    QCOMPARE(counts.value(u"pending"_s), 30);
    // The killed batch is due again, with the same delivery ids (the same webhook-id when sent):
    // at once in SQLite (leases are held in memory by the agent that owns the file), once the lease
    // ran out in PostgreSQL (they are written, for every agent sharing the queue to respect).
    const QList<ClaimedDelivery> resent = store.queue().claim(u"a"_s, 100, now() + 10 * 60 * 1000);
    QCOMPARE(resent.size(), 30);
    const auto first = store.queue().delivery(DeliveryQueue::deliveryIdFor(u"a"_s, ingestItem(u"0"_s, {}).event));
    QVERIFY(first);
    QCOMPARE(first->state, DeliveryState::Delivered);
    QCOMPARE(first->history.size(), 1);
}

void TestQueue::orderedKeyWaitsForTheEarlierOne()
{
    Store store(u"q"_s);
    QVERIFY(open(store));
    QVERIFY(store.queue().enqueue({ingestItem(u"1"_s, u"a"_s, u"page/1"_s), ingestItem(u"2"_s, u"a"_s, u"page/1"_s),
                                   ingestItem(u"3"_s, u"a"_s, u"page/2"_s), ingestItem(u"4"_s, u"a"_s)},
                                  {}, {}, nullptr));
    QList<ClaimedDelivery> claimed = store.queue().claim(u"a"_s, 10, now(), 0, true);
    QStringList ids;
    for (const ClaimedDelivery &c : claimed)
        ids.append(QString::fromUtf8(c.payload).section(u"\"n\":\""_s, 1, 1).left(1));
    ids.sort();
    // "2" waits behind "1" of the same subject; other subjects and events without one go.
    QCOMPARE(ids, (QStringList{u"1"_s, u"3"_s, u"4"_s}));
    QVERIFY(store.queue().claim(u"a"_s, 10, now(), 0, true).isEmpty());

    // "1" fails and waits for its retry: still unsettled, so "2" still waits.
    QList<DeliveryOutcome> outcomes;
    for (const ClaimedDelivery &c : claimed) {
        DeliveryOutcome o = delivered(c);
        if (c.payload.contains("\"n\":\"1\"")) {
            o.state = DeliveryState::Pending;
            o.nextAttemptAt = now() + 60'000;
            o.httpStatus = 503;
        }
        outcomes.append(o);
    }
    QVERIFY(store.queue().record(outcomes, nullptr));
    QVERIFY(store.queue().claim(u"a"_s, 10, now(), 0, true).isEmpty());
    // Once "1" is delivered, "2" goes.
    const QList<ClaimedDelivery> retry = store.queue().claim(u"a"_s, 10, now() + 60'000, 0, true);
    QCOMPARE(retry.size(), 1);
    QVERIFY(retry.first().payload.contains("\"n\":\"1\""));
    QVERIFY(store.queue().record(allDelivered(retry), nullptr));
    const QList<ClaimedDelivery> next = store.queue().claim(u"a"_s, 10, now() + 60'000, 0, true);
    QCOMPARE(next.size(), 1);
    QVERIFY(next.first().payload.contains("\"n\":\"2\""));
}

void TestQueue::coalescesWithinABatchAndAcrossBatches()
{
    Store store(u"q"_s);
    QVERIFY(open(store));
    auto burst = [](int from, int to) {
        QList<IngestItem> list;
        for (int i = from; i < to; ++i) {
            IngestItem it = ingestItem(QString::number(i), u"a"_s);
            it.deliveries.first().coalescingKey = u"item/1"_s;
            list.append(it);
        }
        return list;
    };
    auto result = store.queue().enqueue(burst(0, 100), {}, {}, nullptr);
    QVERIFY(result);
    QCOMPARE(result->superseded, 99); // within the batch: only the newest waits
    result = store.queue().enqueue(burst(100, 150) + QList<IngestItem>{ingestItem(u"x"_s, u"a"_s)}, {}, {}, nullptr);
    QVERIFY(result);
    QCOMPARE(result->superseded, 50); // the previous newest, and 49 of this batch
    const QList<ClaimedDelivery> waiting = store.queue().claim(u"a"_s, 10, now());
    QCOMPARE(waiting.size(), 2);
    QVERIFY(waiting.at(0).payload.contains("\"n\":\"149\"") || waiting.at(1).payload.contains("\"n\":\"149\""));
    const auto superseded = store.queue().delivery(DeliveryQueue::deliveryIdFor(u"a"_s, ingestItem(u"0"_s, {}).event));
    QCOMPARE(superseded->state, DeliveryState::Superseded);
}

void TestQueue::anOutcomeDoesNotReviveADiscardedDelivery()
{
    Store store(u"q"_s);
    QVERIFY(open(store));
    QVERIFY(store.queue().enqueue(ingestItems(1, u"a"_s), {}, {}, nullptr));
    const QList<ClaimedDelivery> claimed = store.queue().claim(u"a"_s, 1, now());
    QCOMPARE(claimed.size(), 1);
    // An administrator discards it while it is being sent; the attempt still happened.
    QCOMPARE(store.queue().discard({claimed.first().row}, nullptr), 1);
    QVERIFY(store.queue().record(allDelivered(claimed), nullptr));
    const auto record = store.queue().delivery(claimed.first().deliveryId);
    QCOMPARE(record->state, DeliveryState::Discarded);
    QCOMPARE(record->history.size(), 1);
}

// The phases the console filters by: behind a held endpoint every due delivery is held, except
// one whose request runs now (its phase is sending); waiting keeps it, attention does not.
void TestQueue::heldPhaseLeavesOutWhatIsBeingSent()
{
    Store store(u"q"_s);
    QVERIFY(open(store));
    QVERIFY(store.queue().enqueue(ingestItems(3, u"a"_s), {}, {}, nullptr));
    const QList<ClaimedDelivery> claimed = store.queue().claim(u"a"_s, 1, now());
    QCOMPARE(claimed.size(), 1);
    auto count = [&](const QString &phase, const QStringList &sending) {
        DeliveryQuery query;
        query.state = phase;
        query.holding = {u"a"_s};
        query.sending = sending;
        query.now = now() + 1000;
        qint64 total = -1;
        store.queue().search(query, &total);
        return total;
    };
    QCOMPARE(count(u"held"_s, {}), 3);
    QCOMPARE(count(u"held"_s, {claimed.first().deliveryId}), 2);
    QCOMPARE(count(u"attention"_s, {claimed.first().deliveryId}), 2);
    QCOMPARE(count(u"waiting"_s, {claimed.first().deliveryId}), 1);
}

// A store an agent before leases left with deliveries 'sending' (schema 4: claims were rows):
// the upgrade makes them wait again, once, and gives the queue its new indexes.
void TestQueue::deliveriesLeftSendingByAnOlderAgentWaitAgain()
{
    if (sluice::test::testingPostgres())
        QSKIP("an upgrade of SQLite stores written by older agents");
    {
        Store store(u"q"_s);
        QVERIFY(open(store));
        QVERIFY(store.queue().enqueue(ingestItems(2, u"a"_s), {}, {}, nullptr));
    }
    {
        // Back to schema 4 as that agent left it: its indexes, its 'sending' rows.
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"old"_s);
        db.setDatabaseName(path());
        QVERIFY(db.open());
        for (const QString &sql :
             {u"DROP INDEX deliveries_waiting"_s, u"DROP INDEX deliveries_waiting_oldest"_s,
              u"DROP INDEX deliveries_waiting_next"_s, u"DROP INDEX deliveries_order"_s,
              u"DROP INDEX deliveries_settled"_s,
              u"CREATE INDEX deliveries_due ON deliveries (subscription, state, priority DESC, id)"_s,
              u"CREATE INDEX deliveries_next ON deliveries (subscription, state, next_attempt_at)"_s,
              u"CREATE INDEX deliveries_oldest ON deliveries (subscription, state, id)"_s,
              u"CREATE INDEX deliveries_order ON deliveries (subscription, ordering_key, id)"
              u" WHERE ordering_key IS NOT NULL"_s,
              u"CREATE INDEX deliveries_state_updated ON deliveries (state, updated_at)"_s, u"DROP TABLE consumers"_s,
              u"DROP TABLE poll_state"_s, u"ALTER TABLE deliveries DROP COLUMN replay"_s,
              u"ALTER TABLE deliveries DROP COLUMN last_reason"_s, u"DROP TABLE subscription_health"_s,
              u"ALTER TABLE quarantine DROP COLUMN reason_code"_s,
              u"ALTER TABLE quarantine DROP COLUMN reason_params"_s, u"DELETE FROM schema_version WHERE version >= 5"_s,
              u"UPDATE deliveries SET state = 'sending'"_s}) {
            QSqlQuery query(db);
            QVERIFY2(query.exec(sql), qPrintable(sql));
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(u"old"_s);
    Store store(u"q2"_s);
    QString error;
    QVERIFY2(store.openFile(path(), false, &error), qPrintable(error));
    QCOMPARE(store.queue().countByState().value(u"sending"_s), 0);
    QCOMPARE(store.queue().claim(u"a"_s, 10, now()).size(), 2);
}

QTEST_GUILESS_MAIN(TestQueue)
#include "tst_queue.moc"
