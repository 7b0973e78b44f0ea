// sluice-bench-json: reading the envelope of the consume benchmark's events (validate the whole
// message, RFC 8259 and UTF-8, and take type, id and subject), three ways, on one core:
//   jsonscan  our own validating scanner (shared/jsonscan), members handed to a visitor
//   simdjson  simdjson 3's DOM parser alone, the same three attributes
//   envelope  the agent's envelope scan on simdjson, with every rule the decoder applies
//   Qt        QJsonDocument::fromJson and the same attributes: the parser the agent first used
// Each runs over the same N events three times; the best run counts.
//   sluice-bench-json [--count N] [--size S]
#include "benchevents.h"
#include "ingest/envelope.h"
#include "jsonscan.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

#include <simdjson.h>

#include <functional>

using namespace Qt::Literals::StringLiterals;
using namespace sluice;

namespace {

struct Figure {
    double nsPerEvent = 0;
    qint64 typeBytes = 0; // read, so that nothing is optimised away
};

Figure measure(const QList<QByteArray> &events, const std::function<qsizetype(const QByteArray &)> &scan)
{
    Figure best{1e18, 0};
    for (int run = 0; run < 3; ++run) {
        QElapsedTimer clock;
        clock.start();
        qint64 bytes = 0;
        for (const QByteArray &event : events)
            bytes += scan(event);
        const double ns = double(clock.nsecsElapsed()) / double(events.size());
        if (ns < best.nsPerEvent)
            best = {ns, bytes};
    }
    return best;
}

qsizetype jsonscan(const QByteArray &event)
{
    struct Attributes final : json::MemberVisitor {
        qsizetype bytes = 0;
        void member(const json::Member &member) override
        {
            if (member.key == "type" || member.key == "id" || member.key == "subject")
                bytes += member.value.size();
        }
    } attributes;
    return json::scanObject(event, attributes, nullptr) ? attributes.bytes : -1;
}

qsizetype simd(simdjson::dom::parser &parser, const QByteArray &event)
{
    simdjson::dom::object object;
    if (parser.parse(event.constData(), size_t(event.size())).get_object().get(object) != simdjson::SUCCESS)
        return -1;
    std::string_view type, id, subject;
    if (object["type"].get_string().get(type) || object["id"].get_string().get(id) ||
        object["subject"].get_string().get(subject))
        return -1;
    return qsizetype(type.size() + id.size() + subject.size());
}

qsizetype envelope(const QByteArray &event)
{
    thread_local agent::Envelope envelope;
    agent::envelope::scanStructured(event, envelope);
    return envelope.readable ? envelope.type.size() + envelope.id.size() + envelope.subject.size() : -1;
}

qsizetype qt(const QByteArray &event)
{
    const QJsonObject object = QJsonDocument::fromJson(event).object();
    return object.value(u"type"_s).toString().size() + object.value(u"id"_s).toString().size() +
           object.value(u"subject"_s).toString().size();
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    const QCommandLineOption count(u"count"_s, u"Events."_s, u"n"_s, u"200000"_s);
    const QCommandLineOption size(u"size"_s, u"Approximate event size in bytes."_s, u"bytes"_s, u"500"_s);
    parser.addOptions({count, size});
    parser.addHelpOption();
    parser.process(app);

    QList<QByteArray> events;
    qint64 total = 0;
    for (qint64 i = 0; i < parser.value(count).toLongLong(); ++i) {
        events.append(bench::benchEvent(i, 1, parser.value(size).toInt()).toStructuredBytes());
        total += events.last().size();
    }
    simdjson::dom::parser dom;
    const Figure simdFigure = measure(events, [&](const QByteArray &event) { return simd(dom, event); });
    const Figure envelopeFigure = measure(events, envelope);
    const Figure oursFigure = measure(events, jsonscan);
    const Figure qtFigure = measure(events, qt);

    QTextStream out(stdout);
    out << events.size() << " events, " << total / events.size() << " bytes each on average; "
        << "simdjson " << simdjson::SIMDJSON_VERSION_MAJOR << '.' << simdjson::SIMDJSON_VERSION_MINOR << " ("
        << simdjson::get_active_implementation()->name().data() << ")\n";
    const auto line = [&](const char *name, const Figure &f) {
        out << "  " << qSetFieldWidth(10) << Qt::left << name << qSetFieldWidth(0) << Qt::right
            << QString::number(f.nsPerEvent, 'f', 0) << " ns/event, "
            << QString::number(double(total) / events.size() / f.nsPerEvent * 1000.0, 'f', 0) << " MB/s"
            << (f.typeBytes < 0 ? " (refused an event!)" : "") << '\n';
    };
    line("jsonscan", oursFigure);
    line("simdjson", simdFigure);
    line("envelope", envelopeFigure);
    line("Qt", qtFigure);
    return 0;
}
