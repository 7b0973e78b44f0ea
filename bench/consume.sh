#!/usr/bin/env bash
# Benchmark 1: the agent's consume + decode + filter rate over N structured events of ~500 bytes with
# 1 % matching, beside kcat's raw consume rate of the same topic in the same run; and the agent's peak RSS.
source "$(dirname "$0")/common.sh"
N=${N:-1000000}
PARTITIONS=${PARTITIONS:-128} # the embedded cluster keeps ~5 MiB per partition; 1 M x 500 B needs ~100

start_cluster bench "$PARTITIONS"
"$ROOT/build/bench/sluice-bench" produce --brokers "$BROKERS" --topic bench --count "$N" --match-percent 1 --size 500
bytes=$(kcat -C -b "$BROKERS" -t bench -p 0 -o beginning -c 1 -e -q -f '%S')
echo "event size: $bytes bytes (partition 0, first message)"

start=$(date +%s.%N)
got=$(/usr/bin/time -f "%U %S" -o "$WORK/kcat.cpu" kcat -C -b "$BROKERS" -t bench -o beginning -e -q \
    -X fetch.wait.max.ms=10 -X queued.min.messages=1000000 -f '%o\n' | wc -l)
end=$(date +%s.%N)
KCAT_CPU_S=$(awk '{ print $1 + $2 }' "$WORK/kcat.cpu")
KCAT_RATE=$(echo "$got / ($end - $start)" | bc)
echo "kcat: consumed $got in $(echo "$end - $start" | bc) s"

"$ROOT/build/agent/receiver/sluice-receiver" --port 0 --quiet > "$WORK/receiver.log" &
PIDS+=($!)
sleep 0.3
port=$(grep -o '127.0.0.1:[0-9]*' "$WORK/receiver.log" | head -1 | cut -d: -f2)
agent_config bench "http://127.0.0.1:$port/" ${SYNC:-full} 16
run_agent_until "$N" in
AGENT_RATE=$(rate_of in "$N")
matched=$(grep final "$WORK/agent.log" | grep -o 'matched [0-9]*')

echo
echo "consume + decode + filter, $N events, 1 % matching ($matched):"
printf "  %-28s %10s events/s\n" "kcat (raw consume)" "$KCAT_RATE" "sluice-agent" "$AGENT_RATE"
echo "  ratio: $(echo "scale=2; $AGENT_RATE / $KCAT_RATE" | bc) x kcat (goal: 0.8)"
echo "  agent peak RSS: $PEAK_RSS_MB MB (goal: under 100)"
# CPU per event: kcat's whole run; the agent's whole run, start-up, shutdown and the 1 % it delivers included.
echo "  CPU per event: kcat $(echo "scale=2; $KCAT_CPU_S * 1000000 / $got" | bc) us, agent $(echo "scale=2; $AGENT_CPU_S * 1000000 / $N" | bc) us"
