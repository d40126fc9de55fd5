#!/usr/bin/env bash
# Verifies the compose file on this machine with Podman: the production profile (nginx, TLS with a self-signed
# certificate) and the monitoring profile's Prometheus, demo settings (the simulator plays the booking site),
# two workers. Checks: a booking completes through nginx (API, event stream and BankID scan all via HTTPS); nginx's
# access log holds no query string; Prometheus has every target up and the alert rules loaded; `down` and `up`
# again loses no job (Redis' append-only file on its volume). Grafana is not started: it has no Debian package, so
# no stand-in image (MonitoringContractTest checks its provisioning files instead).
#
# Uses Debian's docker-compose 1.29 against Podman's Docker-compatible socket, and local stand-ins for the public
# images (deploy/standin/standin-images.sh): a stand-in is not the public image. Not part of CI (it takes minutes).
# With --sentinel also the sentinel profile (a Redis primary, a replica, three sentinels; the api and workers follow
# them through REDIS_SENTINELS): after booking 1 the primary is killed (SIGKILL); a start must answer 202 again within
# 60 s, never 500, and job 2 runs on the promoted replica. (Written for this machine; not run here yet.)
# Usage (root): deploy/compose/verify.sh [--keep] [--sentinel]    Image: PROVTID_IMAGE (default: bin/container-test's image)
set -euo pipefail
cd "$(dirname "$0")"
root=$(cd ../.. && pwd)
keep=0 sentinel=0
for a in "$@"; do
  case $a in --keep) keep=1 ;; --sentinel) sentinel=1 ;; *) echo "usage: $0 [--keep] [--sentinel]" >&2; exit 2 ;; esac
done
say() { printf '\033[1m[compose-verify]\033[0m %s\n' "$*" >&2; }
t0=$(date +%s)
standin=$root/../shared/tools/standin-images.sh
[ -x "$standin" ] || standin=$root/deploy/standin/standin-images.sh
image=${PROVTID_IMAGE:-localhost/provtid:container-test}

for f in ../monitoring/prometheus/prometheus.yml ../monitoring/prometheus/alerts.yml; do
  [ -f "$f" ] || { say "missing $f (the monitoring files the compose file mounts)"; exit 1; }
done
command -v jq >/dev/null && command -v curl >/dev/null && command -v openssl >/dev/null ||
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq jq curl openssl >/dev/null
"$standin" setup >/dev/null
"$standin" packages docker.io/library/redis:7 redis-server -- redis-server --protected-mode no >/dev/null
"$standin" packages docker.io/library/nginx:1.27 nginx-light -- nginx -g "daemon off;" >/dev/null
"$standin" packages docker.io/prom/prometheus:v2.53.0 prometheus >/dev/null
podman image exists "$image" || { say "no image $image: run bin/container-test first (it builds it)"; exit 1; }
eval "$("$standin" socket)"
[ -s nginx/certs/fullchain.pem ] || nginx/make-cert.sh localhost >/dev/null

port() { shuf -i 18000-19999 -n 1; }
https_port=$(port); http_port=$(port); api_port=$(port); prom_port=$(port)
env=$root/target/compose-verify.env
mkdir -p "$root/target"
token=$(head -c 32 /dev/urandom | base64 | tr -d '/+=' | head -c 40)
{ cat "$root/.env.example"; cat .env.example
  cat <<EOT
QUARKUS_PROFILE=demo
SITE_BASE_URL=http://api:8080
API_SECRET_TOKEN=$token
PROVTID_IMAGE=$image
HTTPS_PORT=$https_port
HTTP_PORT=$http_port
API_BIND=127.0.0.1:$api_port
PROMETHEUS_BIND=127.0.0.1:$prom_port
SEARCH_INTERVAL=PT2S
WORKER_CONCURRENCY=2
EOT
  if [ "$sentinel" = 1 ]; then
    echo "REDIS_SENTINELS=sentinel-1:26379,sentinel-2:26379,sentinel-3:26379"
    echo "REDIS_SENTINEL_MASTER=provtid"
  fi
} > "$env"
export PROVTID_ENV_FILE=$env
profiles=(--profile production --profile monitoring)
[ "$sentinel" = 1 ] && profiles+=(--profile sentinel)
dc() { docker-compose -p provtidverify --env-file "$env" "${profiles[@]}" "$@"; }
cleanup() { [ "$keep" = 1 ] || dc down -v -t 60 >/dev/null 2>&1 || true; }
trap 'cleanup; kill $(jobs -p) 2>/dev/null || true' EXIT
services=(redis api worker nginx prometheus)
[ "$sentinel" = 1 ] && services+=(redis-primary redis-replica sentinel-1 sentinel-2 sentinel-3)

say "up: ${services[*]} (2 workers), demo settings, image $image"
dc up -d --scale worker=2 "${services[@]}" >/dev/null 2>&1 || { dc up -d --scale worker=2 "${services[@]}"; exit 1; }
base=https://127.0.0.1:$https_port
c() { curl -sk "$@"; }
await() { # what, seconds, command...
  local what=$1 n=$2; shift 2
  for _ in $(seq 1 "$n"); do "$@" >/dev/null 2>&1 && return 0; sleep 1; done
  say "FAILED: $what"; dc ps >&2; dc logs --tail 30 >&2; exit 1
}
await "the API through nginx" 120 sh -c "curl -skf $base/health"
[ "$(c -o /dev/null -w '%{http_code}' "http://127.0.0.1:$http_port/health")" = 308 ] || { say "FAILED: HTTP does not redirect"; exit 1; }
say "HTTPS through nginx answers, plain HTTP redirects ($(($(date +%s) - t0))s)"

api() { c -H "Authorization: Bearer $token" -H 'Content-Type: application/json' "$@"; }
start_job() {
  api -X POST "$base/api/v1/booking/start" -d "{\"user_id\":\"$1\",\"license_type\":\"B\",\"exam_type\":\"Körprov\",
    \"locations\":[\"Uppsala\"],\"date_ranges\":[{\"start\":\"$(date -d +10days +%F)\",\"end\":\"$(date -d +60days +%F)\"}],
    \"auto_book\":true}"
}
status_of() { api "$base/api/v1/booking/status/$1" | jq -r .status; }
# Streams the job's events through nginx and scans the first QR frame (never printed) in the simulator's app.
log_in() { # stream-url, stream-file, personal number
  c -N "$base$1" > "$2" &
  local qr=""
  for _ in $(seq 1 120); do
    qr=$(sed -n 's/^data: \{0,1\}//p' "$2" | jq -r 'select(.event_type == "qr_code_update") | .data.qr_payload' 2>/dev/null | head -1)
    [ -n "$qr" ] && break; sleep 0.5
  done
  [ -n "$qr" ] || return 1
  jq -n --arg qr "$qr" --arg pn "$3" '{qr: $qr, personal_number: $pn}' |
    c -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' -d @- "$base/sim/bankid/scan" | grep -qx 200
}
s1=$(mktemp); s2=$(mktemp); s3=$(mktemp)
job1=$(start_job compose-1); id1=$(jq -r .job_id <<<"$job1")
log_in "$(jq -r .stream_url <<<"$job1")" "$s1" 199001010001 || { say "FAILED: no QR frame through nginx"; exit 1; }
await "job 1 completes" 120 sh -c "[ \"\$(curl -sk -H 'Authorization: Bearer $token' $base/api/v1/booking/status/$id1 | jq -r .status)\" = completed ]"
grep -q '"event_type":"booking_completed"' "$s1" || { say "FAILED: no booking_completed on the stream through nginx"; exit 1; }
say "booking 1 completed through nginx (API, SSE, scan) ($(($(date +%s) - t0))s)"
logs=$(dc logs nginx 2>&1)
grep -q 'GET /api/v1/booking/stream/job_' <<<"$logs" || { say "FAILED: nginx logged no stream request"; exit 1; }
! grep -q 'token=' <<<"$logs" || { say "FAILED: nginx's access log holds a query string"; exit 1; }
say "nginx's access log names the stream's path, never its token"

targets() { c "http://127.0.0.1:$prom_port/api/v1/targets" | jq -r '.data.activeTargets[] | "\(.labels.job) \(.scrapeUrl) \(.health)"'; }
await "Prometheus: 3 targets (api + 2 workers) up" 90 sh -c "[ \"\$(curl -s http://127.0.0.1:$prom_port/api/v1/targets | jq '[.data.activeTargets[] | select(.health == \"up\")] | length')\" = 3 ]"
targets | sed 's/^/    /' >&2
rules=$(c "http://127.0.0.1:$prom_port/api/v1/rules" | jq '[.data.groups[].rules[]] | length')
[ "$rules" -gt 0 ] || { say "FAILED: Prometheus loaded no alert rules"; exit 1; }
say "Prometheus: every target up, $rules alert rules loaded"

if [ "$sentinel" = 1 ]; then
  say "sentinel: killing the primary (SIGKILL)"
  k0=$(date +%s)
  dc kill redis-primary >/dev/null 2>&1
  codes=""
  for _ in $(seq 1 120); do
    code=$(api -o /dev/null -w '%{http_code}' -X POST "$base/api/v1/booking/start" -d "{\"user_id\":\"compose-probe-$RANDOM$RANDOM\",
      \"license_type\":\"B\",\"exam_type\":\"Körprov\",\"locations\":[\"Uppsala\"],\"date_ranges\":[{\"start\":\"$(date -d +10days +%F)\",
      \"end\":\"$(date -d +60days +%F)\"}],\"auto_book\":false}" --max-time 10 || true)
    codes="$codes $code"
    [ "$code" = 202 ] && [ $(($(date +%s) - k0)) -ge 3 ] && break
    sleep 0.5
  done
  [ "$code" = 202 ] || { say "FAILED: no 202 within 60 s of the kill:$codes"; dc logs --tail 30 sentinel-1 >&2; exit 1; }
  ! grep -qw 500 <<<"$codes" || { say "FAILED: a start answered 500 during the failover:$codes"; exit 1; }
  say "sentinel: starts answer 202 again $(($(date +%s) - k0))s after the kill (answers:$(tr ' ' '\n' <<<"$codes" | sort | uniq -c | tr -s ' \n' ' '))"
  dc start redis-primary >/dev/null 2>&1
fi

say "job 2: logged in, searching with no slots; then down and up again"
c -o /dev/null -X PUT -H 'Content-Type: application/json' -d '{"no_slots":true}' "$base/sim/admin/scenario"
job2=$(start_job compose-2); id2=$(jq -r .job_id <<<"$job2")
log_in "$(jq -r .stream_url <<<"$job2")" "$s2" 199001010002 || { say "FAILED: no QR frame through nginx"; exit 1; }
await "job 2 searching" 90 sh -c "[ \"\$(curl -sk -H 'Authorization: Bearer $token' $base/api/v1/booking/status/$id2 | jq -r .status)\" = searching ]"
d0=$(date +%s)
dc down -t 60 >/dev/null 2>&1
say "down in $(($(date +%s) - d0))s; up again"
dc up -d --scale worker=2 "${services[@]}" >/dev/null 2>&1
await "the API after up" 120 sh -c "curl -skf $base/health"
s=$(status_of "$id2")
case $s in queued|starting|authenticating|searching) ;; *) say "FAILED: job 2 is '$s' after down and up"; exit 1 ;; esac
say "job 2 survived down and up: $s"
# The simulator restarted with the api container (its sessions are gone): the person scans a fresh code.
stream=$(api -X POST "$base/api/v1/booking/stream-url/$id2" | jq -r .stream_url)
log_in "$stream" "$s3" 199001010002 || say "no new QR code: the worker reused the saved site session"
await "job 2 completes after the restart" 180 sh -c "[ \"\$(curl -sk -H 'Authorization: Bearer $token' $base/api/v1/booking/status/$id2 | jq -r .status)\" = completed ]"
say "job 2 completed after down and up: no job lost"
say "compose verification passed in $(($(date +%s) - t0))s"
