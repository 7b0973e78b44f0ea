#pragma once

#include "cloudevent.h"

#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QRandomGenerator>
#include <QTcpServer>

namespace sluice::receiver {

struct ReceivedRequest {
    QByteArray method;
    QByteArray path;
    QList<std::pair<QByteArray, QByteArray>> headers; // names in lower case
    QByteArray body;

    QByteArray header(const QByteArray &name) const;
};

// The CloudEvents in a request, in structured, binary or batch mode; an error says why there are none.
QList<CloudEvent> cloudEventsIn(const ReceivedRequest &request, QString *error);

// A minimal HTTP/1.1 server with keep-alive that answers webhook deliveries as told:
// a fixed status, a delay, a share of failures. Also answers the CloudEvents webhook
// validation handshake (OPTIONS with WebHook-Request-Origin).
class HttpReceiver : public QObject {
    Q_OBJECT

public:
    struct Behaviour {
        int status = 204;
        int delayMs = 0;
        double failRate = 0; // share of requests answered with failStatus instead
        int failStatus = 503;
    };

    explicit HttpReceiver(QObject *parent = nullptr);

    bool listen(const QHostAddress &address, quint16 port, QString *error);
    // Stops listening and drops every connection, like a receiver that went down.
    void close();
    quint16 port() const { return m_port; }

    void setBehaviour(const Behaviour &behaviour) { m_behaviour = behaviour; }
    Behaviour behaviour() const { return m_behaviour; }

Q_SIGNALS:
    void received(const sluice::receiver::ReceivedRequest &request, int answeredStatus);

private:
    void accept();
    void readFrom(QTcpSocket *socket);
    void answer(QTcpSocket *socket, const ReceivedRequest &request, bool keepAlive);

    QTcpServer m_server;
    quint16 m_port = 0;
    Behaviour m_behaviour;
    QRandomGenerator m_random{7};
};

} // namespace sluice::receiver
