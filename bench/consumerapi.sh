#!/usr/bin/env bash
# Benchmark 8: the consumers' Subscriptions API, requests per second with 8 connections (wrk), for
# the agent's own /healthz (the HTTP server's ceiling, same run) beside an authenticated
# GET /subscriptions (token looked up in the store, SUBS subscriptions described), GET of one, and a
# refused token.
source "$(dirname "$0")/common.sh"
SUBS=${SUBS:-10}
SECONDS_EACH=${SECONDS_EACH:-8}
start_cluster bench 4
PORT=${PORT:-18790}
cat > "$WORK/agent.json" <<JSON
{ "kafka": { "brokers": "$BROKERS", "groupId": "bench-consumerapi", "topics": ["bench"] },
  "store": { "path": "$WORK/bench.db" },
  "http": { "listen": "127.0.0.1:$PORT" },
  "admin": { "listen": "" },
  "delivery": { "egressAllow": ["127.0.0.1"] } }
JSON
"$ROOT/build/agent/sluice-agent" --config "$WORK/agent.json" > "$WORK/agent.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.1; done
token=$("$ROOT/build/agent/sluice-agent" --config "$WORK/agent.json" consumer add bench 2>/dev/null)
for _ in $(seq "$SUBS"); do
    id=$(curl -s -X POST "http://127.0.0.1:$PORT/subscriptions" -H "Authorization: Bearer $token" \
        -H 'Content-Type: application/json' \
        -d '{"sink": "http://127.0.0.1:9/b", "protocol": "HTTP", "types": ["be.digipolis.wcm.v4.content.item.changed"]}' |
        sed 's/.*"id":"\([^"]*\)".*/\1/')
done
rate() { wrk -t1 -c8 -d"${SECONDS_EACH}s" "$@" | awk '/Requests\/sec/ { printf "%d", $2 }'; }
health=$(rate "http://127.0.0.1:$PORT/healthz")
list=$(rate -H "Authorization: Bearer $token" "http://127.0.0.1:$PORT/subscriptions")
one=$(rate -H "Authorization: Bearer $token" "http://127.0.0.1:$PORT/subscriptions/$id")
refused=$(rate -H "Authorization: Bearer sluicec_wrong" "http://127.0.0.1:$PORT/subscriptions")
echo
echo "Subscriptions API, wrk -t1 -c8, ${SECONDS_EACH} s each, $SUBS subscriptions:"
printf "  %-40s %8s requests/s\n" "GET /healthz (the server's ceiling)" "$health" \
    "GET /subscriptions (consumer token)" "$list" "GET /subscriptions/{id}" "$one" \
    "GET /subscriptions, wrong token (401)" "$refused"
echo "  ratio list: $(echo "scale=2; $list / $health" | bc) x /healthz"
