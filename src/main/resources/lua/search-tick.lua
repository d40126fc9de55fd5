--[[
  One searching job's turn in the fleet-wide search: take what was handed to it, or else renew its want and,
  when its session is rested, claim the most overdue planned call it may make (one that covers one of its places).

  Input:
    KEYS[1] the job's inbox list
    KEYS[2] wants hash (job id -> want JSON)
    KEYS[3] wants-seen sorted set (job id -> epoch ms)
    KEYS[4] due sorted set (call key -> epoch ms)
    KEYS[5] calls hash (call key -> planned call JSON, with period_ms)

    ARGV[1] now (epoch ms)
    ARGV[2] the job id
    ARGV[3] the job's want JSON
    ARGV[4] 1 when the job's session may search now, else 0
    ARGV[5...] the call keys this job may make

  Output:
    {'item', json} for the oldest thing handed to the job, {'call', key} for a call it is to make now, or {'none'}
]]
local item = redis.call('LPOP', KEYS[1])
if item then
  return {'item', item}
end
local now = tonumber(ARGV[1])
redis.call('HSET', KEYS[2], ARGV[2], ARGV[3])
redis.call('ZADD', KEYS[3], now, ARGV[2])
if ARGV[4] ~= '1' then
  return {'none'}
end
local best, bestDue = nil, nil
for i = 5, #ARGV do
  local due = redis.call('ZSCORE', KEYS[4], ARGV[i])
  if due then
    due = tonumber(due)
    if due <= now and (bestDue == nil or due < bestDue) then
      best, bestDue = ARGV[i], due
    end
  end
end
if best == nil then
  return {'none'}
end
local call = redis.call('HGET', KEYS[5], best)
local period = 1000
if call then
  period = tonumber(cjson.decode(call)['period_ms']) or period
end
redis.call('ZADD', KEYS[4], now + period, best)
return {'call', best}
