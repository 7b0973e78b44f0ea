#pragma once

#include <QByteArray>
#include <QObject>
#include <QPointer>
#include <QTcpServer>
#include <QtNetwork/qtnetwork-config.h>

#if QT_CONFIG(ssl)
#include <QSslServer>
#endif

class QTcpSocket;

namespace sluice::agent {

// Watches what one connection of the HTTP server sends, before QHttpServer reads it (QHttpServer
// keeps a whole request in memory, however large): a body whose Content-Length is over the limit
// is refused with 413 before it is read, a body without a length (chunked) with 411, a request
// head over 64 KiB with 431. The connection then closes. Follows keep-alive requests one after
// another.
class RequestGuard : public QObject {
    Q_OBJECT

public:
    RequestGuard(QTcpSocket *socket, qint64 maxBody);

    // The connection whose bytes arrived last: inside a route's handler, the one whose request
    // QHttpServer is handling (each readyRead reaches the guard before QHttpServer).
    static QTcpSocket *handling();

private:
    void onReadyRead();
    // Follows one piece of the byte stream; false when the request was refused.
    bool follow(QByteArray data);
    bool inspectHead(const QByteArray &head);
    void refuse(int status, const QByteArray &reason, const QString &detail);

    enum class State { Head, Body, Refused };
    QTcpSocket *m_socket;
    qint64 m_maxBody;
    State m_state = State::Head;
    QByteArray m_head;
    qint64 m_remaining = 0;
    static QPointer<QTcpSocket> s_handling;
};

// A listening server whose every connection gets a RequestGuard: QTcpServer, or QSslServer for HTTPS.
template<typename Server> class GuardedServer : public Server {
public:
    GuardedServer(qint64 maxBody, QObject *parent)
        : Server(parent)
        , m_maxBody(maxBody)
    {
    }

    QTcpSocket *nextPendingConnection() override
    {
        QTcpSocket *socket = Server::nextPendingConnection();
        if (socket)
            new RequestGuard(socket, m_maxBody); // first to see its bytes: QHttpServer connects after this
        return socket;
    }

private:
    qint64 m_maxBody;
};

} // namespace sluice::agent
