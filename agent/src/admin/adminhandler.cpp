#include "admin/adminhandler.h"

#include "protocol.h"

#include <QDateTime>
#include <QJsonArray>

namespace sluice::agent {

AdminFailure::AdminFailure(int code, const ErrorReason &reason, QJsonObject extra)
    : code(code)
    , message(reason.text())
{
    const QJsonObject said = reason.toJson();
    for (auto it = said.begin(); it != said.end(); ++it)
        extra.insert(it.key(), it.value());
    data = extra;
}

AdminFailure AdminFailure::noSubscription(const QString &name)
{
    return AdminFailure(protocol::error::NotFound, {refusal::NoSubscription, {{refusalparam::Name, name}}});
}

AdminFailure AdminFailure::storeRefused(const QString &why)
{
    return AdminFailure(protocol::error::Unavailable, {refusal::StoreRefused, {{refusalparam::Why, why}}});
}

AdminFailure AdminFailure::refused(const QString &why)
{
    return AdminFailure(protocol::error::Refused, {refusal::Refused, {{refusalparam::Why, why}}});
}

QJsonValue AdminCall::invalid(const ErrorReason &reason)
{
    return refuse(protocol::error::InvalidParams, reason);
}

std::optional<bool> AdminCall::boolean(const QString &key) const
{
    const QJsonValue v = params.value(key);
    return v.isBool() ? std::optional<bool>(v.toBool()) : std::nullopt;
}

QStringList AdminCall::strings(const QString &key) const
{
    QStringList list;
    for (const QJsonValue &item : params.value(key).toArray())
        list.append(item.toString());
    return list;
}

qint64 AdminCall::timeMs(const QString &key) const
{
    const QDateTime at = QDateTime::fromString(string(key), Qt::ISODateWithMs);
    return at.isValid() ? at.toMSecsSinceEpoch() : 0;
}

} // namespace sluice::agent
