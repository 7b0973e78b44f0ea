#include "service/problem.h"

#include "subscriptionsprotocol.h"

#include <QJsonDocument>

using namespace Qt::Literals::StringLiterals;

namespace sluice::agent {

QByteArray problemDocument(int status, const QString &type, const QString &detail, const QJsonObject &extra)
{
    QJsonObject body{{u"type"_s, subscriptionsapi::problem::TypeBase + type},
                     {u"title"_s, type},
                     {u"status"_s, status},
                     {u"detail"_s, detail}};
    for (auto it = extra.begin(); it != extra.end(); ++it)
        body.insert(it.key(), it.value());
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

QHttpServerResponse problemResponse(QHttpServerResponse::StatusCode status, const QString &type,
                                    const QString &detail, const QJsonObject &extra)
{
    return QHttpServerResponse("application/problem+json", problemDocument(int(status), type, detail, extra), status);
}

} // namespace sluice::agent
