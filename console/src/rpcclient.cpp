#include "rpcclient.h"

#include "errorreason.h"
#include "labels.h"

#include "protocol.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::Literals::StringLiterals;

namespace sluice::console {

RpcClient::RpcClient(QObject *parent)
    : QObject(parent)
{
    connect(&m_socket, &QWebSocket::connected, this, &RpcClient::opened);
    connect(&m_socket, &QWebSocket::disconnected, this, [this] {
        const QString reason = m_socket.closeReason().isEmpty() ? m_socket.errorString() : m_socket.closeReason();
        failAll(reason);
        Q_EMIT closed(reason);
    });
    connect(&m_socket, &QWebSocket::textMessageReceived, this, &RpcClient::received);
}

RpcClient::~RpcClient()
{
    // Closing the socket on the way out must not call replies whose owners are going too.
    m_socket.disconnect(this);
    m_pending.clear();
}

void RpcClient::open(const QUrl &url)
{
    m_socket.open(url);
}

void RpcClient::close()
{
    m_socket.close();
}

void RpcClient::call(const QString &method, const QJsonObject &params, Reply reply)
{
    if (!isOpen()) {
        reply({}, {-1, tr("not connected to the agent")});
        return;
    }
    const qint64 id = ++m_nextId;
    m_pending.insert(id, std::move(reply));
    m_socket.sendTextMessage(
        QString::fromUtf8(QJsonDocument(protocol::request(id, method, params)).toJson(QJsonDocument::Compact)));
}

void RpcClient::received(const QString &text)
{
    const QJsonDocument document = QJsonDocument::fromJson(text.toUtf8());
    const QJsonArray messages = document.isArray() ? document.array() : QJsonArray{document.object()};
    for (const QJsonValue &value : messages) {
        const QJsonObject message = value.toObject();
        if (!message.contains(protocol::jsonrpc::Id)) {
            Q_EMIT notification(message.value(protocol::jsonrpc::Method).toString(),
                                message.value(protocol::jsonrpc::Params).toObject());
            continue;
        }
        const Reply reply = m_pending.take(message.value(protocol::jsonrpc::Id).toInteger());
        if (!reply)
            continue;
        const QJsonObject error = message.value(protocol::jsonrpc::Error).toObject();
        // The agent's reason in the console's language when it gave one this console knows; else its words.
        const ErrorReason reason = ErrorReason::fromJson(error.value(protocol::jsonrpc::Data).toObject());
        const bool known = !reason.isEmpty() && ErrorReason::pattern(reason.reason);
        reply(message.value(protocol::jsonrpc::Result),
              {error.value(protocol::jsonrpc::Code).toInt(),
               known ? errorText(reason) : error.value(protocol::jsonrpc::Message).toString()});
    }
}

void RpcClient::failAll(const QString &reason)
{
    const auto pending = std::exchange(m_pending, {});
    for (const Reply &reply : pending)
        reply({}, {-1, reason});
}

} // namespace sluice::console
