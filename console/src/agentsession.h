#pragma once

#include "registerentry.h"
#include "rpcclient.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QObject>
#include <QSslCertificate>
#include <QSslError>
#include <QTimer>
#include <QUrl>

namespace sluice::console {

// One connection to one agent, in the console's terms: connecting, connected (with a role),
// lost (and reconnecting with back-off), refused (wrong token, wrong protocol version). The
// domain operations the views use go through here; the models are fed by its signals.
class AgentSession : public QObject {
    Q_OBJECT

public:
    enum class State { Disconnected, Connecting, Connected, Lost, Refused };
    Q_ENUM(State)

    explicit AgentSession(QObject *parent = nullptr);

    void connectTo(const QUrl &url, const QString &token);
    void disconnectFromAgent();
    State state() const { return m_state; }
    QString stateMessage() const { return m_message; }
    QString role() const { return m_role; }
    QString agentVersion() const { return m_agentVersion; }
    RpcClient &rpc() { return m_rpc; }

    // Empty when a console speaking our protocol can talk to an agent answering `hello` so; else why not.
    static QString incompatibility(const QJsonObject &hello);

    // wss: certificates with these SHA-256 fingerprints (hex, colon-separated) are accepted although
    // the system does not trust them (self-signed agents).
    void setTrustedFingerprints(const QStringList &fingerprints) { m_trusted = fingerprints; }
    static QString fingerprintOf(const QSslCertificate &certificate);

    // The whole register, page by page; registerLoaded when complete.
    void loadRegister();
    // Entries whose definition changed at the agent: each known one fetched again (entryChanged),
    // the whole register when one is new.
    void reloadRegisterEntries(const QStringList &types, const std::function<bool(const QString &)> &known);
    // An administrator's change to one entry; entryChanged with the agent's answer.
    void updateRegisterEntry(const QString &type, const QJsonObject &change,
                             std::function<void(const QString &error)> done);

    // Live events with a server-side filter (the subscription filter language), at most maxPerSecond.
    void watchEvents(const QJsonObject &filter, int maxPerSecond);
    void stopWatchingEvents();
    // subscriptions.list → subscriptionsLoaded; stats once a second → statsArrived.
    void loadSubscriptions();
    // consumers.list → consumersLoaded.
    void loadConsumers();
    void watchStats();
    // deliveries.list with a query (state, subscription, …) → failuresLoaded.
    void loadFailures(const QJsonObject &query);
    // Retry or discard a selection; done with the agent's answer ({retried|discarded, unchanged}) or an error.
    void changeDeliveries(bool retry, const QStringList &ids,
                          std::function<void(const QJsonObject &, const QString &)> done);

    // The operations below answer once: done(result, error), error empty on success and otherwise
    // the agent's message, which says what to do.
    using Done = std::function<void(const QJsonObject &result, const QString &error)>;
    void getRegisterEntry(const QString &type, Done done); // with history and subscriptions
    void exportRegister(const QString &format, Done done); // {format, document}
    void getSubscription(const QString &name, Done done);
    void subscriptionHealth(const QString &name, Done done);                        // the last hour, per minute
    void saveSubscription(const QJsonObject &subscription, bool create, Done done); // create: with `secret`
    void deleteSubscription(const QString &name, Done done);
    void setSubscriptionEnabled(const QString &name, bool enabled, Done done);
    void rotateSecret(const QString &name, Done done);
    void testSubscription(const QString &name, Done done);     // the whole attempt
    void dryRun(const QJsonObject &params, Done done);         // {evaluated, matched, events}
    void getDelivery(const QString &id, Done done);            // with the event and attempt history
    void countDeliveries(const QJsonObject &query, Done done); // deliveries.list; read `total`
    void retryAll(const QJsonObject &query, Done done);        // a job; jobProgress follows
    void replay(const QJsonObject &params, Done done);         // deliveries.replay: a job; jobProgress follows
    void stopJob(const QString &id, Done done);
    void loadQuarantine(int offset, int limit, Done done);
    void getQuarantined(qint64 id, Done done);
    void discardQuarantined(const QList<qint64> &ids, Done done);
    // A consumers.* change (create, update, rotate, revoke, delete); create and rotate answer
    // with the token, shown once.
    void changeConsumer(const QString &method, const QJsonObject &params, Done done);

Q_SIGNALS:
    void eventsArrived(const QJsonArray &events, qint64 skipped);
    void outcomesArrived(const QJsonArray &outcomes);
    void subscriptionsLoaded(const QJsonArray &subscriptions);
    void consumersLoaded(const QJsonArray &consumers);
    void statsArrived(const QJsonObject &stats);
    void failuresLoaded(const QJsonObject &page);
    // Deliveries needing attention changed at the agent (a dead letter, a hold, a retry): reload.
    void deliveriesChanged(const QJsonObject &summary);
    // Subscriptions changed at the agent, by anyone: reload them.
    void subscriptionsChanged();
    void stateChanged(AgentSession::State state, const QString &message);
    void registerLoaded(const QList<sluice::RegisterEntry> &entries);
    void entryChanged(const sluice::RegisterEntry &entry);
    // The agent says these types' definitions changed.
    void registerChanged(const QStringList &types);
    void failed(const QString &what, const QString &message);
    // A job's progress (retryAll, replay), until its state is no longer planning or running.
    void jobProgress(const QJsonObject &job);
    // A wss agent presented a certificate the system does not trust and the console has not been told
    // to: its SHA-256 fingerprint, to show the administrator before trusting it (trustCertificate).
    void certificateNeedsTrust(const QString &fingerprint, const QString &subject, const QString &problems);

private:
    void setState(State state, const QString &message);
    void opened();
    void closed(const QString &reason);
    void loadRegisterPage(int offset, QList<RegisterEntry> collected);
    void request(const QString &method, const QJsonObject &params, Done done);
    void sslErrors(const QList<QSslError> &errors);

    RpcClient m_rpc;
    QUrl m_url;
    QString m_token;
    State m_state = State::Disconnected;
    QString m_message;
    QString m_role;
    QString m_agentVersion;
    QTimer m_reconnect;
    int m_backoffSeconds = 1;
    bool m_wanted = false;
    QStringList m_trusted;
};

} // namespace sluice::console
