#!/usr/bin/env bash
# The JSON scanner against simdjson: the envelope of N (200,000) of the consume benchmark's events,
# read by our scanner, by simdjson's DOM parser, and by Qt's parser, one core, best of three runs.
source "$(dirname "$0")/common.sh"
"$ROOT/build/bench/sluice-bench-json" --count "${N:-200000}" --size "${SIZE:-500}"
