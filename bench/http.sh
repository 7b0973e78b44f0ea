#!/usr/bin/env bash
# The HTTP client alone, no store: Sluice's HttpConnection and libcurl's multi interface, 16
# persistent connections POSTing 500-byte bodies into Debian's nginx answering 204, beside wrk
# against the same nginx in the same run.
source "$(dirname "$0")/common.sh"
N=${N:-200000}
PORT=${PORT:-18081}
CONNECTIONS=${CONNECTIONS:-16}

start_nginx "$PORT"
WRK_RATE=$(wrk_rate "$PORT")
run_client() { "$ROOT/build/bench/sluice-bench-http" "$1" --url "http://127.0.0.1:$PORT/" \
    --connections "$CONNECTIONS" --requests "$N" | awk '{print $(NF-1)}'; }
OURS=$(run_client ours)
CURL=$(run_client curl)
OURS_AGAIN=$(run_client ours)
CURL_AGAIN=$(run_client curl)

echo
echo "HTTP client alone, $N requests, $CONNECTIONS connections, nginx answering 204:"
printf "  %-34s %10s requests/s\n" "wrk -t1 -c16 (reference)" "$WRK_RATE" \
    "sluice HttpConnection (two runs)" "$OURS / $OURS_AGAIN" "libcurl multi (two runs)" "$CURL / $CURL_AGAIN"
echo "  ours: $(echo "scale=2; $OURS / $WRK_RATE" | bc) x wrk; libcurl: $(echo "scale=2; $CURL / $WRK_RATE" | bc) x wrk"
