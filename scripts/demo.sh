#!/usr/bin/env bash
# The demo: sets up, builds, then runs the agent on its embedded Kafka cluster with WCM demo
# traffic, delivering to a sluice-receiver on 127.0.0.1:8088. Ends after 60 s (or Ctrl-C).
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
scripts/setup-debian.sh
scripts/build.sh

seconds="${SLUICE_DEMO_SECONDS:-60}"
workdir="$(mktemp -d)"
trap 'kill $receiver 2>/dev/null || true; rm -rf "$workdir"' EXIT

port="${SLUICE_DEMO_PORT:-8088}"
sed "s/127.0.0.1:8088/127.0.0.1:$port/g" resources/demo.json > "$workdir/demo.json"
# Process substitution keeps $! the receiver's own pid, so the trap stops the receiver itself.
build/agent/receiver/sluice-receiver --port "$port" > >(sed -u 's/^/[receiver] /') 2>&1 &
receiver=$!
sleep 0.5
if ! kill -0 "$receiver" 2>/dev/null; then
    echo "The receiver could not start (is port $port taken? set SLUICE_DEMO_PORT)." >&2
    exit 1
fi

echo "Sluice demo for ${seconds} s: events go in on the left, arrive at the receiver on the right."
echo "Watch: [sluice] lines count what is consumed, filtered out, already stored (duplicates), quarantined and delivered."
cd "$workdir"
# The admin API's token (created at the agent's first start), for the console or any client.
# Asked for until the agent has written it (a busy machine takes longer than a fixed wait).
(
    for _ in $(seq 120); do
        token=$("$root/build/agent/sluice-agent" --config "$workdir/demo.json" token show admin 2>/dev/null || true)
        [ -n "$token" ] && break
        sleep 0.5
    done
    echo "[demo] admin API ws://127.0.0.1:8791, token: ${token:-(none yet; sluice-agent --config FILE token show admin)}"
    # A consumer of the Subscriptions API, with its own token (shown once), to subscribe with.
    consumer=$("$root/build/agent/sluice-agent" --config "$workdir/demo.json" consumer add demo-crm \
        'be.digipolis.wcm.v4.content.*' 2>/dev/null || true)
    if [ -n "$consumer" ]; then
        echo "[demo] Subscriptions API http://127.0.0.1:8790/subscriptions, consumer demo-crm, token: $consumer"
        echo "[demo]   try: curl -s http://127.0.0.1:8790/discovery -H 'Authorization: Bearer $consumer' (docs/consumers.md)"
    fi
    if [ -s "$workdir/forms-callback.token" ]; then
        echo "[demo] callback for a form service (docs/operations.md, Callbacks in):"
        echo "[demo]   curl -si http://127.0.0.1:8790/callbacks/forms/$(cat "$workdir/forms-callback.token") \\"
        echo "[demo]     -H 'content-type: application/json' -d '{\"form\":\"contact\",\"name\":\"An\"}'"
    fi
) &
"$root/build/agent/sluice-agent" --config "$workdir/demo.json" --demo \
    --duration "$seconds" --status-interval 1
