#include "ingest/batchrouter.h"

#include "ingest/kafka.h"

#include <QLoggingCategory>

using namespace Qt::Literals::StringLiterals;

Q_DECLARE_LOGGING_CATEGORY(lcKafka)

namespace sluice::agent {

namespace {

// Below this many messages, splitting a batch costs more than it saves.
constexpr qsizetype kMinPerThread = 256;

} // namespace

BatchRouter::BatchRouter(const AgentConfig &config, const Router *router, RecentEvents *recent, int threads)
    : m_config(config)
    , m_decoder(config.decoding)
    , m_router(router)
    , m_recent(recent)
    , m_threads(std::max(1, threads))
{
    m_pool.setMaxThreadCount(std::max(1, m_threads - 1));
    m_pool.setExpiryTimeout(-1); // the helpers stay: a batch follows every few milliseconds
}

BatchRouter::Output BatchRouter::route(const QList<rd_kafka_message_t *> &messages, qint64 receivedAt)
{
    Output out;
    if (const auto subscriptions = m_router->subscriptions(); subscriptions != m_types.snapshot())
        m_types = TypeIndex(subscriptions, m_config.store.keepLatest, m_config.store.keepLatestFor);
    read(messages);
    parallel(messages.size(), [this](qsizetype i) {
        Slot &slot = m_slots[i];
        if (!slot.skip)
            m_decoder.scan(slot.record, slot.envelope);
    });
    count(messages.size(), receivedAt, out);
    parallel(messages.size(), [this, receivedAt](qsizetype i) {
        if (m_slots[i].needed)
            decide(m_slots[i], receivedAt);
    });
    collect(messages.size(), receivedAt, out);
    return out;
}

void BatchRouter::parallel(qsizetype count, const std::function<void(qsizetype)> &work)
{
    const qsizetype parts = std::clamp<qsizetype>(count / kMinPerThread, 1, m_threads);
    const qsizetype per = (count + parts - 1) / parts;
    const auto part = [&](qsizetype p) {
        for (qsizetype i = p * per; i < std::min(count, (p + 1) * per); ++i)
            work(i);
    };
    for (qsizetype p = 1; p < parts; ++p)
        m_pool.start([&part, p] { part(p); });
    part(0);
    m_pool.waitForDone();
}

void BatchRouter::read(const QList<rd_kafka_message_t *> &messages)
{
    if (m_slots.size() < messages.size())
        m_slots.resize(messages.size());
    for (qsizetype i = 0; i < messages.size(); ++i) {
        const rd_kafka_message_t *message = messages.at(i);
        Slot &slot = m_slots[i];
        slot.skip = message->err != RD_KAFKA_RESP_ERR_NO_ERROR;
        if (std::exchange(slot.needed, false)) {
            slot.decoded = {};
            slot.route = {};
        }
        slot.envelope.readable = false;
        if (slot.skip) {
            qCWarning(lcKafka, "consume error: %s", rd_kafka_message_errstr(message));
            continue;
        }
        auto topic = m_topics.find(message->rkt);
        if (topic == m_topics.end())
            topic = m_topics.insert(message->rkt, QString::fromUtf8(rd_kafka_topic_name(message->rkt)));
        readRecord(message, *topic, slot.record);
    }
}

// In message order: the register's figures and samples stay exactly as if every event were decoded.
void BatchRouter::count(qsizetype size, qint64 receivedAt, Output &out)
{
    for (qsizetype i = 0; i < size; ++i) {
        Slot &slot = m_slots[i];
        if (slot.skip)
            continue;
        const Envelope &envelope = slot.envelope;
        if (!envelope.readable) {
            slot.needed = true; // the decoder reads it, or says why it cannot
            continue;
        }
        slot.type = m_types.of(envelope.type);
        slot.verdict = m_router->count(slot.type.type, QUtf8StringView(envelope.source.data(), envelope.source.size()),
                                       envelope.jsonData, receivedAt);
        slot.needed = (slot.verdict.exposed && !slot.type.selecting.isEmpty()) ||
                      (slot.verdict.schema && slot.verdict.sample) || slot.verdict.learn ||
                      (slot.type.keepLatest && !envelope.subject.isEmpty());
        if (!slot.needed)
            ++out.filteredOut;
    }
}

void BatchRouter::decide(Slot &slot, qint64 receivedAt) const
{
    slot.decoded = m_decoder.decode(slot.record);
    slot.route = {};
    if (!slot.decoded.event)
        return;
    if (slot.envelope.readable)
        slot.route = m_router->routeCounted(*slot.decoded.event, slot.verdict, m_types.subscriptions(),
                                            slot.type.selecting, receivedAt);
    else
        slot.route = m_router->route(*slot.decoded.event, receivedAt, &m_types.subscriptions());
}

bool BatchRouter::keepsLatest(const Slot &slot)
{
    const CloudEvent &event = *slot.decoded.event;
    if (event.subject.isEmpty())
        return false;
    if (slot.envelope.readable)
        return slot.type.keepLatest;
    return m_types.of(event.type.toUtf8()).keepLatest;
}

void BatchRouter::collect(qsizetype size, qint64 receivedAt, Output &out)
{
    QHash<std::pair<QString, QString>, qsizetype> latest; // type and subject: where in out.latest
    QList<qsizetype> recent;                              // slots for the recent window
    const bool keepRecent = m_recent && (m_recent->capacity() > 0 || m_recent->hasSinks());
    for (qsizetype i = 0; i < size; ++i) {
        Slot &slot = m_slots[i];
        if (slot.skip)
            continue;
        if (!slot.needed) {
            if (keepRecent)
                recent.append(i);
            continue;
        }
        if (!slot.decoded.event || !slot.route.refusal.isEmpty()) {
            out.quarantine.append({slot.record.owned(), slot.decoded.event ? std::move(slot.route.refusal)
                                                                           : std::move(slot.decoded.problem)});
            continue;
        }
        if (keepRecent)
            recent.append(i);
        CloudEvent &event = *slot.decoded.event;
        if (keepsLatest(slot)) {
            // Only the newest of a batch per type and subject is written.
            const auto key = std::pair(event.type, event.subject);
            if (const auto known = latest.constFind(key); known != latest.constEnd()) {
                out.latest[*known] = {event, slot.decoded.structured};
            } else {
                latest.insert(key, out.latest.size());
                out.latest.append({event, slot.decoded.structured});
            }
        }
        if (slot.route.deliveries.isEmpty()) {
            ++out.filteredOut;
            continue;
        }
        ++out.matched;
    }
    // Of the window, only the newest part of a batch stays, unless a live view takes them all.
    const qsizetype first =
        m_recent && !m_recent->hasSinks() ? std::max<qsizetype>(0, recent.size() - m_recent->capacity()) : 0;
    for (qsizetype r = first; r < recent.size(); ++r) {
        Slot &slot = m_slots[recent.at(r)];
        const QString type = slot.needed ? slot.decoded.event->type : slot.type.type;
        out.recent.append({slot.record.owned(), type, slot.route.matched, receivedAt});
    }
    for (qsizetype i = 0; i < size; ++i) {
        Slot &slot = m_slots[i];
        if (slot.skip || !slot.needed || !slot.decoded.event || slot.route.deliveries.isEmpty())
            continue;
        out.items.append({std::move(*slot.decoded.event), slot.record.owned(false), std::move(slot.route.deliveries),
                          std::move(slot.decoded.structured)});
    }
}

} // namespace sluice::agent
