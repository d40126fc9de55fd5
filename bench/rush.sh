#!/usr/bin/env bash
# Issue 13, "rush hour": the app with default settings except MAX_CONCURRENT_JOBS, as a user would run it.
#   memory N...      memory per job in authenticating and searching (PSS of the whole process tree)
#   burst N          N jobs started in the same second on a warm app, then on a cold one: start -> first QR frame
#   redis N MINUTES  Redis memory of the waiting jobs' keys (MEMORY USAGE), per job-minute
# Usage: bench/rush.sh memory 50 100 | bench/rush.sh burst 50 [warm|cold] | bench/rush.sh redis 20 3 | bench/rush.sh all
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

case "$what" in
  memory) memory "${@:-50}" ;;
  burst) burst "${1:-50}" "${2:-warm cold}" ;;
  redis) redis "${1:-20}" "${2:-3}" ;;
  all) memory 50 100; burst 50; redis 20 3 ;;
  *) echo "usage: $0 memory N... | burst N | redis N MINUTES | all" >&2; exit 2 ;;
esac
