#!/usr/bin/env bash
# Benchmark 2: delivered events per second, one event per request, into Debian's nginx answering 204,
# beside wrk's request rate (POSTs of 500-byte bodies) against the same nginx location, same run.
source "$(dirname "$0")/common.sh"
N=${N:-200000}
PORT=${PORT:-18080}

start_nginx "$PORT"
WRK_RATE=$(wrk_rate "$PORT")

start_cluster deliver 16
if [ "${STORE:-sqlite}" = postgresql ]; then
    # The shared store beside the embedded one, same events, same nginx, same run.
    "$ROOT/build/bench/sluice-bench" produce --brokers "$BROKERS" --topic deliver --count "$N" --match-percent 100 --size 500
    agent_config deliver "http://127.0.0.1:$PORT/" normal "${CONCURRENCY:-16}"
    run_agent_until "$N" delivered
    SQLITE_RATE=$(rate_of delivered "$N")
    start_postgres
    BACKEND=postgresql
    fresh_database bench1
    agent_config deliver "http://127.0.0.1:$PORT/" normal "${CONCURRENCY:-16}"
    if [ -n "${PG_WAITS:-}" ]; then # what the server's sessions wait for, sampled every 20 ms
        ( while [ ! -e "$WORK/sampled" ]; do
            psql -h 127.0.0.1 -p "$PGPORT" -U sluice -d bench1 -Atc "SELECT state, wait_event_type, wait_event,
                left(query, 40) FROM pg_stat_activity WHERE application_name = 'sluice-agent'" 2>/dev/null
            sleep 0.02
          done | sort | uniq -c | sort -rn | head -20 > "$PG_WAITS" ) &
        SAMPLER=$!
    fi
    run_agent_until "$N" delivered
    [ -n "${SAMPLER:-}" ] && touch "$WORK/sampled" && wait "$SAMPLER"
    PG_RATE=$(rate_of delivered "$N")
    PG_RSS=$PEAK_RSS_MB
    if [ -n "${PG_STATEMENTS:-}" ]; then # with PG_OPTIONS="-c shared_preload_libraries=pg_stat_statements"
        psql -h 127.0.0.1 -p "$PGPORT" -U sluice -d bench1 -qc "CREATE EXTENSION IF NOT EXISTS pg_stat_statements"
        psql -h 127.0.0.1 -p "$PGPORT" -U sluice -d bench1 -c "SELECT calls, round(total_exec_time) AS ms,
            round(mean_exec_time::numeric, 3) AS mean_ms, left(regexp_replace(query, '\s+', ' ', 'g'), 90) AS query
            FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 15" > "$PG_STATEMENTS"
    fi
    fresh_database bench2
    agent_config deliver "http://127.0.0.1:$PORT/" normal "${CONCURRENCY:-16}"
    run_agents_until_delivered "$N" 2
    echo
    echo "delivery, $N events over 16 partitions, one per request, nginx answering 204:"
    printf "  %-36s %10s requests/s\n" "wrk -t1 -c16 (reference)" "$WRK_RATE" \
        "sluice-agent, SQLite store" "$SQLITE_RATE" "sluice-agent, PostgreSQL store" "$PG_RATE" \
        "two agents, one PostgreSQL store" "${SHARED_RATE:-n/a}"
    echo "  ratios: SQLite $(echo "scale=2; $SQLITE_RATE / $WRK_RATE" | bc) x wrk," \
        "PostgreSQL $(echo "scale=2; $PG_RATE / $WRK_RATE" | bc) x wrk," \
        "two agents $(echo "scale=2; ${SHARED_RATE:-0} / $WRK_RATE" | bc) x wrk"
    echo "  agent peak RSS (PostgreSQL store): $PG_RSS MB"
    exit 0
fi
"$ROOT/build/bench/sluice-bench" produce --brokers "$BROKERS" --topic deliver --count "$N" --match-percent 100 --size 500
agent_config deliver "http://127.0.0.1:$PORT/" normal "${CONCURRENCY:-16}"
run_agent_until "$N" delivered
AGENT_RATE=$(rate_of delivered "$N")
cp "$WORK/agent.log" "$WORK/end-to-end.log"

# The dispatcher alone: nginx's worker is frozen while the store fills (only the first requests
# hang), then released; the rate is taken from the drain after "in N".
agent_config deliver "http://127.0.0.1:$PORT/" normal "${CONCURRENCY:-16}"
sed -i 's/"groupId": "bench-[0-9]*"/"groupId": "drain-'$RANDOM'"/' "$WORK/agent.json"
rm -f "$WORK"/bench.db*
workers=$(pgrep -f "nginx: worker" | tr '\n' ' ')
kill -STOP $workers
( for _ in $(seq 600); do grep -q "] in $N " "$WORK/agent.log" 2>/dev/null && break; sleep 0.1; done; kill -CONT $workers ) &
run_agent_until "$N" delivered
DRAIN_RATE=$(awk -v target="$N" '
    /^\[sluice [0-9.]+s\] in / {
        t = $2; sub(/s\]/, "", t)
        n = $4 # "in N"; the word "in" comes back later in "in flight"
        for (i = 5; i <= NF; i++) if ($i == "delivered") d = $(i + 1)
        if (n == target && !start) { start = t; from = d }
        if (start && d >= target && !done) { printf "%.0f", (d - from) / (t - start); done = 1 }
    }' "$WORK/agent.log")

echo
echo "delivery, $N events, one per request, nginx answering 204:"
printf "  %-28s %10s requests/s\n" "wrk -t1 -c16 (reference)" "$WRK_RATE" "sluice-agent" "$AGENT_RATE"
echo "  ratio: $(echo "scale=2; $AGENT_RATE / $WRK_RATE" | bc) x wrk (goal: 0.5)"
printf "  %-28s %10s requests/s\n" "dispatcher alone (drain)" "$DRAIN_RATE"
echo "  agent peak RSS: $PEAK_RSS_MB MB (goal: under 100)"
