#!/usr/bin/env bash
# Benchmark 4: what the register's JSON Schema validation (valijson) costs per event: parsing the
# data of every seeded type's example, beside parsing plus validating it against the type's schema.
source "$(dirname "$0")/common.sh"
N=${N:-500000}
"$ROOT/build/bench/sluice-bench" validate --count "$N"
