#!/usr/bin/env bash
# Scale: QR latency and memory at growing N until a target breaks (p99 >= 250 ms, a code late, or > 70 MiB/job),
# or jobs fail to start. Usage: bench/scale.sh [N ...]   (default: 50 75 100)
source "$(dirname "$0")/lib.sh"
build
echo "# machine: $(machine)"
for n in ${@:-50 75 100}; do
  start_app "scale-qr-$n" BROWSER_CONTEXTS_PER_HOST="${BROWSER_CONTEXTS_PER_HOST:-25}"
  echo "scale qr N=$n $(bench qr "$n" 30 || echo failed)"
  echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg), free: $(free -m | awk '/Mem:/{print $7}') MiB available"
  stop_app
  start_app "scale-mem-$n" BROWSER_CONTEXTS_PER_HOST="${BROWSER_CONTEXTS_PER_HOST:-25}"
  echo "scale memory N=$n $(bench memory "$n" "$APP_PID" || echo failed)"
  stop_app
done
