--[[
  Creates a job and queues it in one step, enforcing the queue rules atomically:
  an Idempotency-Key returns its job, one active job per user, a per-user start limit and a cap on queued jobs.

  Input:
    KEYS[1] job hash
    KEYS[2] queue
    KEYS[3] the job's event stream
    KEYS[4] webhook follow set
    KEYS[5] the user's active-job key
    KEYS[6] idempotency key (RedisKeys.none() = none)
    KEYS[7] index of jobs by creation time
    KEYS[8] the user's index of jobs by creation time
    KEYS[9] the user's start counter of this window (RedisKeys.none() = no per-user limit)

    ARGV[1] job id
    ARGV[2] queue score (priority rank x 10^13 + creation ms)
    ARGV[3] first event's type
    ARGV[4] first event's data (the envelope JSON; its status update)
    ARGV[5] stream maxlen
    ARGV[6] notify channel
    ARGV[7] most queued jobs
    ARGV[8] request fingerprint
    ARGV[9] key ttl (s)
    ARGV[10] job hash key prefix
    ARGV[11] starts per user and window
    ARGV[12] window (ms)
    ARGV[13] the final statuses (space separated): a user's job in any other status is active
    ARGV[14...] the job hash's field/value pairs

  Output:
    {outcome, detail}: created/0-based queue rank, duplicate/id, key_reused/id,
    rate_limited/ms until the window resets, active/id, full/queued count, exists/id
]]
if provtid_given(KEYS[6]) then
  local seen = redis.call('GET', KEYS[6])
  if seen then
    local sep = string.find(seen, '|', 1, true)
    local id, fingerprint = string.sub(seen, 1, sep - 1), string.sub(seen, sep + 1)
    if fingerprint == ARGV[8] then return {'duplicate', id} end
    return {'key_reused', id}
  end
end
-- The user's own start limit, in this same round trip: a replay above is not a start; a refusal below still counts.
if provtid_given(KEYS[9]) then
  local starts = redis.call('INCR', KEYS[9])
  local left = redis.call('PTTL', KEYS[9])
  if starts == 1 or left < 0 then
    redis.call('PEXPIRE', KEYS[9], ARGV[12])
    left = tonumber(ARGV[12])
  end
  if starts > tonumber(ARGV[11]) then return {'rate_limited', tostring(left)} end
end
local active = redis.call('GET', KEYS[5])
if active then
  local status = redis.call('HGET', ARGV[10] .. active, 'status')
  if status and not provtid_in(status, ARGV[13]) then
    return {'active', active}
  end
end
local waiting = redis.call('ZCARD', KEYS[2])
if waiting >= tonumber(ARGV[7]) then
  return {'full', tostring(waiting)}
end
if redis.call('EXISTS', KEYS[1]) == 1 then
  return {'exists', ARGV[1]}
end
local eid = provtid_append(KEYS[3], KEYS[1], ARGV[5], ARGV[3], ARGV[4])
-- One HSET for every field: the job's first event is its status update.
redis.call('HSET', KEYS[1], 'queue_score', ARGV[2], 'last_status_id', eid, unpack(ARGV, 14))
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1])
redis.call('SET', KEYS[5], ARGV[1], 'EX', ARGV[9])
if provtid_given(KEYS[6]) then
  redis.call('SET', KEYS[6], ARGV[1] .. '|' .. ARGV[8], 'EX', ARGV[9])
end
redis.call('ZADD', KEYS[4], ARGV[2] % 10000000000000, ARGV[1])
-- The listing indexes, scored by creation time (ms). The user's index lives while the user has an active job
-- (transition.lua sets it to expire when the job ends); both lose entries whose job hash has expired.
local created = ARGV[2] % 10000000000000
redis.call('ZADD', KEYS[7], string.format('%d', created), ARGV[1])
redis.call('ZADD', KEYS[8], string.format('%d', created), ARGV[1])
redis.call('PERSIST', KEYS[8])
local horizon = string.format('%d', created - tonumber(ARGV[9]) * 1000)
for _, idx in ipairs({KEYS[7], KEYS[8]}) do
  for _, old in ipairs(redis.call('ZRANGEBYSCORE', idx, '-inf', horizon, 'LIMIT', 0, 20)) do
    if redis.call('EXISTS', ARGV[10] .. old) == 0 then redis.call('ZREM', idx, old) end
  end
end
redis.call('PUBLISH', ARGV[6], ARGV[1])
return {'created', tostring(redis.call('ZRANK', KEYS[2], ARGV[1]))}
