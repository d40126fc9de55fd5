#!/bin/sh
# Starts one Redis node of the sentinel set: the primary if the sentinels say so (or, when no sentinel knows a primary
# yet, the first start of the set, if this is redis-0), else a replica of the primary they name.
set -eu
self="$(hostname).redis-headless"
primary=""
for i in 0 1 2; do
  answer=$(redis-cli --no-auth-warning -a "$REDIS_PASSWORD" -h "redis-sentinel-$i.redis-sentinel" -p 26379 \
    sentinel get-master-addr-by-name provtid 2>/dev/null | head -1) || answer=""
  if [ -n "$answer" ]; then primary=$answer; break; fi
done
if [ -z "$primary" ]; then
  if [ "$(hostname)" = redis-0 ]; then primary=$self; else primary=redis-0.redis-headless; fi
fi
set -- /etc/redis/redis.conf --requirepass "$REDIS_PASSWORD" --masterauth "$REDIS_PASSWORD" --replica-announce-ip "$self"
if [ "$primary" != "$self" ]; then
  echo "starting as a replica of $primary"
  exec redis-server "$@" --replicaof "$primary" 6379
fi
echo "starting as the primary"
exec redis-server "$@"
