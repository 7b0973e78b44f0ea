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

// A retryAll in the background: its progress as jobs.get tells it, and what is still to do.
struct AdminServer::Job {
    JobProgress progress; // kind retryAll; state running, finished or failed
    QPointer<QWebSocket> requester;
    QList<qint64> rows; // still to do; emptied when the job ends
};

} // namespace sluice::agent
