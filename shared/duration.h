#pragma once

#include <QString>

#include <chrono>
#include <optional>

namespace sluice {

// Durations as people write them in configuration: "0", "250ms", "5s", "5m", "2h", "1d".
std::optional<std::chrono::milliseconds> parseDuration(QStringView text);
QString formatDuration(std::chrono::milliseconds duration);

} // namespace sluice
