-- Saves one delivery's progress only while the caller still holds its lease, together with the counters, backlog
-- figures and dead letter that go with it: a process that lost its lease can never move a cursor.
-- KEYS: lease, state hash, stats hash, backlog zset, backlog sizes hash, dead letter key or '', dead letter index
-- ARGV: token, state field, state json, state ttl s, pair member, oldest waiting ms or '' (nothing waits),
--       waiting count, dead letter id, dead letter json, dead letter ttl s, dead letter score, stat/increment pairs...
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
if KEYS[6] ~= '' then
  redis.call('SET', KEYS[6], ARGV[9], 'EX', ARGV[10])
  redis.call('ZADD', KEYS[7], ARGV[11], ARGV[8])
end
for i = 12, #ARGV, 2 do
  redis.call('HINCRBY', KEYS[3], ARGV[i], ARGV[i + 1])
end
return 1
