// Fuzz target: the filter parser (the CloudEvents Subscriptions API dialects and Sluice's data
// dialect) and type patterns. Any JSON must either parse into a filter that can be evaluated, or be
// refused with a reason; nothing may crash.
#include "eventfilter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

using namespace sluice;

namespace {

CloudEvent sampleEvent()
{
    CloudEvent event;
    event.id = QStringLiteral("1");
    event.source = QStringLiteral("/wcm");
    event.type = QStringLiteral("be.digipolis.wcm.v4.content.item.created");
    event.subject = QStringLiteral("content/1");
    event.extensions.insert(QStringLiteral("tenant"), QStringLiteral("antwerpen"));
    event.extensions.insert(QStringLiteral("seq"), 12);
    event.setRawJsonData(R"({"status":{"new":"published"},"item":{"version":3,"tags":["a","b"]},"n":null})");
    return event;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const CloudEvent event = sampleEvent();
    const QJsonDocument document =
        QJsonDocument::fromJson(QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size)));
    if (document.isNull())
        return 0;
    const QJsonValue json = document.isArray() ? QJsonValue(document.array()) : QJsonValue(document.object());
    QString why;
    if (const std::optional<EventFilter> filter = EventFilter::parse(json, &why)) {
        filter->matches(event);
    } else if (why.isEmpty()) {
        std::fprintf(stderr, "a filter refused without a reason\n");
        std::abort();
    }
    if (document.isArray()) {
        QStringList patterns;
        for (const QJsonValue &value : document.array())
            patterns.append(value.toString());
        why.clear();
        if (const std::optional<TypeSelector> types = TypeSelector::parse(patterns, &why))
            types->matches(event.type);
        else if (why.isEmpty())
            std::abort();
    }
    return 0;
}
