#pragma once

// What adminserver.cpp and adminmethods.cpp share: a connection's state and a background job.

#include "admin/adminserver.h"
#include "eventfilter.h"
#include "jobprogress.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonObject>
#include <QPointer>
#include <QSet>
#include <QTimer>
#include <QWebSocket>

#include <optional>

namespace sluice::agent {

// Wrong tokens on one connection before it is closed.
constexpr int kMaxFailedLogins = 3;
// A method that answers later (Failure::code): handle() sends nothing now.
constexpr int kDeferred = 1;

struct AdminServer::Client {
    QWebSocket *socket = nullptr;
    std::optional<AdminTokens::Token> token;
    QJsonValue requestId; // of the request being handled, for methods that answer later
    int failedLogins = 0;
    double budget = 0; // requests that may be made now (token bucket)
    QElapsedTimer sinceRefill;
    QTimer idle;
    bool stats = false;

    struct Stream {
        int sink = 0; // in RecentEvents, where the filter runs as events are consumed
        int maxPerSecond = 50;
        double allowance = 0;
        // Deliveries of the events sent, whose outcomes follow as "outcomes" notifications.
        QSet<QString> watched;
        QList<QString> watchOrder; // oldest first, to keep watched bounded
        QJsonArray outcomes;       // to send with the next batch
    };
    std::optional<Stream> events;
};

struct AdminServer::Job {
    QString id;
    QString kind;
    QPointer<QWebSocket> requester;
    QList<qint64> rows;    // still to do; emptied when the job ends
    qsizetype matched = 0; // matched the query when it started
    qsizetype total = 0;   // to retry: matched, or fewer when the requester set a maximum
    qsizetype done = 0;
    int changed = 0;
    QString state = protocol::job::Running;
    QString error;

    QJsonObject toJson() const
    {
        JobProgress job;
        job.id = id;
        job.kind = kind;
        job.state = state;
        job.done = done;
        job.total = total;
        job.retried = changed;
        job.matched = matched;
        job.error = error;
        return job.toJson();
    }
};

} // namespace sluice::agent
