#!/bin/sh
# Starts one sentinel: monitors the primary the other sentinels name (after a failover it is no longer redis-0), or
# redis-0 on the set's first start; from a writable copy of sentinel.conf in /conf. 2 of the 3 sentinels must agree
# that the primary is down; 5 s without an answer counts as down (a failover then takes a few seconds more).
set -eu
self="$(hostname).redis-sentinel"
primary=""
for i in 0 1 2; do
  [ "redis-sentinel-$i.redis-sentinel" = "$self" ] && continue
  answer=$(redis-cli --no-auth-warning -a "$REDIS_PASSWORD" -h "redis-sentinel-$i.redis-sentinel" -p 26379 \
    sentinel get-master-addr-by-name provtid 2>/dev/null | head -1) || answer=""
  if [ -n "$answer" ]; then primary=$answer; break; fi
done
primary=${primary:-redis-0.redis-headless}
# A sentinel refuses to start with a name it cannot resolve: wait for the node's DNS record.
until getent hosts "$primary" >/dev/null; do echo "waiting for $primary to resolve"; sleep 2; done
cp /etc/redis-sentinel/sentinel.conf /conf/sentinel.conf
cat >>/conf/sentinel.conf <<CONF
sentinel monitor provtid $primary 6379 2
sentinel down-after-milliseconds provtid 5000
sentinel failover-timeout provtid 60000
sentinel parallel-syncs provtid 1
sentinel auth-pass provtid $REDIS_PASSWORD
requirepass $REDIS_PASSWORD
sentinel announce-ip $self
CONF
exec redis-server /conf/sentinel.conf --sentinel
