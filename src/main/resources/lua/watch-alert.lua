--[[
  Picks the one job that watches to be told of a freed slot: the first candidate (in hand-out order) not told of
  this slot before, unless the slot is already being handed out or announced. While that person logs in again,
  no other job of ours is handed the slot; a person who never came for it is not asked again for the same slot.

  Input:
    KEYS[1] the slot's hand-out hash
    KEYS[2] fleet search counters hash
    KEYS[3] the jobs told of this slot before (set)

    ARGV[1] how long the announcement is remembered (ms)
    ARGV[2] how long the jobs told are remembered (ms)
    ARGV[3...] candidate job ids, in hand-out order

  Output:
    the id of the job to tell, or false when none
]]
if redis.call('EXISTS', KEYS[1]) == 1 then
  return false
end
for i = 3, #ARGV do
  local job = ARGV[i]
  if redis.call('SISMEMBER', KEYS[3], job) == 0 then
    redis.call('HSET', KEYS[1], 'job', job, 'announced', 1)
    redis.call('PEXPIRE', KEYS[1], ARGV[1])
    redis.call('SADD', KEYS[3], job)
    redis.call('PEXPIRE', KEYS[3], ARGV[2])
    redis.call('HINCRBY', KEYS[2], 'announced', 1)
    return job
  end
end
return false
