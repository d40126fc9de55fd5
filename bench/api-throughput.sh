#!/usr/bin/env bash
# API throughput, side by side in one run: the original design's stack (the seed peer: FastAPI + uvicorn +
# Celery + Redis: PEER_DIR, by default the seed peer in shared/ beside the repository) and Provtid's packaged jar (role api, profile prod).
#
# Run:   bench/api-throughput.sh                      # 10 s warm-up + 20 s measured per phase (about 3 minutes)
#        WARMUP=3s DURATION=5s bench/api-throughput.sh   # a short sanity run
#        PROFILE=1 bench/api-throughput.sh            # + JFR on Provtid during its measured POST phase
#        PROFILE=1 PROFILE_PHASE=status SYSTEMS=provtid bench/api-throughput.sh   # ... or its status phase
# Env:   WARMUP, DURATION (wrk -d), THREADS=2, CONNS=64 (wrk -t/-c), SYSTEMS="peer provtid" (either or both),
#        PEER_DIR (the peer's folder), PROVTID_JAR (default target/quarkus-app/quarkus-run.jar, built if missing),
#        PROVTID_JAVA_OPTS (default -Xmx512m), PROVTID_MAX_QUEUED_JOBS (default 10000000), STATUS_IDS (jobs
#        created before the measured phases for GET status, default 20), BENCH_RESULTS (default target/bench-results).
# Needs: wrk, redis-server, curl, jq, and the peer's Debian packages (see the peer's README):
#        apt-get install -y --no-install-recommends python3-fastapi python3-uvicorn python3-celery python3-redis \
#          python3-pydantic python3-starlette python3-hiredis python3-httptools python3-uvloop wrk
#
# Workload (issue's): wrk -t2 -c64 --latency, per system and phase WARMUP then DURATION measured.
#   POST /api/v1/booking/start: the original design's example body, a fresh user_id per request and date_ranges
#     in the future (the peer's wrk/post_start_unique.lua; each wrk run has its own BENCH_STAMP).
#   GET /api/v1/booking/status/{id}: ids of STATUS_IDS jobs created before the POST phase (the peer's get_status.lua).
# Each system has its own redis-server without persistence on 127.0.0.1 (the peer's run.sh starts one on 6390;
# this script starts Provtid's on a free port). The shared Redis on 6379 is never used. Everything is stopped on exit.
#
# Prints: a "# machine:" line, one line per measured phase, then a table with req/s, p50 and p99 of both systems,
# the ratios (Provtid/peer req/s, peer p99 / Provtid p99), server CPU per request, and an ERRORS flag when any
# request failed (connect/read/write/timeout, or a 4xx/5xx answer: wrk counts every status > 399 in err_status).
# Writes target/bench-results/api-throughput-<stamp>.json (and the raw wrk outputs in a folder of the same name).
# A phase during which other processes (not the server, its redis or wrk) took over 10 % of the cores is marked
# BUSY MACHINE: the machine is shared, so compare ratios from runs without that mark.
# Exit status: 0, or 3 when any measured phase had errors (after printing everything).
set -euo pipefail
source "$(dirname "$0")/lib.sh"    # ROOT, JAVA_HOME, JAR, build, machine, stop_app

WARMUP=${WARMUP:-10s}
DURATION=${DURATION:-20s}
THREADS=${THREADS:-2}
CONNS=${CONNS:-64}
SYSTEMS=${SYSTEMS:-peer provtid}
PROFILE=${PROFILE:-0}
PROFILE_PHASE=${PROFILE_PHASE:-post}   # which measured phase PROFILE=1 records: post or status
STATUS_IDS=${STATUS_IDS:-20}
PEER_DIR=${PEER_DIR:-$(cd "$(dirname "$0")/.." && pwd)/../shared/peers/seed-fastapi-celery}
PROVTID_JAVA_OPTS=${PROVTID_JAVA_OPTS:--Xmx512m}
PROVTID_MAX_QUEUED_JOBS=${PROVTID_MAX_QUEUED_JOBS:-10000000}
TOKEN=bench-api-token-0123456789abcdefghijklmnop   # the same Bearer token for both systems (prod wants 32+ bytes)
STAMP=$(date -u +%Y%m%dT%H%M%SZ)-$$
RESULTS=${BENCH_RESULTS:-$ROOT/target/bench-results}
OUT=$RESULTS/api-throughput-$STAMP
HZ=$(getconf CLK_TCK)
BENCH_FROM=$(date -d '+10 days' +%F)
BENCH_TO=$(date -d '+70 days' +%F)
BODY_TEMPLATE='{"user_id":"USER","license_type":"B","exam_type":"Körprov","locations":["Stockholm","Uppsala"],"date_ranges":[{"start":"'$BENCH_FROM'","end":"'$BENCH_TO'"}],"webhook_url":"https://example.com/webhook","auto_book":true,"priority":"normal"}'

export SEED_API_TOKEN=$TOKEN SEED_WRK_DIR=$PEER_DIR/wrk BENCH_FROM BENCH_TO
export SEED_STATE_DIR=$OUT/peer-state      # the peer's pids and logs stay inside this run's folder

PEER_UP=0
REDIS_PID=
cleanup() {
  local rc=$?
  stop_app
  if [[ -n $REDIS_PID ]]; then kill "$REDIS_PID" 2>/dev/null || true; wait "$REDIS_PID" 2>/dev/null || true; fi
  if [[ $PEER_UP == 1 ]]; then "$PEER_DIR/stop.sh" >"$OUT/peer-stop.log" 2>&1 || true; fi
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

die() { echo "api-throughput: $*" >&2; exit 1; }
for tool in wrk redis-server redis-cli curl jq; do command -v $tool >/dev/null || die "$tool is missing (see the header)"; done
[[ -x $PEER_DIR/run.sh || ! " $SYSTEMS " =~ " peer " ]] || die "no peer at $PEER_DIR"

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() {   # first port from $1 on that nothing listens on (bounded)
  local p
  for p in $(seq "$1" $(($1 + 200))); do port_busy "$p" || { echo "$p"; return 0; }; done
  die "no free port from $1"
}
ticks() { local s=0 p; for p in "$@"; do [[ -r /proc/$p/stat ]] && s=$((s + $(awk '{print $14+$15}' "/proc/$p/stat"))); done; echo $s; }
sysbusy() { awk '/^cpu /{print $2+$3+$4+$7+$8+$9}' /proc/stat; }
rss_kib() { local s=0 p; for p in "$@"; do [[ -r /proc/$p/status ]] && s=$((s + $(awk '/^VmRSS/{print $2}' "/proc/$p/status"))); done; echo $s; }

mkdir -p "$OUT"
echo "# machine: $(machine)"
echo "# wrk -t$THREADS -c$CONNS --latency, warm-up $WARMUP, measured $DURATION per phase; dates $BENCH_FROM..$BENCH_TO; results in $OUT"
[[ $PROFILE == 1 ]] && echo "# PROFILE=1: JFR runs on Provtid during its measured $PROFILE_PHASE phase; its figures are not for comparison"

# one_start URL: one POST with the benchmark's body shape; must answer 202 (catches a schema the system refuses)
one_start() {
  local url=$1 body code
  body=${BODY_TEMPLATE/USER/check-$STAMP-$RANDOM}
  code=$(curl -s -o "$OUT/check-start.json" -w '%{http_code}' -H "Authorization: Bearer $TOKEN" \
    -H 'Content-Type: application/json' --data-binary "$body" "$url/api/v1/booking/start")
  [[ $code == 202 ]] || die "POST $url/api/v1/booking/start answered $code: $(head -c 600 "$OUT/check-start.json")"
}
# seed_ids URL FILE: STATUS_IDS jobs created before the status phase; their ids go to FILE
seed_ids() {
  local url=$1 file=$2 i body
  : >"$file"
  for i in $(seq 1 "$STATUS_IDS"); do
    body=${BODY_TEMPLATE/USER/status-$STAMP-$i}
    curl -fsS -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' --data-binary "$body" \
      "$url/api/v1/booking/start" | jq -er .job_id >>"$file" || die "seeding a job at $url failed"
  done
  local id; id=$(head -1 "$file")
  [[ $(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN" "$url/api/v1/booking/status/$id") == 200 ]] \
    || die "GET status of $id at $url did not answer 200"
}

# phase SYSTEM NAME URL LUA PATH "SERVER PIDS" "REDIS PID": warm-up, then the measured wrk run with CPU accounting.
# Appends one JSON object per measured phase to $OUT/phases.jsonl.
phase() {
  local sys=$1 name=$2 url=$3 lua=$4 path=$5 pids=$6 rpid=$7 f w a0 a1 r0 r1 s0 s1 wcpu res non2xx
  w=$OUT/$sys-$name-warmup.txt f=$OUT/$sys-$name.txt
  BENCH_STAMP=$STAMP-$sys-$name-w wrk -t"$THREADS" -c"$CONNS" -d"$WARMUP" --latency -s "$SEED_WRK_DIR/$lua" "$url$path" >"$w" 2>&1 \
    || die "wrk warm-up failed: $(tail -3 "$w")"
  if [[ $PROFILE == 1 && $sys == provtid && $name == $PROFILE_PHASE ]]; then
    # CPU-time sampling (JDK 25, Linux) when the JVM takes it, else execution samples only
    "$JAVA_HOME/bin/jcmd" "$APP_PID" JFR.start name=bench settings=profile 'jdk.CPUTimeSample#enabled=true' \
      'jdk.CPUTimeSample#throttle=5ms' >"$OUT/jfr-start.log" 2>&1 && grep -q 'Started recording' "$OUT/jfr-start.log" \
      || "$JAVA_HOME/bin/jcmd" "$APP_PID" JFR.start name=bench settings=profile >>"$OUT/jfr-start.log" 2>&1 \
      || die "JFR.start failed: $(cat "$OUT/jfr-start.log")"
  fi
  # shellcheck disable=SC2086
  a0=$(ticks $pids); r0=$(ticks $rpid); s0=$(sysbusy)
  TIMEFORMAT='wrk_cpu user=%U sys=%S wall=%R'
  { time BENCH_STAMP=$STAMP-$sys-$name wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" --latency -s "$SEED_WRK_DIR/$lua" "$url$path"; } >"$f" 2>&1 \
    || die "wrk failed: $(tail -3 "$f")"
  # shellcheck disable=SC2086
  s1=$(sysbusy); a1=$(ticks $pids); r1=$(ticks $rpid)
  if [[ $PROFILE == 1 && $sys == provtid && $name == $PROFILE_PHASE ]]; then
    "$JAVA_HOME/bin/jcmd" "$APP_PID" JFR.stop name=bench filename="$OUT/provtid-$PROFILE_PHASE.jfr" >"$OUT/jfr-stop.log" 2>&1 \
      || echo "JFR.stop failed: $(cat "$OUT/jfr-stop.log")" >&2
  fi
  res=$(grep '^RESULT ' "$f" | tail -1) || die "no RESULT line in $f: $(tail -5 "$f")"
  wcpu=$(sed -n 's/^wrk_cpu user=\([0-9.]*\) sys=\([0-9.]*\).*/\1 \2/p' "$f" | awk '{printf "%.2f", $1+$2}')
  non2xx=$(sed -n 's/^ *Non-2xx or 3xx responses: *\([0-9]*\).*/\1/p' "$f"); non2xx=${non2xx:-0}
  # shellcheck disable=SC2086
  echo "$res" | tr ' ' '\n' | grep '=' | jq -R 'split("=") | {(.[0]): (.[1] | tonumber)}' | jq -s add |
    jq -c --arg sys "$sys" --arg phase "$name" --argjson non2xx "$non2xx" --argjson hz "$HZ" \
      --argjson app $((a1 - a0)) --argjson redis $((r1 - r0)) --argjson tot $((s1 - s0)) --argjson wrk "$wcpu" \
      --argjson rss "$(rss_kib $pids)" --argjson ncpu "$(nproc)" '
      . + {system: $sys, phase: $phase, non2xx: $non2xx,
           errors: (.err_connect + .err_read + .err_write + .err_status + .err_timeout),
           server_cpu_s: ($app / $hz), redis_cpu_s: ($redis / $hz), wrk_cpu_s: $wrk,
           other_cpu_s: ((($tot - $app - $redis) / $hz - $wrk) * 100 | round / 100),
           server_cpu_ms_per_req: (if .requests > 0 then ($app + $redis) / $hz * 1000 / .requests else null end),
           server_rss_mib: ($rss / 1024 | round)}
      | . + {busy_machine: (.other_cpu_s > 0.1 * $ncpu * .seconds)}' >>"$OUT/phases.jsonl"
  tail -1 "$OUT/phases.jsonl" | jq -r '"\(.system) \(.phase): \(.rps | round) req/s, p50 \(.p50_ms) ms, p99 \(.p99_ms) ms, "
    + "\(.requests) requests, errors \(.errors) (status>399: \(.err_status), timeouts: \(.err_timeout)), "
    + "cpu s: server \(.server_cpu_s) redis \(.redis_cpu_s) wrk \(.wrk_cpu_s) other \(.other_cpu_s)"
    + (if .errors > 0 then "   <-- ERRORS" else "" end)
    + (if .busy_machine then "   <-- BUSY MACHINE (other processes took over 10 % of the cores)" else "" end)'
}

run_peer() {
  local url=http://127.0.0.1:8090 pids rpid
  for p in 8090 6390; do
    if port_busy $p; then die "port $p is in use: the peer needs 6390 and 8090 (is another peer run going?)"; fi
  done
  PEER_UP=1
  WORKERS=${PEER_WORKERS:-2} "$PEER_DIR/run.sh" >"$OUT/peer-run.log" 2>&1 || die "peer did not start: $(tail -5 "$OUT/peer-run.log")"
  pids=$(awk '$1 != "redis" {print $2}' "$SEED_STATE_DIR/run/pids" | tr '\n' ' ')
  rpid=$(awk '$1 == "redis" {print $2}' "$SEED_STATE_DIR/run/pids")
  one_start $url
  seed_ids $url "$OUT/peer-ids.txt"
  phase peer post $url post_start_unique.lua /api/v1/booking/start "$pids" "$rpid"
  SEED_IDS_FILE=$OUT/peer-ids.txt phase peer status $url get_status.lua /api/v1/booking/status/x "$pids" "$rpid"
  "$PEER_DIR/stop.sh" >"$OUT/peer-stop.log" 2>&1 || true
  PEER_UP=0
}

run_provtid() {
  local rport hport url
  build
  rport=$(free_port 16400); hport=$(free_port 18180)
  redis-server --port "$rport" --bind 127.0.0.1 --save '' --appendonly no --daemonize no \
    --dir "$OUT" --logfile "$OUT/provtid-redis.log" &
  REDIS_PID=$!
  for _ in $(seq 1 50); do [[ "$(redis-cli -p "$rport" ping 2>/dev/null)" == PONG ]] && break; sleep 0.2; done
  [[ "$(redis-cli -p "$rport" ping 2>/dev/null)" == PONG ]] || die "redis on $rport did not start"
  url=http://127.0.0.1:$hport
  # shellcheck disable=SC2086
  env QUARKUS_PROFILE=prod PROVTID_ROLE=api WEBHOOK_DISPATCHER=false RATE_LIMIT_REQUESTS=${PROVTID_RATE_LIMIT:-1000000000} MAX_QUEUED_JOBS="$PROVTID_MAX_QUEUED_JOBS" \
    API_SECRET_TOKEN="$TOKEN" REDIS_URL="redis://127.0.0.1:$rport" QUARKUS_HTTP_PORT="$hport" QUARKUS_HTTP_HOST=127.0.0.1 \
    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 \
    "$JAVA_HOME/bin/java" $PROVTID_JAVA_OPTS $([[ $PROFILE == 1 ]] && echo -XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints) \
    -jar "$JAR" >"$OUT/provtid.log" 2>&1 &
  APP_PID=$!
  local ok=0
  for _ in $(seq 1 300); do
    if curl -sf "$url/health" >/dev/null; then ok=1; break; fi
    kill -0 "$APP_PID" 2>/dev/null || die "Provtid exited; see $OUT/provtid.log: $(tail -5 "$OUT/provtid.log")"
    sleep 0.2
  done
  [[ $ok == 1 ]] || die "Provtid did not become healthy; see $OUT/provtid.log"
  one_start "$url"
  seed_ids "$url" "$OUT/provtid-ids.txt"
  phase provtid post "$url" post_start_unique.lua /api/v1/booking/start "$APP_PID" "$REDIS_PID"
  SEED_IDS_FILE=$OUT/provtid-ids.txt phase provtid status "$url" get_status.lua /api/v1/booking/status/x "$APP_PID" "$REDIS_PID"
  echo "provtid: $(redis-cli -p "$rport" dbsize) keys in its redis after the run; $(grep -c ' ERROR ' "$OUT/provtid.log" || true)" \
    "ERROR lines in $OUT/provtid.log (a ClosedChannelException per connection wrk drops when a run ends is expected)"
  stop_app
  kill "$REDIS_PID" 2>/dev/null || true; wait "$REDIS_PID" 2>/dev/null || true; REDIS_PID=
}

: >"$OUT/phases.jsonl"
for sys in $SYSTEMS; do
  case $sys in
    peer) run_peer ;;
    provtid) run_provtid ;;
    *) die "unknown system $sys (peer, provtid)" ;;
  esac
done

# ---- summary ----
jq -s --arg stamp "$STAMP" --arg machine "$(machine)" --arg warmup "$WARMUP" --arg duration "$DURATION" \
  --arg wrk "-t$THREADS -c$CONNS --latency" --arg profile "$PROFILE" '
  . as $all
  | def by(s; p): $all | map(select(.system == s and .phase == p)) | .[0];
  def both(p): (by("provtid"; p) != null and by("peer"; p) != null);
  {stamp: $stamp, machine: $machine, wrk: $wrk, warmup: $warmup, duration: $duration, profile: ($profile == "1"),
   phases: $all,
   ratios: ([ "post", "status" ] | map(. as $p | {($p): {
       rps_provtid_over_peer: (if both($p) then (by("provtid"; $p).rps / by("peer"; $p).rps * 100 | round / 100) else null end),
       p99_peer_over_provtid: (if both($p) then (by("peer"; $p).p99_ms / by("provtid"; $p).p99_ms * 100 | round / 100) else null end)}}) | add),
   errors: ($all | map(.errors) | add // 0)}' "$OUT/phases.jsonl" >"$OUT.json"

echo
jq -r '
  def by(s; p): .phases | map(select(.system == s and .phase == p)) | .[0];
  def f(x): if x == null then "-" else (x | tostring) end;
  def r(x): if x == null then "-" else (x | round | tostring) end;
  ["endpoint", "peer req/s", "peer p50/p99 ms", "Provtid req/s", "Provtid p50/p99 ms", "rps Provtid/peer", "p99 peer/Provtid", "cpu ms/req peer|Provtid", "errors peer|Provtid"],
  (["post", "status"][] as $p | by("peer"; $p) as $a | by("provtid"; $p) as $b |
    [(if $p == "post" then "POST start" else "GET status" end),
     r($a.rps), (if $a then "\($a.p50_ms)/\($a.p99_ms)" else "-" end),
     r($b.rps), (if $b then "\($b.p50_ms)/\($b.p99_ms)" else "-" end),
     f(.ratios[$p].rps_provtid_over_peer), f(.ratios[$p].p99_peer_over_provtid),
     "\(if $a then ($a.server_cpu_ms_per_req * 100 | round / 100) else "-" end)|\(if $b then ($b.server_cpu_ms_per_req * 100 | round / 100) else "-" end)",
     "\(f($a.errors))|\(f($b.errors))"])
  | @tsv' "$OUT.json" | column -t -s $'\t'
echo "# cpu ms/req: the server processes and their redis, per measured request; other processes used $(jq -r '[.phases[].other_cpu_s] | map(tostring) | join(", ")' "$OUT.json") cpu-s during the phases"
echo "# results: $OUT.json (raw wrk output in $OUT/)"
busy=$(jq -r '[.phases[] | select(.busy_machine) | "\(.system) \(.phase)"] | join(", ")' "$OUT.json")
[[ -z $busy ]] || echo "!! busy machine: other processes took over 10 % of the cores during: $busy; compare ratios only from a quiet run"

if [[ $PROFILE == 1 && -f $OUT/provtid-$PROFILE_PHASE.jfr ]]; then
  JFR=$JAVA_HOME/bin/jfr REC=$OUT/provtid-$PROFILE_PHASE.jfr
  if [[ $("$JFR" summary "$REC" | awk '$1 == "jdk.CPUTimeSample" {print $2}') -gt 0 ]] 2>/dev/null; then
    EVENT=jdk.CPUTimeSample VIEW=cpu-time-hot-methods
  else
    EVENT=jdk.ExecutionSample VIEW=hot-methods
  fi
  echo
  echo "## Provtid, measured $PROFILE_PHASE phase: where the CPU went ($EVENT, recording $REC)"
  "$JFR" view --width 160 "$VIEW" "$REC" | tee "$OUT/provtid-$PROFILE_PHASE-hot-methods.txt" | sed -n '1,28p'
  echo
  "$JFR" print --stack-depth 64 --events "$EVENT" "$REC" | awk -f "$ROOT/bench/jfr-areas.awk" | tee "$OUT/provtid-$PROFILE_PHASE-areas.txt"
fi

errs=$(jq '.errors' "$OUT.json")
if [[ $errs != 0 ]]; then
  echo
  echo "!!! ERRORS: $errs requests failed in measured phases (connect/read/write/timeout or HTTP status > 399);"
  echo "!!! see the 'errors' column and $OUT/*.txt ('Non-2xx or 3xx responses'). Figures of those phases are not valid."
  exit 3
fi
