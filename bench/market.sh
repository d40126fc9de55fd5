#!/usr/bin/env bash
# The slot market (issue 19): N people logged in and searching, each wanting 1-3 of the simulator's 16 places within
# the next 60 days; the simulator's market releases slots at random and rivals take them; SEARCH_MODE fleet and job
# in the same run. One JSON line per (N, mode, rival median).
# Usage: bench/market.sh [N ...]   env: MINUTES (10), MODES ("fleet job"), MEDIANS ("120,20"), RELEASES (20),
#   MEDIANS_BELOW_200 (the medians for N < 200, to shorten a run). Below N=100 fresh people log in for each median.
#
# The watch (issue 20): bench/market.sh watch   (client bench/Watch.java; fleet mode, the market on)
#   N people log in; the simulator ends every session after SESSION_SECONDS; each job then watches, and each person
#   comes back (POST /api/v1/booking/resume, a new scan) after an exponential delay with median RESCAN_MEDIAN_SECONDS
#   following each login_required or slot_available, except a share NEVER_SHARE who never do. Releases for MINUTES,
#   GRACE_SECONDS more for the last logins and payments, then memory per watching job. Prints "watch {json}" and a
#   markdown block for docs/benchmarks.md.
#   env: N (200), MINUTES (30), SESSION_SECONDS (300), NEVER_SHARE (0.2), RESCAN_MEDIAN_SECONDS (60), RELEASES (20 per
#   place and hour), RIVAL_MEDIAN_SECONDS (120), GRACE_SECONDS (180), QR_TIMEOUT (PT3M, the default a person meets),
#   SEED (20). Smoke run: N=20 MINUTES=3 SESSION_SECONDS=60 bench/market.sh watch
source "$(dirname "$0")/lib.sh"
build
echo "# machine: $(machine)"

if [ "${1:-}" = watch ]; then
  n=${N:-200} qr=${QR_TIMEOUT:-PT3M}
  [[ $qr =~ ^PT(([0-9]+)H)?(([0-9]+)M)?(([0-9]+)S)?$ && $qr != PT ]] \
    || { echo "QR_TIMEOUT=$qr: give it as PT#H#M#S (e.g. PT3M)" >&2; exit 2; }
  qr_seconds=$(( ${BASH_REMATCH[2]:-0} * 3600 + ${BASH_REMATCH[4]:-0} * 60 + ${BASH_REMATCH[6]:-0} ))
  command="N=$n MINUTES=${MINUTES:-30} SESSION_SECONDS=${SESSION_SECONDS:-300} NEVER_SHARE=${NEVER_SHARE:-0.2}"
  command+=" RESCAN_MEDIAN_SECONDS=${RESCAN_MEDIAN_SECONDS:-60} RELEASES=${RELEASES:-20}"
  command+=" RIVAL_MEDIAN_SECONDS=${RIVAL_MEDIAN_SECONDS:-120} bench/market.sh watch"
  # Native memory tracking (summary) for the memory per watching job: heap after a full GC plus native outside it.
  JVM_EXTRA="-XX:NativeMemoryTracking=summary" start_app "market-watch-$n" SEARCH_MODE=fleet \
    BROWSER_CONTEXTS_PER_HOST="${BROWSER_CONTEXTS_PER_HOST:-25}" QR_TIMEOUT="$qr"
  started=$(date -u +%H:%M)
  WATCH_COMMAND="$command" WATCH_MACHINE="$(machine)" \
    "$JAVA_HOME/bin/java" -cp "$(dirname "$JAR")/lib/main/*" "$ROOT/bench/Watch.java" "$n" "${MINUTES:-30}" \
    "${SESSION_SECONDS:-300}" "${NEVER_SHARE:-0.2}" "${RESCAN_MEDIAN_SECONDS:-60}" "${RELEASES:-20}" \
    "${RIVAL_MEDIAN_SECONDS:-120}" "${GRACE_SECONDS:-180}" "$qr_seconds" "$APP_PID" "${SEED:-20}" \
    2>>"$LOGDIR/bench-client.log" || echo "watch N=$n failed (see $LOGDIR/bench-client.log, $LOGDIR/market-watch-$n.log)"
  echo "# run: $started–$(date -u +%H:%M) UTC; load after: $(cut -d' ' -f1-3 /proc/loadavg)"
  stop_app
  exit 0
fi

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
