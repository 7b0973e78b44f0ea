#!/usr/bin/env bash
# Benchmark 9: callbacks in. Requests per second that wrk POSTs to a callback (a path token, a
# 300-byte plain JSON body mapped to a CloudEvent, each answered 202 only after Kafka acknowledged
# it), beside the agent's own /healthz in the same run (the HTTP server's ceiling), at 16 and 64
# connections; then how many of them the agent consumed back.
source "$(dirname "$0")/common.sh"
SECONDS_EACH=${SECONDS_EACH:-8}
start_cluster bench 8
PORT=${PORT:-18791}
cat > "$WORK/agent.json" <<JSON
{ "kafka": { "brokers": "$BROKERS", "groupId": "bench-callbacks", "topics": ["bench"] },
  "store": { "path": "$WORK/bench.db" },
  "http": { "listen": "127.0.0.1:$PORT" },
  "admin": { "listen": "" },
  "callbacks": [ { "name": "bench", "topic": "bench", "tokenFile": "$WORK/bench.token",
                   "mapping": { "type": "com.example.bench.called", "source": "/bench", "subjectPointer": "/order" } } ] }
JSON
"$ROOT/build/agent/sluice-agent" --config "$WORK/agent.json" > "$WORK/agent.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.1; done
token=$(cat "$WORK/bench.token")
cat > "$WORK/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
n = 0
request = function()
  n = n + 1
  return wrk.format(nil, nil, nil, '{"order":"order-' .. (n % 100) .. '","amount":12.5,"note":"' .. string.rep("x", 250) .. '"}')
end
LUA
rate() { wrk -t1 "$@" | awk '/Requests\/sec/ { printf "%d", $2 } /Non-2xx/ { printf " (%s non-2xx)", $NF }'; }
health=$(rate -c16 -d"${SECONDS_EACH}s" "http://127.0.0.1:$PORT/healthz")
c16=$(rate -c16 -d"${SECONDS_EACH}s" -s "$WORK/post.lua" "http://127.0.0.1:$PORT/callbacks/bench/$token")
c64=$(rate -c64 -d"${SECONDS_EACH}s" -s "$WORK/post.lua" "http://127.0.0.1:$PORT/callbacks/bench/$token")
sleep 2
accepted=$(curl -s "http://127.0.0.1:$PORT/metrics" | awk '/^sluice_callback_requests_total.*accepted/ { print $2 }')
consumed=$(curl -s "http://127.0.0.1:$PORT/metrics" | awk -F' ' '/^sluice_events_consumed_total/ { print $2 }')
echo
echo "Callbacks in, wrk -t1, ${SECONDS_EACH} s each (each request answered after Kafka's acknowledgement):"
printf "  %-44s %8s requests/s\n" "GET /healthz, 16 connections (the ceiling)" "$health" \
    "POST /callbacks/bench/TOKEN, 16 connections" "$c16" "POST /callbacks/bench/TOKEN, 64 connections" "$c64"
echo "  accepted (202) $accepted, consumed back by the agent $consumed"
