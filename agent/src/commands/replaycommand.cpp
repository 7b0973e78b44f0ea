#include "commands.h"

#include "admin/admintokens.h"
#include "protocol.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QTextStream>
#include <QTimer>
#include <QWebSocket>

using namespace Qt::Literals::StringLiterals;
namespace replay = sluice::protocol::replay;

namespace sluice::agent::commands {

namespace {

// One conversation with the running agent's admin API: authenticate as "admin", start the replay,
// follow its job notifications until it ends.
class ReplayClient : public QObject {
public:
    ReplayClient(QTextStream &out, QTextStream &err)
        : m_out(out)
        , m_err(err)
    {
        connect(&m_socket, &QWebSocket::textMessageReceived, this, &ReplayClient::received);
        connect(&m_socket, &QWebSocket::disconnected, this,
                [this] { finish(3, u"the agent closed the connection"_s); });
    }

    int run(const QUrl &url, const QSslConfiguration &ssl, const QString &token, const QJsonObject &params)
    {
        m_params = params;
        m_token = token;
        m_socket.setSslConfiguration(ssl);
        connect(&m_socket, &QWebSocket::connected, this, [this] {
            send(1, protocol::method::Authenticate, {{u"token"_s, m_token}});
        });
        m_socket.open(url);
        QTimer::singleShot(10000, this, [this] {
            if (m_state == 0)
                finish(3, u"no answer from the agent's admin API"_s);
        });
        return m_loop.exec();
    }

private:
    void send(int id, const QString &method, const QJsonObject &params)
    {
        m_socket.sendTextMessage(
            QString::fromUtf8(QJsonDocument(protocol::request(id, method, params)).toJson(QJsonDocument::Compact)));
    }

    void received(const QString &text)
    {
        const QJsonObject message = QJsonDocument::fromJson(text.toUtf8()).object();
        if (message.contains(u"error"_s))
            return finish(1, message.value(u"error"_s).toObject().value(u"message"_s).toString());
        const int id = message.value(u"id"_s).toInt();
        if (id == 1) { // authenticated
            m_state = 1;
            send(2, protocol::method::DeliveriesReplay, m_params);
            return;
        }
        const QJsonObject job = id == 2 ? message.value(u"result"_s).toObject() : message.value(u"params"_s).toObject();
        if (job.isEmpty())
            return;
        show(job);
        const QString state = job.value(u"state"_s).toString();
        if (state != u"planning" && state != u"running")
            finish(state == u"finished" ? 0 : 1, job.value(u"error"_s).toString());
    }

    void show(const QJsonObject &job)
    {
        const QString line = u"%1 %2: read %3 of %4 · selected %5 · stored %6"_s.arg(
            job.value(u"id"_s).toString(), job.value(u"state"_s).toString(),
            QString::number(job.value(u"done"_s).toInteger()), QString::number(job.value(u"total"_s).toInteger()),
            QString::number(job.value(u"matched"_s).toInteger()), QString::number(job.value(u"stored"_s).toInteger()));
        if (line == m_last)
            return;
        m_last = line;
        m_out << line << Qt::endl;
        for (const QJsonValue &gap : job.value(u"gaps"_s).toArray()) {
            const QString reason = gap.toObject().value(u"reason"_s).toString();
            if (!m_gaps.contains(reason)) {
                m_gaps.append(reason);
                m_out << "  gap: " << reason << Qt::endl;
            }
        }
        const QString state = job.value(u"state"_s).toString();
        if (state != u"planning" && state != u"running") {
            for (const QJsonValue &e : job.value(u"examples"_s).toArray()) {
                const QJsonObject x = e.toObject();
                m_out << "  e.g. " << x.value(u"type"_s).toString() << " " << x.value(u"id"_s).toString() << " ("
                      << x.value(u"topic"_s).toString() << "/" << x.value(u"partition"_s).toInt() << "@"
                      << x.value(u"offset"_s).toInteger() << ")" << Qt::endl;
            }
        }
    }

    void finish(int code, const QString &why)
    {
        if (m_finished)
            return;
        m_finished = true;
        if (!why.isEmpty())
            m_err << "sluice-agent: replay: " << why << Qt::endl;
        m_loop.exit(code);
    }

    QTextStream &m_out;
    QTextStream &m_err;
    QWebSocket m_socket;
    QEventLoop m_loop;
    QJsonObject m_params;
    QString m_token;
    QString m_last;
    QStringList m_gaps;
    int m_state = 0;
    bool m_finished = false;
};

} // namespace

// replay NAME FROM [TO] [--dry-run]: asks the running agent (its admin API, with the "admin"
// token) to read a subscription's events again, and follows the job to its end.
int replay(const AgentConfig &config, const QStringList &args, bool dryRun)
{
    QTextStream out(stdout);
    QTextStream err(stderr);
    const auto address = parseListenAddress(config.admin.listen);
    if (args.size() < 3 || args.size() > 4 || !address) {
        err << "sluice-agent: replay NAME FROM [TO] [--dry-run]: FROM and TO in RFC 3339 (e.g. 2026-11-27T08:00:00Z); "
               "it asks the running agent's admin API (admin.listen)\n";
        return 2;
    }
    AdminTokens tokens(config.admin.tokenFile);
    QString why;
    const auto admin = tokens.loadOrCreate(&why) ? tokens.find(u"admin"_s) : std::nullopt;
    if (!admin) {
        err << "sluice-agent: replay needs the \"admin\" token in " << config.admin.tokenFile << ": " << why << '\n';
        return 2;
    }
    QJsonObject params{{replay::Subscription, args.at(1)}, {replay::From, args.at(2)}, {replay::DryRun, dryRun}};
    if (args.size() == 4)
        params.insert(replay::To, args.at(3));
    const bool tls = !config.admin.tlsCertificate.isEmpty();
    QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
    if (tls)
        ssl.setCaCertificates(QSslCertificate::fromPath(config.admin.tlsCertificate));
    const QString host = address->first.isLoopback() || address->first.toString() == u"0.0.0.0"
                             ? u"127.0.0.1"_s
                             : address->first.toString();
    const QUrl url(u"%1://%2:%3"_s.arg(tls ? u"wss"_s : u"ws"_s, host).arg(address->second));
    ReplayClient client(out, err);
    return client.run(url, ssl, admin->secret, params);
}

} // namespace sluice::agent::commands
