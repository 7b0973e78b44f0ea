#pragma once

#include "cloudevent.h"

namespace sluice::bench {

// Event i of the benchmarks' traffic: ~size bytes in structured mode, every (100 / matchPercent)-th
// one of the type the benchmark subscription selects, the rest of a type it does not; data that
// meets the registered schema of its type, and the production time (extension sentus, in µs).
CloudEvent benchEvent(qint64 i, int matchPercent, int size);

} // namespace sluice::bench
