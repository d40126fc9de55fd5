-- Hands jobs whose lease expired back to the queue (their worker died or stalled).
-- KEYS: leases, queue
-- ARGV: now ms, limit, job key prefix, stream key prefix, stream maxlen, notify channel, (unused), message
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
local active = {starting=1, authenticating=1, searching=1, reserving=1, awaiting_confirmation=1, booking=1}
local requeued = {}
for _, id in ipairs(ids) do
  redis.call('ZREM', KEYS[1], id)
  local job = ARGV[3] .. id
  local status = redis.call('HGET', job, 'status')
  if status and active[status] then
    redis.call('HSET', job, 'status', 'queued', 'updated_at', ARGV[1])
    redis.call('HDEL', job, 'owner', 'last_qr_id')
    redis.call('ZADD', KEYS[2], redis.call('HGET', job, 'queue_score'), id)
    local data = cjson.encode({event_type = 'status_update', job_id = id,
      user_id = redis.call('HGET', job, 'user_id'), timestamp = '@@ts@@',
      data = {status = 'queued', message = ARGV[8], progress = 0}})
    local eid = provtid_append(ARGV[4] .. id, job, ARGV[5], 'status_update', data)
    redis.call('HSET', job, 'last_status_id', eid, 'message', ARGV[8])
    redis.call('PUBLISH', ARGV[6], id)
    table.insert(requeued, id)
  end
end
return requeued
