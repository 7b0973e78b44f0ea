#include "delivery/proxy.h"

using namespace Qt::Literals::StringLiterals;

namespace sluice::agent {

std::optional<ProxyPolicy> ProxyPolicy::parse(const QString &proxy, const QStringList &noProxy, QString *error,
                                              Setting *where)
{
    Setting setting = Setting::Proxy;
    auto fail = [&](const QString &message) -> std::optional<ProxyPolicy> {
        if (error)
            *error = message;
        if (where)
            *where = setting;
        return std::nullopt;
    };
    ProxyPolicy policy;
    if (proxy.isEmpty())
        return policy;
    const QUrl url(proxy, QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty())
        return fail(u"\"%1\" is not a URL; write it as http://proxy.example:3128"_s.arg(proxy));
    if (url.scheme() != u"http")
        return fail(u"only http:// proxies are supported (https deliveries go through them in a CONNECT tunnel, "
                    u"encrypted end to end); \"%1\" has %2://"_s.arg(proxy, url.scheme()));
    if (url.port() <= 0)
        return fail(u"\"%1\" has no port; write it as http://%2:3128 (or the port your proxy listens on)"_s.arg(
            proxy, url.host()));
    if (!url.path().isEmpty() && url.path() != u"/")
        return fail(u"\"%1\": a proxy URL has no path"_s.arg(proxy));
    policy.m_proxy = url;
    setting = Setting::NoProxy;
    for (const QString &entry : noProxy) {
        const QString rule = entry.trimmed().toLower();
        if (rule == u"*") {
            policy.m_bypassAll = true;
        } else if (rule.contains(u'/')) {
            const auto subnet = QHostAddress::parseSubnet(rule);
            if (subnet.first.isNull())
                return fail(u"\"%1\" is not a subnet; write it as 10.0.0.0/8"_s.arg(entry));
            policy.m_subnets.append(subnet);
        } else if (QHostAddress address(rule); !address.isNull()) {
            policy.m_subnets.append({address, address.protocol() == QAbstractSocket::IPv6Protocol ? 128 : 32});
        } else if (rule.isEmpty() || rule.contains(u' ') || rule.contains(u':')) {
            return fail(u"\"%1\" is not a host name, \".domain\", address or subnet"_s.arg(entry));
        } else {
            policy.m_names.append(rule);
        }
    }
    return policy;
}

bool ProxyPolicy::bypasses(const QString &host) const
{
    if (m_bypassAll)
        return true;
    const QString name = host.toLower();
    if (QHostAddress address(name); !address.isNull()) {
        return std::any_of(m_subnets.begin(), m_subnets.end(),
                           [&](const auto &subnet) { return address.isInSubnet(subnet); });
    }
    return std::any_of(m_names.begin(), m_names.end(), [&](const QString &rule) {
        const QString domain = rule.startsWith(u'.') ? rule.mid(1) : rule;
        return name == domain || name.endsWith(u'.' + domain);
    });
}

QUrl ProxyPolicy::proxyFor(const QUrl &endpoint) const
{
    if (!enabled() || bypasses(endpoint.host()))
        return {};
    return m_proxy;
}

QByteArray ProxyPolicy::authorization(const QUrl &proxy)
{
    if (proxy.userName().isEmpty())
        return {};
    return "Basic " +
           (proxy.userName(QUrl::FullyDecoded) + u':' + proxy.password(QUrl::FullyDecoded)).toUtf8().toBase64();
}

} // namespace sluice::agent
