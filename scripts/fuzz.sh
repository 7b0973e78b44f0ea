#!/usr/bin/env bash
# Fuzzes the decoder, the filter parser and the Subscriptions API's request reader with libFuzzer
# (clang, AddressSanitizer and UndefinedBehaviorSanitizer) for SECONDS each
# (default 60), starting from the seed corpus in fuzz/corpus/. New inputs that reach new code are
# kept in build-fuzz/corpus/; a crash leaves its input in build-fuzz/ and fails the script.
#   scripts/fuzz.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH=${1:-60}
scripts/setup-debian.sh --fuzz
CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSLUICE_FUZZ=ON \
    -DBUILD_TESTING=OFF >/dev/null
cmake --build build-fuzz -j"${SLUICE_JOBS:-2}" --target fuzz-decoder fuzz-filter fuzz-subscriptionsapi
for target in ${SLUICE_FUZZ_ONLY:-decoder filter subscriptionsapi}; do
    mkdir -p "build-fuzz/corpus/$target"
    echo "fuzzing $target for $SECONDS_EACH s"
    (cd build-fuzz && ASAN_OPTIONS=detect_leaks=0 "./fuzz/fuzz-$target" -max_total_time="$SECONDS_EACH" \
        -print_final_stats=1 -max_len=4096 "corpus/$target" "../fuzz/corpus/$target" 2>&1 |
        grep -E "^#[0-9]+.*(DONE|pulse)|stat::number_of_executed_units|ERROR|SUMMARY" | tail -4)
done
