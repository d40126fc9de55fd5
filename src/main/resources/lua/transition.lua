--[[
  Moves a job to a new status (or, with an empty status, only appends events) when its current
  status allows it, appending its events to the job's stream in the same step.

  Input:
    KEYS[1] job hash
    KEYS[2] the job's event stream
    KEYS[3] leases
    KEYS[4] queue
    KEYS[5] this hour's finished-jobs counter hash
    KEYS[6] the watch index (sorted set of job ids, scored by when each watch ends)
    KEYS[7] the fleet search's wants (hash)
    KEYS[8] when each want was last renewed (sorted set)

    ARGV[1] job id
    ARGV[2] new status ('' = none: only fields and events)
    ARGV[3] the statuses it may move from (space separated)
    ARGV[4] events (JSON array of {type, data})
    ARGV[5] stream maxlen
    ARGV[6] notify channel
    ARGV[7] now (epoch ms)
    ARGV[8] retention (s)
    ARGV[9] '1' when the new status is final (drop the lease, set the TTLs, count it), else '0'
    ARGV[10] '1' when the new status waits in the queue (re-queue at the old place), else '0'
    ARGV[11] '1' when the new status waits for a QR scan (its latest frame stays showable), else '0'
    ARGV[12] expected owner ('' = anyone)
    ARGV[13] '1' when the new status watches (no worker: drop the lease, index the watch), else '0'
    ARGV[14] when the watch ends (epoch ms), for the watch index
    ARGV[15...] field/value pairs ('' value = delete the field)

  Output:
    {1, id of the last event appended or ''} when applied; else {0, why}: the current status (the move is not
    allowed from it), 'missing' (the job is gone) or 'not_owner' (another worker owns it)
]]
local cur = redis.call('HGET', KEYS[1], 'status')
if not cur then
  return {0, 'missing'}
end
if not provtid_in(cur, ARGV[3]) then
  return {0, cur}
end
if ARGV[12] ~= '' and redis.call('HGET', KEYS[1], 'owner') ~= ARGV[12] then
  return {0, 'not_owner'}
end
for i = 15, #ARGV, 2 do
  if ARGV[i + 1] == '' then
    redis.call('HDEL', KEYS[1], ARGV[i])
  else
    redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
  end
end
if ARGV[2] ~= '' then
  redis.call('HSET', KEYS[1], 'status', ARGV[2], 'updated_at', ARGV[7])
  -- A QR frame is only worth showing a new subscriber while the job waits for a scan.
  if ARGV[11] ~= '1' then redis.call('HDEL', KEYS[1], 'last_qr_id') end
  -- The autostart token belongs to one BankID order, which ends with the status it began in (a new login moves to
  -- authenticating again and saves its own order's token after this): the status view never offers a dead order.
  redis.call('HDEL', KEYS[1], 'autostart_token')
end
local last = ''
for _, e in ipairs(cjson.decode(ARGV[4])) do
  last = provtid_append(KEYS[2], KEYS[1], ARGV[5], e.type, e.data)
  if e.type == 'status_update' then redis.call('HSET', KEYS[1], 'last_status_id', last) end
  if e.type == 'qr_code_update' then
    redis.call('HSET', KEYS[1], 'last_qr_id', last)
    -- Only the newest frames stay in the stream (a few seconds' worth, for a slow reader): a frame is worthless
    -- once the next is current, and a long wait for a scan must neither grow the stream nor push undelivered
    -- events of other kinds out of its length cap (XDEL'd entries do not count towards MAXLEN).
    local ids = {}
    for s in string.gmatch(redis.call('HGET', KEYS[1], 'recent_qr_ids') or '', '%S+') do ids[#ids + 1] = s end
    ids[#ids + 1] = last
    while #ids > 5 do redis.call('XDEL', KEYS[2], table.remove(ids, 1)) end
    redis.call('HSET', KEYS[1], 'recent_qr_ids', table.concat(ids, ' '))
  end
end
if ARGV[10] == '1' then
  redis.call('ZREM', KEYS[3], ARGV[1])
  redis.call('HDEL', KEYS[1], 'owner', 'last_qr_id')
  redis.call('ZADD', KEYS[4], redis.call('HGET', KEYS[1], 'queue_score'), ARGV[1])
end
if ARGV[2] ~= '' then
  if ARGV[13] == '1' then
    -- A job that watches has no worker: its lease and owner go, and the watch sweeper finds it by when it ends.
    redis.call('ZREM', KEYS[3], ARGV[1])
    redis.call('HDEL', KEYS[1], 'owner')
    redis.call('ZADD', KEYS[6], ARGV[14], ARGV[1])
  else
    redis.call('ZREM', KEYS[6], ARGV[1])
  end
end
if ARGV[9] == '1' then
  -- The want of a job that watched is renewed by nobody: it goes with the job, whoever ends it.
  redis.call('HDEL', KEYS[7], ARGV[1])
  redis.call('ZREM', KEYS[8], ARGV[1])
  redis.call('ZREM', KEYS[3], ARGV[1])
  redis.call('ZREM', KEYS[4], ARGV[1])
  -- Nothing of a finished job's login outlives it: the sealed site session goes in the same step.
  redis.call('HDEL', KEYS[1], 'last_qr_id', 'recent_qr_ids', 'site_session', 'autostart_token')
  redis.call('EXPIRE', KEYS[1], ARGV[8])
  redis.call('EXPIRE', KEYS[2], ARGV[8])
  -- A user has one active job at a time: once it ends, the user's job index outlives it by an hour at most.
  local userIndex = redis.call('HGET', KEYS[1], 'user_index')
  if userIndex then redis.call('EXPIRE', userIndex, tonumber(ARGV[8]) + 3600) end
  -- Finished jobs by status, per hour, for /api/v1/stats (kept a bit over a day).
  redis.call('HINCRBY', KEYS[5], ARGV[2], 1)
  redis.call('EXPIRE', KEYS[5], 90000)
end
if last ~= '' then
  redis.call('PUBLISH', ARGV[6], ARGV[1])
end
return {1, last}
