--[[
  What the status view shows of a job, and its place in the queue while it waits, in one round trip.

  Input:
    KEYS[1] job hash
    KEYS[2] queue

    ARGV[1] job id
    ARGV[2] the statuses in which a job waits in the queue (space separated)
    ARGV[3...] field names to read

  Output:
    {values of the fields in order..., 0-based queue rank or -1}
]]
local out = redis.call('HMGET', KEYS[1], unpack(ARGV, 3))
local rank = -1
if provtid_in(redis.call('HGET', KEYS[1], 'status'), ARGV[2]) then
  rank = redis.call('ZRANK', KEYS[2], ARGV[1]) or -1
end
table.insert(out, rank)
return out
