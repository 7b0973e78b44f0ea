#include "delivery/egress.h"

using namespace Qt::Literals::StringLiterals;

namespace sluice::agent {

namespace {

// One row of an IANA special-purpose address registry: the block, what it is, and the registry's
// "Globally Reachable" column (false or N/A: refused). The most specific block an address lies in
// decides, so 192.0.0.9 (an anycast service) passes while the rest of 192.0.0.0/24 does not.
struct Block {
    const char *subnet;
    const char *what;
    bool reachable;
};

// IANA IPv4 Special-Purpose Address Registry (RFC 6890 and the RFCs it lists since), plus the
// multicast block from the IPv4 Multicast Address Space Registry. 0.0.0.0/0: everything else.
constexpr Block kIPv4[] = {
    {"0.0.0.0/0", "", true},
    {"0.0.0.0/8", "an unspecified (\"this network\") address", false},
    {"0.0.0.0/32", "an unspecified (\"this host\") address", false},
    {"10.0.0.0/8", "a private address", false},
    {"100.64.0.0/10", "a shared (carrier-grade NAT) address", false},
    {"127.0.0.0/8", "a loopback address", false},
    {"169.254.0.0/16", "a link-local address", false},
    {"172.16.0.0/12", "a private address", false},
    {"192.0.0.0/24", "an IETF protocol assignment", false},
    {"192.0.0.0/29", "an IPv4 service continuity address", false},
    {"192.0.0.8/32", "the IPv4 dummy address", false},
    {"192.0.0.9/32", "", true},  // Port Control Protocol anycast
    {"192.0.0.10/32", "", true}, // TURN anycast
    {"192.0.0.170/31", "a NAT64/DNS64 discovery address", false},
    {"192.0.2.0/24", "a documentation address (TEST-NET-1)", false},
    {"192.31.196.0/24", "", true}, // AS112-v4
    {"192.52.193.0/24", "", true}, // AMT
    {"192.88.99.0/24", "a deprecated 6to4 relay anycast address", false},
    {"192.168.0.0/16", "a private address", false},
    {"192.175.48.0/24", "", true}, // direct delegation AS112 service
    {"198.18.0.0/15", "a benchmarking address", false},
    {"198.51.100.0/24", "a documentation address (TEST-NET-2)", false},
    {"203.0.113.0/24", "a documentation address (TEST-NET-3)", false},
    {"224.0.0.0/4", "a multicast address", false},
    {"240.0.0.0/4", "a reserved address", false},
    {"255.255.255.255/32", "the limited broadcast address", false},
};

// IANA IPv6 Special-Purpose Address Registry, plus multicast (ff00::/8) and the IPv6 Address Space
// registry's rule that only 2000::/3 is global unicast: the rest is reserved by the IETF.
constexpr Block kIPv6[] = {
    {"::/0", "an address the IETF reserves (outside global unicast 2000::/3)", false},
    {"::/128", "an unspecified address", false},
    {"::1/128", "a loopback address", false},
    {"64:ff9b:1::/48", "a local-use IPv4/IPv6 translation address", false},
    {"100::/64", "a discard-only address", false},
    {"100:0:0:1::/64", "a dummy IPv6 prefix address", false},
    {"2000::/3", "", true},
    {"2001::/23", "an IETF protocol assignment", false},
    {"2001::/32", "a Teredo address", false},
    {"2001:1::1/128", "", true}, // Port Control Protocol anycast
    {"2001:1::2/128", "", true}, // TURN anycast
    {"2001:1::3/128", "", true}, // DNS-SD service registration protocol anycast
    {"2001:2::/48", "a benchmarking address", false},
    {"2001:3::/32", "", true},     // AMT
    {"2001:4:112::/48", "", true}, // AS112-v6
    {"2001:10::/28", "a deprecated ORCHID address", false},
    {"2001:20::/28", "", true}, // ORCHIDv2
    {"2001:30::/28", "", true}, // drone remote ID protocol entity tags
    {"2001:db8::/32", "a documentation address", false},
    {"2002::/16", "a 6to4 address (deprecated, it reaches IPv4 through relays)", false},
    {"2620:4f:8000::/48", "", true}, // direct delegation AS112 service
    {"3fff::/20", "a documentation address", false},
    {"5f00::/16", "a segment routing (SRv6) SID", false},
    {"fc00::/7", "a private (unique local) address", false},
    {"fe80::/10", "a link-local address", false},
    {"fec0::/10", "a deprecated site-local address", false},
    {"ff00::/8", "a multicast address", false},
};

// A table with its subnets parsed, once.
using ParsedTable = QList<std::pair<QPair<QHostAddress, int>, const Block *>>;

template<std::size_t N> ParsedTable parsed(const Block (&table)[N])
{
    ParsedTable blocks;
    for (const Block &block : table)
        blocks.append({QHostAddress::parseSubnet(QString::fromLatin1(block.subnet)), &block});
    return blocks;
}

// The most specific block the address lies in.
const Block &blockOf(const QHostAddress &address)
{
    static const ParsedTable ipv4 = parsed(kIPv4);
    static const ParsedTable ipv6 = parsed(kIPv6);
    const ParsedTable &table = address.protocol() == QAbstractSocket::IPv4Protocol ? ipv4 : ipv6;
    const Block *best = table.first().second;
    int bestLength = -1;
    for (const auto &[subnet, block] : table) {
        if (subnet.second > bestLength && address.isInSubnet(subnet)) {
            best = block;
            bestLength = subnet.second;
        }
    }
    return *best;
}

// IPv4 carried inside IPv6, reached as that IPv4 address: mapped (::ffff:0:0/96) and the NAT64
// well-known prefix (64:ff9b::/96, RFC 6052).
QHostAddress embeddedIPv4(const QHostAddress &address)
{
    bool mapped = false;
    if (const quint32 v4 = address.toIPv4Address(&mapped); mapped)
        return QHostAddress(v4);
    if (address.protocol() == QAbstractSocket::IPv6Protocol &&
        address.isInSubnet(QHostAddress(QStringLiteral("64:ff9b::")), 96)) {
        const Q_IPV6ADDR bytes = address.toIPv6Address();
        return QHostAddress(quint32(bytes[12]) << 24 | quint32(bytes[13]) << 16 | quint32(bytes[14]) << 8 |
                            quint32(bytes[15]));
    }
    return address;
}

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
    const QHostAddress address = embeddedIPv4(resolved);
    const Block &block = blockOf(address);
    if (block.reachable || m_hosts.contains(host.toLower()))
        return {};
    for (const auto &subnet : m_subnets) {
        if (address.isInSubnet(subnet) || resolved.isInSubnet(subnet))
            return {};
    }
    return u"refused to deliver to %1 (%2): it is %3, which the IANA special-purpose address registry does not mark "
           u"globally reachable; add it to delivery.egressAllow if this destination is intended"_s.arg(
               host, resolved.toString(), QString::fromLatin1(block.what));
}

QString EgressPolicy::refusal(const QUrl &endpoint) const
{
    const QString host = endpoint.host();
    const QString name = host.toLower().chopped(host.endsWith(u'.') ? 1 : 0);
    if (name == u"localhost" || name.endsWith(u".localhost")) // RFC 6761: always loopback
        return refusal(host, QHostAddress(QHostAddress::LocalHost));
    const QHostAddress literal(host);
    return literal.isNull() ? QString() : refusal(host, literal);
}

} // namespace sluice::agent
