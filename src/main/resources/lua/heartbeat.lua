-- Renews the leases this worker still owns; returns the ids it no longer owns.
-- KEYS: leases
-- ARGV: expiry ms, worker id, job key prefix, ids...
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
