--[[
  Renews the leases this worker still owns.

  Input:
    KEYS[1] leases (sorted set: job id -> lease expiry ms)

    ARGV[1] new lease expiry (epoch ms)
    ARGV[2] this worker's id
    ARGV[3] job hash key prefix
    ARGV[4...] the ids of the jobs the worker runs

  Output:
    the ids among them whose lease the worker no longer owns (cancelled, finished, or taken over)
]]
local lost = {}
for i = 4, #ARGV do
  local id = ARGV[i]
  if redis.call('HGET', ARGV[3] .. id, 'owner') == ARGV[2] and redis.call('ZSCORE', KEYS[1], id) then
    redis.call('ZADD', KEYS[1], 'XX', ARGV[1], id)
  else
    table.insert(lost, id)
  end
end
return lost
