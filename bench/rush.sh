#!/usr/bin/env bash
# Issue 13, "rush hour": the app with default settings except MAX_CONCURRENT_JOBS, as a user would run it.
#   memory N...      memory per job in authenticating and searching (PSS of the whole process tree)
#   burst N          N jobs started in the same second on a warm app, then on a cold one: start -> first QR frame,
#                    CPU-seconds per login, valid codes within 10 s, memory per waiting job
#   redis N MINUTES  Redis memory of the waiting jobs' keys (MEMORY USAGE), per job-minute
#   qr N SECONDS     QR latency with N jobs waiting for a scan (section 2's method, these settings)
#   scale N...       for each N: memory, QR latency (30 s) and a warm burst, to find where a target breaks
#   logins N...      issue 21: for each N a warm burst with every default, then the same with LOGIN_MODE=page; each
#                    with CPU-seconds per login, valid codes within 10 s and memory per waiting job (section 10)
# Usage: bench/rush.sh memory 50 100 | bench/rush.sh burst 50 [warm|cold] [page|lean|auto] | bench/rush.sh redis 20 3
#        bench/rush.sh qr 100 60 | bench/rush.sh scale 100 150 | bench/rush.sh logins 50 200 | bench/rush.sh all
# Extra settings for the app can be given in the environment as RUSH_ENV="LOGIN_WAIT=page ..." (for both runs of
# `logins`; a LOGIN_MODE there is overridden by the page run's and makes the "default" run's label wrong).
source "$(dirname "$0")/lib.sh"
build
echo "# machine: $(machine)"
read -r -a EXTRA <<<"${RUSH_ENV:-}"
what=${1:-all}; shift || true

memory() {
  for n in "$@"; do
    start_app_defaults "rush-memory-$n" MAX_CONCURRENT_JOBS="$n" "${EXTRA[@]}"
    echo "# $(chosen_concurrency "rush-memory-$n")"
    echo "memory N=$n $(bench memory "$n" "$APP_PID")"
    stop_app
  done
}

# burst N [MODES] [LOGIN_MODE]: LOGIN_MODE given (page, lean, auto) is set for the app; "default" leaves it unset.
burst() {
  local n=$1 modes=${2:-warm cold} login=${3:-default} name
  local -a mode_env=()
  if [ "$login" != default ]; then mode_env=(LOGIN_MODE="$login"); fi
  for mode in $modes; do
    name="rush-burst-$mode-$n-$login"
    start_app_defaults "$name" MAX_CONCURRENT_JOBS="$n" "${EXTRA[@]}" "${mode_env[@]}"
    echo "# $(chosen_concurrency "$name")"
    echo "burst $mode N=$n login_mode=$login $(bench burst "$n" "$mode" "$APP_PID")"
    LAST_BINARIES=$(app_binaries)
    echo "# app: $LAST_BINARIES"
    stop_app
  done
}

# logins N...: issue 21's side by side, for each N a warm burst with the defaults, then with LOGIN_MODE=page, on the
# same jar, JVM and Chromium (checked from the running apps).
logins() {
  local n first
  for n in "$@"; do
    burst "$n" warm default
    first=$LAST_BINARIES
    burst "$n" warm page
    if [ "$first" = "$LAST_BINARIES" ]; then echo "# same jar, JVM and Chromium in both runs of N=$n"
    else echo "# DIFFERENT binaries in the runs of N=$n: default: $first; page: $LAST_BINARIES"; fi
    echo "# load after N=$n: $(cut -d' ' -f1-3 /proc/loadavg)"
  done
}

redis() {
  local n=$1 minutes=$2
  start_app_defaults "rush-redis-$n" MAX_CONCURRENT_JOBS="$n" "${EXTRA[@]}"
  echo "redis N=$n $(bench redis "$n" "$minutes" "$BENCH_PREFIX")"
  stop_app
}

qr() {
  local n=$1 seconds=$2
  start_app_defaults "rush-qr-$n" MAX_CONCURRENT_JOBS="$n" "${EXTRA[@]}"
  echo "# $(chosen_concurrency "rush-qr-$n")"
  echo "qr N=$n $(bench qr "$n" "$seconds")"
  stop_app
}

scale() {
  for n in "$@"; do
    memory "$n"
    qr "$n" 30
    burst "$n" warm
    echo "# load after N=$n: $(cut -d' ' -f1-3 /proc/loadavg), free: $(free -m | awk '/Mem:/{print $7}') MiB available"
  done
}

case "$what" in
  memory) memory "${@:-50}" ;;
  burst) burst "${1:-50}" "${2:-warm cold}" "${3:-default}" ;;
  redis) redis "${1:-20}" "${2:-3}" ;;
  qr) qr "${1:-100}" "${2:-60}" ;;
  scale) scale "${@:-100 150}" ;;
  logins) if [ $# -eq 0 ]; then set -- 50 200; fi; logins "$@" ;;
  all) memory 50 100; burst 50; redis 20 3; qr 100 60 ;;
  *) echo "usage: $0 memory N... | burst N [warm|cold] | redis N MINUTES | qr N SECONDS | scale N... | logins N... | all" >&2; exit 2 ;;
esac
