#include "callbacks/callbackrequest.h"

#include "edgecheck.h"
#include "jsonscan.h"
#include "subscriptionsprotocol.h"
#include "webhooksignature.h"

#include <QJsonDocument>
#include <QRandomGenerator>
#include <QUuid>

using namespace Qt::Literals::StringLiterals;
namespace problem = sluice::subscriptionsapi::problem;

namespace sluice::agent {

namespace {

DecodingConfig decodingFor(const CallbackConfig &config, const QString &topic, qsizetype maxEventBytes)
{
    DecodingConfig decoding;
    decoding.maxEventBytes = maxEventBytes;
    if (config.mapping) {
        MappingRule rule = *config.mapping;
        rule.topic = topic;
        decoding.mappings.append(rule);
    }
    return decoding;
}

CallbackOutcome refusal(int status, const QString &type, const QString &detail)
{
    CallbackOutcome outcome;
    outcome.status = status;
    outcome.problem = type;
    outcome.detail = detail;
    return outcome;
}

CallbackOutcome answer(QByteArray contentType, QByteArray body, HttpHeaders headers = {})
{
    CallbackOutcome outcome;
    outcome.contentType = std::move(contentType);
    outcome.body = std::move(body);
    outcome.headers = std::move(headers);
    return outcome;
}

bool isStructuredOrBinary(const CallbackRequest &request)
{
    return !request.header("ce-specversion").isNull() ||
           request.header("content-type").trimmed().toLower().startsWith("application/cloudevents");
}

} // namespace

QByteArray CallbackRequest::header(QByteArrayView name) const
{
    for (const auto &[n, value] : headers) {
        if (n.compare(name, Qt::CaseInsensitive) == 0)
            return value.isNull() ? QByteArray("") : value;
    }
    return {};
}

CallbackReader::CallbackReader(const CallbackConfig &config, CallbackSecrets secrets, qsizetype maxEventBytes)
    : m_config(config)
    , m_secrets(std::move(secrets))
    , m_decoder(decodingFor(config, quarantineTopic(), maxEventBytes))
{
}

QString CallbackReader::quarantineTopic() const
{
    return u"callback:"_s + m_config.name;
}

CallbackOutcome CallbackReader::read(const CallbackRequest &request) const
{
    if (auto refused = refuseCaller(request))
        return *refused;
    if (auto answered = preflight(request))
        return *answered;
    if (request.method != "POST")
        return refusal(405, problem::NotAllowed,
                       u"a callback takes POST (and OPTIONS, and GET with ?%1=…)"_s.arg(m_config.challengeParameter));
    if (!m_secrets.signingKeys.isEmpty()) {
        QString why;
        if (!webhooks::verify(m_secrets.signingKeys, request.header("webhook-id"), request.header("webhook-timestamp"),
                              request.header("webhook-signature"), request.body, request.nowMs / 1000,
                              m_config.signatureTolerance.count() / 1000, &why))
            return refusal(401, problem::Unauthorized, why);
    }
    json::ScanError notJson;
    if (m_config.challengeMember && !isStructuredOrBinary(request) && json::validate(request.body, &notJson)) {
        const auto challenge = m_config.challengeMember->resolve(json::parse(request.body));
        if (challenge && challenge->isString())
            return answer("text/plain; charset=utf-8", challenge->toString().toUtf8());
    }
    return decode(request);
}

// The path token first: without it nothing else of the request is looked at, not even its method.
std::optional<CallbackOutcome> CallbackReader::refuseCaller(const CallbackRequest &request) const
{
    if (m_secrets.token.isEmpty()) {
        if (request.pathToken)
            return refusal(404, problem::NotFound, u"no callback at this address"_s);
        return std::nullopt;
    }
    if (!request.pathToken)
        return refusal(401, problem::Unauthorized,
                       u"this callback's address ends in its secret token: "
                       u"/callbacks/%1/TOKEN"_s.arg(m_config.name));
    if (!webhooks::equalInConstantTime(request.pathToken->toUtf8(), m_secrets.token))
        return refusal(401, problem::Unauthorized, u"the token in the address is not this callback's"_s);
    return std::nullopt;
}

// OPTIONS is the CloudEvents webhook validation (abuse protection): the origin asking is allowed.
// A GET carrying the challenge parameter is answered with its value. Neither makes an event.
std::optional<CallbackOutcome> CallbackReader::preflight(const CallbackRequest &request) const
{
    if (request.method == "OPTIONS") {
        const QByteArray origin = request.header("webhook-request-origin");
        HttpHeaders headers = {{"Allow", "POST, OPTIONS"}};
        if (!origin.isNull())
            headers.emplaceBack("WebHook-Allowed-Origin", origin);
        if (!request.header("webhook-request-rate").isNull())
            headers.emplaceBack("WebHook-Allowed-Rate", "*");
        CallbackOutcome outcome = answer({}, {}, headers);
        outcome.status = 200;
        return outcome;
    }
    if (request.method == "GET" && !m_config.challengeParameter.isEmpty() &&
        request.query.hasQueryItem(m_config.challengeParameter))
        return answer("text/plain; charset=utf-8",
                      request.query.queryItemValue(m_config.challengeParameter, QUrl::FullyDecoded).toUtf8(),
                      {{"X-Content-Type-Options", "nosniff"}});
    return std::nullopt;
}

bool CallbackReader::mapped(const CallbackRequest &request) const
{
    return m_config.mapping && !isStructuredOrBinary(request);
}

CallbackOutcome CallbackReader::decode(const CallbackRequest &request) const
{
    DecodeResult decoded = m_decoder.decode(recordOf(request, false));
    if (!decoded.event) {
        CallbackOutcome outcome = refusal(400, problem::Invalid, decoded.error());
        outcome.kind = CallbackOutcome::Kind::Quarantine;
        outcome.request = recordOf(request, true);
        return outcome;
    }
    CloudEvent &event = *decoded.event;
    // The agent's own events (lifecycle) are made only by the agent: a caller cannot forge one, to
    // an operator's subscription or to a consumer's that follows its own subscriptions.
    if (event.type.startsWith(u"sluice.")) {
        CallbackOutcome outcome =
            refusal(400, problem::Invalid,
                    u"event type \"%1\": types beginning with \"sluice.\" are the agent's own; a callback cannot "
                    u"send them"_s.arg(edge::escapeForLog(event.type)));
        outcome.kind = CallbackOutcome::Kind::Quarantine;
        outcome.request = recordOf(request, true);
        return outcome;
    }
    if (mapped(request) && !m_config.mapping->idPointer) {
        // A caller retrying a signed request sends the same webhook-id: the same event, which the
        // pipeline recognises as a duplicate.
        const QByteArray id = request.header("webhook-id");
        event.id = id.isEmpty() ? QUuid::createUuid().toString(QUuid::WithoutBraces) : QString::fromUtf8(id);
    }
    CallbackOutcome outcome;
    outcome.kind = CallbackOutcome::Kind::Produce;
    outcome.status = 202;
    outcome.event = std::move(event);
    return outcome;
}

// For decoding: the HTTP binding's ce- headers (percent-encoded) as the Kafka binding's ce_
// headers, and the content type. For the quarantine: the request as it came, less its credentials.
KafkaRecord CallbackReader::recordOf(const CallbackRequest &request, bool forQuarantine) const
{
    KafkaRecord record;
    record.topic = quarantineTopic();
    record.partition = -1; // not from Kafka
    record.timestampMs = request.nowMs;
    record.value = request.body;
    record.valueIsNull = request.body.isEmpty();
    for (const auto &[name, value] : request.headers) {
        const QByteArray lower = name.toLower();
        if (forQuarantine) {
            if (lower != "authorization" && lower != "cookie")
                record.headers.emplaceBack(lower, value);
        } else if (lower.startsWith("ce-")) {
            record.headers.emplaceBack("ce_" + lower.mid(3), QByteArray::fromPercentEncoding(value));
        } else if (lower == "content-type") {
            record.headers.emplaceBack(lower, value);
        }
    }
    if (forQuarantine)
        record.offset = qint64(QRandomGenerator::system()->generate64() >> 1); // tells requests apart
    return record;
}

KafkaMessage kafkaMessageOf(const CloudEvent &event)
{
    KafkaMessage message;
    const QJsonValue partitionKey = event.extensions.value(u"partitionkey"_s);
    message.key = (partitionKey.isString() ? partitionKey.toString() : event.subject).toUtf8();
    if (event.dataKind() == CloudEvent::DataKind::Bytes && event.dataContentType.isEmpty()) {
        // Binary mode would read bytes without a content type as JSON: structured mode keeps them.
        message.value = event.toStructuredBytes();
        message.headers.emplaceBack("content-type", "application/cloudevents+json");
        return message;
    }
    const QJsonObject json = event.toJson();
    message.headers.emplaceBack("ce_specversion", "1.0");
    for (auto it = json.begin(); it != json.end(); ++it) {
        const QString &name = it.key();
        if (name == u"specversion" || name == u"data" || name == u"data_base64" || name == u"datacontenttype")
            continue;
        const QJsonValue value = it.value();
        const QString text = value.isBool()     ? (value.toBool() ? u"true"_s : u"false"_s)
                             : value.isDouble() ? QString::number(value.toInteger())
                                                : value.toString();
        message.headers.emplaceBack("ce_" + name.toUtf8(), text.toUtf8());
    }
    if (!event.dataContentType.isEmpty())
        message.headers.emplaceBack("content-type", event.dataContentType.toUtf8());
    if (event.dataKind() != CloudEvent::DataKind::None) {
        message.value = event.dataBody();
        if (message.value.isNull())
            message.value = QByteArray("");
    }
    return message;
}

} // namespace sluice::agent
