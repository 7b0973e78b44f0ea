#include "agentsession.h"

#include "protocol.h"
#include "subscription.h"
#include "subscriptionstatus.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QSslConfiguration>

using namespace Qt::Literals::StringLiterals;

namespace sluice::console {

namespace {

constexpr int kMaxBackoffSeconds = 30;
constexpr int kPage = 500;

} // namespace

AgentSession::AgentSession(QObject *parent)
    : QObject(parent)
{
    m_reconnect.setSingleShot(true);
    connect(&m_reconnect, &QTimer::timeout, this, [this] {
        setState(State::Connecting, tr("Connecting to %1…").arg(m_url.toString()));
        m_rpc.open(m_url);
    });
    connect(&m_rpc, &RpcClient::opened, this, &AgentSession::opened);
    connect(&m_rpc, &RpcClient::closed, this, &AgentSession::closed);
    connect(&m_rpc, &RpcClient::notification, this, [this](const QString &method, const QJsonObject &params) {
        if (method == protocol::notification::Events)
            Q_EMIT eventsArrived(params.value(protocol::stream::Events).toArray(),
                                 params.value(protocol::stream::Skipped).toInteger());
        else if (method == protocol::notification::Outcomes)
            Q_EMIT outcomesArrived(params.value(protocol::stream::Outcomes).toArray());
        else if (method == protocol::notification::Stats)
            Q_EMIT statsArrived(params);
        else if (method == protocol::notification::Job)
            Q_EMIT jobProgress(params);
        else if (method == protocol::notification::Deliveries)
            Q_EMIT deliveriesChanged(params);
        else if (method == protocol::notification::Subscriptions)
            Q_EMIT subscriptionsChanged();
        else if (method == protocol::notification::Register) {
            QStringList types;
            for (const QJsonValue &type : params.value(protocol::registry::Types).toArray())
                types.append(type.toString());
            Q_EMIT registerChanged(types);
        }
    });
    connect(&m_rpc.socket(), &QWebSocket::sslErrors, this, &AgentSession::sslErrors);
}

QString AgentSession::fingerprintOf(const QSslCertificate &certificate)
{
    return QString::fromLatin1(certificate.digest(QCryptographicHash::Sha256).toHex(':').toUpper());
}

void AgentSession::sslErrors(const QList<QSslError> &errors)
{
    const QSslCertificate certificate = m_rpc.socket().sslConfiguration().peerCertificate();
    const QString fingerprint = fingerprintOf(certificate);
    if (!certificate.isNull() && m_trusted.contains(fingerprint)) {
        m_rpc.socket().ignoreSslErrors();
        return;
    }
    QStringList problems;
    for (const QSslError &error : errors)
        problems.append(error.errorString());
    m_wanted = false; // asking the administrator; connecting again is their choice
    setState(State::Refused, tr("The agent's certificate is not trusted: %1").arg(problems.join(u"; "_s)));
    Q_EMIT certificateNeedsTrust(fingerprint, certificate.subjectDisplayName(), problems.join(u'\n'));
}

void AgentSession::request(const QString &method, const QJsonObject &params, Done done)
{
    m_rpc.call(method, params, [done = std::move(done)](const QJsonValue &result, const RpcClient::Error &error) {
        done(result.toObject(), error.code ? error.message : QString());
    });
}

void AgentSession::getRegisterEntry(const QString &type, Done done)
{
    request(protocol::method::RegisterGet, {{protocol::registry::Type, type}}, std::move(done));
}

void AgentSession::exportRegister(const QString &format, Done done)
{
    request(protocol::method::RegisterExport, {{protocol::registry::Format, format}}, std::move(done));
}

void AgentSession::getSubscription(const QString &name, Done done)
{
    request(protocol::method::SubscriptionsGet, {{subscriptionkey::Name, name}}, std::move(done));
}

void AgentSession::subscriptionHealth(const QString &name, Done done)
{
    request(protocol::method::SubscriptionsHealth, {{subscriptionkey::Name, name}}, std::move(done));
}

void AgentSession::saveSubscription(const QJsonObject &subscription, bool create, Done done)
{
    request(create ? protocol::method::SubscriptionsCreate : protocol::method::SubscriptionsUpdate,
            {{protocol::subscriptionstatus::Subscription, subscription}}, std::move(done));
}

void AgentSession::deleteSubscription(const QString &name, Done done)
{
    request(protocol::method::SubscriptionsDelete, {{subscriptionkey::Name, name}}, std::move(done));
}

void AgentSession::setSubscriptionEnabled(const QString &name, bool enabled, Done done)
{
    request(enabled ? protocol::method::SubscriptionsEnable : protocol::method::SubscriptionsDisable,
            {{subscriptionkey::Name, name}}, std::move(done));
}

void AgentSession::rotateSecret(const QString &name, Done done)
{
    request(protocol::method::SubscriptionsRotateSecret, {{subscriptionkey::Name, name}}, std::move(done));
}

void AgentSession::testSubscription(const QString &name, Done done)
{
    request(protocol::method::SubscriptionsTest, {{subscriptionkey::Name, name}}, std::move(done));
}

void AgentSession::dryRun(const QJsonObject &params, Done done)
{
    request(protocol::method::SubscriptionsDryRun, params, std::move(done));
}

void AgentSession::getDelivery(const QString &id, Done done)
{
    request(protocol::method::DeliveriesGet, {{protocol::deliveryquery::Id, id}}, std::move(done));
}

void AgentSession::retryAll(const QJsonObject &query, Done done)
{
    request(protocol::method::DeliveriesRetryAll, query, std::move(done));
}

void AgentSession::replay(const QJsonObject &params, Done done)
{
    request(protocol::method::DeliveriesReplay, params, std::move(done));
}

void AgentSession::stopJob(const QString &id, Done done)
{
    request(protocol::method::JobsStop, {{protocol::deliveryquery::Id, id}}, std::move(done));
}

void AgentSession::loadQuarantine(int offset, int limit, Done done)
{
    request(protocol::method::QuarantineList, {{protocol::page::Offset, offset}, {protocol::page::Limit, limit}},
            std::move(done));
}

void AgentSession::getQuarantined(qint64 id, Done done)
{
    request(protocol::method::QuarantineGet, {{protocol::quarantinedmessage::Id, id}}, std::move(done));
}

void AgentSession::discardQuarantined(const QList<qint64> &ids, Done done)
{
    QJsonArray array;
    for (qint64 id : ids)
        array.append(id);
    request(protocol::method::QuarantineDiscard, {{protocol::deliveryquery::Ids, array}}, std::move(done));
}

void AgentSession::watchEvents(const QJsonObject &filter, int maxPerSecond)
{
    QJsonObject params = filter;
    params.insert(protocol::stream::MaxPerSecond, maxPerSecond);
    m_rpc.call(protocol::method::EventsSubscribe, params, [this](const QJsonValue &, const RpcClient::Error &error) {
        if (error.code)
            Q_EMIT failed(tr("Watching live events"), error.message);
    });
}

void AgentSession::loadSubscriptions()
{
    m_rpc.call(protocol::method::SubscriptionsList, {},
               [this](const QJsonValue &result, const RpcClient::Error &error) {
                   if (error.code)
                       Q_EMIT failed(tr("Loading the subscriptions"), error.message);
                   else
                       Q_EMIT subscriptionsLoaded(
                           result.toObject().value(protocol::subscriptionstatus::Subscriptions).toArray());
               });
}

void AgentSession::loadConsumers()
{
    m_rpc.call(protocol::method::ConsumersList, {}, [this](const QJsonValue &result, const RpcClient::Error &error) {
        if (error.code)
            Q_EMIT failed(tr("Loading the consumers"), error.message);
        else
            Q_EMIT consumersLoaded(result.toObject().value(protocol::consumer::Consumers).toArray());
    });
}

void AgentSession::changeConsumer(const QString &method, const QJsonObject &params, Done done)
{
    request(method, params, std::move(done));
}

void AgentSession::watchStats()
{
    m_rpc.call(protocol::method::StatsSubscribe, {}, [this](const QJsonValue &, const RpcClient::Error &error) {
        if (error.code)
            Q_EMIT failed(tr("Watching the figures"), error.message);
    });
}

void AgentSession::loadFailures(const QJsonObject &query)
{
    m_rpc.call(protocol::method::DeliveriesList, query,
               [this](const QJsonValue &result, const RpcClient::Error &error) {
                   if (error.code)
                       Q_EMIT failed(tr("Loading the failures"), error.message);
                   else
                       Q_EMIT failuresLoaded(result.toObject());
               });
}

void AgentSession::countDeliveries(const QJsonObject &query, Done done)
{
    request(protocol::method::DeliveriesList, query, std::move(done));
}

void AgentSession::changeDeliveries(bool retry, const QStringList &ids,
                                    std::function<void(const QJsonObject &, const QString &)> done)
{
    m_rpc.call(
        retry ? protocol::method::DeliveriesRetry : protocol::method::DeliveriesDiscard,
        {{protocol::deliveryquery::Ids, QJsonArray::fromStringList(ids)}},
        [done](const QJsonValue &result, const RpcClient::Error &error) { done(result.toObject(), error.message); });
}

void AgentSession::stopWatchingEvents()
{
    m_rpc.call(protocol::method::EventsUnsubscribe, {}, [](const QJsonValue &, const RpcClient::Error &) {});
}

void AgentSession::connectTo(const QUrl &url, const QString &token)
{
    m_url = url;
    m_token = token;
    m_wanted = true;
    m_backoffSeconds = 1;
    m_reconnect.stop();
    setState(State::Connecting, tr("Connecting to %1…").arg(url.toString()));
    m_rpc.open(url);
}

void AgentSession::disconnectFromAgent()
{
    m_wanted = false;
    m_reconnect.stop();
    m_rpc.close();
    setState(State::Disconnected, tr("Not connected"));
}

QString AgentSession::incompatibility(const QJsonObject &hello)
{
    const QString theirs = hello.value(protocol::hello::Protocol).toString();
    const QString ours = protocol::kVersion;
    if (theirs.section(u'.', 0, 0) == ours.section(u'.', 0, 0))
        return QString();
    return tr("The agent speaks admin protocol %1; this console speaks %2. Use a console and an agent of "
              "the same major version.")
        .arg(theirs.isEmpty() ? tr("(none)") : theirs, ours);
}

void AgentSession::opened()
{
    m_rpc.call(protocol::method::Hello, {}, [this](const QJsonValue &result, const RpcClient::Error &error) {
        const QString why = error.code ? error.message : incompatibility(result.toObject());
        if (!why.isEmpty()) {
            m_wanted = false;
            setState(State::Refused, why);
            m_rpc.close();
            return;
        }
        m_agentVersion = result.toObject().value(protocol::hello::Version).toString();
        m_rpc.call(
            protocol::method::Authenticate, {{protocol::session::Token, m_token}},
            [this](const QJsonValue &who, const RpcClient::Error &refused) {
                if (refused.code) {
                    m_wanted = false; // the same token will not do better next time
                    setState(State::Refused, refused.message);
                    m_rpc.close();
                    return;
                }
                m_role = who.toObject().value(protocol::session::Role).toString();
                m_backoffSeconds = 1;
                setState(State::Connected,
                         tr("Connected to %1 as %2 (%3)")
                             .arg(m_url.toString(), who.toObject().value(protocol::session::Name).toString(), m_role));
            });
    });
}

void AgentSession::closed(const QString &reason)
{
    if (!m_wanted) {
        if (m_state != State::Refused)
            setState(State::Disconnected, tr("Not connected"));
        return;
    }
    // Lost: try again, waiting longer each time, up to half a minute.
    setState(State::Lost, tr("Connection lost (%1); trying again in %n s", nullptr, m_backoffSeconds).arg(reason));
    m_reconnect.start(std::chrono::seconds(m_backoffSeconds));
    m_backoffSeconds = std::min(m_backoffSeconds * 2, kMaxBackoffSeconds);
}

void AgentSession::setState(State state, const QString &message)
{
    m_state = state;
    m_message = message;
    Q_EMIT stateChanged(state, message);
}

void AgentSession::loadRegister()
{
    loadRegisterPage(0, {});
}

void AgentSession::loadRegisterPage(int offset, QList<RegisterEntry> collected)
{
    m_rpc.call(protocol::method::RegisterList, {{protocol::page::Offset, offset}, {protocol::page::Limit, kPage}},
               [this, offset, collected](const QJsonValue &result, const RpcClient::Error &error) mutable {
                   if (error.code) {
                       Q_EMIT failed(tr("Loading the register"), error.message);
                       return;
                   }
                   const QJsonObject page = result.toObject();
                   for (const QJsonValue &value : page.value(protocol::registry::Entries).toArray()) {
                       if (auto entry = RegisterEntry::fromJson(value.toObject(), nullptr))
                           collected.append(*entry);
                   }
                   const int next = offset + kPage;
                   if (next < page.value(protocol::page::Total).toInt())
                       loadRegisterPage(next, std::move(collected));
                   else
                       Q_EMIT registerLoaded(collected);
               });
}

void AgentSession::reloadRegisterEntries(const QStringList &types, const std::function<bool(const QString &)> &known)
{
    if (!std::all_of(types.begin(), types.end(), known)) {
        loadRegister();
        return;
    }
    for (const QString &type : types) {
        request(protocol::method::RegisterGet, {{protocol::registry::Type, type}},
                [this](const QJsonObject &result, const QString &) {
                    if (auto entry = RegisterEntry::fromJson(result, nullptr))
                        Q_EMIT entryChanged(*entry);
                });
    }
}

void AgentSession::updateRegisterEntry(const QString &type, const QJsonObject &change,
                                       std::function<void(const QString &)> done)
{
    QJsonObject params = change;
    params.insert(protocol::registry::Type, type);
    m_rpc.call(protocol::method::RegisterUpdate, params,
               [this, done](const QJsonValue &result, const RpcClient::Error &error) {
                   if (!error.code) {
                       if (auto entry = RegisterEntry::fromJson(result.toObject(), nullptr))
                           Q_EMIT entryChanged(*entry);
                   }
                   if (done)
                       done(error.message);
               });
}

} // namespace sluice::console
