#pragma once

// A JSON-RPC client of the admin API over a real QWebSocket, as a console would have it, kept small
// for tests: calls wait for their answer; notifications and batches are kept in arrival order.
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QUrl>
#include <QWebSocket>

namespace sluice::test {

class AdminClient : public QObject {
public:
    explicit AdminClient(const QString &origin = QString());

    bool open(const QUrl &url);
    // The whole response: "result" or "error"; empty when none came in 10 s or the socket closed.
    QJsonObject call(const QString &method, const QJsonObject &params = {});
    QJsonObject waitFor(int id);
    // Only the result (a warning with the response when it is an error).
    QJsonObject result(const QString &method, const QJsonObject &params = {});
    int errorCode(const QString &method, const QJsonObject &params = {});
    void sendText(const QByteArray &text) { m_socket.sendTextMessage(QString::fromUtf8(text)); }
    bool authenticate(const QString &token);

    QWebSocket &socket() { return m_socket; }
    QList<QJsonObject> &responses() { return m_responses; }
    QList<QJsonArray> &batches() { return m_batches; }
    QList<QJsonObject> &notifications() { return m_notifications; }

private:
    QWebSocket m_socket;
    QList<QJsonObject> m_responses;
    QList<QJsonArray> m_batches;
    QList<QJsonObject> m_notifications;
    int m_nextId = 0;
};

} // namespace sluice::test
