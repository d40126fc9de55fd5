#!/usr/bin/env bash
# SSE fan-out: JOBS jobs waiting for a BankID scan (authenticating, the simulator's QR codes changing every second),
# SUBS subscribers on each job's stream_url (JOBS x SUBS open streams), measured for SECONDS.
#
# Run:   bench/sse-fanout.sh                 # 25 jobs x 40 subscribers = 1,000 streams, 30 s (about 2-4 minutes)
#        bench/sse-fanout.sh 3 5 10          # a short sanity run: 3 jobs x 5 subscribers, 10 s
# Args:  JOBS (25), SUBS per job (40), SECONDS measured (30).
# Env:   BASELINE (s without subscribers first, default 10), SETTLE (s after opening the streams, 5), GRACE (s for late
#        frames after the window, 5), START_TIMEOUT (s for every job to reach authenticating, 240), OPEN_TIMEOUT (60),
#        RAMP (s over which the streams are opened, evenly; default 0 = all at once, a burst),
#        BENCH_PORT (18080), PROVTID_JAR, BENCH_RESULTS (default target/bench-results), and the app's own settings.
# Needs: Chromium (apt-get install -y chromium), redis-server, curl; builds the jar when missing (bench/lib.sh).
#
# The app: the packaged jar, profile demo (simulator, real Chromium), role all, QR_TIMEOUT=PT15M, job caps above
# JOBS (bench/lib.sh start_app), its own redis-server without persistence on a free port (never the shared 6379).
# The client (bench/SseFanout.java, run with the app's libraries, one virtual thread and one HTTP/1.1 connection
# per stream): starts JOBS jobs, waits until all are authenticating, measures the server without subscribers for
# BASELINE s, opens every stream at once or over RAMP s (GET stream_url with its ?token=, Accept: text/event-stream), waits SETTLE s,
# then measures SECONDS s.
#
# Prints: a "# machine:" line, then
#   - refused streams (non-200 answers such as 503, or failures to connect), streams that ended early;
#   - frames per subscriber: expected (one a second), published per job, received min/median/max, and how many
#     subscribers got every frame their job published;
#   - lateness of each qr_code_update = arrival on the subscriber - (valid_until - 1 s), p50/p99/max;
#   - the server JVM's CPU (utime+stime from /proc/PID/stat over the window, % of one core; the same without
#     subscribers as a baseline; also the JVM with its browsers) and its RSS and PSS (peak of two samples);
# and writes target/bench-results/sse-fanout-<stamp>.json. Exit status 0; 2 when the client gave up (jobs never
# authenticating, watchdog); 3 when streams were refused, ended early, or a subscriber missed frames.
# Everything it starts (app, its redis-server, the client) is stopped on exit; the whole run is bounded by timeouts.
set -euo pipefail
source "$(dirname "$0")/lib.sh"    # ROOT, JAVA_HOME, JAR, build, start_app, stop_app, machine

JOBS=${1:-25}; SUBS=${2:-40}; SECONDS_MEASURED=${3:-30}
STAMP=$(date -u +%Y%m%dT%H%M%SZ)-$$
RESULTS=${BENCH_RESULTS:-$ROOT/target/bench-results}
OUT=$RESULTS/sse-fanout-$STAMP
export CLK_TCK=$(getconf CLK_TCK)

REDIS_PID=
cleanup() {
  local rc=$?
  stop_app
  if [[ -n $REDIS_PID ]]; then kill "$REDIS_PID" 2>/dev/null || true; wait "$REDIS_PID" 2>/dev/null || true; fi
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM
die() { echo "sse-fanout: $*" >&2; exit 1; }

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() { local p; for p in $(seq "$1" $(($1 + 200))); do port_busy "$p" || { echo "$p"; return 0; }; done; die "no free port from $1"; }

build
mkdir -p "$OUT"
LOGDIR=$OUT                       # start_app writes the app's log here
if port_busy "$PORT"; then die "port $PORT is in use (set BENCH_PORT)"; fi
RPORT=$(free_port 16500)
redis-server --port "$RPORT" --bind 127.0.0.1 --save '' --appendonly no --daemonize no \
  --dir "$OUT" --logfile "$OUT/redis.log" &
REDIS_PID=$!
for _ in $(seq 1 50); do [[ "$(redis-cli -p "$RPORT" ping 2>/dev/null)" == PONG ]] && break; sleep 0.2; done
[[ "$(redis-cli -p "$RPORT" ping 2>/dev/null)" == PONG ]] || die "redis on $RPORT did not start"

echo "# machine: $(machine)"
echo "# $JOBS jobs x $SUBS subscribers = $((JOBS * SUBS)) streams, opened $([[ ${RAMP:-0} == 0 ]] && echo 'all at once' || echo "over $RAMP s"), measured ${SECONDS_MEASURED} s; REDIS_POOL_SIZE=${REDIS_POOL_SIZE:-32 (default)}; app log and results in $OUT"
CAP=$((JOBS + 10))
start_app sse-fanout REDIS_URL="redis://127.0.0.1:$RPORT" QUARKUS_HTTP_HOST=127.0.0.1 \
  MAX_CONCURRENT_JOBS=$CAP WORKER_CONCURRENCY=$CAP MAX_QUEUED_JOBS=$((CAP * 10)) SSE_STREAMS_PER_JOB=$((SUBS + 5)) \
  BROWSER_CONTEXTS_PER_HOST="${BROWSER_CONTEXTS_PER_HOST:-25}"
# bounded: jobs to authenticating + baseline + open + settle + window + grace + margin
LIMIT=$(( ${START_TIMEOUT:-240} + ${BASELINE:-10} + ${RAMP:-0} + ${OPEN_TIMEOUT:-60} + ${SETTLE:-5} + SECONDS_MEASURED + ${GRACE:-5} + 120 ))
set +e
timeout --kill-after=10 "$LIMIT" "$JAVA_HOME/bin/java" -Xmx1g -cp "$(dirname "$JAR")/lib/main/*" "$ROOT/bench/SseFanout.java" \
  "$JOBS" "$SUBS" "$SECONDS_MEASURED" "$APP_PID" 2>"$OUT/client.log" | tee "$OUT/client.out"
rc=${PIPESTATUS[0]}
set -e
[[ $rc == 0 ]] || { echo "sse-fanout: the client failed (exit $rc); see $OUT/client.log and $OUT/sse-fanout.log" >&2; tail -5 "$OUT/client.log" >&2; exit 2; }
tail -1 "$OUT/client.out" | jq --arg machine "$(machine)" '. + {machine: $machine}' >"$OUT.json"
echo "# results: $OUT.json"
bad=$(jq '(.streams_refused > 0) or (.streams_ended_early > 0) or (.frames_received_per_subscriber_min < .frames_published_per_job_min) or (.frames_published_per_job_min < .seconds - 1)' "$OUT.json")
if [[ $bad == true ]]; then
  echo "!!! streams refused or ended early, or subscribers missed frames (or a job published fewer than one a second): see above"
  exit 3
fi
