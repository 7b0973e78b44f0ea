#include "protocol.h"

using namespace Qt::Literals::StringLiterals;

namespace sluice::protocol {

QJsonObject result(const QJsonValue &id, const QJsonValue &result)
{
    return {{u"jsonrpc"_s, kJsonRpc}, {u"id"_s, id}, {u"result"_s, result}};
}

QJsonObject errorResponse(const QJsonValue &id, int code, const QString &message, const QJsonValue &data)
{
    QJsonObject error{{u"code"_s, code}, {u"message"_s, message}};
    if (!data.isUndefined() && !data.isNull())
        error.insert(u"data"_s, data);
    return {{u"jsonrpc"_s, kJsonRpc}, {u"id"_s, id}, {u"error"_s, error}};
}

QJsonObject notify(const QString &method, const QJsonObject &params)
{
    return {{u"jsonrpc"_s, kJsonRpc}, {u"method"_s, method}, {u"params"_s, params}};
}

QJsonObject request(const QJsonValue &id, const QString &method, const QJsonObject &params)
{
    return {{u"jsonrpc"_s, kJsonRpc}, {u"id"_s, id}, {u"method"_s, method}, {u"params"_s, params}};
}

} // namespace sluice::protocol
