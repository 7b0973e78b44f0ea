// sluice-bench: what the benchmark scripts need and kcat cannot do.
//   sluice-bench cluster --topic T --partitions N   an embedded Kafka cluster that outlives any agent
//   sluice-bench produce --brokers B --topic T --count N [--rate R] [--match-percent P] [--size S]
//   sluice-bench queue --count N [--full-sync]     the delivery queue alone (queuebench.cpp)
#include "benchevents.h"
#include "cloudevent.h"
#include "ingest/kafka.h"
#include "register/jsonschema.h"
#include "register/register.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>
#include <QThread>

#include <chrono>
#include <csignal>

using namespace Qt::Literals::StringLiterals;
using namespace sluice;

namespace {

int runCluster(const QStringList &topics, int partitions)
{
    QString error;
    auto cluster = agent::EmbeddedCluster::start(1, &error);
    if (!cluster) {
        QTextStream(stderr) << error << '\n';
        return 1;
    }
    for (const QString &topic : topics) {
        if (!cluster->createTopic(topic, partitions, &error)) {
            QTextStream(stderr) << error << '\n';
            return 1;
        }
    }
    QTextStream(stdout) << cluster->bootstraps() << Qt::endl;
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
    int signal = 0;
    sigwait(&set, &signal);
    return 0;
}

int runProducer(const QString &brokers, const QString &topic, qint64 count, int rate, int matchPercent, int size)
{
    agent::KafkaConf conf;
    QString error;
    const bool ok = conf.set(u"bootstrap.servers"_s, brokers, &error) &&
                    conf.set(u"linger.ms"_s, rate > 0 ? u"0"_s : u"20"_s, &error) &&
                    conf.set(u"queue.buffering.max.messages"_s, u"1000000"_s, &error) &&
                    conf.set(u"batch.num.messages"_s, u"10000"_s, &error);
    agent::KafkaHandle producer = ok ? conf.create(RD_KAFKA_PRODUCER, &error) : nullptr;
    if (!producer) {
        QTextStream(stderr) << error << '\n';
        return 1;
    }
    QElapsedTimer clock;
    clock.start();
    for (qint64 i = 0; i < count; ++i) {
        if (rate > 0) {
            // Paced: event i leaves at i / rate seconds.
            const qint64 due = i * 1'000'000 / rate;
            while (clock.nsecsElapsed() / 1000 < due)
                QThread::usleep(200);
        }
        const CloudEvent event = bench::benchEvent(i, matchPercent, size);
        const QByteArray value = event.toStructuredBytes();
        const QByteArray key = event.subject.toUtf8();
        rd_kafka_resp_err_t err;
        while ((err = agent::produce(producer.get(), topic, key, value,
                                     {{"content-type", "application/cloudevents+json"}})) ==
               RD_KAFKA_RESP_ERR__QUEUE_FULL)
            rd_kafka_poll(producer.get(), 10);
        if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
            QTextStream(stderr) << "produce failed: " << rd_kafka_err2str(err) << '\n';
            return 1;
        }
        rd_kafka_poll(producer.get(), 0);
    }
    rd_kafka_flush(producer.get(), 60'000);
    QTextStream(stdout) << "produced " << count << " events in " << clock.elapsed() << " ms" << Qt::endl;
    return 0;
}

// The register's cost per event: parsing the data of every seeded type's example, and parsing
// plus validating it against the type's schema, over and over.
int runValidate(qint64 count)
{
    QString error;
    const auto catalogue = agent::EventRegister::builtInCatalogue(&error);
    if (!catalogue) {
        QTextStream(stderr) << error << '\n';
        return 1;
    }
    QList<std::pair<QByteArray, std::shared_ptr<const agent::JsonSchema>>> cases;
    for (const RegisterEntry &entry : *catalogue) {
        auto schema = agent::JsonSchema::compile(entry.schema, &error);
        if (!schema)
            return 1;
        cases.append({QJsonDocument(entry.example.toObject()).toJson(QJsonDocument::Compact), schema});
    }
    auto measure = [&](bool validate) {
        QElapsedTimer clock;
        clock.start();
        qint64 invalid = 0;
        for (qint64 i = 0; i < count; ++i) {
            const auto &[bytes, schema] = cases.at(i % cases.size());
            const QJsonValue data = QJsonDocument::fromJson(bytes).object();
            if (validate && !schema->accepts(data))
                ++invalid;
        }
        const double seconds = double(clock.nsecsElapsed()) / 1e9;
        return std::pair(qint64(double(count) / seconds), invalid);
    };
    const auto [parsed, none] = measure(false);
    const auto [validated, invalid] = measure(true);
    QTextStream(stdout) << "examples of " << cases.size() << " seeded types, " << count << " events\n"
                        << "  parse only:          " << parsed << " events/s\n"
                        << "  parse + validate:    " << validated << " events/s (" << invalid << " invalid)\n"
                        << "  validation adds "
                        << QString::number(1e6 / double(validated) - 1e6 / double(parsed), 'f', 2) << " us per event\n";
    return invalid == 0 ? 0 : 1;
}

} // namespace

int runQueue(qint64 count, bool fullSync); // queuebench.cpp

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addPositionalArgument(u"command"_s, u"cluster, produce, validate or queue"_s);
    const QCommandLineOption brokers(u"brokers"_s, u"Bootstrap servers."_s, u"list"_s);
    const QCommandLineOption topic(u"topic"_s, u"Topic (cluster: may repeat)."_s, u"name"_s);
    const QCommandLineOption partitions(u"partitions"_s, u"Partitions per topic."_s, u"n"_s, u"64"_s);
    const QCommandLineOption count(u"count"_s, u"Events to produce."_s, u"n"_s, u"1000"_s);
    const QCommandLineOption rate(u"rate"_s, u"Events per second (0: as fast as possible)."_s, u"n"_s, u"0"_s);
    const QCommandLineOption match(u"match-percent"_s, u"Share of events of the matching type."_s, u"p"_s, u"1"_s);
    const QCommandLineOption size(u"size"_s, u"Approximate event size in bytes."_s, u"bytes"_s, u"500"_s);
    const QCommandLineOption fullSync(u"full-sync"_s, u"queue: the store with synchronous=full."_s);
    parser.addOptions({brokers, topic, partitions, count, rate, match, size, fullSync});
    parser.addHelpOption();
    parser.process(app);
    const QString command = parser.positionalArguments().value(0);
    if (command == u"cluster")
        return runCluster(parser.values(topic), parser.value(partitions).toInt());
    if (command == u"queue")
        return runQueue(parser.value(count).toLongLong(), parser.isSet(fullSync));
    if (command == u"validate")
        return runValidate(parser.value(count).toLongLong());
    if (command == u"produce")
        return runProducer(parser.value(brokers), parser.value(topic), parser.value(count).toLongLong(),
                           parser.value(rate).toInt(), parser.value(match).toInt(), parser.value(size).toInt());
    parser.showHelp(1);
}
