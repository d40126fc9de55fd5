--[[
  What became of a handed-out slot: held by the job it was handed to (the candidates after it that still search
  are told it went to another job), or not held (the next candidate that still searches tries it at once, up to a
  number of tries).

  Input:
    KEYS[1] the slot's hand-out hash
    KEYS[2] wants hash (job id -> want JSON)
    KEYS[3] fleet search counters hash

    ARGV[1] the job id reporting
    ARGV[2] 1 when it holds the slot, 0 when it could not
    ARGV[3] inbox key prefix
    ARGV[4] how long an inbox is kept (ms)
    ARGV[5] the note item JSON (for the jobs after the holder)
    ARGV[6] most tries of one slot

  Output:
    held: how many jobs were told; not held: the next job's id, or false when nobody else tries it
]]
local h = redis.call('HMGET', KEYS[1], 'job', 'index', 'candidates', 'offer', 'tries')
if h[1] ~= ARGV[1] then
  return false
end
local candidates = {}
for id in string.gmatch(h[3] or '', '%S+') do
  candidates[#candidates + 1] = id
end
local index = tonumber(h[2])
if ARGV[2] == '1' then
  redis.call('HSET', KEYS[1], 'job', '', 'held_by', ARGV[1])
  local told = 0
  for i = index + 1, #candidates do
    if redis.call('HEXISTS', KEYS[2], candidates[i]) == 1 then
      redis.call('RPUSH', ARGV[3] .. candidates[i], ARGV[5])
      redis.call('PEXPIRE', ARGV[3] .. candidates[i], ARGV[4])
      told = told + 1
    end
  end
  redis.call('HINCRBY', KEYS[3], 'went_to_other', told)
  return told
end
redis.call('HINCRBY', KEYS[3], 'lost_races', 1)
local tries = tonumber(h[5])
if tries >= tonumber(ARGV[6]) then
  redis.call('HSET', KEYS[1], 'job', '')
  return false
end
for i = index + 1, #candidates do
  local job = candidates[i]
  if redis.call('HEXISTS', KEYS[2], job) == 1 then
    redis.call('HSET', KEYS[1], 'job', job, 'index', i, 'tries', tries + 1)
    redis.call('HDEL', KEYS[2], job)
    redis.call('RPUSH', ARGV[3] .. job, h[4])
    redis.call('PEXPIRE', ARGV[3] .. job, ARGV[4])
    redis.call('HINCRBY', KEYS[3], 'handed_out', 1)
    return job
  end
end
redis.call('HSET', KEYS[1], 'job', '')
return false
