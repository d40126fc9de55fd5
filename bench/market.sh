#!/usr/bin/env bash
# The slot market (issue 19): N people logged in and searching, each wanting 1-3 of the simulator's 16 places within
# the next 60 days; the simulator's market releases slots at random and rivals take them; SEARCH_MODE fleet and job
# in the same run. One JSON line per (N, mode, rival median).
# Usage: bench/market.sh [N ...]   env: MINUTES (10), MODES ("fleet job"), MEDIANS ("120,20"), RELEASES (20),
#   MEDIANS_BELOW_200 (the medians for N < 200, to shorten a run). Below N=100 fresh people log in for each median.
source "$(dirname "$0")/lib.sh"
build
echo "# machine: $(machine)"
for n in ${@:-10 50 200}; do
  medians=${MEDIANS:-120,20}; [ -n "${MEDIANS_BELOW_200:-}" ] && [ "$n" -lt 200 ] && medians=$MEDIANS_BELOW_200
  for mode in ${MODES:-fleet job}; do
    start_app "market-$mode-$n" SEARCH_MODE="$mode" BROWSER_CONTEXTS_PER_HOST="${BROWSER_CONTEXTS_PER_HOST:-25}"
    "$JAVA_HOME/bin/java" -cp "$(dirname "$JAR")/lib/main/*" "$ROOT/bench/Market.java" "$n" "${MINUTES:-10}" \
      "$mode" "$medians" "${RELEASES:-20}" 2>>"$LOGDIR/bench-client.log" | grep '^{' | sed "s/^/market /" \
      || echo "market N=$n mode=$mode failed (see $LOGDIR)"
    echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)"
    stop_app
  done
done
