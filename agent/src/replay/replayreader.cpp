#include "replay/replayreader.h"
#include "protocol.h"

#include "ingest/router.h"
#include "queue/deliveryqueue.h"

#include <QThread>

using namespace Qt::Literals::StringLiterals;

namespace sluice::agent {

namespace {

constexpr int kTimeoutMs = 10000;
constexpr int kProgressEvery = 1000; // messages

using PartitionKey = std::pair<QString, int>;

QString kafkaError(const char *what, rd_kafka_resp_err_t err)
{
    return u"%1: %2"_s.arg(QLatin1StringView(what), QString::fromUtf8(rd_kafka_err2str(err)));
}

} // namespace

ReplayReader::ReplayReader(ReplayJob *job, const AgentConfig &config, QString brokers, const Router *router,
                           Subscription subscription, ReplayRequest request)
    : m_job(job)
    , m_config(config)
    , m_brokers(std::move(brokers))
    , m_router(router)
    , m_subscription(std::move(subscription))
    , m_request(std::move(request))
    , m_decoder(config.decoding)
{
}

ReplayReader::~ReplayReader()
{
    m_stop = true;
    if (m_thread)
        m_thread->wait();
}

void ReplayReader::start()
{
    m_thread.reset(QThread::create([this] { run(); }));
    m_thread->setObjectName(u"sluice-replay"_s);
    m_thread->start();
}

template<typename F> void ReplayReader::report(F &&call)
{
    ReplayJob *job = m_job.data();
    if (job)
        QMetaObject::invokeMethod(
            job, [job, call = std::forward<F>(call)]() mutable { call(job); }, Qt::QueuedConnection);
}

void ReplayReader::run()
{
    QString error;
    std::optional<ReplayPlan> planned;
    if (connect(&error))
        planned = plan(&error);
    if (planned) {
        report([p = *planned](ReplayJob *job) { job->planned(p); });
        read(*planned, &error);
    }
    m_consumer.reset(); // closes the consumer; it joined no group, so nothing else notices
    report([error](ReplayJob *job) { job->ended(error); });
}

// A consumer of no group: it is only assigned partitions, and never commits.
bool ReplayReader::connect(QString *error)
{
    KafkaConf conf;
    const QList<std::pair<QString, QString>> settings = {
        {u"bootstrap.servers"_s, m_brokers},
        {u"group.id"_s, u"sluice-replay-"_s + m_request.subscription},
        {u"client.id"_s, u"sluice-replay"_s},
        {u"enable.auto.commit"_s, u"false"_s},
        {u"enable.auto.offset.store"_s, u"false"_s},
        {u"enable.partition.eof"_s, u"true"_s}, // the end of a partition ends its range (offsets may skip)
        {u"fetch.wait.max.ms"_s, u"50"_s},
    };
    for (const auto &[name, value] : settings) {
        if (!conf.set(name, value, error))
            return false;
    }
    if (!setConnectionProperties(conf, m_config.kafka, error))
        return false;
    conf.logToCategory();
    m_consumer = conf.create(RD_KAFKA_CONSUMER, error);
    return bool(m_consumer);
}

// Every partition of the topics the agent consumes, with what Kafka still keeps of it.
QList<PartitionWindow> ReplayReader::windows(QString *error)
{
    QList<PartitionWindow> windows;
    const rd_kafka_metadata_t *metadata = nullptr;
    const rd_kafka_resp_err_t err = rd_kafka_metadata(m_consumer.get(), 1, nullptr, &metadata, kTimeoutMs);
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
        *error = kafkaError("cannot read Kafka's metadata", err);
        return windows;
    }
    for (int t = 0; t < metadata->topic_cnt; ++t) {
        const rd_kafka_metadata_topic_t &topic = metadata->topics[t];
        const QString name = QString::fromUtf8(topic.topic);
        if (!m_config.kafka.consumes(name))
            continue;
        for (int p = 0; p < topic.partition_cnt; ++p) {
            PartitionWindow w{name, int(topic.partitions[p].id)};
            int64_t low = 0;
            int64_t high = 0;
            const rd_kafka_resp_err_t werr =
                rd_kafka_query_watermark_offsets(m_consumer.get(), topic.topic, w.partition, &low, &high, kTimeoutMs);
            w.low = low;
            w.high = high;
            if (werr != RD_KAFKA_RESP_ERR_NO_ERROR) {
                *error = kafkaError("cannot read what Kafka keeps", werr);
                rd_kafka_metadata_destroy(metadata);
                return {};
            }
            windows.append(w);
        }
    }
    rd_kafka_metadata_destroy(metadata);
    return windows;
}

std::optional<ReplayPlan> ReplayReader::plan(QString *error)
{
    m_windows = windows(error);
    if (!error->isEmpty())
        return std::nullopt;
    if (m_windows.isEmpty())
        return ReplayPlan(); // none of the topics the agent consumes exists yet: nothing to read
    if (!m_request.offsets.isEmpty())
        return planByOffsets(m_windows, m_request.offsets);
    // Kafka's offsetsForTimes narrows each partition to the range; the messages' own timestamps
    // decide in the end (read()). A cluster that cannot look up by time (librdkafka's mock, the
    // embedded one) answers -1 even for time 0: there the whole partition is read.
    const auto probe = offsetsAt(0, error);
    const auto from = offsetsAt(m_request.fromMs, error);
    const auto to = m_request.toMs < 0 ? QList<qint64>() : offsetsAt(m_request.toMs, error);
    if (!error->isEmpty())
        return std::nullopt;
    QList<TimeOffsets> offsets;
    for (qsizetype i = 0; i < m_windows.size(); ++i) {
        const PartitionWindow &w = m_windows.at(i);
        const bool indexed = w.high == w.low || probe.at(i) >= 0;
        offsets.append({w.topic, w.partition, indexed ? from.at(i) : w.low, indexed && !to.isEmpty() ? to.at(i) : -1});
    }
    return planByTime(m_windows, offsets);
}

// The first offset at or after a time in each partition of m_windows; -1: none.
QList<qint64> ReplayReader::offsetsAt(qint64 at, QString *error)
{
    TopicPartitionList list(rd_kafka_topic_partition_list_new(int(m_windows.size())));
    for (const PartitionWindow &w : std::as_const(m_windows))
        rd_kafka_topic_partition_list_add(list.get(), w.topic.toUtf8().constData(), w.partition)->offset = at;
    const rd_kafka_resp_err_t err = rd_kafka_offsets_for_times(m_consumer.get(), list.get(), kTimeoutMs);
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
        *error = kafkaError("cannot look up offsets by time", err);
        return QList<qint64>(m_windows.size(), -1);
    }
    QList<qint64> offsets;
    for (int i = 0; i < list->cnt; ++i)
        offsets.append(list->elems[i].offset);
    return offsets;
}

// Every message of the plan, in partition order as Kafka hands them out; each partition stops at
// the end of its range. Batches of selected events wait for the job's leave.
bool ReplayReader::read(const ReplayPlan &plan, QString *error)
{
    QHash<PartitionKey, OffsetRange> open;
    TopicPartitionList assignment(rd_kafka_topic_partition_list_new(int(plan.ranges.size())));
    for (const OffsetRange &r : plan.ranges) {
        open.insert({r.topic, r.partition}, r);
        rd_kafka_topic_partition_list_add(assignment.get(), r.topic.toUtf8().constData(), r.partition)->offset = r.from;
    }
    if (open.isEmpty())
        return true;
    if (const rd_kafka_resp_err_t err = rd_kafka_assign(m_consumer.get(), assignment.get()))
        return (*error = kafkaError("cannot read the partitions", err)), false;

    qint64 read = 0, matched = 0, unreadable = 0;
    QJsonArray examples;
    QList<IngestItem> batch;
    KafkaRecord record;
    const auto flush = [&] {
        report([read, matched, unreadable, examples](ReplayJob *job) {
            job->progress(read, matched, unreadable, examples);
        });
        if (batch.isEmpty())
            return;
        while (!m_stop && !m_credits.tryAcquire(1, 100)) {
        }
        if (!m_stop)
            report([items = std::exchange(batch, {})](ReplayJob *job) mutable { job->take(std::move(items)); });
    };
    while (!m_stop && !open.isEmpty()) {
        rd_kafka_message_t *message = rd_kafka_consumer_poll(m_consumer.get(), 200);
        if (!message)
            continue;
        std::unique_ptr<rd_kafka_message_t, void (*)(rd_kafka_message_t *)> owner(message, rd_kafka_message_destroy);
        const QString topic = message->rkt ? QString::fromUtf8(rd_kafka_topic_name(message->rkt)) : QString();
        if (message->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
            // At the end of what is written: a range ends here even when its last offsets hold no
            // message (transaction markers, compaction).
            open.remove({topic, int(message->partition)});
            continue;
        }
        if (message->err != RD_KAFKA_RESP_ERR_NO_ERROR)
            continue; // transient; librdkafka retries
        const auto range = open.find({topic, int(message->partition)});
        if (range == open.end() || message->offset >= range->to)
            continue;
        if (message->offset + 1 >= range->to)
            open.erase(range);
        readRecord(message, topic, record);
        noteLostBefore(record);
        ++read;
        const bool inTime = m_request.fromMs < 0 || (record.timestampMs >= m_request.fromMs &&
                                                     (m_request.toMs < 0 || record.timestampMs < m_request.toMs));
        const DecodeResult decoded = inTime ? m_decoder.decode(record) : DecodeResult();
        if (!inTime) {
            // outside the time asked: read on the way, not replayed
        } else if (!decoded.event) {
            ++unreadable; // quarantined when it was first consumed
        } else if (select(*decoded.event, record, decoded.structured, examples, batch)) {
            ++matched;
        }
        if (batch.size() >= kBatch || read % kProgressEvery == 0)
            flush();
    }
    flush();
    return true;
}

// A time range that starts before the oldest message Kafka still keeps: the removed offsets may
// have held some of it. Told once per partition, when its first message shows it.
void ReplayReader::noteLostBefore(const KafkaRecord &record)
{
    if (m_request.fromMs < 0 || !m_firstSeen.insert({record.topic, record.partition}).second)
        return;
    for (const PartitionWindow &w : std::as_const(m_windows)) {
        if (w.topic != record.topic || w.partition != record.partition || record.offset != w.low || w.low == 0 ||
            record.timestampMs <= m_request.fromMs)
            continue;
        const OffsetRange lost{w.topic, w.partition, 0, w.low};
        const QString why = u"Kafka no longer keeps offsets 0 to %1 of %2/%3; the oldest it keeps is from %4, after "
                            u"the start asked (%5): events in between may have been among those removed"_s.arg(
                                QString::number(w.low - 1), w.topic, QString::number(w.partition),
                                CloudEvent::rfc3339(record.timestampMs), CloudEvent::rfc3339(m_request.fromMs));
        report([lost, why](ReplayJob *job) { job->gap(lost, why); });
    }
}

// The pipeline's routing, for this subscription only, as it is now.
bool ReplayReader::select(const CloudEvent &event, const KafkaRecord &record, const QByteArray &structured,
                          QJsonArray &examples, QList<IngestItem> &batch)
{
    QuarantineReason refusal;
    std::optional<NewDelivery> delivery = m_router->replayTo(m_subscription, event, &refusal);
    if (!delivery)
        return false;
    if (examples.size() < m_request.examples)
        examples.append(QJsonObject{{protocol::replay::Id, event.id},
                                    {protocol::replay::Type, event.type},
                                    {protocol::replay::Subject, event.subject},
                                    {protocol::replay::Time, event.time},
                                    {protocol::replay::Topic, record.topic},
                                    {protocol::replay::Partition, record.partition},
                                    {protocol::replay::Offset, record.offset}});
    if (m_request.dryRun)
        return true;
    delivery->replay = m_job ? m_job->id() : QString();
    delivery->priority = int(Priority::Low); // live deliveries go first; the oldest-first share keeps it moving
    delivery->coalescingKey.clear();         // a replay supersedes nothing live
    batch.append({event, record.owned(false), {*delivery}, structured});
    return true;
}

} // namespace sluice::agent
