--[[
  Moves the head of the queue into the lease set, unless the fleet already runs its maximum.

  Input:
    KEYS[1] queue (sorted set of job ids)
    KEYS[2] leases (sorted set: job id -> lease expiry ms)

    ARGV[1] now (epoch ms)
    ARGV[2] lease duration (ms)
    ARGV[3] most jobs the fleet runs at once
    ARGV[4] this worker's id
    ARGV[5] job hash key prefix

  Output:
    the claimed job's id, or false when the fleet is full or the queue empty
]]
if redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[3]) then
  return false
end
local head = redis.call('ZRANGE', KEYS[1], 0, 0)
if #head == 0 then
  return false
end
local id = head[1]
redis.call('ZREM', KEYS[1], id)
redis.call('ZADD', KEYS[2], tonumber(ARGV[1]) + tonumber(ARGV[2]), id)
local job = ARGV[5] .. id
redis.call('HSET', job, 'owner', ARGV[4])
redis.call('HINCRBY', job, 'attempts', 1)
return id
