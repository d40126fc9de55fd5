-- Renews or releases the lease of one delivery (job and endpoint), only for the process that holds it.
-- KEYS: lease
-- ARGV: 'renew' or 'release', token, lease ms
if redis.call('GET', KEYS[1]) ~= ARGV[2] then
  return 0
end
if ARGV[1] == 'renew' then
  redis.call('PEXPIRE', KEYS[1], ARGV[3])
else
  redis.call('DEL', KEYS[1])
end
return 1
