#include "queue/store.h"

#include <QDateTime>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace sluice::agent;
using sluice::CloudEvent;

namespace {

IngestItem item(const QString &id, const QList<NewDelivery> &deliveries)
{
    IngestItem i;
    i.event.id = id;
    i.event.source = u"/wcm/v4/content"_s;
    i.event.type = u"be.digipolis.wcm.v4.content.item.changed"_s;
    i.event.subject = u"content/"_s + id;
    i.event.setJsonData(QJsonObject{{u"n"_s, id}});
    i.origin.topic = u"t"_s;
    i.origin.offset = id.toLongLong();
    i.deliveries = deliveries;
    return i;
}

qint64 now()
{
    return QDateTime::currentMSecsSinceEpoch();
}

} // namespace

class TestStore : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString path() const { return m_dir.filePath(u"store.db"_s); }

private Q_SLOTS:
    void init() { QFile::remove(path()); }

    void migratesOnceAndUsesWal()
    {
        {
            Store store(u"a"_s);
            QString error;
            QVERIFY2(store.openFile(path(), true, &error), qPrintable(error));
        }
        Store again(u"b"_s);
        QString error;
        QVERIFY2(again.openFile(path(), true, &error), qPrintable(error));
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"inspect"_s);
        db.setDatabaseName(path());
        QVERIFY(db.open());
        {
            QSqlQuery q(db);
            QVERIFY(q.exec(u"SELECT COUNT(*), MAX(version) FROM schema_version"_s) && q.next());
            QCOMPARE(q.value(0).toInt(), Store::schemaVersion(StoreConfig()));
            QCOMPARE(q.value(1).toInt(), Store::schemaVersion(StoreConfig()));
            QVERIFY(q.exec(u"PRAGMA journal_mode"_s) && q.next());
            QCOMPARE(q.value(0).toString(), u"wal"_s);
        }
        db.close();
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(u"inspect"_s);
    }

    void refusesANewerSchema()
    {
        {
            Store store(u"a"_s);
            QVERIFY(store.openFile(path(), false, nullptr));
        }
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"bump"_s);
            db.setDatabaseName(path());
            QVERIFY(db.open());
            QSqlQuery(u"INSERT INTO schema_version (version) VALUES (99)"_s, db);
            db.close();
        }
        QSqlDatabase::removeDatabase(u"bump"_s);
        Store store(u"b"_s);
        QString error;
        QVERIFY(!store.openFile(path(), false, &error));
        QVERIFY2(error.contains(u"newer Sluice"_s), qPrintable(error));
    }

    void storesAnEventOnceWithADeliveryPerSubscription()
    {
        Store store(u"s"_s);
        QVERIFY(store.openFile(path(), false, nullptr));
        QString error;
        auto first = store.queue().enqueue({item(u"1"_s, {{u"a"_s}, {u"b"_s}})}, {}, {}, &error);
        QVERIFY2(first, qPrintable(error));
        QCOMPARE(first->eventsStored, 1);
        QCOMPARE(first->deliveriesCreated, 2);
        // The same event read again (a restart before the offset commit): nothing new.
        auto second = store.queue().enqueue({item(u"1"_s, {{u"a"_s}, {u"b"_s}})}, {}, {}, &error);
        QVERIFY(second);
        QCOMPARE(second->eventsStored, 0);
        QCOMPARE(second->duplicates, 1);
        QCOMPARE(second->deliveriesCreated, 0);
        QCOMPARE(store.queue().countByState().value(u"pending"_s), 2);
        const auto ids = store.queue().deliveries(u"a"_s);
        QCOMPARE(ids.size(), 1);
        QCOMPARE(ids.first().deliveryId, DeliveryQueue::deliveryIdFor(u"a"_s, item(u"1"_s, {}).event));
    }

    void claimsByPriority()
    {
        Store store(u"s"_s);
        QVERIFY(store.openFile(path(), false, nullptr));
        QVERIFY(store.queue().enqueue({item(u"1"_s, {{u"a"_s, 0}}), item(u"2"_s, {{u"a"_s, 3}}),
                                       item(u"3"_s, {{u"a"_s, 1}}), item(u"4"_s, {{u"other"_s, 3}})},
                                      {}, {}, nullptr));
        const QList<ClaimedDelivery> claimed = store.queue().claim(u"a"_s, 10, now());
        QCOMPARE(claimed.size(), 3);
        QCOMPARE(claimed.at(0).payload.contains("\"n\":\"2\""), true); // immediate first
        QCOMPARE(claimed.at(1).payload.contains("\"n\":\"3\""), true); // then normal
        QCOMPARE(claimed.at(2).payload.contains("\"n\":\"1\""), true); // low last
        QCOMPARE(store.queue().claim(u"other"_s, 10, now()).size(), 1);
    }

    void honoursNotBefore()
    {
        Store store(u"s"_s);
        QVERIFY(store.openFile(path(), false, nullptr));
        const qint64 later = now() + 60'000;
        QVERIFY(store.queue().enqueue({item(u"1"_s, {{u"a"_s, 1, later}})}, {}, {}, nullptr));
        QVERIFY(store.queue().claim(u"a"_s, 10, now()).isEmpty());
        QCOMPARE(store.queue().nextAttemptAt(u"a"_s), later);
        QCOMPARE(store.queue().nextAttemptAt(u"b"_s), std::nullopt);
        QCOMPARE(store.queue().claim(u"a"_s, 10, later).size(), 1);
    }

    void recordsAttemptsAndStates()
    {
        Store store(u"s"_s);
        QVERIFY(store.openFile(path(), false, nullptr));
        QVERIFY(store.queue().enqueue({item(u"1"_s, {{u"a"_s}}), item(u"2"_s, {{u"a"_s}})}, {}, {}, nullptr));
        QList<ClaimedDelivery> claimed = store.queue().claim(u"a"_s, 10, now());
        QCOMPARE(claimed.size(), 2);
        const qint64 retryAt = now() + 5000;
        QString error;
        QVERIFY2(store.queue().record(
                     {{claimed[0].row, DeliveryState::Pending, 1, retryAt, now(), 12, 503, u"HTTP 503"_s, "busy"},
                      {claimed[1].row, DeliveryState::Dead, 1, 0, now(), 3, 404, u"HTTP 404: not retried"_s, "no"}},
                     &error),
                 qPrintable(error));
        QVERIFY(store.queue().claim(u"a"_s, 10, now()).isEmpty());
        QCOMPARE(store.queue().claim(u"a"_s, 10, retryAt).size(), 1);
        const auto dead = store.queue().delivery(claimed[1].deliveryId);
        QVERIFY(dead);
        QCOMPARE(dead->state, DeliveryState::Dead);
        QCOMPARE(dead->history.size(), 1);
        QCOMPARE(dead->history.first().httpStatus, 404);
        QCOMPARE(dead->history.first().responseExcerpt, QByteArray("no"));
        QVERIFY(dead->lastError.contains(u"not retried"_s));
        QVERIFY(!store.queue().delivery(u"dlv_unknown"_s));
    }

    void keepsQuarantinedMessagesWithTheirReason()
    {
        Store store(u"s"_s);
        QVERIFY(store.openFile(path(), false, nullptr));
        KafkaRecord bad;
        bad.topic = u"wcm"_s;
        bad.partition = 3;
        bad.offset = 99;
        bad.value = "not json";
        bad.headers = {{"content-type", "application/cloudevents+json"}};
        QVERIFY(store.queue().enqueue({}, {{bad, u"the message is not valid JSON"_s}}, {}, nullptr));
        const auto rows = store.queue().quarantine(0, 1000000, nullptr);
        QCOMPARE(rows.size(), 1);
        QCOMPARE(rows.first().topic, u"wcm"_s);
        QCOMPARE(rows.first().partition, 3);
        QCOMPARE(rows.first().offset, 99);
        QCOMPARE(rows.first().size, 8);
        QCOMPARE(rows.first().reason, u"the message is not valid JSON"_s);
        const auto kept = store.queue().quarantined(rows.first().id);
        QVERIFY(kept);
        QCOMPARE(kept->value, QByteArray("not json"));
        QCOMPARE(kept->headers.size(), 1);
        QCOMPARE(kept->headers.first().second, QByteArray("application/cloudevents+json"));
    }

    void purgesDeliveredButKeepsDeadLetters()
    {
        Store store(u"s"_s);
        QVERIFY(store.openFile(path(), false, nullptr));
        QVERIFY(store.queue().enqueue({item(u"1"_s, {{u"a"_s}}), item(u"2"_s, {{u"a"_s}}), item(u"3"_s, {{u"a"_s}})},
                                      {}, {}, nullptr));
        const QList<ClaimedDelivery> c = store.queue().claim(u"a"_s, 2, now());
        QVERIFY(store.queue().record({{c[0].row, DeliveryState::Delivered, 1, 0, now(), 1, 204, {}, {}},
                                      {c[1].row, DeliveryState::Dead, 1, 0, now(), 1, 400, u"x"_s, {}}},
                                     nullptr));
        QCOMPARE(store.queue().purgeDelivered(now() + 1000), 1);
        const auto counts = store.queue().countByState();
        QCOMPARE(counts.value(u"delivered"_s), 0);
        QCOMPARE(counts.value(u"dead"_s), 1);
        QCOMPARE(counts.value(u"pending"_s), 1);
        QCOMPARE(store.queue().deliveries(QString()).size(), 2);
    }

    void survivesReopening()
    {
        {
            Store store(u"s"_s);
            QVERIFY(store.openFile(path(), true, nullptr));
            QVERIFY(store.queue().enqueue({item(u"1"_s, {{u"a"_s}})}, {}, {}, nullptr));
            QCOMPARE(store.queue().claim(u"a"_s, 1, now()).size(), 1);
        }
        // A lease lives with the agent that claimed: after a stop the delivery is simply waiting.
        Store store(u"t"_s);
        QVERIFY(store.openFile(path(), true, nullptr));
        QCOMPARE(store.queue().countByState().value(u"pending"_s), 1);
        QCOMPARE(store.queue().claim(u"a"_s, 1, now()).size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestStore)
#include "tst_store.moc"
