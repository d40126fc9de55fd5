#!/usr/bin/env bash
# Time from POST /booking/start to the first QR frame on the client, warm (one job first), one job at a time.
# Usage: bench/first-qr.sh [RUNS]   (default: 20)
source "$(dirname "$0")/lib.sh"
build
echo "# machine: $(machine)"
start_app first-qr
echo "first-qr $(bench first-qr "${1:-20}")"
