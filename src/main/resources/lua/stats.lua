--[[
  Fleet-wide figures in one round trip.

  Input:
    KEYS[1] queue
    KEYS[2] leases
    KEYS[3] workers (hash: worker id -> last beat ms)
    KEYS[4] webhook backlog
    KEYS[5] webhook dead letter index
    KEYS[6] site pause-until key
    KEYS[7] worker vitals (hash)
    KEYS[8] the watch index (sorted set)
    KEYS[9...] finished-job hour buckets (newest first)

    ARGV[1] heartbeat cutoff (epoch ms): older beats are not alive

  Output:
    {queued high, normal, low, running, workers alive, webhook backlog, dead letters,
     {status, count...} this hour, {status, count...} the last 24 buckets, site paused until (ms, 0: not),
     {worker id, last beat ms, vitals...} of the live workers, jobs watching}
]]
local function zcount(lo, hi) return redis.call('ZCOUNT', KEYS[1], lo, hi) end
local alive = 0
local live = {}
local beats = redis.call('HGETALL', KEYS[3])
for i = 2, #beats, 2 do
  if tonumber(beats[i]) >= tonumber(ARGV[1]) then
    alive = alive + 1
    live[#live + 1] = beats[i - 1]
    live[#live + 1] = beats[i]
    live[#live + 1] = redis.call('HGET', KEYS[7], beats[i - 1]) or ''
  end
end
local hour, day = {}, {}
for b = 9, #KEYS do
  local h = redis.call('HGETALL', KEYS[b])
  for i = 1, #h, 2 do
    day[h[i]] = (day[h[i]] or 0) + tonumber(h[i + 1])
    if b == 9 then hour[h[i]] = (hour[h[i]] or 0) + tonumber(h[i + 1]) end
  end
end
local function flat(t)
  local out = {}
  for k, v in pairs(t) do out[#out + 1] = k; out[#out + 1] = v end
  return out
end
return {zcount('-inf', '(10000000000000'), zcount('10000000000000', '(20000000000000'),
  zcount('20000000000000', '+inf'), redis.call('ZCARD', KEYS[2]), alive, redis.call('ZCARD', KEYS[4]),
  redis.call('ZCARD', KEYS[5]), flat(hour), flat(day), tonumber(redis.call('GET', KEYS[6]) or '0'), live,
  redis.call('ZCARD', KEYS[8])}
