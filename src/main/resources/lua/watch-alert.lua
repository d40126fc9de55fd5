--[[
  Reserves one freed slot for its announcement to one job that watches, unless the slot is already being handed out or
  announced: while the person logs in again, no other job of ours is handed it.

  Input:
    KEYS[1] the slot's hand-out hash
    KEYS[2] fleet search counters hash

    ARGV[1] the id of the job told
    ARGV[2] how long the announcement is remembered (ms)

  Output:
    1 when the slot is now the job's to announce, else 0
]]
if redis.call('EXISTS', KEYS[1]) == 1 then
  return 0
end
redis.call('HSET', KEYS[1], 'job', ARGV[1], 'announced', 1)
redis.call('PEXPIRE', KEYS[1], ARGV[2])
redis.call('HINCRBY', KEYS[2], 'announced', 1)
return 1
