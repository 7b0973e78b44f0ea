#pragma once

#include <QHttpServerResponse>
#include <QJsonObject>
#include <QString>

namespace sluice::agent {

// An RFC 9457 problem document (application/problem+json), as every error of the agent's HTTP
// server is answered: "type" is urn:sluice:problem: and one of subscriptionsapi::problem, "title"
// the same word, "status", "detail" for a person, and members of the problem's own.
QByteArray problemDocument(int status, const QString &type, const QString &detail, const QJsonObject &extra = {});
QHttpServerResponse problemResponse(QHttpServerResponse::StatusCode status, const QString &type,
                                    const QString &detail, const QJsonObject &extra = {});

} // namespace sluice::agent
