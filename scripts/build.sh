#!/usr/bin/env bash
# Configures and builds Sluice into build/ (Ninja, optimised with debug info, ccache when present).
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"${SLUICE_JOBS:-2}"
