#include "callbacks/callbackservice.h"

#include "admin/admintokens.h"
#include "agent.h"
#include "queue/store.h"
#include "service/deferredanswer.h"
#include "service/problem.h"
#include "subscriptionsprotocol.h"
#include "webhooksignature.h"

#include <QDateTime>
#include <QFile>
#include <QHttpServer>
#include <QHttpServerRequest>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QMetaEnum>

Q_LOGGING_CATEGORY(lcCallbacks, "sluice.agent.callbacks")

using namespace Qt::Literals::StringLiterals;
namespace problem = sluice::subscriptionsapi::problem;

namespace sluice::agent {

namespace {

using Status = QHttpServerResponse::StatusCode;

// The file's non-empty lines; a file that does not exist is made, owner-only, with a new secret.
std::optional<QStringList> secretsIn(const QString &path, const QString &fresh, QString *error)
{
    QFile file(path);
    if (!file.exists()) {
        if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly) ||
            !file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner) ||
            file.write(fresh.toUtf8() + '\n') < 0) {
            *error = u"cannot make \"%1\": %2"_s.arg(path, file.errorString());
            return std::nullopt;
        }
        qCInfo(lcCallbacks).noquote() << "made a new secret in" << path << "(give it to the caller)";
        return QStringList{fresh};
    }
    if (!file.open(QIODevice::ReadOnly)) {
        *error = u"cannot read \"%1\": %2"_s.arg(path, file.errorString());
        return std::nullopt;
    }
    QStringList lines;
    for (const QByteArray &line : file.readAll().split('\n')) {
        if (!line.trimmed().isEmpty())
            lines.append(QString::fromUtf8(line.trimmed()));
    }
    if (lines.isEmpty()) {
        *error = u"\"%1\" is empty: write a secret in it, or remove it and the agent makes one"_s.arg(path);
        return std::nullopt;
    }
    return lines;
}

std::optional<CallbackSecrets> secretsOf(const CallbackConfig &config, QString *error)
{
    CallbackSecrets secrets;
    if (!config.tokenFile.isEmpty()) {
        const auto lines = secretsIn(config.tokenFile, AdminTokens::generateSecret(u"sluicecb_"), error);
        if (!lines)
            return std::nullopt;
        secrets.token = lines->first().toUtf8();
    }
    if (!config.signingSecretFile.isEmpty()) {
        const auto lines = secretsIn(config.signingSecretFile, webhooks::generateSecret(), error);
        if (!lines)
            return std::nullopt;
        for (const QString &line : *lines) { // several while a secret is rotated: each is accepted
            const auto key = webhooks::secretKey(line, error);
            if (!key) {
                *error = u"\"%1\": %2"_s.arg(config.signingSecretFile, *error);
                return std::nullopt;
            }
            secrets.signingKeys.append(*key);
        }
    }
    return secrets;
}

CallbackRequest requestOf(const QHttpServerRequest &request, std::optional<QString> token)
{
    CallbackRequest r;
    r.method =
        QByteArray(QMetaEnum::fromType<QHttpServerRequest::Method>().valueToKey(int(request.method()))).toUpper();
    r.pathToken = std::move(token);
    r.query = request.query();
    for (const auto &[name, value] : request.headers())
        r.headers.append({name, value});
    r.body = request.body();
    r.nowMs = QDateTime::currentMSecsSinceEpoch();
    return r;
}

} // namespace

CallbackService::CallbackService(Agent *agent, const AgentConfig &config, const QString &brokers)
    : m_agent(agent)
    , m_configs(config.callbacks)
    , m_maxEventBytes(config.decoding.maxEventBytes)
    , m_producer(brokers, config.kafka,
                 std::max_element(config.callbacks.begin(), config.callbacks.end(), [](const auto &a, const auto &b) {
                     return a.ackTimeout < b.ackTimeout;
                 })->ackTimeout)
{
}

CallbackService::~CallbackService() = default;

bool CallbackService::start(QString *error)
{
    for (const CallbackConfig &config : std::as_const(m_configs)) {
        QString why;
        const auto secrets = secretsOf(config, &why);
        if (!secrets) {
            *error = u"callback \"%1\": %2"_s.arg(config.name, why);
            return false;
        }
        m_readers.insert(config.name, std::make_shared<CallbackReader>(config, *secrets, m_maxEventBytes));
        m_counters.insert(config.name, {});
    }
    return m_producer.start(error);
}

void CallbackService::addRoutes(QHttpServer &server)
{
    server.route(u"/callbacks/<arg>"_s,
                 [this](const QString &name, const QHttpServerRequest &request, QHttpServerResponder &&responder) {
                     handle(name, std::nullopt, request, std::move(responder));
                 });
    server.route(u"/callbacks/<arg>/<arg>"_s,
                 [this](const QString &name, const QString &token, const QHttpServerRequest &request,
                        QHttpServerResponder &&responder) { handle(name, token, request, std::move(responder)); });
}

void CallbackService::handle(const QString &name, std::optional<QString> token, const QHttpServerRequest &request,
                             QHttpServerResponder &&responder)
{
    const QString remote = request.remoteAddress().toString();
    const std::shared_ptr<CallbackReader> reader = m_readers.value(name);
    if (!reader) {
        problemResponse(Status::NotFound, problem::NotFound, u"no callback \"%1\""_s.arg(name))
            .write(std::move(responder));
        return;
    }
    CallbackOutcome outcome = reader->read(requestOf(request, std::move(token)));
    if (outcome.kind == CallbackOutcome::Kind::Produce)
        produce(*reader, std::move(outcome), std::move(responder), remote);
    else
        respond(name, outcome, remote).write(std::move(responder));
}

QHttpServerResponse CallbackService::respond(const QString &name, const CallbackOutcome &outcome, const QString &remote)
{
    CallbackCounters &counters = m_counters[name];
    if (outcome.problem.isEmpty()) {
        ++counters.preflight;
        QHttpServerResponse response(outcome.contentType, outcome.body, Status(outcome.status));
        for (const auto &[header, value] : outcome.headers)
            response.setHeader(header, value);
        return response;
    }
    if (outcome.kind == CallbackOutcome::Kind::Quarantine) {
        ++counters.quarantined;
        QString error;
        if (!m_agent->store().queue().enqueue({}, {{outcome.request, outcome.detail}}, {}, &error))
            qCWarning(lcCallbacks).noquote()
                << "callback" << name << "cannot keep a refused request in the quarantine:" << error;
    } else {
        ++counters.refused;
    }
    qCInfo(lcCallbacks).noquote() << "callback" << name << "refused a request from" << remote << "with"
                                  << outcome.status << outcome.detail;
    QHttpServerResponse response = problemResponse(Status(outcome.status), outcome.problem, outcome.detail);
    if (outcome.status == 405)
        response.setHeader("Allow", "POST, OPTIONS, GET");
    return response;
}

// Answered when Kafka has the event (202), or has not taken it in time (503: the caller sends it again).
void CallbackService::produce(const CallbackReader &reader, CallbackOutcome outcome, QHttpServerResponder &&responder,
                              const QString &remote)
{
    auto answer = std::make_shared<DeferredAnswer>(std::move(responder));
    const QString name = reader.config().name;
    const QString topic = reader.config().topic;
    const QString id = outcome.event.id;
    m_producer.produce(topic, kafkaMessageOf(outcome.event), [this, answer, name, topic, id, remote](const auto &r) {
        CallbackCounters &counters = m_counters[name];
        if (!r.error.isEmpty()) {
            ++counters.failed;
            qCWarning(lcCallbacks).noquote()
                << "callback" << name << "could not produce event" << id << "to" << topic << "for" << remote
                << (answer->clientLeft() ? "(who had gone):" : "and answered 503:") << r.error;
            QHttpServerResponse response =
                problemResponse(Status::ServiceUnavailable, problem::Unavailable,
                                u"Kafka did not take the event (%1); nothing was kept, send it again"_s.arg(r.error));
            response.setHeader("Retry-After", "5");
            answer->answer(response);
            return;
        }
        ++counters.accepted;
        qCDebug(lcCallbacks).noquote() << "callback" << name << "produced event" << id << "to" << topic << r.partition
                                       << r.offset;
        answer->answer(QHttpServerResponse(
            QJsonObject{{u"id"_s, id}, {u"topic"_s, topic}, {u"partition"_s, r.partition}, {u"offset"_s, r.offset}},
            Status::Accepted));
    });
}

} // namespace sluice::agent
