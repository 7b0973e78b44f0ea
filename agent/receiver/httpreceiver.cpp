#include "httpreceiver.h"

#include "jsonscan.h"
#include "pemfiles.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QPointer>
#include <QSslServer>
#include <QSslSocket>
#include <QTcpSocket>
#include <QTimer>
#include <QUrl>

using namespace Qt::Literals::StringLiterals;

namespace sluice::receiver {

namespace {

constexpr qsizetype kMaxHeaderBytes = 64 * 1024;
constexpr qsizetype kMaxBodyBytes = 64 * 1024 * 1024;

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200: return "OK";
    case 202: return "Accepted";
    case 204: return "No Content";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 410: return "Gone";
    case 413: return "Content Too Large";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    default: return "Status";
    }
}

} // namespace

QByteArray ReceivedRequest::header(const QByteArray &name) const
{
    for (const auto &[key, value] : headers) {
        if (key == name)
            return value;
    }
    return {};
}

QList<CloudEvent> cloudEventsIn(const ReceivedRequest &request, QString *error)
{
    const QByteArray contentType = request.header("content-type").toLower();
    auto parse = [error](const QJsonValue &value) -> std::optional<CloudEvent> {
        return CloudEvent::fromJson(value.toObject(), error);
    };
    if (contentType.startsWith("application/cloudevents-batch+json")) {
        QList<CloudEvent> events;
        for (const QJsonValue &value : QJsonDocument::fromJson(request.body).array()) {
            if (auto event = parse(value))
                events.append(*event);
        }
        return events;
    }
    if (contentType.startsWith("application/cloudevents+json")) {
        if (auto event = parse(QJsonDocument::fromJson(request.body).object()))
            return {*event};
        return {};
    }
    if (request.header("ce-specversion").isEmpty()) {
        *error = u"no CloudEvent: neither ce-* headers nor a CloudEvents content-type"_s;
        return {};
    }
    CloudEventBuilder builder;
    QuarantineReason why;
    for (const auto &[name, raw] : request.headers) {
        if (name.startsWith("ce-") &&
            !builder.add(QString::fromLatin1(name.mid(3)), QUrl::fromPercentEncoding(raw), &why)) {
            *error = why.text();
            return {};
        }
    }
    if (const QByteArray type = request.header("content-type"); !type.isEmpty())
        builder.add(u"datacontenttype"_s, QString::fromUtf8(type), nullptr); // as sent, not lower-cased
    std::optional<CloudEvent> event = builder.finish(&why);
    if (!event) {
        *error = why.text();
        return {};
    }
    if (event->hasJsonContentType() && !request.body.isEmpty()) {
        json::ScanError scanError;
        if (!json::validate(request.body, &scanError)) {
            *error = u"the body is not valid JSON: %1"_s.arg(scanError.message);
            return {};
        }
        event->setRawJsonData(request.body);
    } else if (!request.body.isEmpty()) {
        event->setBytesData(request.body);
    }
    return {*event};
}

std::optional<QSslConfiguration> serverTls(const QString &certificatePath, const QString &keyPath,
                                           const QString &clientCaPath, QString *error)
{
    auto fail = [error](const QString &message) -> std::optional<QSslConfiguration> {
        if (error)
            *error = message;
        return std::nullopt;
    };
    QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
    if (QString why; !setTlsIdentity(ssl, certificatePath, keyPath, &why))
        return fail(why);
    if (!clientCaPath.isEmpty()) {
        const QList<QSslCertificate> cas = QSslCertificate::fromPath(clientCaPath);
        if (cas.isEmpty())
            return fail(u"no PEM CA certificate in \"%1\""_s.arg(clientCaPath));
        ssl.setCaCertificates(cas);
        ssl.setPeerVerifyMode(QSslSocket::VerifyPeer);
    } else {
        ssl.setPeerVerifyMode(QSslSocket::VerifyNone);
    }
    return ssl;
}

HttpReceiver::HttpReceiver(QObject *parent)
    : QObject(parent)
{
}

HttpReceiver::~HttpReceiver() = default;

bool HttpReceiver::listen(const QHostAddress &address, quint16 port, QString *error)
{
    if (!m_server) {
        if (m_ssl) {
            auto server = std::make_unique<QSslServer>();
            server->setSslConfiguration(*m_ssl);
            // A client that fails the TLS handshake (no or an unknown certificate) is dropped there.
            m_server = std::move(server);
        } else {
            m_server = std::make_unique<QTcpServer>();
        }
        connect(m_server.get(), &QTcpServer::pendingConnectionAvailable, this, &HttpReceiver::accept);
    }
    // Reuse the port we had, so a receiver that "comes back" is found at the same URL.
    if (!m_server->listen(address, port ? port : m_port)) {
        if (error)
            *error = u"cannot listen on %1:%2: %3"_s.arg(address.toString()).arg(port).arg(m_server->errorString());
        return false;
    }
    m_port = m_server->serverPort();
    return true;
}

void HttpReceiver::close()
{
    if (m_server)
        m_server->close();
    const auto sockets = findChildren<QTcpSocket *>();
    for (QTcpSocket *socket : sockets)
        socket->abort();
}

void HttpReceiver::accept()
{
    while (QTcpSocket *socket = m_server->nextPendingConnection()) {
        socket->setParent(this);
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { readFrom(socket); });
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        if (socket->bytesAvailable() > 0)
            readFrom(socket);
    }
}

void HttpReceiver::readFrom(QTcpSocket *socket)
{
    QByteArray buffer = socket->property("buffer").toByteArray() + socket->readAll();
    while (true) {
        const qsizetype headerEnd = buffer.indexOf("\r\n\r\n");
        if (headerEnd < 0) {
            if (buffer.size() > kMaxHeaderBytes)
                socket->abort();
            break;
        }
        const QList<QByteArray> lines = buffer.left(headerEnd).split('\n');
        const QList<QByteArray> requestLine = lines.first().trimmed().split(' ');
        if (requestLine.size() != 3) {
            socket->write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            socket->disconnectFromHost();
            return;
        }
        ReceivedRequest request;
        request.method = requestLine.at(0);
        request.path = requestLine.at(1);
        qsizetype contentLength = 0;
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const QByteArray &line = lines.at(i);
            const qsizetype colon = line.indexOf(':');
            if (colon <= 0)
                continue;
            const QByteArray name = line.left(colon).trimmed().toLower();
            const QByteArray value = line.mid(colon + 1).trimmed();
            request.headers.append({name, value});
            if (name == "content-length")
                contentLength = value.toLongLong();
        }
        if (contentLength < 0 || contentLength > kMaxBodyBytes) {
            socket->write("HTTP/1.1 413 Content Too Large\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            socket->disconnectFromHost();
            return;
        }
        if (buffer.size() < headerEnd + 4 + contentLength)
            break; // the body is still arriving
        request.body = buffer.mid(headerEnd + 4, contentLength);
        if (auto *tls = qobject_cast<QSslSocket *>(socket); tls && !tls->peerCertificate().isNull())
            request.clientCertificate = tls->peerCertificate().subjectInfo(QSslCertificate::CommonName).value(0);
        buffer.remove(0, headerEnd + 4 + contentLength);
        const bool keepAlive = request.header("connection").toLower() != "close";
        answer(socket, request, keepAlive);
    }
    socket->setProperty("buffer", buffer);
}

void HttpReceiver::answer(QTcpSocket *socket, const ReceivedRequest &request, bool keepAlive)
{
    QByteArray extra;
    int status = m_behaviour.status;
    if (request.method == "OPTIONS" && m_behaviour.answerHandshake &&
        !request.header("webhook-request-origin").isEmpty()) {
        status = 200;
        const QByteArray origin =
            m_behaviour.allowedOrigin.isEmpty() ? request.header("webhook-request-origin") : m_behaviour.allowedOrigin;
        extra = "WebHook-Allowed-Origin: " + origin + "\r\nAllow: POST, OPTIONS\r\n";
        if (!m_behaviour.allowedRate.isEmpty())
            extra += "WebHook-Allowed-Rate: " + m_behaviour.allowedRate + "\r\n";
    } else if (m_behaviour.failRate > 0 && m_random.generateDouble() < m_behaviour.failRate) {
        status = m_behaviour.failStatus;
    }
    if ((status == 429 || status == 503) && m_behaviour.retryAfterSeconds >= 0)
        extra += "Retry-After: " + QByteArray::number(m_behaviour.retryAfterSeconds) + "\r\n";
    Q_EMIT received(request, status);

    const QByteArray body = status == 204 ? QByteArray() : reasonPhrase(status) + '\n';
    QByteArray response = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status) + "\r\n" + extra;
    if (status != 204)
        response += "Content-Type: text/plain\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n";
    response += keepAlive ? "\r\n" : "Connection: close\r\n\r\n";
    response += body;

    auto send = [socket = QPointer<QTcpSocket>(socket), response, keepAlive] {
        if (!socket)
            return;
        socket->write(response);
        if (!keepAlive)
            socket->disconnectFromHost();
    };
    if (m_behaviour.delayMs > 0)
        QTimer::singleShot(m_behaviour.delayMs, socket, send);
    else
        send();
}

} // namespace sluice::receiver
