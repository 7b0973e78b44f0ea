#include "labels.h"

#include "quarantinereason.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QLocale>

#include <cmath>

using namespace Qt::Literals::StringLiterals;

namespace sluice::console {

QString stateLabel(const QString &state)
{
    static const struct {
        QString name;
        const char *text;
    } labels[] = {
        {u"active"_s, QT_TRANSLATE_NOOP("Labels", "active")},
        {u"disabled"_s, QT_TRANSLATE_NOOP("Labels", "disabled")},
        {u"draft"_s, QT_TRANSLATE_NOOP("Labels", "draft")},
        {u"deprecated"_s, QT_TRANSLATE_NOOP("Labels", "deprecated")},
        {u"off"_s, QT_TRANSLATE_NOOP("Labels", "off")},
        {u"warn"_s, QT_TRANSLATE_NOOP("Labels", "warn")},
        {u"enforce"_s, QT_TRANSLATE_NOOP("Labels", "enforce")},
    };
    for (const auto &label : labels) {
        if (label.name == state)
            return QCoreApplication::translate("Labels", label.text);
    }
    return state;
}

QString phaseLabel(DeliveryPhase phase)
{
    static const char *const labels[] = {
        QT_TRANSLATE_NOOP("Labels", "waiting"),     QT_TRANSLATE_NOOP("Labels", "held"),
        QT_TRANSLATE_NOOP("Labels", "sending"),     QT_TRANSLATE_NOOP("Labels", "delivered"),
        QT_TRANSLATE_NOOP("Labels", "dead letter"), QT_TRANSLATE_NOOP("Labels", "discarded"),
        QT_TRANSLATE_NOOP("Labels", "superseded"),
    };
    return QCoreApplication::translate("Labels", labels[int(phase)]);
}

namespace {

// The reader's language and local times.
ReasonStyle readerStyle()
{
    ReasonStyle style;
    style.translate = [](const char *context, const char *pattern) {
        return QCoreApplication::translate(context, pattern);
    };
    style.time = [](const QString &rfc3339) { return localTime(rfc3339); };
    return style;
}

} // namespace

QString statusText(const DeliveryStatus &status)
{
    return status.text(readerStyle());
}

QString errorText(const ErrorReason &reason)
{
    return reason.text(readerStyle());
}

QString quarantineText(const QuarantinedMessage &message)
{
    return message.cause.isEmpty() ? message.reason : message.cause.text(readerStyle());
}

QString holdLabel(const QString &reason)
{
    static const struct {
        const QString &reason;
        const char *text;
    } labels[] = {
        {reason::CircuitOpen, QT_TRANSLATE_NOOP("Labels", "held: circuit open")},
        {reason::EndpointPaused, QT_TRANSLATE_NOOP("Labels", "held: paused by the endpoint")},
        {reason::RateLimited, QT_TRANSLATE_NOOP("Labels", "held: rate limited")},
        {reason::HandshakePending, QT_TRANSLATE_NOOP("Labels", "held: handshake pending")},
        {reason::OutsideWindow, QT_TRANSLATE_NOOP("Labels", "held: outside its delivery window")},
        {reason::EndpointDisabled, QT_TRANSLATE_NOOP("Labels", "held: endpoint disabled")},
        {reason::SubscriptionDisabled, QT_TRANSLATE_NOOP("Labels", "disabled")},
    };
    for (const auto &label : labels) {
        if (label.reason == reason)
            return QCoreApplication::translate("Labels", label.text);
    }
    return phaseLabel(DeliveryPhase::Held);
}

QString durationLabel(double milliseconds)
{
    const QLocale locale;
    if (milliseconds < 10)
        return QCoreApplication::translate("Labels", "%1 ms").arg(locale.toString(milliseconds, 'f', 1));
    if (milliseconds < 1000)
        return QCoreApplication::translate("Labels", "%1 ms").arg(locale.toString(milliseconds, 'f', 0));
    return QCoreApplication::translate("Labels", "%1 s").arg(locale.toString(milliseconds / 1000, 'f', 1));
}

QString percentLabel(double share)
{
    // 99.95 % is not 100 %: one decimal, cut rather than rounded up to a whole success.
    const double percent = std::floor(share * 1000) / 10;
    return QCoreApplication::translate("Labels", "%1 %").arg(QLocale().toString(percent, 'f', 1));
}

QString healthSummary(const SubscriptionHealth &health)
{
    const std::optional<double> rate = health.successRate();
    if (!rate)
        return QCoreApplication::translate("Labels", "no attempts in the last hour");
    QString text = QCoreApplication::translate("Labels", "%1 of %n attempt(s) succeeded", nullptr, int(health.attempts))
                       .arg(percentLabel(*rate));
    if (health.p50Ms && health.p95Ms)
        text += QCoreApplication::translate("Labels", " · p50 %1 · p95 %2")
                    .arg(durationLabel(*health.p50Ms), durationLabel(*health.p95Ms));
    return text;
}

QString localTime(const QString &rfc3339)
{
    const QDateTime at = QDateTime::fromString(rfc3339, Qt::ISODateWithMs);
    return at.isValid() ? QLocale().toString(at.toLocalTime(), QLocale::ShortFormat) : rfc3339;
}

QString localized(const LocalizedText &text)
{
    const bool dutch = QLocale().language() == QLocale::Dutch;
    const QString &first = dutch ? text.nl : text.en;
    return first.isEmpty() ? (dutch ? text.en : text.nl) : first;
}

} // namespace sluice::console
