#!/usr/bin/env bash
# Benchmark 3: end-to-end latency, from the moment the producer hands an event to Kafka to its arrival
# at the receiver, at 1,000 events/s with the store durable (synchronous=full): p50 and p99.
source "$(dirname "$0")/common.sh"
RATE=${RATE:-1000}
SECONDS_RUN=${SECONDS_RUN:-20}

start_cluster latency 8
"$ROOT/build/agent/receiver/sluice-receiver" --port 0 --latency > "$WORK/receiver.log" &
PIDS+=($!)
sleep 0.3
port=$(grep -o '127.0.0.1:[0-9]*' "$WORK/receiver.log" | head -1 | cut -d: -f2)
agent_config latency "http://127.0.0.1:$port/" "${SYNC:-full}" 16
N=$((RATE * SECONDS_RUN))
# The agent is up and has joined its group before the stream starts.
( sleep 6; "$ROOT/build/bench/sluice-bench" produce --brokers "$BROKERS" --topic latency --count "$N" \
      --rate "$RATE" --match-percent 100 --size 500 > "$WORK/producer.log" ) &
run_agent_until "$N" delivered
sleep 1.2

echo
echo "end-to-end latency at $RATE events/s for $SECONDS_RUN s, store synchronous=${SYNC:-full}:"
tail -1 "$WORK/receiver.log" | sed 's/^/  /'
echo "  goal: p99 under 20 ms"
echo "  agent peak RSS: $PEAK_RSS_MB MB (goal: under 100)"
