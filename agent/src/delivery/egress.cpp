#include "delivery/egress.h"

using namespace Qt::Literals::StringLiterals;

namespace sluice::agent {

namespace {

struct Restricted {
    const char *subnet;
    const char *what;
};

// RFC 6890 special-purpose ranges a webhook has no business reaching.
constexpr Restricted kRestricted[] = {
    {"0.0.0.0/8", "an unspecified (\"this network\") address"},
    {"10.0.0.0/8", "a private address"},
    {"100.64.0.0/10", "a shared (carrier-grade NAT) address"},
    {"127.0.0.0/8", "a loopback address"},
    {"169.254.0.0/16", "a link-local address"},
    {"172.16.0.0/12", "a private address"},
    {"192.168.0.0/16", "a private address"},
    {"224.0.0.0/4", "a multicast address"},
    {"240.0.0.0/4", "a reserved address"},
    {"::/128", "an unspecified address"},
    {"::1/128", "a loopback address"},
    {"fc00::/7", "a private (unique local) address"},
    {"fe80::/10", "a link-local address"},
    {"ff00::/8", "a multicast address"},
};

} // namespace

std::optional<EgressPolicy> EgressPolicy::parse(const QStringList &allow, QString *error)
{
    EgressPolicy policy;
    for (const QString &entry : allow) {
        const QString text = entry.trimmed();
        if (text.contains(u'/')) {
            const auto subnet = QHostAddress::parseSubnet(text);
            if (subnet.first.isNull()) {
                if (error)
                    *error = u"\"%1\" is not a subnet such as \"10.1.0.0/16\""_s.arg(text);
                return std::nullopt;
            }
            policy.m_subnets.append(subnet);
        } else if (QHostAddress address(text); !address.isNull()) {
            policy.m_subnets.append({address, address.protocol() == QAbstractSocket::IPv6Protocol ? 128 : 32});
        } else if (!text.isEmpty() && !text.contains(u' ')) {
            policy.m_hosts.append(text.toLower());
        } else {
            if (error)
                *error = u"\"%1\" is neither an address, a subnet nor a host name"_s.arg(text);
            return std::nullopt;
        }
    }
    return policy;
}

QString EgressPolicy::refusal(const QString &host, const QHostAddress &resolved) const
{
    QHostAddress address = resolved;
    bool mapped = false;
    const quint32 v4 = address.toIPv4Address(&mapped);
    if (mapped) // ::ffff:10.0.0.1 is 10.0.0.1
        address = QHostAddress(v4);
    for (const Restricted &r : kRestricted) {
        if (!address.isInSubnet(QHostAddress::parseSubnet(QString::fromLatin1(r.subnet))))
            continue;
        if (m_hosts.contains(host.toLower()))
            return {};
        for (const auto &subnet : m_subnets) {
            if (address.isInSubnet(subnet))
                return {};
        }
        return u"refused to deliver to %1 (%2): it is %3; add it to delivery.egressAllow if this destination "
               u"is intended"_s.arg(host, address.toString(), QString::fromLatin1(r.what));
    }
    return {};
}

} // namespace sluice::agent
