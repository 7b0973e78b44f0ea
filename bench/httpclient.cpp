// The HTTP client alone, without the store: Sluice's HttpConnection and libcurl's multi interface,
// each with a number of persistent connections POSTing 500-byte bodies as fast as answers come
// back (bench/http.sh runs both beside wrk against the same nginx).
#include "delivery/httpconnection.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTextStream>

#include <curl/curl.h>

#include <memory>
#include <vector>

using namespace Qt::Literals::StringLiterals;
using namespace sluice::agent;

namespace {

struct Result {
    qint64 requests = 0;
    qint64 failures = 0;
    qint64 elapsedMs = 0;
};

const QByteArray kBody(500, 'x');

Result runOurs(const QUrl &url, int connections, qint64 total)
{
    Result result;
    std::vector<std::unique_ptr<HttpConnection>> pool;
    qint64 started = 0;
    QElapsedTimer timer;
    std::function<void(HttpConnection *)> next = [&](HttpConnection *connection) {
        if (started >= total)
            return;
        ++started;
        // Built per request, as the dispatcher does (without signing, which is not the client's).
        const QByteArray request = HttpConnection::buildRequest(
            url, {{"content-type", "application/cloudevents+json"}, {"webhook-id", QByteArray::number(started)}},
            kBody);
        connection->send(request, [&, connection](const HttpResponse &response) {
            ++result.requests;
            if (response.status < 200 || response.status >= 300)
                ++result.failures;
            if (result.requests == total)
                QCoreApplication::quit();
            else
                next(connection);
        });
    };
    timer.start();
    for (int i = 0; i < connections; ++i) {
        pool.push_back(std::make_unique<HttpConnection>(url, std::chrono::seconds(5), std::chrono::seconds(30), 4096));
        next(pool.back().get());
    }
    QCoreApplication::exec();
    result.elapsedMs = timer.elapsed();
    return result;
}

size_t discard(char *, size_t size, size_t count, void *)
{
    return size * count;
}

Result runCurl(const QUrl &url, int connections, qint64 total)
{
    Result result;
    curl_global_init(CURL_GLOBAL_DEFAULT);
    CURLM *multi = curl_multi_init();
    curl_multi_setopt(multi, CURLMOPT_MAXCONNECTS, long(connections));
    curl_slist *headers = curl_slist_append(nullptr, "content-type: application/cloudevents+json");
    const QByteArray address = url.toEncoded();
    std::vector<CURL *> handles;
    qint64 started = 0;
    auto start = [&](CURL *easy) {
        ++started;
        curl_multi_add_handle(multi, easy);
    };
    QElapsedTimer timer;
    timer.start();
    for (int i = 0; i < connections && started < total; ++i) {
        CURL *easy = curl_easy_init();
        curl_easy_setopt(easy, CURLOPT_URL, address.constData());
        curl_easy_setopt(easy, CURLOPT_POSTFIELDS, kBody.constData());
        curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE, long(kBody.size()));
        curl_easy_setopt(easy, CURLOPT_HTTPHEADER, headers);
        curl_easy_setopt(easy, CURLOPT_TCP_NODELAY, 1L);
        curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, discard);
        handles.push_back(easy);
        start(easy);
    }
    int running = 0;
    while (result.requests < total) {
        curl_multi_perform(multi, &running);
        int queued = 0;
        while (CURLMsg *message = curl_multi_info_read(multi, &queued)) {
            if (message->msg != CURLMSG_DONE)
                continue;
            CURL *easy = message->easy_handle;
            long status = 0;
            curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
            ++result.requests;
            if (message->data.result != CURLE_OK || status < 200 || status >= 300)
                ++result.failures;
            curl_multi_remove_handle(multi, easy);
            if (started < total)
                start(easy); // the same handle again: its connection is reused
        }
        if (result.requests < total)
            curl_multi_poll(multi, nullptr, 0, 1000, nullptr);
    }
    result.elapsedMs = timer.elapsed();
    for (CURL *easy : handles)
        curl_easy_cleanup(easy);
    curl_slist_free_all(headers);
    curl_multi_cleanup(multi);
    curl_global_cleanup();
    return result;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(u"The HTTP client alone: ours or libcurl's multi interface."_s);
    parser.addPositionalArgument(u"client"_s, u"ours or curl"_s);
    const QCommandLineOption url(u"url"_s, u"Where to POST."_s, u"url"_s);
    const QCommandLineOption connections(u"connections"_s, u"Persistent connections."_s, u"n"_s, u"16"_s);
    const QCommandLineOption requests(u"requests"_s, u"Requests in all."_s, u"n"_s, u"200000"_s);
    parser.addOptions({url, connections, requests});
    parser.addHelpOption();
    parser.process(app);
    const QString client = parser.positionalArguments().value(0);
    const QUrl target(parser.value(url));
    const int c = parser.value(connections).toInt();
    const qint64 n = parser.value(requests).toLongLong();
    Result result;
    if (client == u"ours")
        result = runOurs(target, c, n);
    else if (client == u"curl")
        result = runCurl(target, c, n);
    else
        parser.showHelp(1);
    QTextStream(stdout) << client << ' ' << result.requests << " requests, " << result.failures << " failed, "
                        << result.elapsedMs << " ms, "
                        << qint64(double(result.requests) * 1000.0 / double(result.elapsedMs)) << " requests/s\n";
    return result.failures == 0 ? 0 : 1;
}
