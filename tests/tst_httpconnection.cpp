#include "delivery/httpconnection.h"

#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace sluice::agent;
using namespace std::chrono_literals;

namespace {

// A server on 127.0.0.1 that answers each request with the next scripted reply, written in pieces
// to exercise partial reads, and counts connections.
class ScriptedServer : public QObject {
public:
    QList<QByteArray> replies;
    QList<QByteArray> requests;
    int connections = 0;
    bool closeAfterReply = false;

    ScriptedServer()
    {
        QVERIFY(m_server.listen(QHostAddress::LocalHost));
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection()) {
                ++connections;
                connect(socket, &QTcpSocket::readyRead, this, [this, socket] {
                    const QByteArray request = socket->readAll();
                    requests.append(request);
                    if (replies.isEmpty())
                        return; // silence: the client's response timeout must fire
                    const QByteArray reply = replies.takeFirst();
                    for (qsizetype i = 0; i < reply.size(); i += 7) { // small pieces
                        socket->write(reply.mid(i, 7));
                        socket->flush();
                    }
                    if (closeAfterReply)
                        socket->disconnectFromHost();
                });
                connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            }
        });
    }
    QUrl url() const { return QUrl(u"http://127.0.0.1:%1/hook?x=1"_s.arg(m_server.serverPort())); }
    void dropAllConnections()
    {
        for (QTcpSocket *socket : m_server.findChildren<QTcpSocket *>())
            socket->disconnectFromHost();
    }
    QTcpServer m_server;
};

HttpResponse exchange(HttpConnection &connection, const QUrl &url)
{
    std::optional<HttpResponse> result;
    connection.send(HttpConnection::buildRequest(url, {{"content-type", "application/json"}}, "{}"),
                    [&](const HttpResponse &r) { result = r; });
    if (!QTest::qWaitFor([&] { return result.has_value(); }, 10000))
        return HttpResponse{0, {}, {}, u"test: no answer"_s};
    return *result;
}

} // namespace

class TestHttpConnection : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void readsResponses_data();
    void readsResponses();
    void buildsTheRequest();
    void reusesTheConnection();
    void resendsOnceWhenAnIdleConnectionWasClosed();
    void rejectsAChunkLongerThanItsSize();
    void reportsRefusedConnections();
    void timesOutWithoutAResponse();
    void rejectsAGarbageStatusLine();
};

void TestHttpConnection::readsResponses_data()
{
    QTest::addColumn<QByteArray>("reply");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("excerpt");
    QTest::addColumn<bool>("keepsConnection");

    QTest::newRow("204") << QByteArray("HTTP/1.1 204 No Content\r\n\r\n") << 204 << QByteArray() << true;
    QTest::newRow("content-length") << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello") << 200
                                    << QByteArray("hello") << true;
    QTest::newRow("zero length") << QByteArray("HTTP/1.1 202 Accepted\r\ncontent-length: 0\r\n\r\n") << 202
                                 << QByteArray() << true;
    QTest::newRow("chunked") << QByteArray("HTTP/1.1 503 Service Unavailable\r\nTransfer-Encoding: chunked\r\n\r\n"
                                           "4\r\nbusy\r\n7;ext=1\r\n, later\r\n0\r\nX-Trailer: y\r\n\r\n")
                             << 503 << QByteArray("busy, later") << true;
    QTest::newRow("connection close") << QByteArray(
                                             "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok")
                                      << 200 << QByteArray("ok") << false;
    QTest::newRow("HTTP/1.0") << QByteArray("HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok") << 200 << QByteArray("ok")
                              << false;
    QTest::newRow("100 continue first")
        << QByteArray("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n") << 201
        << QByteArray() << true;
    QTest::newRow("excerpt is capped") << QByteArray(
                                              "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 40\r\n\r\n") +
                                              QByteArray(40, 'e')
                                       << 500 << QByteArray(16, 'e') << true;
}

void TestHttpConnection::readsResponses()
{
    QFETCH(QByteArray, reply);
    QFETCH(int, status);
    QFETCH(QByteArray, excerpt);
    QFETCH(bool, keepsConnection);
    ScriptedServer server;
    server.replies = {reply, "HTTP/1.1 204 No Content\r\n\r\n"};
    HttpConnection connection(server.url(), 2s, 2s, 16);
    const HttpResponse first = exchange(connection, server.url());
    QVERIFY2(first.error.isEmpty(), qPrintable(first.error));
    QCOMPARE(first.status, status);
    QCOMPARE(first.excerpt, excerpt);
    const HttpResponse second = exchange(connection, server.url());
    QCOMPARE(second.status, 204);
    QCOMPARE(server.connections, keepsConnection ? 1 : 2);
}

void TestHttpConnection::buildsTheRequest()
{
    const QByteArray request = HttpConnection::buildRequest(QUrl(u"http://user:pw@example.org:8080/a%20b?q=1"_s),
                                                            {{"x-api-key", "k"}}, "body");
    QVERIFY(request.startsWith("POST /a%20b?q=1 HTTP/1.1\r\nHost: example.org:8080\r\nContent-Length: 4\r\n"));
    QVERIFY(request.contains("\r\nx-api-key: k\r\n"));
    QVERIFY(request.endsWith("\r\n\r\nbody"));
    QVERIFY(!request.contains("user"));
    QVERIFY(HttpConnection::buildRequest(QUrl(u"http://h"_s), {}, {}).startsWith("POST / HTTP/1.1\r\nHost: h\r\n"));
}

void TestHttpConnection::reusesTheConnection()
{
    ScriptedServer server;
    for (int i = 0; i < 5; ++i)
        server.replies.append("HTTP/1.1 204 No Content\r\n\r\n");
    HttpConnection connection(server.url(), 2s, 2s, 16);
    for (int i = 0; i < 5; ++i)
        QCOMPARE(exchange(connection, server.url()).status, 204);
    QCOMPARE(server.connections, 1);
    QCOMPARE(server.requests.size(), 5);
}

void TestHttpConnection::resendsOnceWhenAnIdleConnectionWasClosed()
{
    ScriptedServer server;
    server.replies = {"HTTP/1.1 204 No Content\r\n\r\n", "HTTP/1.1 204 No Content\r\n\r\n"};
    HttpConnection connection(server.url(), 2s, 2s, 16);
    QCOMPARE(exchange(connection, server.url()).status, 204);
    server.dropAllConnections(); // keep-alive timed out on the server's side
    QTest::qWait(50);
    QCOMPARE(exchange(connection, server.url()).status, 204);
    QCOMPARE(server.connections, 2);
}

void TestHttpConnection::rejectsAChunkLongerThanItsSize()
{
    ScriptedServer server;
    server.replies = {"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n0\r\n\r\n"};
    HttpConnection connection(server.url(), 2s, 2s, 16);
    const HttpResponse response = exchange(connection, server.url());
    QCOMPARE(response.status, 0);
    QVERIFY2(response.error.contains(u"malformed chunked"_s), qPrintable(response.error));
}

void TestHttpConnection::reportsRefusedConnections()
{
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost));
    const QUrl url(u"http://127.0.0.1:%1/"_s.arg(probe.serverPort()));
    probe.close(); // nothing listens there now
    HttpConnection connection(url, 2s, 2s, 16);
    const HttpResponse response = exchange(connection, url);
    QCOMPARE(response.status, 0);
    QVERIFY2(response.error.contains(u"refused"_s, Qt::CaseInsensitive), qPrintable(response.error));
}

void TestHttpConnection::timesOutWithoutAResponse()
{
    ScriptedServer server; // no replies: it reads and says nothing
    HttpConnection connection(server.url(), 2s, 300ms, 16);
    const HttpResponse response = exchange(connection, server.url());
    QCOMPARE(response.status, 0);
    QVERIFY2(response.error.contains(u"no response within 300 ms"_s), qPrintable(response.error));
}

void TestHttpConnection::rejectsAGarbageStatusLine()
{
    ScriptedServer server;
    server.replies = {"SMTP ready\r\n\r\n"};
    HttpConnection connection(server.url(), 2s, 2s, 16);
    const HttpResponse response = exchange(connection, server.url());
    QCOMPARE(response.status, 0);
    QVERIFY2(response.error.contains(u"not an HTTP/1.x response"_s), qPrintable(response.error));
}

QTEST_GUILESS_MAIN(TestHttpConnection)
#include "tst_httpconnection.moc"
