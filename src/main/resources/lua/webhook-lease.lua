--[[
  Renews or releases the lease of one delivery (job and endpoint), only for the process that holds it.

  Input:
    KEYS[1] lease

    ARGV[1] 'renew' or 'release'
    ARGV[2] lease token
    ARGV[3] lease duration (ms)

  Output:
    1 when done, 0 when the caller does not hold the lease
]]
if redis.call('GET', KEYS[1]) ~= ARGV[2] then
  return 0
end
if ARGV[1] == 'renew' then
  redis.call('PEXPIRE', KEYS[1], ARGV[3])
else
  redis.call('DEL', KEYS[1])
end
return 1
