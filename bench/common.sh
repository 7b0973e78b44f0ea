# Shared by the bench scripts: build, a standalone embedded cluster, a quiet receiver, the agent.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
scripts/setup-debian.sh --bench
scripts/build.sh >/dev/null
WORK=$(mktemp -d)
PIDS=()
PG_STOP=()
cleanup() {
    [ -n "${KEEP:-}" ] && cp -r "$WORK" /tmp/bench-keep
    for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
    [ ${#PG_STOP[@]} -gt 0 ] && "${PG_STOP[@]}" >/dev/null 2>&1
    wait 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

# start_nginx PORT: Debian's nginx, one worker, answering 204 to everything on 127.0.0.1:PORT
start_nginx() {
    mkdir -p "$WORK/nginx"
    cat > "$WORK/nginx/nginx.conf" <<CONF
worker_processes 1;
daemon off;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $WORK/nginx;
    server { listen 127.0.0.1:$1; keepalive_requests 1000000; location / { return 204; } }
}
CONF
    nginx -c "$WORK/nginx/nginx.conf" &
    PIDS+=($!)
    sleep 0.5
}

# wrk_rate PORT: wrk's requests per second, POSTing 500-byte bodies on 16 connections for 10 s
wrk_rate() {
    cat > "$WORK/post.lua" <<'LUA'
wrk.method = "POST"
wrk.body = string.rep("x", 500)
wrk.headers["Content-Type"] = "application/cloudevents+json"
LUA
    wrk -t1 -c16 -d10s -s "$WORK/post.lua" "http://127.0.0.1:$1/" | awk '/Requests\/sec/ {printf "%.0f", $2}'
}

# start_cluster TOPIC PARTITIONS: sets BROKERS
start_cluster() {
    "$ROOT/build/bench/sluice-bench" cluster --topic "$1" --partitions "$2" > "$WORK/bootstrap" &
    PIDS+=($!)
    for _ in $(seq 100); do [ -s "$WORK/bootstrap" ] && break; sleep 0.1; done
    BROKERS=$(head -1 "$WORK/bootstrap")
}

# start_postgres: a private PostgreSQL 15 cluster on 127.0.0.1:PGPORT with its default durability
# (fsync, synchronous_commit on), run as the user postgres when we are root; PG_OPTIONS adds settings.
start_postgres() {
    PGPORT=${PGPORT:-15432}
    local bin=/usr/lib/postgresql/15/bin run=()
    mkdir -p "$WORK/pg"
    if [ "$(id -u)" -eq 0 ]; then chmod 711 "$WORK"; chown postgres "$WORK/pg"; run=(runuser -u postgres --); fi
    "${run[@]}" "$bin/initdb" -D "$WORK/pg/data" -A trust -U sluice >/dev/null
    "${run[@]}" "$bin/pg_ctl" -D "$WORK/pg/data" -l "$WORK/pg/log" -w \
        -o "-k $WORK/pg -p $PGPORT -c listen_addresses=127.0.0.1 ${PG_OPTIONS:-}" start >/dev/null
    PG_STOP=("${run[@]}" "$bin/pg_ctl" -D "$WORK/pg/data" -m fast -w stop)
}

# fresh_database NAME: an empty database on the private cluster; sets PGDATABASE
fresh_database() {
    PGDATABASE=$1
    psql -q -h 127.0.0.1 -p "$PGPORT" -U sluice -d postgres -c "DROP DATABASE IF EXISTS $1" -c "CREATE DATABASE $1"
}

# store_json SYNC: the store section, SQLite in $WORK/bench.db or (BACKEND=postgresql) $PGDATABASE
BACKEND=sqlite
store_json() {
    if [ "$BACKEND" = postgresql ]; then
        echo '"backend": "postgresql", "postgresql": { "host": "127.0.0.1", "port": '"$PGPORT"', "database": "'"$PGDATABASE"'", "user": "sluice", "sslmode": "disable" }'
    else
        echo '"path": "'"$WORK/bench.db"'", "synchronous": "'"$1"'"'
    fi
}

# agent_config TOPIC ENDPOINT SYNC CONCURRENCY [FILE]: writes $WORK/agent.json (or FILE)
agent_config() {
    cat > "${5:-$WORK/agent.json}" <<JSON
{
  "kafka": { "brokers": "$BROKERS", "groupId": "bench-$RANDOM", "topics": ["$1"],
             "properties": { ${KAFKA_PROPERTIES:-} } },
  "store": { $(store_json "$3") },
  "delivery": { "concurrency": $4, "retrySchedule": ["0", "1s", "5s"], "egressAllow": ["127.0.0.1"] },
  "http": { "listen": "" }, "admin": { "listen": "" },
  "subscriptions": [ { "name": "bench", "endpoint": "$2", "types": ["be.digipolis.wcm.v4.content.*"],
                       "handshake": false } ]
}
JSON
}

# run_agent_until COUNT FIELD: runs the agent (peak RSS via GNU time) until FIELD ("in" or "delivered")
# reaches COUNT, then stops it with SIGTERM. Status lines every 100 ms land in $WORK/agent.log.
# With PERF=PREFIX each agent run is profiled (`perf record`) into PREFIX.1, PREFIX.2, …; the call
# graph is PERF_CALLGRAPH (default dwarf,16384; "fp" is lighter, for flat profiles).
RUNS=0
run_agent_until() {
    local profiler=()
    RUNS=$((RUNS + 1))
    [ -n "${PERF:-}" ] && profiler=(perf record -q -F 999 --call-graph "${PERF_CALLGRAPH:-dwarf,16384}" -o "$PERF.$RUNS" --)
    /usr/bin/time -f "%M %U %S" -o "$WORK/rss" "${profiler[@]}" "$ROOT/build/agent/sluice-agent" --config "$WORK/agent.json" \
        --status-interval 100ms > "$WORK/agent.log" 2> "$WORK/agent.err" &
    local timer=$!
    sleep 0.3
    local agent
    agent=$(pgrep -n -f "$ROOT/build/agent/sluice-agent --config $WORK/agent.json")
    local pattern=" $2 $1 "
    [ "$2" = "in" ] && pattern="] in $1 "
    for _ in $(seq 6000); do
        grep -q -- "$pattern" "$WORK/agent.log" 2>/dev/null && break
        sleep 0.1
    done
    kill -TERM "$agent" 2>/dev/null || true
    wait "$timer" 2>/dev/null || true
    PEAK_RSS_MB=$(( $(tail -1 "$WORK/rss" | cut -d' ' -f1) / 1024 ))
    AGENT_CPU_S=$(tail -1 "$WORK/rss" | awk '{ print $2 + $3 }') # user + system, the whole run
}

# rate_of FIELD COUNT: events per second of FIELD between the last status line where it was still 0
# and the first where it reached COUNT (so start-up inside the run is counted against us).
rate_of() {
    awk -v field="$1" -v target="$2" '
        /^\[sluice [0-9.]+s\] [^f]/ {
            t = $2; sub(/s\]/, "", t)
            v = -1
            for (i = 3; i <= NF; i++) if ($i == field) { v = $(i + 1); break }
            if (v == 0) start = t
            if (v >= target && !done) { printf "%.0f", target / (t - start); done = 1 }
        }' "$WORK/agent.log"
}

# run_agents_until_delivered COUNT AGENTS: AGENTS agents in one group on the PostgreSQL store until
# COUNT deliveries are delivered, watched in the database; sets SHARED_RATE (from the last look with
# none delivered to the first with all, start-up counted against us).
run_agents_until_delivered() {
    local group="shared-$RANDOM" pids=() start="" now count
    for i in $(seq "$2"); do
        sed -e "s/\"groupId\": \"bench-[0-9]*\"/\"groupId\": \"$group\", \"instanceId\": \"bench-$i\"/" \
            "$WORK/agent.json" > "$WORK/agent$i.json"
        "$ROOT/build/agent/sluice-agent" --config "$WORK/agent$i.json" > "$WORK/agent$i.log" 2>&1 &
        pids+=($!)
    done
    SHARED_RATE=""
    for _ in $(seq 3000); do
        now=$(date +%s.%N)
        count=$(psql -h 127.0.0.1 -p "$PGPORT" -U sluice -d "$PGDATABASE" -Atc \
            "SELECT COUNT(*) FROM deliveries WHERE state = 'delivered'" 2>/dev/null || echo 0)
        [ "$count" = 0 ] && start=$now
        if [ "$count" -ge "$1" ] && [ -n "$start" ]; then
            SHARED_RATE=$(echo "$1 / ($now - $start)" | bc)
            break
        fi
        sleep 0.1
    done
    kill -TERM "${pids[@]}" 2>/dev/null || true
    wait "${pids[@]}" 2>/dev/null || true
}
