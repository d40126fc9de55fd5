#!/usr/bin/env bash
# Issue 13, "rush hour": the app with default settings except MAX_CONCURRENT_JOBS, as a user would run it.
#   memory N...      memory per job in authenticating and searching (PSS of the whole process tree)
#   burst N          N jobs started in the same second on a warm app, then on a cold one: start -> first QR frame
#   redis N MINUTES  Redis memory of the waiting jobs' keys (MEMORY USAGE), per job-minute
#   qr N SECONDS     QR latency with N jobs waiting for a scan (section 2's method, these settings)
#   scale N...       for each N: memory, QR latency (30 s) and a warm burst, to find where a target breaks
# Usage: bench/rush.sh memory 50 100 | bench/rush.sh burst 50 [warm|cold] | bench/rush.sh redis 20 3
#        bench/rush.sh qr 100 60 | bench/rush.sh scale 100 150 | bench/rush.sh all
# Extra settings for the app can be given in the environment as RUSH_ENV="LOGIN_WAIT=page ...".
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

burst() {
  local n=$1 modes=${2:-warm cold}
  for mode in $modes; do
    start_app_defaults "rush-burst-$mode-$n" MAX_CONCURRENT_JOBS="$n" "${EXTRA[@]}"
    echo "# $(chosen_concurrency "rush-burst-$mode-$n")"
    echo "burst $mode N=$n $(bench burst "$n" "$mode")"
    stop_app
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
  burst) burst "${1:-50}" "${2:-warm cold}" ;;
  redis) redis "${1:-20}" "${2:-3}" ;;
  qr) qr "${1:-100}" "${2:-60}" ;;
  scale) scale "${@:-100 150}" ;;
  all) memory 50 100; burst 50; redis 20 3; qr 100 60 ;;
  *) echo "usage: $0 memory N... | burst N [warm|cold] | redis N MINUTES | qr N SECONDS | scale N... | all" >&2; exit 2 ;;
esac
