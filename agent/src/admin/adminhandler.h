#pragma once

// One namespace of the admin API (docs/protocol.md): its methods, the params each declares, and the
// state they keep. The transport (AdminServer) finds the method, checks the caller's role and the
// params against what the method declares, runs it, writes the audit log and frames the answer; a
// handler never sees a socket. It speaks to a connection through its session number, with the
// signals below.

#include "admin/paramspec.h"
#include "errorreason.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QObject>

#include <functional>

namespace sluice::agent {

class Agent;

// A JSON-RPC error: its code, the English message, and data. Made from a reason, the message is
// the reason's sentence and the data {reason, params} (and the extra members).
struct AdminFailure {
    int code = 0;
    QString message;
    QJsonValue data;

    AdminFailure() = default;
    AdminFailure(int code, QString message, QJsonValue data = {})
        : code(code)
        , message(std::move(message))
        , data(std::move(data))
    {
    }
    AdminFailure(int code, const ErrorReason &reason, QJsonObject extra = {});

    static AdminFailure noSubscription(const QString &name);
    static AdminFailure storeRefused(const QString &why);
    static AdminFailure refused(const QString &why);
};

// One request as a method sees it: its params (already checked against the declaration), who asked,
// and how it ends.
struct AdminCall {
    const QJsonObject &params;
    quint64 session = 0; // the connection that asked
    QJsonValue requestId;
    QString tokenName; // empty before authentication
    AdminFailure failure;
    bool deferred = false; // the answer is sent later, as a result to requestId

    // Refuses the request; returns the empty value a method returns then.
    QJsonValue refuse(AdminFailure f)
    {
        failure = std::move(f);
        return {};
    }
    QJsonValue refuse(int code, const ErrorReason &reason, QJsonObject extra = {})
    {
        return refuse(AdminFailure(code, reason, std::move(extra)));
    }
    QJsonValue invalid(const ErrorReason &reason);
    QJsonValue defer()
    {
        deferred = true;
        return {};
    }

    // Reading what the declaration allowed; an absent param gives the fallback.
    QString string(const QString &key) const { return params.value(key).toString(); }
    qint64 integer(const QString &key, qint64 fallback) const { return params.value(key).toInteger(fallback); }
    std::optional<bool> boolean(const QString &key) const;
    QStringList strings(const QString &key) const;
    qint64 timeMs(const QString &key) const; // 0 when absent
};

struct AdminMethod {
    QString name;
    bool changes = false; // needs an admin token, and is written to the audit log
    ParamSpecs params;
    std::function<QJsonValue(AdminCall &)> run;
};

class AdminHandler : public QObject {
    Q_OBJECT

public:
    AdminHandler(Agent *agent, QObject *parent = nullptr)
        : QObject(parent)
        , m_agent(agent)
    {
    }

    virtual QList<AdminMethod> methods() = 0;
    // The admin API listens now: timers and the agent's signals may start.
    virtual void start() {}
    // A connection went away: whatever was kept for it goes too.
    virtual void sessionClosed(quint64 session) { Q_UNUSED(session); }

signals:
    // A message (a later result or a notification) for one connection, if it is still authenticated.
    void sendTo(quint64 session, const QJsonObject &message);
    // A notification for every authenticated connection.
    void broadcast(const QJsonObject &message);

protected:
    Agent *m_agent;
};

} // namespace sluice::agent
