--[[
  Hands one freed slot to exactly one searching job: the first candidate (in hand-out order) that still searches,
  unless the slot is already being handed out. The chosen job leaves the wants until it searches again.

  Input:
    KEYS[1] the slot's hand-out hash
    KEYS[2] wants hash (job id -> want JSON)
    KEYS[3] fleet search counters hash

    ARGV[1] inbox key prefix
    ARGV[2] how long the hand-out is remembered (ms)
    ARGV[3] how long an inbox is kept (ms)
    ARGV[4] the offer item JSON
    ARGV[5...] candidate job ids, in hand-out order

  Output:
    the id of the job the slot was handed to, or false when it was not handed out
]]
if redis.call('EXISTS', KEYS[1]) == 1 then
  return false
end
for i = 5, #ARGV do
  local job = ARGV[i]
  if redis.call('HEXISTS', KEYS[2], job) == 1 then
    local rest = {}
    for j = 5, #ARGV do
      rest[#rest + 1] = ARGV[j]
    end
    redis.call('HSET', KEYS[1], 'job', job, 'index', i - 4, 'candidates', table.concat(rest, ' '), 'offer', ARGV[4],
      'tries', 1)
    redis.call('PEXPIRE', KEYS[1], ARGV[2])
    redis.call('HDEL', KEYS[2], job)
    redis.call('RPUSH', ARGV[1] .. job, ARGV[4])
    redis.call('PEXPIRE', ARGV[1] .. job, ARGV[3])
    redis.call('HINCRBY', KEYS[3], 'handed_out', 1)
    return job
  end
end
return false
