#include "duration.h"

using namespace Qt::Literals::StringLiterals;

namespace sluice {

std::optional<std::chrono::milliseconds> parseDuration(QStringView text)
{
    text = text.trimmed();
    if (text == u"0")
        return std::chrono::milliseconds(0);
    static const std::pair<QStringView, qint64> units[] = {
        {u"ms", 1}, {u"s", 1000}, {u"m", 60'000}, {u"h", 3'600'000}, {u"d", 86'400'000},
    };
    for (const auto &[suffix, factor] : units) {
        if (!text.endsWith(suffix))
            continue;
        const QStringView number = text.chopped(suffix.size());
        // "5ms" also ends in "s"; the table lists "ms" first, so a number that fails here is not a match.
        bool ok = false;
        const qint64 value = number.toLongLong(&ok);
        if (ok && value >= 0)
            return std::chrono::milliseconds(value * factor);
    }
    return std::nullopt;
}

QString formatDuration(std::chrono::milliseconds duration)
{
    const qint64 ms = duration.count();
    if (ms == 0)
        return u"0"_s;
    if (ms % 86'400'000 == 0)
        return u"%1d"_s.arg(ms / 86'400'000);
    if (ms % 3'600'000 == 0)
        return u"%1h"_s.arg(ms / 3'600'000);
    if (ms % 60'000 == 0)
        return u"%1m"_s.arg(ms / 60'000);
    if (ms % 1000 == 0)
        return u"%1s"_s.arg(ms / 1000);
    return u"%1ms"_s.arg(ms);
}

} // namespace sluice
