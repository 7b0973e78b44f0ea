#!/usr/bin/env bash
# Screenshots of every console view in English and Dutch, with demo traffic flowing, under Xvfb:
# docs/screenshots/<view>-<en|nl>.png. Needs xvfb (apt) and a build.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v xvfb-run >/dev/null || { echo "xvfb-run is missing: apt-get install xvfb xauth" >&2; exit 1; }
cmake --build build -j2 --target console-screenshots
export QT_LOGGING_RULES="sluice.*.debug=false;sluice.*.info=false"
xvfb-run -a -s "-screen 0 1400x900x24 -dpi 96" build/tests/console-screenshots docs/screenshots
