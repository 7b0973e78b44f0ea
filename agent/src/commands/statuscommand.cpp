#include "commands.h"

#include <QEventLoop>
#include <QHash>
#include <QHostAddress>
#include <QLocale>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QTextStream>
#include <QTimer>

using namespace Qt::Literals::StringLiterals;

namespace sluice::agent::commands {

// sluice-agent status: what a running agent says on its HTTP server (/readyz, /metrics), in a few
// lines for the operator at the shell. Exit code 0 ready, 1 not ready, 3 not reachable.
int status(const AgentConfig &config)
{
    QTextStream out(stdout);
    QTextStream err(stderr);
    const auto address = parseListenAddress(config.http.listen);
    if (config.http.listen.isEmpty() || !address || address->second == 0) {
        err << "sluice-agent: status asks the agent's HTTP server, and http.listen is "
            << (config.http.listen.isEmpty() ? u"off"_s : config.http.listen) << " in the configuration\n";
        return 3;
    }
    QHostAddress host = address->first;
    if (host == QHostAddress::AnyIPv4 || host == QHostAddress::Any)
        host = QHostAddress::LocalHost;
    // Over TLS, the agent's own certificate is the one to trust (it is often self-signed).
    const bool tls = !config.http.tlsCertificate.isEmpty();
    QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
    if (tls)
        ssl.setCaCertificates(QSslCertificate::fromPath(config.http.tlsCertificate));
    const QString base =
        u"%1://%2:%3"_s
            .arg(tls ? u"https"_s : u"http"_s,
                 host.protocol() == QAbstractSocket::IPv6Protocol ? u'[' + host.toString() + u']' : host.toString())
            .arg(address->second);
    QNetworkAccessManager manager;
    auto get = [&](const QString &path, int *status) {
        QNetworkRequest request(QUrl(base + path));
        request.setSslConfiguration(ssl);
        QNetworkReply *reply = manager.get(request);
        // The name in the certificate may not be the address asked (a wildcard listen).
        QObject::connect(reply, &QNetworkReply::sslErrors, reply, [reply](const QList<QSslError> &errors) {
            if (std::all_of(errors.begin(), errors.end(),
                            [](const QSslError &e) { return e.error() == QSslError::HostNameMismatch; }))
                reply->ignoreSslErrors(errors);
        });
        QEventLoop loop;
        QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        QTimer::singleShot(5000, &loop, &QEventLoop::quit);
        loop.exec();
        *status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QByteArray body = reply->readAll();
        reply->deleteLater();
        return body;
    };
    int status = 0;
    const QByteArray ready = get(u"/readyz"_s, &status);
    if (status == 0) {
        err << "sluice-agent: no agent answers at " << base << " (not running, or another http.listen)\n";
        return 3;
    }
    int metricsStatus = 0;
    const QByteArray metrics = get(u"/metrics"_s, &metricsStatus);
    QHash<QString, double> values;
    for (const QByteArray &line : metrics.split('\n')) {
        if (line.isEmpty() || line.startsWith('#'))
            continue;
        const qsizetype space = line.lastIndexOf(' ');
        values.insert(QString::fromUtf8(line.left(space)), line.mid(space + 1).toDouble());
    }
    QString version;
    QStringList down;
    double lag = 0;
    for (auto it = values.constBegin(); it != values.constEnd(); ++it) {
        if (it.key().startsWith(u"sluice_build_info{version=\""_s))
            version = it.key().section(u'"', 1, 1);
        if (it.key().startsWith(u"sluice_subscription_up{"_s) && it.value() == 0)
            down.append(it.key().section(u'"', 1, 1));
        if (it.key().startsWith(u"sluice_consumer_lag{"_s))
            lag += it.value();
    }
    const QLocale c = QLocale::c();
    auto n = [&](const QString &key) { return c.toString(qint64(values.value(key))); };
    out << "sluice-agent " << version << " at " << base << ": " << QString::fromUtf8(ready).trimmed() << '\n'
        << "  events    consumed " << n(u"sluice_events_consumed_total"_s) << " · matched "
        << n(u"sluice_events_matched_total"_s) << " · quarantined " << n(u"sluice_events_quarantined_total"_s)
        << " · behind " << c.toString(qint64(lag)) << " (consumer lag)\n"
        << "  queue     pending " << n(u"sluice_queue_depth{state=\"pending\"}"_s) << " · dead "
        << n(u"sluice_queue_depth{state=\"dead\"}"_s) << " · delivered (kept) "
        << n(u"sluice_queue_depth{state=\"delivered\"}"_s) << " · in flight " << n(u"sluice_in_flight"_s) << '\n'
        << "  store     " << c.formattedDataSize(qint64(values.value(u"sluice_store_size_bytes"_s))) << '\n'
        << "  endpoints " << (down.isEmpty() ? u"all active"_s : u"not active: "_s + down.join(u", "_s)) << '\n';
    return status == 200 ? 0 : 1;
}

} // namespace sluice::agent::commands
