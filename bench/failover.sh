#!/usr/bin/env bash
# Issue 22: Redis failing over under load. Starts its own Redis on loopback (a primary, one replica, three sentinels
# run as `redis-server CONF --sentinel`, down-after 1000 ms), one API process (with the simulator) and worker
# processes of the packaged jar that follow the sentinels (REDIS_SENTINELS), then bench/Failover.java:
#   - N jobs in each phase: paying (booking, held there by the simulator's payment_delay_ms), searching (no_slots),
#     authenticating (never scanned yet) and queued (MAX_CONCURRENT_JOBS = 3N is full);
#   - starts at RATE a second (open loop) while the primary is killed with kill -9, ROUNDS times; after each failover
#     the killed node comes back as a replica of the new primary (as a supervisor would restart it);
#   - then: every start answered 202 still exists (none lost), every phase job runs to its end (logged in through the
#     simulator's BankID app), no person booked twice (the simulator's bookings), and the API's unavailability window
#     per failover (first failed start to the next 202), p95 over the rounds;
#   - and the start rate with REDIS_WAIT_REPLICAS=1 and =0 side by side (the API alone, closed loop, alternating).
# Usage: bench/failover.sh [N (50)] [ROUNDS (5)] [RATE (50)]     quick run: bench/failover.sh 5 1 20
#   env: FAILOVER_WORKERS (1 worker process), FAILOVER_REPLICAS (1 or 2 replicas of the primary),
#        FAILOVER_REDIS_PORT (17390: the nodes on it, +1 and +2, sentinels on +10..+12),
#        FAILOVER_RATE_SECONDS (15) and FAILOVER_RATE_CLIENTS (16) for the side by side, FAILOVER_SKIP_RATE=1 to skip it,
#        FAILOVER_WAIT (REDIS_WAIT_REPLICAS for the failover rounds, 1), FAILOVER_DRAIN_SECONDS (600),
#        FAILOVER_TOPOLOGY_ONLY=1: the Redis side alone (ROUNDS kills, no app); FAILOVER_SKIP_ROUNDS=1: only the side by
#        side, FAILOVER_RATE_ORDER ("1 0 1 0") the REDIS_WAIT_REPLICAS of its runs, in order.
# Prints "failover {json}", "rate wait=1 {json}", "rate wait=0 {json}" and a markdown block for docs/benchmarks.md.
source "$(dirname "$0")/lib.sh"
build
n=${1:-50} rounds=${2:-5} rate=${3:-50}
workers=${FAILOVER_WORKERS:-1}
base=${FAILOVER_REDIS_PORT:-17390}
replicas=${FAILOVER_REPLICAS:-1}
case $replicas in 1 | 2) ;; *) echo "FAILOVER_REPLICAS must be 1 or 2, not '$replicas'" >&2; exit 2 ;; esac
node_a=$base nodes=($base) sentinels=($((base + 10)) $((base + 11)) $((base + 12)))
for ((i = 1; i <= replicas; i++)); do nodes+=($((base + i))); done
replica_nodes=("${nodes[@]:1}")
dir=$ROOT/target/bench-failover
mkdir -p "$LOGDIR"
echo "# machine: $(machine)"
started=$(date -u +%H:%M)
PIDS=()

cleanup() {
  local p f
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  PIDS=()
  # The Redis processes this script (or Failover.java, on a restart) started: their own pid files.
  # Redis rewrites its process title to "redis-server 127.0.0.1:PORT": the port in the file's name must match.
  for f in "$dir"/*.pid; do
    [ -f "$f" ] || continue
    p=$(cat "$f") port=${f##*-}; port=${port%.pid}
    if [ -n "$p" ] && tr '\0' ' ' <"/proc/$p/cmdline" 2>/dev/null | grep -q "^redis-server 127.0.0.1:$port\b"; then
      kill "$p" 2>/dev/null || true
    fi
  done
}
trap cleanup EXIT

# ---- the Redis topology ----
for p in "${sentinels[@]}" "${nodes[@]}"; do
  if redis-cli -p "$p" ping >/dev/null 2>&1; then echo "port $p is taken: set FAILOVER_REDIS_PORT" >&2; exit 1; fi
done
rm -rf "$dir" && mkdir -p "$dir"
for p in "${nodes[@]}"; do
  mkdir -p "$dir/node-$p"
  cat >"$dir/node-$p.conf" <<EOF
port $p
bind 127.0.0.1
dir $dir/node-$p
daemonize yes
pidfile $dir/node-$p.pid
logfile $dir/node-$p.log
appendonly yes
appendfsync everysec
save ""
maxmemory-policy noeviction
EOF
done
for p in "${sentinels[@]}"; do
  cat >"$dir/sentinel-$p.conf" <<EOF
port $p
bind 127.0.0.1
dir $dir
daemonize yes
pidfile $dir/sentinel-$p.pid
logfile $dir/sentinel-$p.log
sentinel monitor provtid 127.0.0.1 $node_a 2
sentinel down-after-milliseconds provtid 1000
sentinel failover-timeout provtid 10000
sentinel parallel-syncs provtid 1
EOF
done
redis-server "$dir/node-$node_a.conf"
for p in "${replica_nodes[@]}"; do redis-server "$dir/node-$p.conf" --replicaof 127.0.0.1 "$node_a"; done
for p in "${sentinels[@]}"; do redis-server "$dir/sentinel-$p.conf" --sentinel; done
for _ in $(seq 1 100); do
  ready=1
  for p in "${replica_nodes[@]}"; do
    redis-cli -p "$p" info replication | grep -q 'master_link_status:up' || ready=0
  done
  for p in "${sentinels[@]}"; do
    info=$(redis-cli -p "$p" sentinel master provtid 2>/dev/null | paste - - | tr '\t' ' ')
    grep -q "num-slaves $replicas" <<<"$info" && grep -q 'num-other-sentinels 2' <<<"$info" || ready=0
  done
  [ $ready = 1 ] && break
  sleep 0.3
done
[ $ready = 1 ] || { echo "the sentinels did not see the replica and each other; see $dir/*.log" >&2; exit 1; }
sentinel_list=$(printf '127.0.0.1:%s,' "${sentinels[@]}"); sentinel_list=${sentinel_list%,}
echo "# redis: primary $node_a, replicas ${replica_nodes[*]}, sentinels ${sentinels[*]} (redis-server $(redis-server --version | grep -o 'v=[0-9.]*'))"

if [ "${FAILOVER_TOPOLOGY_ONLY:-0}" = 1 ]; then # the kills alone, no app: a check of the topology
  FAILOVER_DIR=$dir FAILOVER_SENTINELS="${sentinels[*]}" \
    "$JAVA_HOME/bin/java" -cp "$(dirname "$JAR")/lib/main/*" "$ROOT/bench/Failover.java" topology "$rounds"
  exit 0
fi

# ---- Provtid: one API (with the simulator) and the workers, all following the sentinels ----
# start_proc NAME HTTP_PORT VAR=value...: the packaged jar in demo with the benchmark's token and key prefix.
start_proc() {
  local name=$1 port=$2; shift 2
  env QUARKUS_PROFILE=demo QUARKUS_HTTP_PORT="$port" QUARKUS_MANAGEMENT_PORT="$((port + 1))" \
    API_SECRET_TOKEN="$BENCH_TOKEN" REDIS_KEY_PREFIX="$BENCH_PREFIX" PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 \
    REDIS_URL=redis://127.0.0.1:1 REDIS_SENTINELS="$sentinel_list" REDIS_SENTINEL_MASTER=provtid \
    MAX_CONCURRENT_JOBS=$((3 * n)) MAX_QUEUED_JOBS=1000000 QR_TIMEOUT=PT30M SITE_REQUEST_TIMEOUT=PT15M \
    SITE_REQUESTS_PER_SECOND=50 SITE_BURST=50 SEARCH_INTERVAL=PT2S RATE_LIMIT_REQUESTS=0 RATE_LIMIT_START_PER_USER=0 \
    STREAM_TOKEN_TTL=PT30M "$@" "$JAVA_HOME/bin/java" -Xmx512m -jar "$JAR" >"$LOGDIR/$name.log" 2>&1 &
  PIDS+=($!)
  local pid=$!
  for _ in $(seq 1 300); do
    if curl -sf "http://127.0.0.1:$port/health" >/dev/null; then return 0; fi
    kill -0 "$pid" 2>/dev/null || { echo "$name exited; see $LOGDIR/$name.log" >&2; return 1; }
    sleep 0.2
  done
  echo "$name did not become healthy; see $LOGDIR/$name.log" >&2; return 1
}
start_fleet() { # WAIT_REPLICAS WORKERS
  BENCH_PREFIX="bench-failover-$$-$RANDOM"
  start_proc failover-api "$PORT" PROVTID_ROLE=api REDIS_WAIT_REPLICAS="$1" WEBHOOK_DISPATCHER=false
  local i per=$(( (3 * n + $2 - 1) / ($2 > 0 ? $2 : 1) ))
  for ((i = 0; i < $2; i++)); do
    start_proc "failover-worker-$i" "$((PORT + 10 + 2 * i))" PROVTID_ROLE=worker REDIS_WAIT_REPLICAS="$1" \
      SITE_BASE_URL="$BENCH_URL" WORKER_CONCURRENCY="$per"
  done
}
stop_fleet() {
  local p
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  PIDS=()
}
j() { jq -r "$2" <<<"$1" 2>/dev/null || echo "?"; }
failover_client() {
  FAILOVER_DIR=$dir FAILOVER_SENTINELS="${sentinels[*]}" FAILOVER_NODES="${nodes[*]}" \
    "$JAVA_HOME/bin/java" -cp "$(dirname "$JAR")/lib/main/*" "$ROOT/bench/Failover.java" "$@" \
    2>>"$LOGDIR/failover-client.log"
}

wait_replicas=${FAILOVER_WAIT:-1}
result="{}"
if [ "${FAILOVER_SKIP_ROUNDS:-0}" != 1 ]; then
  start_fleet "$wait_replicas" "$workers"
  echo "# fleet: 1 api + $workers worker process(es), REDIS_WAIT_REPLICAS=$wait_replicas, MAX_CONCURRENT_JOBS=$((3 * n))"
  result=$(failover_client run "$n" "$rounds" "$rate" "${FAILOVER_DRAIN_SECONDS:-600}" | tail -1)
  echo "failover N=$n rounds=$rounds rate=$rate wait=$wait_replicas workers=$workers $result"
  stop_fleet
fi

# The side by side alternates (1 0 1 0 by default), so that a drift of the machine's load shows rather than biases.
rate1="" rate0=""
if [ "${FAILOVER_SKIP_RATE:-0}" != 1 ]; then
  for w in ${FAILOVER_RATE_ORDER:-1 0 1 0}; do
    start_fleet "$w" 0
    r=$(failover_client rate "${FAILOVER_RATE_SECONDS:-15}" "${FAILOVER_RATE_CLIENTS:-16}" | tail -1)
    echo "rate wait=$w $r (load $(cut -d' ' -f1 /proc/loadavg))"
    if [ "$w" = 1 ]; then rate1="$rate1 $(j "$r" .starts_per_s)/$(j "$r" .p50_ms)/$(j "$r" .p99_ms)"
    else rate0="$rate0 $(j "$r" .starts_per_s)/$(j "$r" .p50_ms)/$(j "$r" .p99_ms)"; fi
    stop_fleet
  done
fi
echo "# run: $started–$(date -u +%H:%M) UTC; load after: $(cut -d' ' -f1-3 /proc/loadavg)"

# ---- the block for docs/benchmarks.md ----
cat <<EOF

| figure | value |
| --- | --- |
| failovers (kill -9 of the primary) | $(j "$result" .rounds) |
| accepted starts (202) during the rounds / lost | $(j "$result" .accepted) / $(j "$result" .lost) |
| phase jobs (4 x $n) completed / other end | $(j "$result" .phase_completed) / $(j "$result" '.phase_other | tostring') |
| double bookings (simulator) | $(j "$result" .double_bookings) |
| API unavailable per failover, first failed start to next 202 (ms) | $(j "$result" '.windows_ms | tostring') |
| p95 / max (ms) | $(j "$result" .window_p95_ms) / $(j "$result" .window_max_ms) |
| kill to new primary named by the sentinels (ms) | $(j "$result" '.switch_ms | tostring') |
| start answers during the rounds | $(j "$result" '.answers | tostring') |
| starts/s / p50 / p99 ms, REDIS_WAIT_REPLICAS=1 (${FAILOVER_RATE_CLIENTS:-16} clients, ${FAILOVER_RATE_SECONDS:-15} s each) |$rate1 |
| starts/s / p50 / p99 ms, REDIS_WAIT_REPLICAS=0 |$rate0 |

Command: \`bench/failover.sh $n $rounds $rate\` (FAILOVER_WORKERS=$workers FAILOVER_REPLICAS=$replicas); machine: $(machine).
EOF
