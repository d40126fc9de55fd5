--[[
  The fleet search's figures of GET /api/v1/stats in one round trip: the plan, what each call did, the fleet-wide
  counters, and what the fleet learned per place. Each hash is small: one entry per planned call, a handful of
  counters, four figures per place.

  Input:
    KEYS[1] planned calls (hash: call key -> call JSON)
    KEYS[2] per-call figures (hash)
    KEYS[3] fleet-wide search counters (hash)
    KEYS[4] per-place figures (hash)

  Output:
    {the four hashes, each as a flat field, value... list}
]]
return {redis.call('HGETALL', KEYS[1]), redis.call('HGETALL', KEYS[2]), redis.call('HGETALL', KEYS[3]),
  redis.call('HGETALL', KEYS[4])}
