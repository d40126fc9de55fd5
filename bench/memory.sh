#!/usr/bin/env bash
# Memory per job: N jobs held in authenticating, then in searching; PSS summed over the app's whole process tree
# (JVM, Playwright drivers, browsers). Then, in the same run, the original design's way (one Playwright and one
# browser per job, page kept) at N=10.  Usage: bench/memory.sh [N ...]   (default: 10 25 50)
source "$(dirname "$0")/lib.sh"
build
CONTEXTS=${BROWSER_CONTEXTS_PER_HOST:-25}
echo "# machine: $(machine)"
echo "# shared hosts: BROWSER_CONTEXTS_PER_HOST=$CONTEXTS, BROWSER_CHROMIUM_ARGS=${BROWSER_CHROMIUM_ARGS:-}, pages parked while searching"
for n in "${@:-10 25 50}"; do
  for one in $n; do
    start_app "memory-$one" BROWSER_CONTEXTS_PER_HOST="$CONTEXTS"
    echo "shared N=$one $(bench memory "$one" "$APP_PID")"
    stop_app
  done
done
if [ -z "${SKIP_ORIGINAL:-}" ]; then
  start_app memory-original BROWSER_CONTEXTS_PER_HOST=1 MAX_BROWSER_INSTANCES=10 BROWSER_PARK_PAGES=false \
    BROWSER_CHROMIUM_ARGS=
  echo "original N=10 (one Playwright + one browser per job, page kept) $(bench memory 10 "$APP_PID")"
  stop_app
fi
