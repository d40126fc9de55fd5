-- What the status view shows of a job, and its place in the queue while it waits, in one round trip.
-- KEYS: job hash, queue
-- ARGV: id, field names...
-- Returns {values of the fields in order..., 0-based rank or -1}.
local out = redis.call('HMGET', KEYS[1], unpack(ARGV, 2))
local rank = -1
if redis.call('HGET', KEYS[1], 'status') == 'queued' then
  rank = redis.call('ZRANK', KEYS[2], ARGV[1]) or -1
end
table.insert(out, rank)
return out
