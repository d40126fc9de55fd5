--[[
  One page of a job index (newest first), pruning entries whose job hash has expired as it meets them.

  Input:
    KEYS[1] the index to walk (sorted set by creation ms)
    KEYS[2] queue
    KEYS[3] the fleet-wide index (pruned too)

    ARGV[1] job hash key prefix
    ARGV[2] start score ('+inf' or the cursor's score)
    ARGV[3] cursor id ('' = none)
    ARGV[4] most jobs on the page
    ARGV[5] wanted status ('' = any)
    ARGV[6] most entries to look at
    ARGV[7] the statuses in which a job waits in the queue (space separated)
    ARGV[8...] field names to read

  Output:
    {next score or '', next id or '', {{field values..., 0-based queue rank or -1, id}, ...}}
]]
local prefix, max, after, want = ARGV[1], ARGV[2], ARGV[3], ARGV[5]
local limit, budget, inQueue = tonumber(ARGV[4]), tonumber(ARGV[6]), ARGV[7]
local fields = {}
for i = 8, #ARGV do fields[#fields + 1] = ARGV[i] end
local items, scanned, size = {}, 0, 100
local lastScore, lastId = '', ''
while true do
  local batch = redis.call('ZREVRANGEBYSCORE', KEYS[1], max, '-inf', 'WITHSCORES', 'LIMIT', 0, size)
  local moved = false
  for i = 1, #batch, 2 do
    local id, score = batch[i], batch[i + 1]
    -- Equal scores come in descending id order: skip those at or before the cursor.
    if not (after ~= '' and tonumber(score) == tonumber(max) and id >= after) then
      moved = true
      scanned = scanned + 1
      local key = prefix .. id
      local status = redis.call('HGET', key, 'status')
      if not status then
        redis.call('ZREM', KEYS[1], id)
        redis.call('ZREM', KEYS[3], id)
      elseif want == '' or status == want then
        if #items == limit then return {lastScore, lastId, items} end
        local row = redis.call('HMGET', key, unpack(fields))
        local rank = -1
        if provtid_in(status, inQueue) then rank = redis.call('ZRANK', KEYS[2], id) or -1 end
        row[#row + 1] = rank
        row[#row + 1] = id
        items[#items + 1] = row
        lastScore, lastId = score, id
      end
      max, after = score, id
      if scanned >= budget then return {score, id, items} end
    end
  end
  if #batch < size * 2 then return {'', '', items} end
  -- A whole batch of ties at the cursor: look further in one go.
  if not moved then size = size * 2 end
end
