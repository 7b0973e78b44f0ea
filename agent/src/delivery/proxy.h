#pragma once

#include <QHostAddress>
#include <QList>
#include <QStringList>
#include <QUrl>

#include <optional>

namespace sluice::agent {

// An outbound HTTP proxy for deliveries (delivery.proxy) and the destinations that bypass it
// (delivery.noProxy): enterprise networks often allow egress only that way. Plain http goes to the
// proxy in absolute form; https through a CONNECT tunnel, with TLS end to end to the endpoint.
class ProxyPolicy {
public:
    enum class Setting { Proxy, NoProxy };

    // proxy: "http://[user:password@]host:port", empty for none. noProxy: host names (matching
    // the name and its subdomains), ".suffix", addresses, subnets ("10.0.0.0/8") or "*". On
    // failure *error says what is wrong and *where in which of the two.
    static std::optional<ProxyPolicy> parse(const QString &proxy, const QStringList &noProxy, QString *error,
                                            Setting *where = nullptr);

    // The proxy to reach this endpoint through; an empty URL: connect directly.
    QUrl proxyFor(const QUrl &endpoint) const;
    bool enabled() const { return m_proxy.isValid(); }

    // "Basic …" for a proxy URL with credentials; empty otherwise.
    static QByteArray authorization(const QUrl &proxy);

private:
    bool bypasses(const QString &host) const;

    QUrl m_proxy;
    QStringList m_names; // lower case; ".suffix" or "name"
    QList<std::pair<QHostAddress, int>> m_subnets;
    bool m_bypassAll = false;
};

} // namespace sluice::agent
