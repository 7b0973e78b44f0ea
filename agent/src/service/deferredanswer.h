#pragma once

#include <QHttpServerResponder>
#include <QPointer>

class QHttpServerResponse;
class QTcpSocket;

namespace sluice::agent {

class SocketKeeper;

// An answer given after the route's handler has returned: a long poll, a callback waiting for
// Kafka's acknowledgement. QHttpServer 6.4 deletes a connection's socket as soon as the client
// leaves, while a responder moved out of the handler still points at it; a DeferredAnswer keeps
// the socket (and the request QHttpServer keeps with it) until it is answered or dropped. Made
// inside a route's handler, for the connection whose request is being handled (RequestGuard
// knows which).
class DeferredAnswer {
public:
    explicit DeferredAnswer(QHttpServerResponder &&responder);
    ~DeferredAnswer();
    DeferredAnswer(const DeferredAnswer &) = delete;
    DeferredAnswer &operator=(const DeferredAnswer &) = delete;

    // The client closed the connection: an answer would reach nobody.
    bool clientLeft() const;
    // Once; later calls do nothing.
    void answer(const QHttpServerResponse &response);

private:
    void release();

    QHttpServerResponder m_responder;
    QPointer<QTcpSocket> m_socket;
    QPointer<SocketKeeper> m_keeper;
    bool m_answered = false;
};

} // namespace sluice::agent
