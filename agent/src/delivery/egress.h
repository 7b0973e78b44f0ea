#pragma once

#include <QHostAddress>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace sluice::agent {

// Which destinations deliveries may go to. Loopback, link-local, private, shared (CGNAT),
// unspecified and multicast addresses are refused, so a subscription cannot be used to reach the
// agent's own network (server-side request forgery), unless an address, a subnet ("10.1.0.0/16")
// or a host name is on the allow-list. Checked on the address actually connected to, after
// resolving, so a name that resolves to an internal address is refused too.
class EgressPolicy {
public:
    static std::optional<EgressPolicy> parse(const QStringList &allow, QString *error);

    // Empty when the address may be reached; otherwise why not, for a person.
    QString refusal(const QString &host, const QHostAddress &address) const;

private:
    QList<std::pair<QHostAddress, int>> m_subnets;
    QStringList m_hosts;
};

} // namespace sluice::agent
