#include "benchevents.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>

#include <chrono>

using namespace Qt::Literals::StringLiterals;

namespace sluice::bench {

CloudEvent benchEvent(qint64 i, int matchPercent, int size)
{
    const QString padding(qMax(0, size - 450), u'x');
    CloudEvent event;
    event.id = u"bench-%1"_s.arg(i);
    event.source = u"/bench/wcm"_s;
    // Spread over the matching share evenly: every (100 / P)-th event matches.
    const bool matching = matchPercent > 0 && i % (100 / matchPercent) == 0;
    event.type = matching ? u"be.digipolis.wcm.v4.content.item.changed"_s : u"be.digipolis.wcm.v4.search.indexed"_s;
    event.subject = u"content/%1"_s.arg(i % 10000);
    event.time = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
    event.dataContentType = u"application/json"_s;
    // When the event left the producer, in microseconds: the receiver measures latency from it.
    event.extensions.insert(u"sentus"_s, qint64(std::chrono::duration_cast<std::chrono::microseconds>(
                                                    std::chrono::system_clock::now().time_since_epoch())
                                                    .count()));
    // Data that meets the registered schema of its type (resources/register/catalogue.json), as
    // real traffic mostly does: the agent validates every event of an active type.
    const QString itemId = u"00000000-0000-4000-8000-%1"_s.arg(i, 12, 10, QLatin1Char('0'));
    if (matching) {
        event.setJsonData(QJsonObject{{u"item"_s, QJsonObject{{u"id"_s, itemId},
                                                              {u"title"_s, u"Nieuwsbericht %1"_s.arg(i)},
                                                              {u"contentType"_s, u"nieuwsbericht"_s},
                                                              {u"status"_s, u"published"_s},
                                                              {u"version"_s, 2}}},
                                      {u"user"_s, QJsonObject{{u"id"_s, u"u-1"_s}, {u"name"_s, u"Bench"_s}}},
                                      {u"changedFields"_s, QJsonArray{u"title"_s}},
                                      {u"padding"_s, padding}});
    } else {
        event.setJsonData(
            QJsonObject{{u"item"_s, QJsonObject{{u"id"_s, itemId}, {u"title"_s, u"Nieuwsbericht %1"_s.arg(i)}}},
                        {u"index"_s, u"wcm-content-nl"_s},
                        {u"durationMs"_s, 120},
                        {u"padding"_s, padding}});
    }
    return event;
}

} // namespace sluice::bench
