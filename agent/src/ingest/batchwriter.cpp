#include "ingest/batchwriter.h"

#include "queue/store.h"

using namespace Qt::Literals::StringLiterals;

namespace sluice::agent {

BatchWriter::BatchWriter(const StoreConfig &config, rd_kafka_t *consumer, Callbacks callbacks)
    : m_config(config)
    , m_consumer(consumer)
    , m_callbacks(std::move(callbacks))
{
}

BatchWriter::~BatchWriter()
{
    stop();
}

void BatchWriter::start()
{
    m_stop = false;
    m_thread.reset(QThread::create([this] { run(); }));
    m_thread->setObjectName(u"sluice-store"_s);
    m_thread->start();
}

void BatchWriter::push(Batch batch)
{
    // Handed over once the previous batch is written: one batch is written while the next is read,
    // and no more are held (all of a batch's events are in memory until it is written).
    QMutexLocker lock(&m_mutex);
    while ((m_waiting || m_busy) && !m_stop)
        m_changed.wait(&m_mutex);
    if (m_stop)
        return;
    m_waiting = std::move(batch);
    m_changed.wakeAll();
}

void BatchWriter::drain()
{
    QMutexLocker lock(&m_mutex);
    while ((m_waiting || m_busy) && !m_stop)
        m_changed.wait(&m_mutex);
}

void BatchWriter::stop()
{
    {
        QMutexLocker lock(&m_mutex);
        m_stop = true;
        m_changed.wakeAll();
    }
    // Called by the consuming thread as it ends and by whoever stops it, perhaps at once: one joins,
    // the other waits for that.
    QMutexLocker join(&m_joinMutex);
    if (!m_thread)
        return;
    m_thread->wait();
    m_thread.reset();
}

void BatchWriter::run()
{
    Store store(u"ingest-%1"_s.arg(quintptr(this), 0, 16)); // one connection per thread, named uniquely
    QString error;
    bool opened = false;
    while (!(opened = store.open(m_config, m_config.fullSync, &error)) && !m_stop) {
        m_callbacks.failing(error);
        QThread::sleep(1);
    }
    if (!opened)
        return; // stopped before the store ever opened: nothing was written, nothing is committed
    while (true) {
        Batch batch;
        {
            QMutexLocker lock(&m_mutex);
            m_busy = false;
            m_changed.wakeAll();
            while (!m_waiting && !m_stop)
                m_changed.wait(&m_mutex);
            if (!m_waiting)
                return; // stopping, nothing waits
            batch = std::move(*m_waiting);
            m_waiting.reset();
            m_busy = true;
            m_changed.wakeAll();
        }
        if (!write(batch, store))
            return; // stopping with the batch not stored: its offsets are not committed either
    }
}

// Durable first, then the offsets; a failing store holds the batch until it recovers.
bool BatchWriter::write(Batch &batch, Store &store)
{
    QString error;
    std::optional<IngestResult> result;
    BatchRouter::Output &routed = batch.routed;
    while (!(result = store.queue().enqueue(routed.items, routed.quarantine, routed.latest, &error))) {
        m_callbacks.failing(error);
        for (int i = 0; i < 5 && !m_stop; ++i)
            QThread::msleep(100);
        if (m_stop)
            return false;
    }
    if (batch.offsets->cnt > 0)
        rd_kafka_offsets_store(m_consumer, batch.offsets.get());
    m_callbacks.written(routed, *result);
    return true;
}

} // namespace sluice::agent
