--[[
  One fleet-wide pace for requests to the booking site: a token bucket, plus a fleet-wide pause
  that any worker sets when the site says 403 or 429.

  Input:
    KEYS[1] bucket hash (tokens, ts)
    KEYS[2] pause-until key (epoch ms)

    ARGV[1] now (epoch ms)
    ARGV[2] tokens per second
    ARGV[3] burst
    ARGV[4] tokens this request must leave in the bucket for others (0; more for a background request)

  Output:
    0 when a request may go now, else the ms to wait before asking again
]]
local now = tonumber(ARGV[1])
local pause = tonumber(redis.call('GET', KEYS[2]) or '0')
if pause > now then
  return pause - now
end
local rate = tonumber(ARGV[2])
local burst = tonumber(ARGV[3])
local keep = tonumber(ARGV[4])
local b = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(b[1] or burst)
local ts = tonumber(b[2] or now)
tokens = math.min(burst, tokens + (now - ts) * rate / 1000)
local wait = 0
if tokens >= 1 + keep then
  tokens = tokens - 1
else
  wait = math.ceil((1 + keep - tokens) * 1000 / rate)
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', tostring(now))
redis.call('PEXPIRE', KEYS[1], 3600000)
return wait
