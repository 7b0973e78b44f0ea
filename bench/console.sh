#!/usr/bin/env bash
# Benchmark 6: the console's live view. Events per second the bounded live model, its search proxy
# and a shown table absorb in the batches the agent sends, and the longest batch (the event loop is
# busy that long), beside the most the agent ever streams to one console (maxPerSecond ≤ 1000).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
N=${N:-200000}
cmake --build "$ROOT/build" -j2 --target sluice-bench-console >/dev/null
export QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen}
run() { "$ROOT/build/bench/sluice-bench-console" "$N" 250 "$1"; }
read -r plain plain_ms plain_rows <<<"$(run "")"
read -r search search_ms search_rows <<<"$(run "content/1")"
echo
echo "console live view, $N events in batches of 250 (the agent sends at most 1,000/s to a console):"
printf "  %-34s %9s events/s, longest batch %s ms (%s rows shown)\n" \
    "no search" "$plain" "$plain_ms" "$plain_rows" "searching \"content/1\"" "$search" "$search_ms" "$search_rows"
echo "  headroom: $(echo "scale=0; $plain / 1000" | bc) x the agent's largest stream"
