-- Creates a job and queues it in one step.
-- KEYS: job hash, queue, event stream, set of jobs whose events the webhook dispatcher follows
-- ARGV: id, score, events (JSON array of {type, data}), stream maxlen, notify channel, field/value pairs...
if redis.call('EXISTS', KEYS[1]) == 1 then
  return -1
end
for i = 6, #ARGV, 2 do
  redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
end
redis.call('HSET', KEYS[1], 'queue_score', ARGV[2])
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1])
for _, e in ipairs(cjson.decode(ARGV[3])) do
  local eid = redis.call('XADD', KEYS[3], 'MAXLEN', '~', ARGV[4], '*', 'type', e.type, 'data', e.data)
  if e.type == 'status_update' then redis.call('HSET', KEYS[1], 'last_status_id', eid) end
end
redis.call('ZADD', KEYS[4], ARGV[2] % 10000000000000, ARGV[1])
redis.call('PUBLISH', ARGV[5], ARGV[1])
return redis.call('ZRANK', KEYS[2], ARGV[1])
