#include "service/deferredanswer.h"

#include "service/requestguard.h"

#include <QEvent>
#include <QHttpServerResponse>
#include <QTcpSocket>

namespace sluice::agent {

// Holds back the deletion QHttpServer asks for (deleteLater) while answers are pending on the
// socket, and passes it on when the last one is done.
class SocketKeeper : public QObject {
    Q_OBJECT

public:
    explicit SocketKeeper(QTcpSocket *socket)
        : QObject(socket)
        , m_socket(socket)
    {
        socket->installEventFilter(this);
    }

    static SocketKeeper *of(QTcpSocket *socket)
    {
        auto *keeper = socket->findChild<SocketKeeper *>(QString(), Qt::FindDirectChildrenOnly);
        return keeper ? keeper : new SocketKeeper(socket);
    }

    void pin() { ++m_pins; }

    void unpin()
    {
        if (--m_pins > 0 || !m_deleteWanted)
            return;
        m_deleteWanted = false;
        m_socket->deleteLater(); // passes: nothing is pinned now
    }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (watched != m_socket || event->type() != QEvent::DeferredDelete || m_pins == 0)
            return false;
        m_deleteWanted = true;
        return true;
    }

private:
    QTcpSocket *m_socket;
    int m_pins = 0;
    bool m_deleteWanted = false;
};

DeferredAnswer::DeferredAnswer(QHttpServerResponder &&responder)
    : m_responder(std::move(responder))
    , m_socket(RequestGuard::handling())
{
    if (!m_socket)
        return;
    m_keeper = SocketKeeper::of(m_socket);
    m_keeper->pin();
}

DeferredAnswer::~DeferredAnswer()
{
    release();
}

bool DeferredAnswer::clientLeft() const
{
    return !m_socket || m_socket->state() != QAbstractSocket::ConnectedState;
}

void DeferredAnswer::answer(const QHttpServerResponse &response)
{
    if (m_answered)
        return;
    m_answered = true;
    if (!clientLeft())
        response.write(std::move(m_responder));
    release();
}

void DeferredAnswer::release()
{
    if (m_keeper)
        m_keeper->unpin();
    m_keeper = nullptr;
}

} // namespace sluice::agent

#include "deferredanswer.moc"
