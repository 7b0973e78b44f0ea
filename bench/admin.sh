#!/usr/bin/env bash
# Benchmark 5: the admin API's sequential round trips per second over one WebSocket (a console's
# every click), for hello and for stats.get, beside the same Node client against a bare ws echo
# server in the same run (the transport's own ceiling).
source "$(dirname "$0")/common.sh"
N=${N:-5000}
npm ci --prefix "$ROOT/tests/node" --no-audit --no-fund --loglevel=error >/dev/null
start_cluster bench 4
cat > "$WORK/agent.json" <<JSON
{ "kafka": { "brokers": "$BROKERS", "groupId": "bench-admin", "topics": ["bench"] },
  "store": { "path": "$WORK/bench.db" },
  "http": { "listen": "" },
  "admin": { "listen": "127.0.0.1:0", "requestsPerSecond": 100000 } }
JSON
"$ROOT/build/agent/sluice-agent" --config "$WORK/agent.json" > "$WORK/agent.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 100); do grep -q "admin API at" "$WORK/agent.log" && break; sleep 0.1; done
url=$(grep -o 'ws://127.0.0.1:[0-9]*' "$WORK/agent.log" | head -1)
token=$("$ROOT/build/agent/sluice-agent" --config "$WORK/agent.json" token show admin)
node="node $ROOT/tests/node/bench-admin.js"
echo_rate=$($node echo "$N")
hello_rate=$($node "$url" "$token" "$N" hello)
stats_rate=$($node "$url" "$token" "$N" stats.get)
echo
echo "admin API, $N sequential round trips on one connection:"
printf "  %-34s %8s requests/s\n" "ws echo server (reference)" "$echo_rate" "sluice-agent hello" "$hello_rate" \
    "sluice-agent stats.get" "$stats_rate"
echo "  ratio hello: $(echo "scale=2; $hello_rate / $echo_rate" | bc) x the echo server"
