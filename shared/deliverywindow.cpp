#include "deliverywindow.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QStringList>

using namespace Qt::Literals::StringLiterals;

namespace sluice {

namespace {

const QStringList kDayNames = {u"mon"_s, u"tue"_s, u"wed"_s, u"thu"_s, u"fri"_s, u"sat"_s, u"sun"_s};

std::optional<QTime> parseTime(const QString &text)
{
    QTime time = QTime::fromString(text, u"HH:mm"_s);
    if (!time.isValid())
        time = QTime::fromString(text, u"HH:mm:ss"_s);
    if (!time.isValid() && text == u"24:00")
        time = QTime(0, 0);
    return time.isValid() ? std::optional<QTime>(time) : std::nullopt;
}

bool allowedOn(const DeliveryWindow &window, const QDate &date)
{
    return window.days.isEmpty() || window.days.contains(date.dayOfWeek());
}

} // namespace

std::optional<DeliveryWindow> DeliveryWindow::fromJson(const QJsonValue &json, QString *error)
{
    const QJsonObject object = json.toObject();
    auto fail = [&](const QString &message) -> std::optional<DeliveryWindow> {
        if (error)
            *error = message;
        return std::nullopt;
    };
    if (!json.isObject())
        return fail(u"a delivery window is an object such as {\"from\": \"01:00\", \"to\": \"05:00\"}"_s);
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        if (it.key() != u"from" && it.key() != u"to" && it.key() != u"days")
            return fail(u"unknown key \"%1\" in a delivery window; known keys are from, to, days"_s.arg(it.key()));
    }
    DeliveryWindow window;
    const auto from = parseTime(object.value(u"from"_s).toString());
    const auto to = parseTime(object.value(u"to"_s).toString());
    if (!from || !to)
        return fail(u"a delivery window needs \"from\" and \"to\" as local times \"HH:MM\" or \"HH:MM:SS\""_s);
    window.from = *from;
    window.to = *to;
    for (const QJsonValue &day : object.value(u"days"_s).toArray()) {
        const qsizetype index = kDayNames.indexOf(day.toString().toLower());
        if (index < 0)
            return fail(u"\"days\" of a delivery window lists mon, tue, wed, thu, fri, sat or sun; got \"%1\""_s.arg(
                day.toVariant().toString()));
        window.days.append(int(index) + 1);
    }
    return window;
}

QJsonValue DeliveryWindow::toJson() const
{
    QJsonObject json{{u"from"_s, from.toString(from.second() ? u"HH:mm:ss"_s : u"HH:mm"_s)},
                     {u"to"_s, to.toString(to.second() ? u"HH:mm:ss"_s : u"HH:mm"_s)}};
    if (!days.isEmpty()) {
        QJsonArray names;
        for (int day : days)
            names.append(kDayNames.at(day - 1));
        json.insert(u"days"_s, names);
    }
    return json;
}

DeliverySchedule::DeliverySchedule(QList<DeliveryWindow> windows, QTimeZone zone)
    : m_windows(std::move(windows))
    , m_zone(zone.isValid() ? zone : QTimeZone::systemTimeZone())
    , m_zoneGiven(zone.isValid())
{
}

bool DeliverySchedule::isOpen(const QDateTime &at) const
{
    if (m_windows.isEmpty())
        return true;
    const QDateTime local = at.toTimeZone(m_zone);
    const QDate date = local.date();
    const QTime time = local.time();
    for (const DeliveryWindow &w : m_windows) {
        if (w.from < w.to) {
            if (allowedOn(w, date) && time >= w.from && time < w.to)
                return true;
        } else { // runs past midnight (from == to: the whole day)
            if ((allowedOn(w, date) && time >= w.from) || (allowedOn(w, date.addDays(-1)) && time < w.to))
                return true;
        }
    }
    return false;
}

QDateTime DeliverySchedule::nextOpen(const QDateTime &at) const
{
    if (isOpen(at))
        return at;
    const QDate today = at.toTimeZone(m_zone).date();
    QDateTime best;
    for (int offset = 0; offset <= 8; ++offset) {
        const QDate date = today.addDays(offset);
        for (const DeliveryWindow &w : m_windows) {
            if (!allowedOn(w, date))
                continue;
            const QDateTime start(date, w.from, m_zone);
            if (start > at && (!best.isValid() || start < best))
                best = start;
        }
        if (best.isValid())
            break;
    }
    return best;
}

} // namespace sluice
