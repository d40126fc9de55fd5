#!/usr/bin/env bash
# Shared by the benchmarks: finds (or builds) the packaged app, starts it with its simulator on a port of its own
# and a Redis key prefix of its own, runs Bench.java against it, stops it.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
JAR=${PROVTID_JAR:-$ROOT/target/quarkus-app/quarkus-run.jar}
PORT=${BENCH_PORT:-18080}
LOGDIR=${BENCH_LOGS:-$ROOT/target/bench-logs}
export BENCH_URL=http://127.0.0.1:$PORT BENCH_TOKEN=bench-secret-token
export BENCH_MANAGEMENT_URL=http://127.0.0.1:$((PORT + 1)) # /q/metrics: the management port, next to the app's
APP_PID=

build() {
  if [ ! -f "$JAR" ]; then
    (cd "$ROOT" && ./mvnw -B -q package -DskipTests)
  fi
}

# launch NAME JVM_OPTS [VAR=value ...]: the packaged app in `demo` on $PORT with the benchmark's token and its own key
# prefix ($BENCH_PREFIX), waiting until it answers /health.
launch() {
  local name=$1 jvm=$2; shift 2
  mkdir -p "$LOGDIR"
  BENCH_PREFIX="bench-$$-$RANDOM"
  # The management port next to the app's own, so a benchmark runs beside another app (tests, a demo).
  # shellcheck disable=SC2086 # JVM_OPTS is a list of words
  env QUARKUS_PROFILE=demo QUARKUS_HTTP_PORT="$PORT" QUARKUS_MANAGEMENT_PORT="$((PORT + 1))" API_SECRET_TOKEN="$BENCH_TOKEN" \
    REDIS_KEY_PREFIX="$BENCH_PREFIX" PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 "$@" \
    "$JAVA_HOME/bin/java" $jvm -jar "$JAR" >"$LOGDIR/$name.log" 2>&1 &
  APP_PID=$!
  for _ in $(seq 1 300); do
    if curl -sf "$BENCH_URL/health" >/dev/null; then return 0; fi
    kill -0 "$APP_PID" 2>/dev/null || { echo "app exited; see $LOGDIR/$name.log" >&2; return 1; }
    sleep 0.2
  done
  echo "app did not become healthy" >&2; return 1
}

# start_app NAME [VAR=value ...]: the app with the fixed settings of sections 1-6 (a 512 MiB heap, 500 jobs at once,
# no webhooks), so that runs compare. JVM_EXTRA: more JVM options (the watch benchmark's native memory tracking).
start_app() {
  local name=$1; shift
  launch "$name" "-Xmx512m ${JVM_EXTRA:-}" JOB_RETENTION=PT10M QR_TIMEOUT=PT15M MAX_CONCURRENT_JOBS=500 WORKER_CONCURRENCY=500 \
    MAX_BROWSER_INSTANCES=10 WEBHOOK_DISPATCHER=false RATE_LIMIT_REQUESTS=0 "$@"
}

# start_app_defaults NAME [VAR=value ...]: the app as a user would run it (issue 13): every setting at its default
# (WORKER_CONCURRENCY unset, the JVM's default heap, default browser hosts) except the given ones, plus what the
# benchmark itself needs: its port, token and key prefix, QR_TIMEOUT long enough to hold jobs waiting, and no per-address
# rate limit (every benchmark client calls from one address).
start_app_defaults() {
  local name=$1; shift
  launch "$name" "" QR_TIMEOUT=PT15M RATE_LIMIT_REQUESTS=0 "$@"
}

# The worker's own account of its concurrency (the line it logs at start).
chosen_concurrency() {
  grep -o 'started: [0-9]* jobs at once here.*' "$LOGDIR/$1.log" | head -1 | cut -c1-400
}

stop_app() {
  if [ -n "$APP_PID" ]; then
    kill "$APP_PID" 2>/dev/null || true
    wait "$APP_PID" 2>/dev/null || true
    APP_PID=
  fi
}
trap stop_app EXIT

bench() {
  "$JAVA_HOME/bin/java" -cp "$(dirname "$JAR")/lib/main/*" "$ROOT/bench/Bench.java" "$@" 2>>"$LOGDIR/bench-client.log" | tail -1
}

# The app's process tree: PID and every descendant, one a line.
tree_pids() {
  ps -e -o pid=,ppid= | awk -v root="$1" '{ kids[$2] = kids[$2] " " $1 }
    END { queue = root; while (queue != "") { split(queue, q, " "); queue = ""; for (i in q) { print q[i]
      queue = queue kids[q[i]] } } }'
}

# What the running app is made of: its commit, its JVM and the Chromium its browser hosts run (the browser process
# of its tree, not a renderer), so that runs side by side can be shown to use the same ones.
app_binaries() {
  local java chromium="" pid exe
  java=$(readlink -f "/proc/$APP_PID/exe")
  for pid in $(tree_pids "$APP_PID"); do
    exe=$(readlink -f "/proc/$pid/exe" 2>/dev/null) || continue
    case "$exe" in
      *chrom*) if ! tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- '--type='; then chromium=$exe; break; fi ;;
    esac
  done
  echo "commit $(git -C "$ROOT" rev-parse --short HEAD)$(git -C "$ROOT" diff --quiet HEAD -- src pom.xml || echo '+dirty')," \
    "jar $(sha256sum "$(dirname "$JAR")/app/"*.jar | sha256sum | cut -c1-12)," \
    "java $java ($("$java" -version 2>&1 | head -1))," \
    "chromium ${chromium:-none running} ($([ -n "$chromium" ] && "$chromium" --version 2>/dev/null | head -1))"
}

machine() {
  echo "$(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -sr), $(date -u +%Y-%m-%dT%H:%MZ), load $(cut -d' ' -f1-3 /proc/loadavg)"
}
