#pragma once

#include "cloudevent.h"
#include "config.h"
#include "ingest/decoder.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QUrlQuery>

#include <optional>

namespace sluice::agent {

using HttpHeaders = QList<std::pair<QByteArray, QByteArray>>;

// A callback's secrets as read from its files; empty: that proof is not asked for.
struct CallbackSecrets {
    QByteArray token;
    QList<QByteArray> signingKeys;
};

// One HTTP request to a callback, apart from QHttpServer so that reading it can be tested alone.
struct CallbackRequest {
    QByteArray method; // "POST", "GET", "OPTIONS", ...
    std::optional<QString> pathToken; // the segment after the callback's name
    QUrlQuery query;
    HttpHeaders headers; // as sent
    QByteArray body;
    qint64 nowMs = 0;

    QByteArray header(QByteArrayView name) const; // case-insensitive; null when absent
};

// What to do with a request: answer it at once (a preflight, or a refusal), produce its event and
// answer once Kafka has it, or record it in the quarantine and refuse it.
struct CallbackOutcome {
    enum class Kind { Answer, Produce, Quarantine };
    Kind kind = Kind::Answer;
    int status = 200;
    QString problem; // a refusal's problem type (subscriptionsapi::problem)
    QString detail;  // and why, for the caller
    QByteArray contentType;
    QByteArray body;
    HttpHeaders headers;
    CloudEvent event;    // Produce
    KafkaRecord request; // Quarantine: the request as the quarantine keeps it
};

// Reads requests to one callback: who sent it (path token, Standard Webhooks signature), whether
// it is a preflight, and the CloudEvent it carries. The body is read the way the pipeline reads
// Kafka messages (HTTP binding's ce- headers become the Kafka binding's ce_ headers; plain JSON
// goes through the callback's mapping rule), so a callback accepts nothing the pipeline refuses.
class CallbackReader {
public:
    CallbackReader(const CallbackConfig &config, CallbackSecrets secrets, qsizetype maxEventBytes);

    const CallbackConfig &config() const { return m_config; }
    CallbackOutcome read(const CallbackRequest &request) const;
    // The pseudo-topic its quarantined requests are kept under, "callback:NAME".
    QString quarantineTopic() const;

private:
    std::optional<CallbackOutcome> refuseCaller(const CallbackRequest &request) const;
    std::optional<CallbackOutcome> preflight(const CallbackRequest &request) const;
    CallbackOutcome decode(const CallbackRequest &request) const;
    KafkaRecord recordOf(const CallbackRequest &request, bool forQuarantine) const;
    bool mapped(const CallbackRequest &request) const;

    CallbackConfig m_config;
    CallbackSecrets m_secrets;
    Decoder m_decoder;
};

// The Kafka protocol binding's binary mode: ce_ headers (UTF-8), content-type, the data as the
// value (null without data), and the partitioning extension's partitionkey, else the subject, as
// the key, so events about one subject stay in order.
struct KafkaMessage {
    QByteArray key;
    QByteArray value;
    HttpHeaders headers;
};
KafkaMessage kafkaMessageOf(const CloudEvent &event);

} // namespace sluice::agent
