#pragma once

#include "admin/adminhandler.h"

#include <optional>

namespace sluice::agent {

class ConsumerAccess;

// consumers.*: the consumers of the Subscriptions API, their tokens and limits.
class ConsumersHandler : public AdminHandler {
    Q_OBJECT

public:
    ConsumersHandler(Agent *agent, QString tokenFile, QObject *parent = nullptr);

    QList<AdminMethod> methods() override;

private:
    QJsonValue list(AdminCall &call);
    QJsonValue save(AdminCall &call, bool create);
    // rotate, revoke, delete: an action on a known consumer giving its new token (empty: none).
    QJsonValue act(AdminCall &call, const std::function<std::optional<QString>(const QString &, QString *)> &action);
    // Whether the consumer is there is asked first, so the refusal says which it is.
    bool known(AdminCall &call, const QString &name, bool wanted) const;
    ConsumerAccess access() const;
    QJsonObject describe(const QString &name) const;

    QString m_tokenFile;
};

} // namespace sluice::agent
