#pragma once

#include "admin/adminhandler.h"
#include "deliverystatus.h"

#include <QHash>
#include <QJsonArray>
#include <QSet>
#include <QTimer>

namespace sluice::agent {

// events.*: live events. A session that subscribes gets the events consumed from then on that pass
// its filter, in batches four times a second, at most maxPerSecond (what the cap holds back is
// counted as skipped), and then the outcomes of those events' deliveries.
class EventsHandler : public AdminHandler {
    Q_OBJECT

public:
    explicit EventsHandler(Agent *agent, QObject *parent = nullptr);
    ~EventsHandler() override;

    QList<AdminMethod> methods() override;
    void start() override;
    void sessionClosed(quint64 session) override { stop(session); }

private:
    struct Stream {
        int sink = 0; // in RecentEvents, where the filter runs as events are consumed
        int maxPerSecond = 50;
        double allowance = 0;
        // Deliveries of the events sent, whose outcomes follow as "outcomes" notifications.
        QSet<QString> watched;
        QList<QString> watchOrder; // oldest first, to keep watched bounded
        QJsonArray outcomes;       // to send with the next batch
    };

    QJsonValue subscribe(AdminCall &call);
    void stop(quint64 session);
    void send(); // four times a second
    void flush(quint64 session, Stream &stream);
    // Outcomes of deliveries are listened to only while some session streams events.
    void updateOutcomeConnection();
    void onOutcome(const QString &deliveryId, const QString &subscription, const DeliveryStatus &status,
                   int httpStatus);

    QHash<quint64, Stream> m_streams;
    QTimer m_timer;
    QMetaObject::Connection m_outcomeConnection;
    QHash<QString, QJsonObject> m_recentOutcomes; // while streaming: outcomes by delivery id, bounded
    QList<QString> m_recentOutcomeOrder;
};

} // namespace sluice::agent
