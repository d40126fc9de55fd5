#!/usr/bin/env bash
# Shared by bin/run and bin/test: finds or installs what Provtid needs on Debian/Ubuntu.
# Sourced, not run: sets JAVA_HOME and REDIS_URL for the caller.

say() { printf '\033[1m[provtid]\033[0m %s\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    say "need root for: $*"; return 1; fi
}

apt_updated=0
apt_install() {
  if [ "$apt_updated" = 0 ]; then
    as_root apt-get update -qq >/dev/null
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >/dev/null
}

java_major() {
  "$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1
}

# A JDK of at least 25 (the build targets Java 25): JAVA_HOME, then /usr/lib/jvm, then the PATH.
find_jdk() {
  local candidates=()
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  for d in /usr/lib/jvm/temurin-25* /usr/lib/jvm/*25* /usr/lib/jvm/*; do [ -d "$d" ] && candidates+=("$d"); done
  if command -v javac >/dev/null; then candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")"); fi
  for d in "${candidates[@]}"; do
    if [ -x "$d/bin/javac" ] && [ "$(java_major "$d")" -ge 25 ] 2>/dev/null; then
      export JAVA_HOME="$d"
      return 0
    fi
  done
  say "no JDK 25 or newer found; install one (e.g. Temurin 25) and set JAVA_HOME"
  return 1
}

ensure_chromium() {
  if [ -x /usr/bin/chromium ] || [ -n "${BROWSER_CHROMIUM_PATH:-}" ]; then return 0; fi
  say "installing Chromium from Debian's packages"
  apt_install chromium
}

# promtool checks the Prometheus alert rules in the test suite (deploy/monitoring); Debian ships it with Prometheus.
# Only promtool is needed: no recommends (node exporter), and where an init system started the server, it is stopped.
ensure_promtool() {
  if command -v promtool >/dev/null; then return 0; fi
  say "installing promtool (Debian's prometheus package)"
  apt_install --no-install-recommends prometheus
  if command -v systemctl >/dev/null && systemctl is-active --quiet prometheus 2>/dev/null; then
    as_root systemctl disable --now prometheus >/dev/null 2>&1 || true
  fi
}

# Starts a local Redis when none answers at REDIS_URL (only for a local address); then REDIS_STARTED holds the command
# that stops it again.
ensure_redis() {
  export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379}"
  local hostport="${REDIS_URL#redis://}"; hostport="${hostport##*@}"; hostport="${hostport%%/*}"
  local host="${hostport%%:*}" port="${hostport##*:}"
  [ "$port" = "$hostport" ] && port=6379
  if ! command -v redis-cli >/dev/null || ! command -v redis-server >/dev/null; then
    say "installing Redis from Debian's packages"
    apt_install redis-server redis-tools
  fi
  if redis-cli -h "$host" -p "$port" ping 2>/dev/null | grep -q PONG; then return 0; fi
  case "$host" in
    127.*|localhost) ;;
    *) say "Redis at $REDIS_URL does not answer"; return 1 ;;
  esac
  local dir="${PROVTID_REDIS_DIR:-${TMPDIR:-/tmp}/provtid-redis-$port}"
  mkdir -p "$dir"
  say "starting Redis on $host:$port (data in $dir)"
  # It is a daemon: it outlives the script that started it (bin/run says so, and how to stop it).
  export REDIS_STARTED="redis-cli -h $host -p $port shutdown"
  redis-server --daemonize yes --bind "$host" --port "$port" --dir "$dir" \
    --appendonly yes --appendfsync everysec --maxmemory-policy noeviction \
    --logfile "$dir/redis.log" >/dev/null
  for _ in $(seq 1 50); do
    redis-cli -h "$host" -p "$port" ping 2>/dev/null | grep -q PONG && return 0
    sleep 0.1
  done
  say "Redis did not start; see $dir/redis.log"
  return 1
}

export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
