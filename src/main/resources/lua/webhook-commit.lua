--[[
  Saves one delivery's progress only while the caller still holds its lease, together with the counters, backlog
  figures and dead letter that go with it: a process that lost its lease can never move a cursor.

  Input:
    KEYS[1] lease
    KEYS[2] state hash
    KEYS[3] stats hash
    KEYS[4] backlog (sorted set)
    KEYS[5] backlog sizes hash
    KEYS[6] dead letter key (RedisKeys.none() = none)
    KEYS[7] dead letter index

    ARGV[1] lease token
    ARGV[2] state field
    ARGV[3] state json
    ARGV[4] state ttl (s)
    ARGV[5] pair member (job and endpoint)
    ARGV[6] oldest waiting ms ('' = nothing waits)
    ARGV[7] waiting count
    ARGV[8] dead letter id
    ARGV[9] dead letter json
    ARGV[10] dead letter ttl (s)
    ARGV[11] dead letter score
    ARGV[12...] stat/increment pairs

  Output:
    1 when saved, 0 when the caller no longer holds the lease
]]
if redis.call('GET', KEYS[1]) ~= ARGV[1] then
  return 0
end
redis.call('HSET', KEYS[2], ARGV[2], ARGV[3])
redis.call('EXPIRE', KEYS[2], ARGV[4])
if ARGV[6] == '' then
  redis.call('ZREM', KEYS[4], ARGV[5])
  redis.call('HDEL', KEYS[5], ARGV[5])
else
  redis.call('ZADD', KEYS[4], ARGV[6], ARGV[5])
  redis.call('HSET', KEYS[5], ARGV[5], ARGV[7])
end
if provtid_given(KEYS[6]) then
  redis.call('SET', KEYS[6], ARGV[9], 'EX', ARGV[10])
  redis.call('ZADD', KEYS[7], ARGV[11], ARGV[8])
end
for i = 12, #ARGV, 2 do
  redis.call('HINCRBY', KEYS[3], ARGV[i], ARGV[i + 1])
end
return 1
