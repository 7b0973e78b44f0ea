#include "delivery/handshake.h"

#include "delivery/deliverypolicy.h"

#include <cmath>

using namespace Qt::Literals::StringLiterals;

namespace sluice::agent {

HttpHeaders Handshake::requestHeaders(const QByteArray &origin, double rateLimit, const QByteArray &authorization,
                                      const HttpHeaders &extra)
{
    HttpHeaders headers = {
        {QByteArrayLiteral("user-agent"), QByteArrayLiteral("Sluice/" SLUICE_VERSION)},
        {QByteArrayLiteral("webhook-request-origin"), origin},
    };
    // WebHook-Request-Rate is requests per minute.
    if (rateLimit > 0)
        headers.append(
            {QByteArrayLiteral("webhook-request-rate"), QByteArray::number(qint64(std::ceil(rateLimit * 60)))});
    if (!authorization.isEmpty())
        headers.append({QByteArrayLiteral("authorization"), authorization});
    headers.append(extra);
    return headers;
}

Handshake::Answer Handshake::judge(const HttpResponse &response, const QByteArray &origin)
{
    Answer answer;
    const QString status = AttemptResult{response.status, response.reason, {}, response.error}.describe();
    const QByteArray allowed = response.header("webhook-allowed-origin").trimmed();
    if (response.status == 0)
        answer.why = response.error;
    else if (response.status < 200 || response.status >= 300)
        answer.why = u"the endpoint answered %1"_s.arg(status);
    else if (allowed.isEmpty())
        answer.why = u"the endpoint answered %1 without WebHook-Allowed-Origin"_s.arg(status);
    else if (allowed != "*" && allowed != origin)
        answer.why = u"the endpoint allows origin \"%1\", not ours (\"%2\", delivery.origin)"_s.arg(
            QString::fromUtf8(allowed), QString::fromUtf8(origin));
    if (!answer.why.isEmpty())
        return answer;
    answer.confirmed = true;
    // WebHook-Allowed-Rate is requests per minute; "*" or absent: no limit from the endpoint.
    bool ok = false;
    const double perMinute = response.header("webhook-allowed-rate").trimmed().toDouble(&ok);
    answer.allowedRate = ok && perMinute > 0 ? perMinute / 60.0 : 0;
    return answer;
}

} // namespace sluice::agent
