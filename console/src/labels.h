#pragma once

#include "deliverystatus.h"
#include "errorreason.h"
#include "registerentry.h"
#include "shownrecord.h"
#include "subscriptionhealth.h"

#include <QJsonObject>
#include <QString>

namespace sluice::console {

// What the agent sends as names (subscription states, register status and policy),
// in the console's language. Unknown names are shown as they came.
QString stateLabel(const QString &state);
// The Dutch or English text, as the console's language is; the other when one is missing.
QString localized(const LocalizedText &text);
// A delivery's phase, and its status as a sentence, in the console's language with local times.
QString phaseLabel(DeliveryPhase phase);
QString statusText(const DeliveryStatus &status);
// Why the agent refused a request, in the console's language.
QString errorText(const ErrorReason &reason);
// Why a message was quarantined, in the console's language: from its cause when the agent sent one
// (a quarantine.list/get entry), else the agent's English text.
QString quarantineText(const QuarantinedMessage &message);
// What holds a subscription's deliveries back, in a few words ("held: circuit open").
QString holdLabel(const QString &reason);
// How long an attempt took: "45 ms", "1.2 s"; a share: "96.2 %" (in the reader's locale).
QString durationLabel(double milliseconds);
QString percentLabel(double share);
// A subscription's last hour in a few words: "96.2 % of 1,234 attempts succeeded · p50 45 ms · p95 230 ms".
QString healthSummary(const SubscriptionHealth &health);
// An RFC 3339 time as the reader's local date and time (short form); unreadable text as it is.
QString localTime(const QString &rfc3339);

} // namespace sluice::console
