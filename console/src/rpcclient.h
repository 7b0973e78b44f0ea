#pragma once

#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QWebSocket>

#include <functional>

namespace sluice::console {

// The socket end of the admin protocol (docs/protocol.md): JSON-RPC 2.0 requests and their
// replies, and notifications. Knows nothing of what the methods mean; AgentSession does.
class RpcClient : public QObject {
    Q_OBJECT

public:
    struct Error {
        int code = 0; // 0: none; JSON-RPC codes and -32001..-32007; -1 the connection was lost
        QString message;
    };
    using Reply = std::function<void(const QJsonValue &result, const Error &error)>;

    explicit RpcClient(QObject *parent = nullptr);
    ~RpcClient() override;

    void open(const QUrl &url);
    void close();
    bool isOpen() const { return m_socket.state() == QAbstractSocket::ConnectedState; }
    QWebSocket &socket() { return m_socket; }

    // Sends a request; reply is called once, with the result or the error.
    void call(const QString &method, const QJsonObject &params, Reply reply);

Q_SIGNALS:
    void opened();
    void closed(const QString &reason);
    void notification(const QString &method, const QJsonObject &params);

private:
    void received(const QString &text);
    void failAll(const QString &reason);

    QWebSocket m_socket;
    QHash<qint64, Reply> m_pending;
    qint64 m_nextId = 0;
};

} // namespace sluice::console
