--[[
  One fixed-window rate limit check, atomic: counts requests and answers how the window stands.
  Fixed window (INCRBY + PEXPIRE): one key and O(1) work per check, exact Remaining/Reset figures for the
  RateLimit-* headers; at a window's edge a client may get up to twice the limit in a short span, which is
  fine for an abuse limit. Refused requests count too, so hammering keeps a client refused until the reset.

  Input:
    KEYS[1] the counter

    ARGV[1] window (ms)
    ARGV[2] how many requests to count (a process may count several it allowed on its own at once)

  Output:
    {requests counted in this window, ms until the window resets}
]]
local n = redis.call('INCRBY', KEYS[1], tonumber(ARGV[2]))
local ttl = redis.call('PTTL', KEYS[1])
if n == tonumber(ARGV[2]) or ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {n, ttl}
