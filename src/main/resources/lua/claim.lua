-- Moves the head of the queue into the lease set, unless the fleet already runs its maximum.
-- KEYS: queue, leases
-- ARGV: now ms, lease ms, max concurrent jobs, worker id, job key prefix
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
