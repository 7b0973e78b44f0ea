#pragma once

#include "registerentry.h"
#include "rpcclient.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QObject>
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

    // The whole register, page by page; registerLoaded when complete.
    void loadRegister();
    // An administrator's change to one entry; entryChanged with the agent's answer.
    void updateRegisterEntry(const QString &type, const QJsonObject &change,
                             std::function<void(const QString &error)> done);

    // Live events with a server-side filter (the subscription filter language), at most maxPerSecond.
    void watchEvents(const QJsonObject &filter, int maxPerSecond);
    void stopWatchingEvents();
    // subscriptions.list → subscriptionsLoaded; stats once a second → statsArrived.
    void loadSubscriptions();
    void watchStats();
    // deliveries.list with a query (state, subscription, …) → failuresLoaded.
    void loadFailures(const QJsonObject &query);
    // Retry or discard a selection; done with the agent's answer ({retried|discarded, unchanged}) or an error.
    void changeDeliveries(bool retry, const QStringList &ids,
                          std::function<void(const QJsonObject &, const QString &)> done);

Q_SIGNALS:
    void eventsArrived(const QJsonArray &events, qint64 skipped);
    void outcomesArrived(const QJsonArray &outcomes);
    void subscriptionsLoaded(const QJsonArray &subscriptions);
    void statsArrived(const QJsonObject &stats);
    void failuresLoaded(const QJsonObject &page);
    void stateChanged(AgentSession::State state, const QString &message);
    void registerLoaded(const QList<sluice::RegisterEntry> &entries);
    void entryChanged(const sluice::RegisterEntry &entry);
    void failed(const QString &what, const QString &message);

private:
    void setState(State state, const QString &message);
    void opened();
    void closed(const QString &reason);
    void loadRegisterPage(int offset, QList<RegisterEntry> collected);

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
};

} // namespace sluice::console
