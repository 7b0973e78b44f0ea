#include "protocol.h"

using namespace Qt::Literals::StringLiterals;

namespace sluice::protocol {

QJsonObject result(const QJsonValue &id, const QJsonValue &result)
{
    return {{jsonrpc::JsonRpc, kJsonRpc}, {jsonrpc::Id, id}, {jsonrpc::Result, result}};
}

QJsonObject errorResponse(const QJsonValue &id, int code, const QString &message, const QJsonValue &data)
{
    QJsonObject error{{jsonrpc::Code, code}, {jsonrpc::Message, message}};
    if (!data.isUndefined() && !data.isNull())
        error.insert(jsonrpc::Data, data);
    return {{jsonrpc::JsonRpc, kJsonRpc}, {jsonrpc::Id, id}, {jsonrpc::Error, error}};
}

QJsonObject notify(const QString &method, const QJsonObject &params)
{
    return {{jsonrpc::JsonRpc, kJsonRpc}, {jsonrpc::Method, method}, {jsonrpc::Params, params}};
}

QJsonObject request(const QJsonValue &id, const QString &method, const QJsonObject &params)
{
    return {{jsonrpc::JsonRpc, kJsonRpc}, {jsonrpc::Id, id}, {jsonrpc::Method, method}, {jsonrpc::Params, params}};
}

const QStringList &deliveryquery::states()
{
    static const QStringList names{Pending, Sending, Delivered, Dead, Superseded, Discarded, Waiting, Held, Attention};
    return names;
}

} // namespace sluice::protocol
