--[[
  Hands jobs whose lease expired back to the queue (their worker died or stalled), at their old place.

  Input:
    KEYS[1] leases (sorted set: job id -> lease expiry ms)
    KEYS[2] queue

    ARGV[1] now (epoch ms)
    ARGV[2] most leases to look at
    ARGV[3] job hash key prefix
    ARGV[4] event stream key prefix
    ARGV[5] stream maxlen
    ARGV[6] notify channel
    ARGV[7] the status update's message
    ARGV[8] the statuses a worker runs a job in (space separated): only such a job is handed back
    ARGV[9] the status a handed-back job waits in
    ARGV[10] that status's progress
    ARGV[11] the status update's code (its params are always empty)

  Output:
    the ids of the jobs handed back (an expired lease of a job in any other status is only dropped)
]]
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
local requeued = {}
for _, id in ipairs(ids) do
  redis.call('ZREM', KEYS[1], id)
  local job = ARGV[3] .. id
  local status = redis.call('HGET', job, 'status')
  if provtid_in(status, ARGV[8]) then
    redis.call('HSET', job, 'status', ARGV[9], 'updated_at', ARGV[1])
    -- The BankID order of the lost attempt is gone with it: no autostart token outlives it.
    redis.call('HDEL', job, 'owner', 'last_qr_id', 'autostart_token')
    redis.call('ZADD', KEYS[2], redis.call('HGET', job, 'queue_score'), id)
    local data = cjson.encode({event_type = 'status_update', job_id = id,
      user_id = redis.call('HGET', job, 'user_id'), timestamp = '@@ts@@',
      data = {status = ARGV[9], message = ARGV[7], progress = tonumber(ARGV[10]), code = ARGV[11],
        params = {}}})
    local eid = provtid_append(ARGV[4] .. id, job, ARGV[5], 'status_update', data)
    redis.call('HSET', job, 'last_status_id', eid, 'message', ARGV[7])
    redis.call('PUBLISH', ARGV[6], id)
    table.insert(requeued, id)
  end
end
return requeued
