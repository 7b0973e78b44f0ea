#include "delivery/httpconnection.h"

#include "delivery/proxy.h"
#include "edgecheck.h"

#include <QHostInfo>
#include <QSslSocket>
#include <QTcpSocket>

using namespace Qt::Literals::StringLiterals;

namespace sluice::agent {

namespace {

constexpr qsizetype kMaxHeaderBytes = 64 * 1024;

} // namespace

HttpConnection::HttpConnection(const QUrl &endpoint, std::chrono::milliseconds connectTimeout,
                               std::chrono::milliseconds responseTimeout, int excerptBytes, QObject *parent)
    : QObject(parent)
    , m_endpoint(endpoint)
    , m_connectTimeout(connectTimeout)
    , m_responseTimeout(responseTimeout)
    , m_excerptBytes(excerptBytes)
{
    m_deadline.setSingleShot(true);
    connect(&m_deadline, &QTimer::timeout, this, [this] { fail(m_deadlineReason); });
}

HttpConnection::~HttpConnection()
{
    if (m_lookupId >= 0)
        QHostInfo::abortHostLookup(m_lookupId);
    if (m_socket)
        m_socket->disconnect(this);
}

QByteArray HttpResponse::header(const QByteArray &name) const
{
    for (const auto &[key, value] : headers) {
        if (key == name)
            return value;
    }
    return {};
}

QByteArray HttpConnection::buildRequest(const QUrl &endpoint, const QList<std::pair<QByteArray, QByteArray>> &headers,
                                        const QByteArray &body, const QByteArray &method)
{
    QByteArray target = endpoint.path(QUrl::FullyEncoded).toLatin1();
    if (target.isEmpty())
        target = "/";
    if (endpoint.hasQuery())
        target += '?' + endpoint.query(QUrl::FullyEncoded).toLatin1();
    // Defence in depth: whatever let a line break into a header, it does not reach the wire.
    for (const auto &[name, value] : headers) {
        if (!edge::isHeaderName(name) || !edge::isHeaderValue(value))
            return {};
    }
    QByteArray request;
    request.reserve(256 + body.size());
    request += method + ' ' + target + " HTTP/1.1\r\nHost: ";
    request += endpoint.adjusted(QUrl::RemoveUserInfo).authority(QUrl::FullyEncoded).toLatin1();
    request += "\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n";
    for (const auto &[name, value] : headers)
        request += name + ": " + value + "\r\n";
    request += "\r\n";
    request += body;
    return request;
}

void HttpConnection::send(const QByteArray &request, Done done)
{
    Q_ASSERT(!m_done);
    m_request = request;
    m_done = std::move(done);
    if (request.isEmpty()) { // buildRequest refused a header
        QTimer::singleShot(0, this, [this] {
            fail(u"not sent: a header name or value holds a line break or another control character"_s);
        });
        return;
    }
    m_resent = false;
    if (m_socket && m_connected && m_socket->state() == QAbstractSocket::ConnectedState) {
        m_reused = true;
        write();
    } else {
        open();
    }
}

void HttpConnection::open()
{
    m_reused = false;
    dropSocket();
    m_deadlineReason = u"could not connect within %1 ms (delivery.connectTimeout)"_s.arg(m_connectTimeout.count());
    m_deadline.start(m_connectTimeout);
    if (!m_egress) {
        connectTo(m_endpoint.host());
        return;
    }
    // Resolved here and checked, then connected to by address: a name cannot resolve to one
    // address for the check and to another for the connection.
    const QString host = m_endpoint.host();
    if (QHostAddress literal(host); !literal.isNull()) {
        if (const QString refused = m_egress->refusal(host, literal); !refused.isEmpty()) {
            QTimer::singleShot(0, this, [this, refused] { fail(refused); });
            return;
        }
        connectTo(host);
        return;
    }
    m_lookupId = QHostInfo::lookupHost(host, this, [this, host](const QHostInfo &info) {
        m_lookupId = -1;
        if (!m_done)
            return;
        if (info.error() != QHostInfo::NoError || info.addresses().isEmpty()) {
            // Behind a proxy, external names often resolve only there; an internal name would have
            // resolved here. Such a name goes to the proxy as it is, under the proxy's own rules.
            if (m_proxy.isValid() && info.error() == QHostInfo::HostNotFound)
                connectTo(host);
            else
                fail(u"cannot resolve %1: %2"_s.arg(host, info.errorString()));
            return;
        }
        const QHostAddress address = info.addresses().constFirst();
        if (const QString refused = m_egress->refusal(host, address); !refused.isEmpty()) {
            fail(refused);
            return;
        }
        connectTo(address.toString());
    });
}

void HttpConnection::connectTo(const QString &address)
{
    const bool tls = m_endpoint.scheme() == u"https";
    QTcpSocket *socket = tls ? new QSslSocket : new QTcpSocket;
    m_socket.reset(socket);
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    const bool proxied = m_proxy.isValid();
    auto connected = [this] {
        m_connected = true;
        write();
    };
    if (tls)
        connect(static_cast<QSslSocket *>(socket), &QSslSocket::encrypted, this, connected);
    if (proxied)
        connect(socket, &QTcpSocket::connected, this, [this, address] { proxyConnected(address); });
    else if (!tls)
        connect(socket, &QTcpSocket::connected, this, connected);
    connect(socket, &QTcpSocket::readyRead, this, &HttpConnection::readResponse);
    connect(socket, &QTcpSocket::disconnected, this, &HttpConnection::socketClosed);
    connect(socket, &QTcpSocket::errorOccurred, this, [this, proxied](QAbstractSocket::SocketError error) {
        if (error == QAbstractSocket::RemoteHostClosedError && !m_tunnelling)
            socketClosed();
        else if (proxied && (!m_connected || m_tunnelling))
            fail(u"cannot go through the proxy %1: %2"_s.arg(m_proxy.adjusted(QUrl::RemoveUserInfo).authority(),
                                                             m_socket->errorString()));
        else
            fail(m_socket->errorString());
    });
    const quint16 port = quint16(m_endpoint.port(tls ? 443 : 80));
    if (tls && m_ssl)
        static_cast<QSslSocket *>(socket)->setSslConfiguration(*m_ssl);
    if (proxied)
        socket->connectToHost(m_proxy.host(), quint16(m_proxy.port()));
    else if (tls) // certificates are checked against the name in the URL, whatever address it resolved to
        static_cast<QSslSocket *>(socket)->connectToHostEncrypted(address, port, m_endpoint.host());
    else
        socket->connectToHost(address, port);
}

void HttpConnection::proxyConnected(const QString &address)
{
    if (m_endpoint.scheme() != u"https") {
        m_connected = true;
        write(); // in absolute form
        return;
    }
    // A tunnel to the address resolved and checked here, not to the name: the proxy would resolve
    // it again, perhaps to somewhere egress control refuses.
    const bool v6 = QHostAddress(address).protocol() == QAbstractSocket::IPv6Protocol;
    const QByteArray authority =
        (v6 ? '[' + address.toLatin1() + ']' : address.toLatin1()) + ':' + QByteArray::number(m_endpoint.port(443));
    QByteArray request = "CONNECT " + authority + " HTTP/1.1\r\nHost: " + authority + "\r\n";
    if (const QByteArray credentials = ProxyPolicy::authorization(m_proxy); !credentials.isEmpty())
        request += "Proxy-Authorization: " + credentials + "\r\n";
    request += "\r\n";
    m_tunnelling = true;
    m_buffer.clear();
    m_socket->write(request);
}

void HttpConnection::readTunnel()
{
    m_buffer += m_socket->readAll();
    const qsizetype end = m_buffer.indexOf("\r\n\r\n");
    if (end < 0) {
        if (m_buffer.size() > kMaxHeaderBytes)
            fail(u"the proxy's answer to CONNECT is larger than 64 KiB"_s);
        return;
    }
    const QByteArray statusLine = m_buffer.left(m_buffer.indexOf("\r\n"));
    m_buffer.clear();
    m_tunnelling = false;
    const int status = statusLine.startsWith("HTTP/1.") ? statusLine.mid(9, 3).toInt() : 0;
    if (status < 200 || status >= 300) {
        fail(u"the proxy %1 refused a tunnel to %2: %3"_s.arg(m_proxy.adjusted(QUrl::RemoveUserInfo).authority(),
                                                              m_endpoint.adjusted(QUrl::RemoveUserInfo).authority(),
                                                              QString::fromLatin1(statusLine.left(120))));
        return;
    }
    // TLS end to end with the endpoint, its certificate checked against the name in the URL.
    auto *ssl = static_cast<QSslSocket *>(m_socket.get());
    ssl->setPeerVerifyName(m_endpoint.host());
    ssl->startClientEncryption();
}

QByteArray HttpConnection::absoluteForm(const QByteArray &request) const
{
    // "POST /path HTTP/1.1" becomes "POST http://host:port/path HTTP/1.1", as a proxy expects.
    const qsizetype space = request.indexOf(' ');
    const qsizetype lineEnd = request.indexOf("\r\n");
    QByteArray out = request.left(space + 1) +
                     m_endpoint.adjusted(QUrl::RemoveUserInfo | QUrl::RemovePath | QUrl::RemoveQuery).toEncoded() +
                     request.mid(space + 1, lineEnd + 2 - space - 1);
    if (const QByteArray credentials = ProxyPolicy::authorization(m_proxy); !credentials.isEmpty())
        out += "Proxy-Authorization: " + credentials + "\r\n";
    return out + request.mid(lineEnd + 2);
}

void HttpConnection::write()
{
    startResponse();
    m_deadlineReason = u"no response within %1 ms (delivery.responseTimeout)"_s.arg(m_responseTimeout.count());
    m_deadline.start(m_responseTimeout);
    const bool plainThroughProxy = m_proxy.isValid() && m_endpoint.scheme() != u"https";
    m_socket->write(plainThroughProxy ? absoluteForm(m_request) : m_request);
}

void HttpConnection::startResponse(bool keepBuffer)
{
    m_state = State::StatusLine;
    if (!keepBuffer)
        m_buffer.clear();
    m_response = HttpResponse();
    m_remaining = -1;
    m_chunked = false;
    m_keepAlive = true;
    m_gotBytes = false;
}

void HttpConnection::socketClosed()
{
    m_connected = false;
    if (!m_done)
        return; // an idle keep-alive connection closed by the server: open again on next send
    if (m_state == State::UntilClose) {
        complete();
        return;
    }
    // A reused connection the server had already closed: nothing was processed, send once more.
    if (m_reused && !m_gotBytes && !m_resent) {
        open();
        m_resent = true; // open() starts a fresh attempt; this one may not be repeated
        return;
    }
    fail(m_gotBytes ? u"the connection closed in the middle of the response"_s
                    : u"the connection closed without a response"_s);
}

void HttpConnection::fail(const QString &error)
{
    if (!m_done)
        return;
    if (m_lookupId >= 0)
        QHostInfo::abortHostLookup(std::exchange(m_lookupId, -1));
    m_deadline.stop();
    dropSocket();
    HttpResponse response;
    response.error = error;
    Done done = std::exchange(m_done, nullptr);
    done(response);
}

void HttpConnection::abandon()
{
    if (m_lookupId >= 0)
        QHostInfo::abortHostLookup(std::exchange(m_lookupId, -1));
    m_done = nullptr;
    m_deadline.stop();
    dropSocket();
}

void HttpConnection::dropSocket()
{
    m_connected = false;
    m_tunnelling = false;
    if (!m_socket)
        return;
    // Its signals are cut first, so a disconnect it reports while going is not taken for ours;
    // deleted later, since this may run inside one of its own signals.
    m_socket->disconnect(this);
    m_socket->abort();
    m_socket.release()->deleteLater();
}

void HttpConnection::complete()
{
    m_deadline.stop();
    if (!m_keepAlive && m_socket) {
        m_connected = false;
        m_socket->disconnect(this);
        m_socket->disconnectFromHost();
        m_socket.release()->deleteLater();
    }
    Done done = std::exchange(m_done, nullptr);
    if (done)
        done(m_response);
}

void HttpConnection::consumeBody(qsizetype available)
{
    const qsizetype room = qMax<qsizetype>(0, m_excerptBytes - m_response.excerpt.size());
    m_response.excerpt += m_buffer.left(qMin(room, available));
    m_buffer.remove(0, available);
}

void HttpConnection::readResponse()
{
    if (m_tunnelling) {
        readTunnel();
        return;
    }
    if (!m_done) {
        m_socket->readAll(); // nothing was asked; a server talking out of turn is ignored
        return;
    }
    m_gotBytes = true;
    m_buffer += m_socket->readAll();
    while (m_done) {
        switch (m_state) {
        case State::StatusLine:
        case State::Headers:
        case State::ChunkSize:
        case State::ChunkEnd:
        case State::Trailer: {
            const qsizetype end = m_buffer.indexOf("\r\n");
            if (end < 0) {
                if (m_buffer.size() > kMaxHeaderBytes)
                    fail(u"the response headers are larger than 64 KiB"_s);
                return;
            }
            const QByteArray line = m_buffer.left(end);
            m_buffer.remove(0, end + 2);
            if (m_state == State::StatusLine) {
                // "HTTP/1.1 204 No Content"
                const QList<QByteArray> parts = line.split(' ');
                bool ok = false;
                m_response.status = parts.size() >= 2 ? parts.at(1).toInt(&ok) : 0;
                if (!line.startsWith("HTTP/1.") || !ok || m_response.status < 100) {
                    fail(u"not an HTTP/1.x response: \"%1\""_s.arg(QString::fromLatin1(line.left(80))));
                    return;
                }
                m_keepAlive = line.startsWith("HTTP/1.1");
                m_response.reason = parts.size() >= 3 ? line.mid(line.indexOf(' ', 9) + 1) : QByteArray();
                m_state = State::Headers;
            } else if (m_state == State::Headers) {
                if (!line.isEmpty()) {
                    const qsizetype colon = line.indexOf(':');
                    const QByteArray name = line.left(colon).trimmed().toLower();
                    if (m_response.headers.size() < 100)
                        m_response.headers.append({name, line.mid(colon + 1).trimmed()});
                    const QByteArray value = line.mid(colon + 1).trimmed().toLower();
                    if (name == "content-length")
                        m_remaining = value.toLongLong();
                    else if (name == "transfer-encoding")
                        m_chunked = value.contains("chunked");
                    else if (name == "connection")
                        m_keepAlive = !value.contains("close") && (m_keepAlive || value.contains("keep-alive"));
                    continue;
                }
                // The blank line: the headers are complete.
                if (m_response.status < 200) { // 100 Continue and friends: the real answer follows
                    startResponse(true);
                    m_gotBytes = true;
                    continue;
                }
                if (m_response.status == 204 || m_response.status == 304 || (!m_chunked && m_remaining == 0)) {
                    complete();
                    return;
                }
                if (m_chunked) {
                    m_state = State::ChunkSize;
                } else if (m_remaining > 0) {
                    m_state = State::Body;
                } else {
                    m_state = State::UntilClose; // neither length nor chunks: the body ends with the connection
                    m_keepAlive = false;
                }
            } else if (m_state == State::ChunkSize) {
                bool ok = false;
                const qsizetype extension = line.indexOf(';'); // "1a;name=value"
                const qint64 size = (extension < 0 ? line : line.left(extension)).trimmed().toLongLong(&ok, 16);
                if (!ok || size < 0) {
                    fail(u"malformed chunked response"_s);
                    return;
                }
                m_remaining = size;
                m_state = size == 0 ? State::Trailer : State::ChunkData;
            } else if (m_state == State::ChunkEnd) {
                if (!line.isEmpty()) {
                    fail(u"malformed chunked response: a chunk is longer than its size says"_s);
                    return;
                }
                m_state = State::ChunkSize;
            } else { // Trailer: headers after the last chunk, up to an empty line
                if (line.isEmpty()) {
                    complete();
                    return;
                }
            }
            break;
        }
        case State::Body:
        case State::ChunkData: {
            const qsizetype take = qMin<qint64>(m_remaining, m_buffer.size());
            consumeBody(take);
            m_remaining -= take;
            if (m_remaining > 0)
                return;
            if (m_state == State::Body) {
                complete();
                return;
            }
            m_state = State::ChunkEnd;
            break;
        }
        case State::UntilClose: consumeBody(m_buffer.size()); return;
        }
    }
}

} // namespace sluice::agent
