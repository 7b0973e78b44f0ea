#include "edgecheck.h"
#include "httpreceiver.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QJsonDocument>
#include <QTextStream>
#include <QTimer>

#include <chrono>

using namespace Qt::Literals::StringLiterals;
using sluice::receiver::HttpReceiver;
using sluice::receiver::ReceivedRequest;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"sluice-receiver"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(SLUICE_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(u"Receives webhook deliveries on 127.0.0.1 and prints each CloudEvent."_s);
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption portOption({u"p"_s, u"port"_s}, u"Port to listen on (0: any free port)."_s, u"port"_s,
                                        u"8088"_s);
    const QCommandLineOption listenOption(u"listen"_s, u"Address to listen on."_s, u"address"_s, u"127.0.0.1"_s);
    const QCommandLineOption statusOption(u"status"_s, u"HTTP status to answer with."_s, u"code"_s, u"204"_s);
    const QCommandLineOption delayOption(u"delay"_s, u"Wait this many milliseconds before answering."_s, u"ms"_s,
                                         u"0"_s);
    const QCommandLineOption failRateOption(
        u"fail-rate"_s, u"Share of requests (0 to 1) answered with --fail-status."_s, u"fraction"_s, u"0"_s);
    const QCommandLineOption failStatusOption(u"fail-status"_s, u"Status for the failed share."_s, u"code"_s, u"503"_s);
    const QCommandLineOption quietOption({u"q"_s, u"quiet"_s}, u"Print only a count every second."_s);
    const QCommandLineOption dataOption(u"data"_s, u"Also print each event's data."_s);
    const QCommandLineOption latencyOption(u"latency"_s,
                                           u"Print, every second, latency percentiles from each event's \"sentus\" "
                                           u"extension (microseconds since the epoch when it was produced)."_s);
    const QCommandLineOption retryAfterOption(u"retry-after"_s, u"Add Retry-After: SECONDS to 429 and 503 answers."_s,
                                              u"seconds"_s);
    const QCommandLineOption noHandshakeOption(u"no-handshake"_s,
                                               u"Do not answer the CloudEvents validation handshake (OPTIONS)."_s);
    const QCommandLineOption allowedRateOption(
        u"allowed-rate"_s, u"Answer the handshake with WebHook-Allowed-Rate: requests per minute."_s, u"rate"_s);
    const QCommandLineOption certOption(u"tls-cert"_s, u"Serve HTTPS with this PEM certificate."_s, u"file"_s);
    const QCommandLineOption keyOption(u"tls-key"_s, u"The PEM private key of --tls-cert."_s, u"file"_s);
    const QCommandLineOption clientCaOption(
        u"client-ca"_s, u"Mutual TLS: accept only clients with a certificate issued by this PEM CA."_s, u"file"_s);
    parser.addOptions({portOption, listenOption, statusOption, delayOption, failRateOption, failStatusOption,
                       quietOption, dataOption, latencyOption, retryAfterOption, noHandshakeOption,
                       allowedRateOption, certOption, keyOption, clientCaOption});
    parser.process(app);

    HttpReceiver receiver;
    HttpReceiver::Behaviour behaviour;
    behaviour.status = parser.value(statusOption).toInt();
    behaviour.delayMs = parser.value(delayOption).toInt();
    behaviour.failRate = parser.value(failRateOption).toDouble();
    behaviour.failStatus = parser.value(failStatusOption).toInt();
    behaviour.retryAfterSeconds = parser.isSet(retryAfterOption) ? parser.value(retryAfterOption).toInt() : -1;
    behaviour.answerHandshake = !parser.isSet(noHandshakeOption);
    behaviour.allowedRate = parser.value(allowedRateOption).toLatin1();
    receiver.setBehaviour(behaviour);
    const bool tls = parser.isSet(certOption);
    if (tls) {
        QString why;
        const auto ssl = sluice::receiver::serverTls(parser.value(certOption), parser.value(keyOption),
                                                     parser.value(clientCaOption), &why);
        if (!ssl) {
            QTextStream(stderr) << "sluice-receiver: " << why << '\n';
            return 2;
        }
        receiver.setSslConfiguration(*ssl);
    }

    QTextStream out(stdout);
    QString error;
    if (!receiver.listen(QHostAddress(parser.value(listenOption)), quint16(parser.value(portOption).toUInt()),
                         &error)) {
        QTextStream(stderr) << "sluice-receiver: " << error << '\n';
        return 1;
    }
    out << "sluice-receiver listening on " << (tls ? "https://" : "http://") << parser.value(listenOption) << ':' << receiver.port()
        << "/ answering " << behaviour.status << Qt::endl;

    quint64 count = 0;
    QList<qint64> latenciesUs;
    const bool quiet = parser.isSet(quietOption);
    const bool showData = parser.isSet(dataOption);
    QObject::connect(&receiver, &HttpReceiver::received, &app, [&](const ReceivedRequest &request, int status) {
        if (request.method != "POST") {
            if (!quiet)
                out << "  " << request.method << " handshake from " << request.header("webhook-request-origin")
                    << Qt::endl;
            return;
        }
        QString why;
        const QList<sluice::CloudEvent> events = sluice::receiver::cloudEventsIn(request, &why);
        count += quint64(events.size());
        if (parser.isSet(latencyOption)) {
            const qint64 nowUs = std::chrono::duration_cast<std::chrono::microseconds>(
                                     std::chrono::system_clock::now().time_since_epoch())
                                     .count();
            for (const sluice::CloudEvent &event : events) {
                if (const auto sent = event.attribute(u"sentus"))
                    latenciesUs.append(nowUs - sent->toLongLong());
            }
        }
        if (quiet)
            return;
        const QString time = QDateTime::currentDateTime().toString(u"HH:mm:ss.zzz"_s);
        if (events.isEmpty())
            out << time << "  ! " << status << " not a CloudEvent: " << why << Qt::endl;
        for (const sluice::CloudEvent &event : events) {
            // What senders put in events is shown escaped: one event, one line.
            out << time << "  #" << count << ' ' << status << "  " << sluice::edge::escapeForLog(event.type) << "  "
                << sluice::edge::escapeForLog(event.subject)
                << "  (attempt " << request.header("sluice-attempt") << ", " << request.header("webhook-id") << ")"
                << Qt::endl;
            if (showData)
                out << "      " << event.dataBody() << Qt::endl;
        }
    });
    QTimer counter;
    if (quiet || parser.isSet(latencyOption)) {
        QObject::connect(&counter, &QTimer::timeout, &app, [&] {
            out << "received " << count;
            if (!latenciesUs.isEmpty()) {
                QList<qint64> sorted = latenciesUs;
                std::sort(sorted.begin(), sorted.end());
                auto percentile = [&](double p) {
                    return double(sorted.at(qsizetype(p * double(sorted.size() - 1)))) / 1000.0;
                };
                out << " latency p50 " << percentile(0.50) << " ms p99 " << percentile(0.99) << " ms max "
                    << double(sorted.last()) / 1000.0 << " ms over " << sorted.size() << " events";
            }
            out << Qt::endl;
        });
        counter.start(1000);
    }
    return app.exec();
}
