#pragma once

#include <QHostAddress>
#include <QList>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <optional>

namespace sluice::agent {

// Which destinations deliveries may go to. Every address the IANA special-purpose address
// registries (IPv4 and IPv6) do not mark globally reachable is refused (loopback, private, shared,
// link-local, documentation, benchmarking, IETF protocol assignments, discard-only, reserved,
// multicast; IPv6 outside global unicast 2000::/3), and IPv4 inside IPv6 (mapped, NAT64) as that
// IPv4 address, so a subscription cannot be used to reach the agent's own network (server-side
// request forgery), unless an address, a subnet ("10.1.0.0/16") or a host name is on the allow-list.
// The tables, with their sources, are in egress.cpp. Checked on the address actually connected to, after
// resolving, so a name that resolves to an internal address is refused too.
class EgressPolicy {
public:
    static std::optional<EgressPolicy> parse(const QStringList &allow, QString *error);

    // Empty when the address may be reached; otherwise why not, for a person.
    QString refusal(const QString &host, const QHostAddress &address) const;
    // The same, when a subscription is made, for what is known before resolving: an address
    // written in the URL, or a name that always means this machine ("localhost", "*.localhost").
    QString refusal(const QUrl &endpoint) const;

private:
    QList<std::pair<QHostAddress, int>> m_subnets;
    QStringList m_hosts;
};

} // namespace sluice::agent
