#include "adminclient.h"

#include "protocol.h"

#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::Literals::StringLiterals;

namespace sluice::test {

AdminClient::AdminClient(const QString &origin)
    : m_socket(origin)
{
    connect(&m_socket, &QWebSocket::textMessageReceived, this, [this](const QString &text) {
        const QJsonDocument document = QJsonDocument::fromJson(text.toUtf8());
        if (document.isArray()) {
            m_batches.append(document.array());
            return;
        }
        const QJsonObject message = document.object();
        if (message.contains(u"id"_s))
            m_responses.append(message);
        else
            m_notifications.append(message);
    });
}

bool AdminClient::open(const QUrl &url)
{
    QSignalSpy connected(&m_socket, &QWebSocket::connected);
    m_socket.open(url);
    return connected.wait(5000);
}

QJsonObject AdminClient::call(const QString &method, const QJsonObject &params)
{
    const int id = ++m_nextId;
    sendText(QJsonDocument(protocol::request(id, method, params)).toJson(QJsonDocument::Compact));
    return waitFor(id);
}

QJsonObject AdminClient::waitFor(int id)
{
    for (int waited = 0; waited < 10000; waited += 5) {
        for (qsizetype i = 0; i < m_responses.size(); ++i) {
            if (m_responses.at(i).value(u"id"_s).toInt() == id)
                return m_responses.takeAt(i);
        }
        if (m_socket.state() != QAbstractSocket::ConnectedState)
            return {};
        QTest::qWait(5);
    }
    return {};
}

QJsonObject AdminClient::result(const QString &method, const QJsonObject &params)
{
    const QJsonObject response = call(method, params);
    if (!response.contains(u"result"_s))
        qWarning("%s failed: %s", qPrintable(method), QJsonDocument(response).toJson().constData());
    return response.value(u"result"_s).toObject();
}

int AdminClient::errorCode(const QString &method, const QJsonObject &params)
{
    return call(method, params).value(u"error"_s).toObject().value(u"code"_s).toInt();
}

bool AdminClient::authenticate(const QString &token)
{
    return call(protocol::method::Authenticate, {{u"token"_s, token}}).contains(u"result"_s);
}

} // namespace sluice::test
