#include "service/metrics.h"

#include "agent.h"
#include "callbacks/callbackservice.h"
#include "delivery/dispatcher.h"
#include "ingest/ingest.h"
#include "queue/store.h"
#include "subscriptions/subscriptionregistry.h"

using namespace Qt::Literals::StringLiterals;

namespace sluice::agent {

namespace {

// Label values escape backslash, double quote and newline.
QString label(const QString &value)
{
    return QString(value).replace(u'\\', u"\\\\"_s).replace(u'"', u"\\\""_s).replace(u'\n', u"\\n"_s);
}

class Writer {
public:
    void family(const char *name, const char *type, const char *help)
    {
        m_text += u"# HELP %1 %2\n# TYPE %1 %3\n"_s.arg(QLatin1StringView(name), QLatin1StringView(help),
                                                        QLatin1StringView(type));
    }
    void sample(const char *name, const QString &labels, double value)
    {
        m_text += QLatin1StringView(name);
        if (!labels.isEmpty())
            m_text += u'{' + labels + u'}';
        m_text += u' ' + QString::number(value, 'g', 17) + u'\n';
    }
    void counter(const char *name, const char *help, quint64 value)
    {
        family(name, "counter", help);
        sample(name, QString(), double(value));
    }
    QByteArray text() const { return m_text.toUtf8(); }

private:
    QString m_text;
};

} // namespace

QByteArray prometheusText(Agent &agent, const QString &version, const CallbackService *callbacks)
{
    Writer w;
    const AgentStats s = agent.stats();
    w.family("sluice_build_info", "gauge", "The agent's version.");
    w.sample("sluice_build_info", u"version=\"%1\""_s.arg(label(version)), 1);
    w.counter("sluice_events_consumed_total", "Messages consumed from Kafka.", s.consumed);
    w.counter("sluice_events_matched_total", "Events that matched at least one subscription.", s.matched);
    w.counter("sluice_events_filtered_out_total", "Events no subscription selected (counted, not stored).",
              s.filteredOut);
    w.counter("sluice_events_quarantined_total",
              "Messages that could not be decoded or failed an enforced schema, kept in quarantine.", s.quarantined);
    w.counter("sluice_events_duplicate_total", "Events already stored (read again after a crash or rebalance).",
              s.duplicates);
    w.counter("sluice_deliveries_created_total", "Deliveries created (one per event and subscription).",
              s.deliveriesCreated);

    const QList<EndpointStatus> endpoints = agent.endpoints();
    w.family("sluice_deliveries_total", "counter",
             "Delivery attempts by subscription and outcome: delivered, failed (to be retried or dead), dead.");
    for (const EndpointStatus &e : endpoints) {
        const QString sub = u"subscription=\"%1\""_s.arg(label(e.name));
        w.sample("sluice_deliveries_total", sub + u",outcome=\"delivered\""_s, double(e.delivered));
        w.sample("sluice_deliveries_total", sub + u",outcome=\"failed\""_s, double(e.failedAttempts));
        w.sample("sluice_deliveries_total", sub + u",outcome=\"dead\""_s, double(e.dead));
    }
    w.family("sluice_subscription_up", "gauge",
             "1 while the subscription's endpoint is active (not pending, "
             "disabled or behind an open circuit breaker).");
    for (const EndpointStatus &e : endpoints)
        w.sample("sluice_subscription_up", u"subscription=\"%1\""_s.arg(label(e.name)),
                 e.state == EndpointState::Active && !e.breakerOpen ? 1 : 0);
    w.family("sluice_poll_unread", "gauge", "Events waiting for a polled subscription's consumer to acknowledge them.");
    for (const Subscription &sub : agent.subscriptions().all()) {
        if (sub.polled())
            w.sample("sluice_poll_unread", u"subscription=\"%1\""_s.arg(label(sub.name)),
                     double(agent.store().queue().pollFigures(sub.name).unread));
    }

    if (const Dispatcher *dispatcher = agent.dispatcher()) {
        const AttemptHistogram &h = dispatcher->attemptDurations();
        w.family("sluice_attempt_duration_seconds", "histogram", "How long delivery attempts took, to the answer.");
        quint64 cumulative = 0;
        for (std::size_t i = 0; i < h.counts.size(); ++i) {
            cumulative += h.counts[i];
            const QString le =
                i < AttemptHistogram::kBounds.size() ? QString::number(AttemptHistogram::kBounds[i]) : u"+Inf"_s;
            w.sample("sluice_attempt_duration_seconds_bucket", u"le=\"%1\""_s.arg(le), double(cumulative));
        }
        w.sample("sluice_attempt_duration_seconds_sum", QString(), h.sumSeconds);
        w.sample("sluice_attempt_duration_seconds_count", QString(), double(h.count));
    }
    w.family("sluice_in_flight", "gauge", "Requests to endpoints in flight.");
    w.sample("sluice_in_flight", QString(), s.inFlight);

    w.family("sluice_queue_depth", "gauge", "Deliveries in the store by state.");
    const auto byState = agent.store().queue().countByState();
    // A store that did not answer (a server away) gives no figures, rather than zeros.
    const bool counted = byState.contains(u"quarantined"_s);
    for (const QString &state :
         {u"pending"_s, u"sending"_s, u"delivered"_s, u"dead"_s, u"superseded"_s, u"discarded"_s}) {
        if (counted)
            w.sample("sluice_queue_depth", u"state=\"%1\""_s.arg(state), double(byState.value(state)));
    }
    w.family("sluice_quarantine_size", "gauge", "Messages in quarantine.");
    if (counted)
        w.sample("sluice_quarantine_size", QString(), double(byState.value(u"quarantined"_s)));

    w.family("sluice_consumer_lag", "gauge", "Messages behind the newest offset, per assigned partition.");
    for (const PartitionLag &l : agent.consumerLag())
        w.sample("sluice_consumer_lag", u"topic=\"%1\",partition=\"%2\""_s.arg(label(l.topic)).arg(l.partition),
                 double(l.lag));
    w.family("sluice_assigned_partitions", "gauge", "Kafka partitions this agent consumes.");
    w.sample("sluice_assigned_partitions", QString(), agent.assignedPartitions());
    w.family("sluice_store_size_bytes", "gauge", "The store's database file and write-ahead log.");
    w.sample("sluice_store_size_bytes", QString(), double(agent.store().sizeBytes()));
    w.family("sluice_ready", "gauge", "1 when consuming and the store takes writes (as /readyz).");
    w.sample("sluice_ready", QString(), agent.notReadyBecause().isEmpty() ? 1 : 0);
    if (callbacks) {
        w.family("sluice_callback_requests_total", "counter",
                 "Requests to callbacks by outcome: accepted (202 once Kafka has the event), preflight, refused "
                 "(401, 404, 405), quarantined (400), failed (503, Kafka did not take it).");
        const auto counters = callbacks->counters();
        for (auto it = counters.begin(); it != counters.end(); ++it) {
            const QString name = u"callback=\"%1\""_s.arg(label(it.key()));
            const CallbackCounters &c = it.value();
            const std::pair<const char *, quint64> outcomes[] = {{"accepted", c.accepted},
                                                                   {"preflight", c.preflight},
                                                                   {"refused", c.refused},
                                                                   {"quarantined", c.quarantined},
                                                                   {"failed", c.failed}};
            for (const auto &[outcome, value] : outcomes)
                w.sample("sluice_callback_requests_total",
                         name + u",outcome=\"%1\""_s.arg(QLatin1StringView(outcome)), double(value));
        }
    }
    return w.text();
}

} // namespace sluice::agent
