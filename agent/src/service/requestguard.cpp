#include "service/requestguard.h"

#include "service/problem.h"
#include "subscriptionsprotocol.h"

#include <QTcpSocket>

using namespace Qt::Literals::StringLiterals;

namespace sluice::agent {

namespace {

constexpr qsizetype kMaxHead = 64 * 1024;

} // namespace

RequestGuard::RequestGuard(QTcpSocket *socket, qint64 maxBody)
    : QObject(socket)
    , m_socket(socket)
    , m_maxBody(maxBody)
{
    connect(socket, &QIODevice::readyRead, this, &RequestGuard::onReadyRead);
}

QPointer<QTcpSocket> RequestGuard::s_handling;

QTcpSocket *RequestGuard::handling()
{
    return s_handling;
}

// QHttpServer reads everything available after this slot, so what is available now is new.
void RequestGuard::onReadyRead()
{
    s_handling = m_socket;
    if (m_state == State::Refused) {
        m_socket->readAll(); // dropped: nothing more of it reaches QHttpServer
        return;
    }
    if (!follow(m_socket->peek(m_socket->bytesAvailable())))
        m_socket->readAll();
}

bool RequestGuard::follow(QByteArray data)
{
    while (!data.isEmpty()) {
        if (m_state == State::Body) {
            const qint64 taken = std::min<qint64>(m_remaining, data.size());
            m_remaining -= taken;
            data.remove(0, taken);
            if (m_remaining == 0)
                m_state = State::Head;
            continue;
        }
        const qsizetype before = m_head.size();
        m_head += data;
        const qsizetype end = m_head.indexOf("\r\n\r\n");
        if (end < 0 && m_head.size() <= kMaxHead)
            return true;
        if (end < 0 || end > kMaxHead) {
            refuse(431, "Request Header Fields Too Large", u"the request head is over 64 KiB"_s);
            return false;
        }
        if (!inspectHead(m_head.left(end)))
            return false;
        data = data.mid(end + 4 - before); // the body (and what follows it)
        m_head.clear();
        m_state = m_remaining > 0 ? State::Body : State::Head;
    }
    return true;
}

bool RequestGuard::inspectHead(const QByteArray &head)
{
    m_remaining = 0;
    const QList<QByteArray> lines = head.split('\n');
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        const qsizetype colon = line.indexOf(':');
        const QByteArray name = line.left(colon).trimmed().toLower();
        const QByteArray value = line.mid(colon + 1).trimmed();
        if (name == "transfer-encoding") {
            refuse(411, "Length Required", u"send the body with a Content-Length, not in chunks"_s);
            return false;
        }
        if (name == "content-length")
            m_remaining = value.toLongLong();
    }
    if (m_remaining > m_maxBody) {
        refuse(413, "Content Too Large",
               u"the body has %1 bytes; at most %2 are read (http.maxBodyBytes)"_s.arg(m_remaining).arg(m_maxBody));
        return false;
    }
    return true;
}

// The same problem document the Subscriptions API answers with.
void RequestGuard::refuse(int status, const QByteArray &reason, const QString &detail)
{
    m_state = State::Refused;
    const QString type = status == 413 ? subscriptionsapi::problem::TooLarge : subscriptionsapi::problem::Invalid;
    const QByteArray body = problemDocument(status, type, detail);
    m_socket->write("HTTP/1.1 " + QByteArray::number(status) + ' ' + reason +
                    "\r\nContent-Type: application/problem+json\r\nContent-Length: " + QByteArray::number(body.size()) +
                    "\r\nConnection: close\r\n\r\n" + body);
    m_socket->disconnectFromHost();
}

} // namespace sluice::agent
