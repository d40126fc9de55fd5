#!/usr/bin/env bash
# QR latency: N jobs waiting for a scan for S seconds; for every frame, arrival on an SSE client minus the moment
# its code became current at the simulator (qrStartTime + s). p50, p99, max, and the share that arrived while
# still current.  Usage: bench/qr-latency.sh [N] [S]   (default: 50 60)
source "$(dirname "$0")/lib.sh"
build
N=${1:-50}; S=${2:-60}
echo "# machine: $(machine)"
start_app "qr-$N" BROWSER_CONTEXTS_PER_HOST="${BROWSER_CONTEXTS_PER_HOST:-25}"
echo "qr N=$N $(bench qr "$N" "$S")"
