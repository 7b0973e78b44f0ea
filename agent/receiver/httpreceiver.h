#pragma once

#include "cloudevent.h"

#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QRandomGenerator>
#include <QSslConfiguration>
#include <QTcpServer>

#include <memory>

namespace sluice::receiver {

struct ReceivedRequest {
    QByteArray method;
    QByteArray path;
    QList<std::pair<QByteArray, QByteArray>> headers; // names in lower case
    QByteArray body;
    QString clientCertificate; // subject common name of the TLS client certificate, if one was presented

    QByteArray header(const QByteArray &name) const;
};

// The CloudEvents in a request, in structured, binary or batch mode; an error says why there are none.
QList<CloudEvent> cloudEventsIn(const ReceivedRequest &request, QString *error);

// A server TLS configuration from PEM files; with clientCaPath, clients must present a certificate
// issued by that CA (mutual TLS). An error names the file that could not be used.
std::optional<QSslConfiguration> serverTls(const QString &certificatePath, const QString &keyPath,
                                           const QString &clientCaPath, QString *error);

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
        int retryAfterSeconds = -1; // >= 0: a Retry-After header on 429 and 503 answers
        bool answerHandshake = true; // false: OPTIONS gets the plain status, like a server that knows nothing of it
        QByteArray allowedOrigin;    // answered instead of echoing WebHook-Request-Origin
        QByteArray allowedRate;      // WebHook-Allowed-Rate (requests per minute) in the handshake answer
    };

    explicit HttpReceiver(QObject *parent = nullptr);
    ~HttpReceiver() override;

    bool listen(const QHostAddress &address, quint16 port, QString *error);
    // Before listen: serve HTTPS with this certificate and key; with peer verification set in it,
    // only clients presenting a certificate from its CA certificates get through (mutual TLS).
    void setSslConfiguration(const QSslConfiguration &configuration) { m_ssl = configuration; }
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

    std::unique_ptr<QTcpServer> m_server;
    std::optional<QSslConfiguration> m_ssl;
    quint16 m_port = 0;
    Behaviour m_behaviour;
    QRandomGenerator m_random{7};
};

} // namespace sluice::receiver
