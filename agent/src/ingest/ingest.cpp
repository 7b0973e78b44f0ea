#include "ingest/ingest.h"

#include "ingest/batchrouter.h"
#include "ingest/batchwriter.h"
#include "ingest/router.h"
#include "queue/store.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QRegularExpression>
#include <QSysInfo>

using namespace Qt::Literals::StringLiterals;

Q_DECLARE_LOGGING_CATEGORY(lcKafka)

namespace sluice::agent {

namespace {

constexpr int kMaxBatch = 5000;
constexpr int kCommitRetryMs = 250;

} // namespace

QString Ingest::instanceId(const AgentConfig &config)
{
    if (config.kafka.instanceId)
        return *config.kafka.instanceId;
    // Stable across restarts of one agent, different for two agents on one host: they differ in
    // their store or in where they listen.
    QCryptographicHash hash(QCryptographicHash::Sha256);
    for (const QString &part : {config.kafka.groupId, config.store.path, config.http.listen, config.admin.listen})
        hash.addData((part + u'\n').toUtf8());
    QString host = QSysInfo::machineHostName();
    host.replace(QRegularExpression(u"[^A-Za-z0-9._-]"_s), u"-"_s);
    return host.left(200) + u'-' + QString::fromLatin1(hash.result().toHex().left(8));
}

Ingest::Ingest(const AgentConfig &config, QString brokers, RecentEvents *recent, const Router *router, QObject *parent)
    : QObject(parent)
    , m_config(config)
    , m_brokers(std::move(brokers))
    , m_recent(recent)
    , m_router(router)
{
}

Ingest::~Ingest()
{
    stop();
}

bool Ingest::start(QString *error)
{
    KafkaConf conf;
    // Our defaults first; anything in kafka.properties overrides them (SASL, TLS, tuning).
    const QList<std::pair<QString, QString>> defaults = {
        {u"bootstrap.servers"_s, m_brokers},
        {u"group.id"_s, m_config.kafka.groupId},
        {u"enable.auto.commit"_s, u"false"_s},
        {u"enable.auto.offset.store"_s, u"false"_s},
        {u"auto.offset.reset"_s, u"earliest"_s},
        {u"enable.partition.eof"_s, u"false"_s},
        // The longest a fetch waits for data: at moderate rates this is most of the end-to-end
        // latency (bench/latency.sh: p99 28 ms at 20 ms, 11 ms at 5 ms).
        {u"fetch.wait.max.ms"_s, u"5"_s},
        // Prefetch: librdkafka 2.0 stops fetching for up to a second once its queue passes these
        // bounds (2.1 makes that pause fetch.queue.backoff.ms), and a topic with
        // many partitions can fill any queue in one fetch round. Rounds are capped
        // (fetch.max.bytes) well below the queue. Measured with bench/consume.sh: a queue that
        // never fills (128 MiB) runs without stalls, 3.5 x faster, at 144 MB; since batches are
        // scanned and written in parallel, 32 MiB came to 101-104 MB, 24 MiB keeps 87-90 MB.
        {u"queued.min.messages"_s, u"100000"_s},
        {u"queued.max.messages.kbytes"_s, u"24576"_s},
        {u"fetch.max.bytes"_s, u"4194304"_s},
        {u"client.id"_s, u"sluice-agent"_s},
        // A member that stops answering loses its partitions after this long (librdkafka's own
        // default is 45 s). With static membership a restarted agent has them back at once.
        {u"session.timeout.ms"_s, u"10000"_s},
    };
    for (const auto &[name, value] : defaults) {
        if (!conf.set(name, value, error))
            return false;
    }
    if (const QString instance = instanceId(m_config);
        !instance.isEmpty() && !conf.set(u"group.instance.id"_s, instance, error))
        return false;
    for (auto it = m_config.kafka.properties.constBegin(); it != m_config.kafka.properties.constEnd(); ++it) {
        if (it.key() == u"enable.auto.commit" || it.key() == u"enable.auto.offset.store") {
            if (error)
                *error = u"kafka.properties.%1: Sluice commits offsets itself, only after events are stored; "
                         u"remove this property"_s.arg(it.key());
            return false;
        }
        if (!conf.set(it.key(), it.value(), error))
            return false;
    }
    conf.logToCategory();
    rd_kafka_conf_set_rebalance_cb(conf.get(), onRebalance);
    rd_kafka_conf_set_offset_commit_cb(conf.get(), onCommitted);
    rd_kafka_conf_set_opaque(conf.get(), this);

    m_consumer = conf.create(RD_KAFKA_CONSUMER, error);
    if (!m_consumer)
        return false;
    rd_kafka_poll_set_consumer(m_consumer.get());

    TopicPartitionList topics(rd_kafka_topic_partition_list_new(int(m_config.kafka.topics.size())));
    for (const QString &topic : std::as_const(m_config.kafka.topics))
        rd_kafka_topic_partition_list_add(topics.get(), topic.toUtf8().constData(), RD_KAFKA_PARTITION_UA);
    const rd_kafka_resp_err_t err = rd_kafka_subscribe(m_consumer.get(), topics.get());
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
        if (error)
            *error = u"cannot subscribe to %1: %2"_s.arg(m_config.kafka.topics.join(u", "_s),
                                                         QString::fromUtf8(rd_kafka_err2str(err)));
        return false;
    }
    qCInfo(lcKafka).noquote() << "consuming" << m_config.kafka.topics.join(u", "_s) << "from" << m_brokers << "as group"
                              << m_config.kafka.groupId;

    m_stop = false;
    m_writer = std::make_unique<BatchWriter>(
        m_config.store, m_consumer.get(),
        BatchWriter::Callbacks{
            [this](const QString &error) { Q_EMIT storeFailing(error); },
            [this](BatchRouter::Output &routed, const IngestResult &result) { written(routed, result); }});
    m_writer->start();
    m_thread.reset(QThread::create([this] { run(); }));
    m_thread->setObjectName(u"sluice-ingest"_s);
    m_thread->start();
    return true;
}

void Ingest::stop()
{
    if (!m_thread)
        return;
    m_stop = true;
    m_writer->stop(); // a store that refuses is not waited for
    m_thread->wait();
    m_thread.reset();
    m_writer.reset();
    m_consumer.reset();
}

void Ingest::onRebalance(rd_kafka_t *rk, rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t *partitions,
                         void *opaque)
{
    auto *self = static_cast<Ingest *>(opaque);
    const bool cooperative = qstrcmp(rd_kafka_rebalance_protocol(rk), "COOPERATIVE") == 0;
    if (err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS) {
        if (partitions->cnt == 0)
            qCInfo(lcKafka) << "assigned 0 partitions: a standby while other members of the group consume them";
        else
            qCInfo(lcKafka) << "assigned" << partitions->cnt << "partitions";
        self->m_member = true;
        if (cooperative)
            rd_kafka_error_destroy(rd_kafka_incremental_assign(rk, partitions));
        else
            rd_kafka_assign(rk, partitions);
        self->m_assignedPartitions = cooperative ? self->m_assignedPartitions + partitions->cnt : partitions->cnt;
        return;
    }
    // Revoked: every batch routed so far is written first, so every offset is stored and durable.
    // Commit them now, before another member takes the partitions over.
    self->m_writer->drain();
    qCInfo(lcKafka) << "revoking" << partitions->cnt << "partitions; committing what is stored";
    // Lost (the session expired, the coordinator was out of reach): no longer a member until the
    // group assigns again. A plain rebalance keeps the membership.
    if (rd_kafka_assignment_lost(rk)) {
        self->m_member = false;
    } else {
        const rd_kafka_resp_err_t committed = rd_kafka_commit(rk, nullptr, 0);
        if (committed != RD_KAFKA_RESP_ERR_NO_ERROR && committed != RD_KAFKA_RESP_ERR__NO_OFFSET)
            qCWarning(lcKafka,
                      "commit before giving up partitions was refused (%s): the next owner may "
                      "read the last batch again; deliveries stay at least once",
                      rd_kafka_err2str(committed));
    }
    if (cooperative)
        rd_kafka_error_destroy(rd_kafka_incremental_unassign(rk, partitions));
    else
        rd_kafka_assign(rk, nullptr);
    self->m_assignedPartitions = cooperative ? self->m_assignedPartitions - partitions->cnt : 0;
}

void Ingest::onCommitted(rd_kafka_t *, rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t *, void *opaque)
{
    // A refused commit (a rebalance in progress, a coordinator moving) must be made again, even if
    // no further message arrives to trigger the next one.
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR && err != RD_KAFKA_RESP_ERR__NO_OFFSET)
        static_cast<Ingest *>(opaque)->m_commitFailed = true;
}

void Ingest::run()
{
    QElapsedTimer sinceRefusal;
    QElapsedTimer sinceLag;
    sinceLag.start();
    bool retryCommit = false;
    QList<rd_kafka_message_t *> messages;
    messages.reserve(kMaxBatch);
    BatchRouter batches(m_config, m_router, m_recent, m_config.decoding.threadCount());

    while (!m_stop) {
        rd_kafka_message_t *first = rd_kafka_consumer_poll(m_consumer.get(), 100);
        if (first) {
            // The first message waited for; then whatever else is already fetched.
            messages.resize(kMaxBatch);
            messages[0] = first;
            qsizetype got = 1;
            while (got < kMaxBatch) {
                rd_kafka_message_t *next = rd_kafka_consumer_poll(m_consumer.get(), 0);
                if (!next)
                    break;
                messages[got++] = next;
            }
            messages.resize(got);
            TopicPartitionList offsets = offsetsAfter(messages);
            m_counters.consumed += quint64(
                std::count_if(messages.begin(), messages.end(), [](const rd_kafka_message_t *m) { return !m->err; }));
            BatchRouter::Output routed = batches.route(messages, QDateTime::currentMSecsSinceEpoch());
            m_counters.matched += routed.matched;
            m_counters.filteredOut += routed.filteredOut;
            for (rd_kafka_message_t *message : std::as_const(messages))
                rd_kafka_message_destroy(message); // what the batch needs is copied
            messages.clear();
            // Written on the store's thread while the next batch is routed; offsets stored after.
            m_writer->push({std::move(routed), std::move(offsets)});
        }
        if (sinceLag.elapsed() >= 2000) {
            measureLag();
            sinceLag.restart();
        }
        // A refused commit is made again, paced, even when no new message would trigger one.
        if (m_commitFailed.exchange(false)) {
            retryCommit = true;
            sinceRefusal.start();
        }
        if (retryCommit && sinceRefusal.elapsed() >= kCommitRetryMs) {
            retryCommit = false;
            commit(false);
        }
    }

    m_writer->stop();
    commit(true);
    rd_kafka_consumer_close(m_consumer.get());
    qCInfo(lcKafka) << "consumer closed";
}

void Ingest::written(BatchRouter::Output &routed, const IngestResult &result)
{
    // Committed as soon as the batch is durable: the shorter that gap, the less another member
    // reads again after a rebalance, or this one after a crash.
    commit(false);
    m_counters.quarantined += quint64(result.quarantined);
    m_counters.deliveriesCreated += quint64(result.deliveriesCreated);
    m_counters.duplicates += quint64(result.duplicates);
    if (m_recent && !routed.recent.isEmpty())
        m_recent->append(std::move(routed.recent));
    if (result.deliveriesCreated > 0)
        Q_EMIT stored(result.deliveriesCreated);
}

TopicPartitionList Ingest::offsetsAfter(const QList<rd_kafka_message_t *> &messages)
{
    TopicPartitionList offsets(rd_kafka_topic_partition_list_new(8));
    rd_kafka_topic_partition_t *position = nullptr;
    const rd_kafka_topic_t *topic = nullptr;
    for (const rd_kafka_message_t *message : messages) {
        if (message->err)
            continue;
        // A fetch returns runs of one partition's messages: the previous position is usually it.
        if (!position || topic != message->rkt || position->partition != message->partition) {
            topic = message->rkt;
            const char *name = rd_kafka_topic_name(message->rkt);
            position = rd_kafka_topic_partition_list_find(offsets.get(), name, message->partition);
            if (!position)
                position = rd_kafka_topic_partition_list_add(offsets.get(), name, message->partition);
        }
        position->offset = message->offset + 1;
    }
    return offsets;
}

void Ingest::measureLag()
{
    rd_kafka_topic_partition_list_t *raw = nullptr;
    if (rd_kafka_assignment(m_consumer.get(), &raw) != RD_KAFKA_RESP_ERR_NO_ERROR)
        return;
    TopicPartitionList assignment(raw);
    rd_kafka_position(m_consumer.get(), assignment.get());
    QList<PartitionLag> lag;
    for (int i = 0; i < assignment->cnt; ++i) {
        const rd_kafka_topic_partition_t &p = assignment->elems[i];
        int64_t low = 0, high = 0;
        // Cached from the last fetch: no request to the broker.
        if (rd_kafka_get_watermark_offsets(m_consumer.get(), p.topic, p.partition, &low, &high) !=
                RD_KAFKA_RESP_ERR_NO_ERROR ||
            high < 0)
            continue;
        const qint64 position = p.offset >= 0 ? p.offset : low;
        lag.append({QString::fromUtf8(p.topic), int(p.partition), std::max<qint64>(0, high - position)});
    }
    QMutexLocker lock(&m_lagMutex);
    m_lag = std::move(lag);
}

QList<PartitionLag> Ingest::lag() const
{
    QMutexLocker lock(&m_lagMutex);
    return m_lag;
}

void Ingest::commit(bool synchronous)
{

    const rd_kafka_resp_err_t err = rd_kafka_commit(m_consumer.get(), nullptr, synchronous ? 0 : 1);
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR && err != RD_KAFKA_RESP_ERR__NO_OFFSET)
        qCWarning(lcKafka, "offset commit failed: %s", rd_kafka_err2str(err));
}

} // namespace sluice::agent
