#pragma once

#include "delivery/egress.h"

#include <QByteArray>
#include <QObject>
#include <QSslConfiguration>
#include <QTimer>
#include <QUrl>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>

class QTcpSocket;

namespace sluice::agent {

struct HttpResponse {
    int status = 0; // 0: no response, see error
    QByteArray reason;
    QByteArray excerpt;                               // the first bytes of the body
    QString error;                                    // a transport failure a person can read
    QList<std::pair<QByteArray, QByteArray>> headers; // names in lower case, values as sent

    QByteArray header(const QByteArray &name) const;
};

// One persistent HTTP/1.1 connection to one endpoint, one request at a time. The dispatcher keeps
// one per unit of concurrency. It speaks just what webhook delivery needs: a POST, then a response
// with Content-Length, chunked encoding or read-until-close, and keep-alive as the server allows.
// QNetworkAccessManager cost ~150 µs of main-thread time per request in perf; this costs a few.
class HttpConnection : public QObject {
    Q_OBJECT

public:
    using Done = std::function<void(const HttpResponse &)>;

    HttpConnection(const QUrl &endpoint, std::chrono::milliseconds connectTimeout,
                   std::chrono::milliseconds responseTimeout, int excerptBytes, QObject *parent = nullptr);
    ~HttpConnection() override;

    // Checked against every address connected to; unset: every destination is allowed.
    void setEgressPolicy(const EgressPolicy &policy) { m_egress = policy; }
    // For https: client certificate, CA certificates. Unset: the system's CAs, no client certificate.
    void setSslConfiguration(const QSslConfiguration &configuration) { m_ssl = configuration; }
    // An HTTP proxy to go through (ProxyPolicy::proxyFor); an empty URL: connect directly. The
    // destination is still resolved and checked here, and an https tunnel goes to that address.
    void setProxy(const QUrl &proxy) { m_proxy = proxy; }

    bool isBusy() const { return bool(m_done); }
    // Sends a complete request (request line, headers, body); done is called exactly once, later.
    void send(const QByteArray &request, Done done);
    // Drops the request in flight without calling done, and closes the connection.
    void abandon();

    // "POST /path HTTP/1.1" with Host, the given headers and the body, ready for send(). Empty when
    // a header name is not a token or a value holds CR, LF, NUL or another control: send() then
    // fails the request instead of writing it.
    static QByteArray buildRequest(const QUrl &endpoint, const QList<std::pair<QByteArray, QByteArray>> &headers,
                                   const QByteArray &body, const QByteArray &method = QByteArrayLiteral("POST"));

private:
    enum class State { StatusLine, Headers, Body, ChunkSize, ChunkData, ChunkEnd, Trailer, UntilClose };

    void open();
    void connectTo(const QString &address);
    void proxyConnected(const QString &address);
    void readTunnel();
    QByteArray absoluteForm(const QByteArray &request) const;
    void dropSocket();
    void write();
    void readResponse();
    void socketClosed();
    void fail(const QString &error);
    void complete();
    void startResponse(bool keepBuffer = false);
    void consumeBody(qsizetype available);

    QUrl m_endpoint;
    std::chrono::milliseconds m_connectTimeout;
    std::chrono::milliseconds m_responseTimeout;
    int m_excerptBytes;
    std::unique_ptr<QTcpSocket> m_socket;
    bool m_connected = false;
    bool m_reused = false; // the request went out on a connection that served one before
    bool m_resent = false;
    bool m_gotBytes = false; // any byte of the response arrived
    QByteArray m_request;
    Done m_done;
    std::optional<EgressPolicy> m_egress;
    std::optional<QSslConfiguration> m_ssl;
    QUrl m_proxy;
    bool m_tunnelling = false; // waiting for the proxy's answer to CONNECT
    int m_lookupId = -1;
    QTimer m_deadline;
    QString m_deadlineReason;

    State m_state = State::StatusLine;
    QByteArray m_buffer;
    HttpResponse m_response;
    qint64 m_remaining = -1; // -1: no Content-Length
    bool m_chunked = false;
    bool m_keepAlive = true;
};

} // namespace sluice::agent
