#pragma once

#include "registerentry.h"

#include <QString>

namespace sluice::console {

// What the agent sends as names (delivery and subscription states, register status and policy),
// in the console's language. Unknown names are shown as they came.
QString stateLabel(const QString &state);
// The Dutch or English text, as the console's language is; the other when one is missing.
QString localized(const LocalizedText &text);

} // namespace sluice::console
