--[[
  Shared by every script: LuaScripts puts this in front of each one. Not run on its own.

  Input:
    none (the functions below take the script's keys and arguments as parameters)

  Output:
    none; defines provtid_iso(ms), provtid_in(word, list), provtid_given(key) and
    provtid_append(stream, job, maxlen, type, data)
]]

-- Whether a key argument names a key, or stands for none (RedisKeys.none(): a name in the installation's hash slot,
-- so that a cluster never sees a call across slots; an empty name would hash to slot 0).
local function provtid_given(key)
  return key ~= '' and string.sub(key, -2) ~= ':-'
end

-- ISO-8601 UTC text of an epoch-millisecond time (Redis' Lua has no os.date).
local function provtid_iso(ms)
  local s = math.floor(ms / 1000)
  local days = math.floor(s / 86400)
  local rem = s - days * 86400
  local z = days + 719468
  local era = math.floor(z / 146097)
  local doe = z - era * 146097
  local yoe = math.floor((doe - math.floor(doe / 1460) + math.floor(doe / 36524) - math.floor(doe / 146096)) / 365)
  local doy = doe - (365 * yoe + math.floor(yoe / 4) - math.floor(yoe / 100))
  local mp = math.floor((5 * doy + 2) / 153)
  local d = doy - math.floor((153 * mp + 2) / 5) + 1
  local m = mp < 10 and mp + 3 or mp - 9
  local y = yoe + era * 400
  if m <= 2 then y = y + 1 end
  return string.format('%04d-%02d-%02dT%02d:%02d:%02d.%03dZ', y, m, d, math.floor(rem / 3600),
    math.floor((rem % 3600) / 60), rem % 60, ms % 1000)
end

-- Whether a word is one of a space-separated list (the state sets JobStatus sends; a false word is in none).
local function provtid_in(word, list)
  if not word then return false end
  for w in string.gmatch(list, '%S+') do
    if w == word then return true end
  end
  return false
end

-- Appends one event to a job's stream and stamps it in the same step: the envelope's "timestamp" placeholder
-- becomes the entry's own time, never earlier than the job's previous event. Returns the entry id.
local function provtid_append(stream, job, maxlen, etype, data)
  local t = redis.call('TIME')
  local ms = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
  local last = tonumber(redis.call('HGET', job, 'last_event_ms') or '0')
  if last > ms then ms = last end
  data = string.gsub(data, '"timestamp":"@@ts@@"', '"timestamp":"' .. provtid_iso(ms) .. '"', 1)
  local id = redis.call('XADD', stream, 'MAXLEN', '~', maxlen, string.format('%d-*', ms), 'type', etype, 'data', data)
  redis.call('HSET', job, 'last_event_ms', string.format('%d', ms))
  return id
end

