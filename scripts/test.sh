#!/usr/bin/env bash
# Sets up, builds and runs every test (Qt Test, registered with CTest).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-debian.sh --test
# Independent checkers from npm (pinned by package-lock.json), e.g. the official AsyncAPI schema.
npm ci --prefix tests/node --no-audit --no-fund --loglevel=error
scripts/build.sh
cd build
ctest --output-on-failure -j"${SLUICE_JOBS:-2}" --timeout 600
