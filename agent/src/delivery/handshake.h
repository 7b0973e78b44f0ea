#pragma once

#include "delivery/httpconnection.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace sluice::agent {

using HttpHeaders = QList<std::pair<QByteArray, QByteArray>>;

// The CloudEvents webhook validation handshake (abuse protection): before the first delivery an
// OPTIONS request with WebHook-Request-Origin asks the endpoint whether it wants our events; it
// confirms with WebHook-Allowed-Origin (ours or "*") and may set WebHook-Allowed-Rate. Pure.
class Handshake {
public:
    struct Answer {
        bool confirmed = false;
        QString why;            // when not confirmed, for a person
        double allowedRate = 0; // events per second the endpoint allows; 0: no limit from it
    };

    // The OPTIONS request's headers: ours, the endpoint's authorization and the subscription's own.
    static HttpHeaders requestHeaders(const QByteArray &origin, double rateLimit, const QByteArray &authorization,
                                      const HttpHeaders &extra);
    static Answer judge(const HttpResponse &response, const QByteArray &origin);
};

} // namespace sluice::agent
