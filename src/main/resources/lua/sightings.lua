--[[
  What one search call showed of the free slots at its places, recorded for what the fleet learns: a slot not seen
  before has appeared; a slot seen before at one of these places, for this exam and on a date the call looked at,
  that the call no longer shows is gone (its lifetime: now minus when it was first seen). One step, so two processes
  reporting calls at once count each appearance and each disappearance once. Sightings first seen before the
  keep cutoff and not shown now are dropped uncounted (no call looks there any more), which bounds the hash; the
  stream is capped.

  Input:
    KEYS[1] slots seen free now (hash: examination id -> sighting JSON)
    KEYS[2] the sightings stream
    KEYS[3] per-place figures (hash: <location id>:appeared|gone|lifetime_ms|late)

    ARGV[1] now (epoch ms)
    ARGV[2] the call's exam key
    ARGV[3] the call's location ids, comma-separated
    ARGV[4] the call's first date (yyyy-mm-dd): slots before it were not looked for
    ARGV[5] the day the answer says nothing from (yyyy-mm-dd; '' = no end): slots on or after it stay
    ARGV[6] keep cutoff (epoch ms): sightings first seen before it are dropped uncounted
    ARGV[7] the stream's approximate cap
    ARGV[8...] the slots the call found, one sighting JSON each (first_seen_ms = now)

  Output:
    {slots that appeared, slots gone, sightings dropped as too old}
]]
local now = tonumber(ARGV[1])
local exam, from, cutoff = ARGV[2], ARGV[4], ARGV[5]
local keepAfter = tonumber(ARGV[6])
local function id(n) return string.format('%d', n) end
local places = {}
for p in string.gmatch(ARGV[3], '[^,]+') do places[p] = true end
local found = {}
for i = 8, #ARGV do
  local s = cjson.decode(ARGV[i])
  found[id(s.examination_id)] = {s, ARGV[i]}
end
local function record(kind, s, extra)
  local fields = {'kind', kind, 'at', id(now), 'exam', s.exam, 'location_id', id(s.location_id), 'date', s.date,
    'time', s.time, 'days_ahead', id(s.days_ahead), 'late', s.late and '1' or '0'}
  if extra then fields[#fields + 1] = 'lifetime_ms'; fields[#fields + 1] = extra end
  redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[7], '*', unpack(fields))
end
local appeared, gone, dropped = 0, 0, 0
local seen = redis.call('HGETALL', KEYS[1])
for i = 1, #seen, 2 do
  local s = cjson.decode(seen[i + 1])
  if tonumber(s.first_seen_ms) < keepAfter and not found[seen[i]] then
    redis.call('HDEL', KEYS[1], seen[i])
    dropped = dropped + 1
  elseif not found[seen[i]] and s.exam == exam and places[id(s.location_id)] and s.date >= from
      and (cutoff == '' or s.date < cutoff) then
    redis.call('HDEL', KEYS[1], seen[i])
    local lifetime = id(math.max(0, now - tonumber(s.first_seen_ms)))
    local place = id(s.location_id)
    redis.call('HINCRBY', KEYS[3], place .. ':gone', 1)
    redis.call('HINCRBY', KEYS[3], place .. ':lifetime_ms', lifetime)
    record('gone', s, lifetime)
    gone = gone + 1
  end
end
for examination, f in pairs(found) do
  if redis.call('HSETNX', KEYS[1], examination, f[2]) == 1 then
    local s = f[1]
    local place = id(s.location_id)
    redis.call('HINCRBY', KEYS[3], place .. ':appeared', 1)
    if s.late then redis.call('HINCRBY', KEYS[3], place .. ':late', 1) end
    record('appeared', s, nil)
    appeared = appeared + 1
  end
end
return {appeared, gone, dropped}
