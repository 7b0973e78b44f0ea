#!/usr/bin/env bash
# Sets up, builds and runs every test (Qt Test, registered with CTest).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-debian.sh
scripts/build.sh
cd build
ctest --output-on-failure -j"${SLUICE_JOBS:-2}" --timeout 600
