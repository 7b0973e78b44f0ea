#include "delivery/testsend.h"
#include "protocol.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QTimer>
#include <QUuid>

using namespace Qt::Literals::StringLiterals;

namespace sluice::agent {

namespace {

QJsonArray headersJson(const HttpHeaders &headers)
{
    QJsonArray json;
    for (const auto &[name, value] : headers)
        json.append(QJsonArray{QString::fromLatin1(name), QString::fromUtf8(value)});
    return json;
}

QJsonObject attemptJson(const QJsonObject &request, qint64 at, qint64 durationMs, const HttpResponse &response)
{
    QJsonObject result{
        {protocol::testattempt::Request, request},
        {protocol::testattempt::At, CloudEvent::rfc3339(at)},
        {protocol::testattempt::DurationMs, durationMs},
        {protocol::testattempt::Delivered, response.status >= 200 && response.status < 300},
    };
    if (response.status > 0) {
        result.insert(protocol::testattempt::Response,
                      QJsonObject{{protocol::testattempt::Status, response.status},
                                  {protocol::testattempt::Reason, QString::fromLatin1(response.reason)},
                                  {protocol::testattempt::Headers, headersJson(response.headers)},
                                  {protocol::testattempt::Body, QString::fromUtf8(response.excerpt)}});
    } else {
        result.insert(protocol::testattempt::Error, response.error);
    }
    return result;
}

} // namespace

bool sendTest(const RequestBuilder &requests, const Subscription &subscription,
              std::unique_ptr<HttpConnection> connection, const CloudEvent &event,
              std::function<void(const QJsonObject &)> done, QString *error)
{
    const qint64 at = QDateTime::currentMSecsSinceEpoch();
    ClaimedDelivery delivery;
    delivery.deliveryId = u"test_"_s + QUuid::createUuid().toString(QUuid::Id128).left(24);
    delivery.subscription = subscription.name;
    delivery.payload = event.toStructuredBytes();
    QString why;
    const std::optional<OutgoingRequest> request = requests.build({delivery}, 1, at, &why);
    if (!request) {
        if (error)
            *error = u"cannot encode the test event: "_s + why;
        return false;
    }
    const QJsonObject shown{{protocol::testattempt::Method, u"POST"_s},
                            {protocol::testattempt::Url, subscription.endpoint.toString(QUrl::RemoveUserInfo)},
                            {protocol::testattempt::Headers, headersJson(requests.masked(request->headers))},
                            {protocol::testattempt::Body, QString::fromUtf8(request->body)}};
    std::shared_ptr<HttpConnection> shared = std::move(connection);
    QElapsedTimer elapsed;
    elapsed.start();
    shared->send(request->bytes, [shared, elapsed, shown, done = std::move(done), at](const HttpResponse &response) {
        done(attemptJson(shown, at, elapsed.elapsed(), response));
        // The connection goes once its own callback has returned.
        QTimer::singleShot(0, [connection = shared] {});
    });
    return true;
}

} // namespace sluice::agent
