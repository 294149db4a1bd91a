#!lua name=zelftest
--
-- zelftest.lua — every write of the program to Redis that must be atomic,
-- as one Redis Functions library (Redis 7).  store/store.c loads it when a
-- connection opens (FUNCTION LOAD REPLACE, only when the library in Redis
-- is not this one) and calls the functions with FCALL.  Each function
-- runs all-or-nothing.
--
-- Keys (all under zt:):
--   s:<token>             session hash (sessions Redis): v, l, c, t, d and answers
--   ref:<id>              referral hash: the only place personal data lives
--   sref:<sha256(token)>  → referral id (one referral per session; idempotency)
--   wd:<sha256(key)>      → referral id (the withdrawal link; the key itself is never stored)
--   net:<network>:refs    zset of referral ids by creation time
--   net:<network>:inbox   stream, one entry per referral, read through the consumer
--                         group "network": unacknowledged until its status is set
--   net:<network>:slots   zset of slot ids by start time
--   slot:<id>             hash: network, start, tz, minutes, place, capacity, booked
--   retention             zset of referral ids by the time they must be erased
--   st:<version>:<by>:<group>:<week>  statistics counters
--   fn:<campaign>:<day>   a campaign's funnel counters
--
-- Keys reached from a referral (its slot, stream, indexes) are named inside
-- the functions: fine on a single Redis, which is what each instance is.

-- ---------------------------------------------------------------- sessions

-- zt_session_create: a new session, never over an existing one.
-- KEYS[1] session; ARGV[1] ttl seconds, ARGV[2..] field, value, …
-- → 1 created, 0 the token exists (try another)
redis.register_function('zt_session_create', function(keys, args)
  if redis.call('EXISTS', keys[1]) == 1 then return 0 end
  redis.call('HSET', keys[1], unpack(args, 2))
  redis.call('EXPIRE', keys[1], args[1])
  return 1
end)

-- zt_session_answer: stores one answer if the session uses this
-- questionnaire version; refreshes the TTL.
-- KEYS[1] session; ARGV[1] version, ARGV[2] field, ARGV[3] value, ARGV[4] ttl
-- → {1, answered} stored; {0} no such session; {2, version} the session's other version
-- The answered count is the hash's length less its metadata fields: v, l,
-- t always; c (campaign) and d (counted) when present.
redis.register_function('zt_session_answer', function(keys, args)
  local m = redis.call('HMGET', keys[1], 'v', 'c', 'd')
  if not m[1] then return {0} end
  if m[1] ~= args[1] then return {2, m[1]} end
  redis.call('HSET', keys[1], args[2], args[3])
  redis.call('EXPIRE', keys[1], args[4])
  local n = redis.call('HLEN', keys[1]) - 3
  if m[2] then n = n - 1 end
  if m[3] then n = n - 1 end
  return {1, n}
end)

-- zt_session_mark_counted: marks the completion as counted in the statistics.
-- KEYS[1] session → 1 marked now, 0 marked before, -1 no such session
-- (HSETNX alone would re-create an expired session as a hash without a TTL)
redis.register_function('zt_session_mark_counted', function(keys, args)
  if redis.call('EXISTS', keys[1]) == 0 then return -1 end
  return redis.call('HSETNX', keys[1], 'd', '1')
end)

-- zt_session_lang: the language the respondent switched to (mail, errors and a
-- resume link then speak it).  KEYS[1] session; ARGV[1] 'nl' or 'en'
-- → 1 set, 0 no such session (nothing created)
redis.register_function('zt_session_lang', function(keys, args)
  if redis.call('EXISTS', keys[1]) == 0 then return 0 end
  redis.call('HSET', keys[1], 'l', args[1])
  return 1
end)

-- ---------------------------------------------------------------- referrals

-- Erases a referral and everything that points to it, and frees its slot.
-- Always takes the id out of the retention set, also when the referral is
-- already gone, so a leftover id can never block the sweep.
local function erase(id, network)
  local key = 'zt:ref:' .. id
  local f = redis.call('HMGET', key, 'network', 'slot', 'sh', 'entry', 'wdh')
  if not f[1] then
    redis.call('ZREM', 'zt:retention', id)
    return 0
  end
  if network ~= '' and f[1] ~= network then return 0 end
  if f[2] and f[2] ~= '' then
    local sk = 'zt:slot:' .. f[2]
    if tonumber(redis.call('HGET', sk, 'booked') or '0') > 0 then
      redis.call('HINCRBY', sk, 'booked', -1)
    end
  end
  local stream = 'zt:net:' .. f[1] .. ':inbox'
  if f[4] and redis.call('EXISTS', stream) == 1 then
    redis.call('XACK', stream, 'network', f[4])
    redis.call('XDEL', stream, f[4])
  end
  redis.call('ZREM', 'zt:net:' .. f[1] .. ':refs', id)
  redis.call('ZREM', 'zt:retention', id)
  if f[3] then redis.call('DEL', 'zt:sref:' .. f[3]) end
  if f[5] then redis.call('DEL', 'zt:wd:' .. f[5]) end
  redis.call('DEL', key)
  return 1
end

-- zt_referral_create: the referral, its slot booking, its inbox entry and
-- its indexes in one step.
-- KEYS: sref, ref, slot (or a placeholder), inbox, refs, retention, wd
-- ARGV: id, slot id or '', now, erase_at, network, then field, value, … of the referral
-- → {'created', id} | {'exists', existing id} | {'gone'} | {'full'}
redis.register_function('zt_referral_create', function(keys, args)
  local existing = redis.call('GET', keys[1])
  if existing then return {'exists', existing} end
  if args[2] ~= '' then
    local s = redis.call('HMGET', keys[3], 'network', 'start', 'capacity', 'booked')
    if not s[1] or s[1] ~= args[5] or tonumber(s[2]) <= tonumber(args[3]) then
      return {'gone'}
    end
    if tonumber(s[4]) >= tonumber(s[3]) then return {'full'} end
    redis.call('HINCRBY', keys[3], 'booked', 1)
  end
  redis.call('HSET', keys[2], unpack(args, 6))
  if redis.call('EXISTS', keys[4]) == 0 then
    redis.call('XGROUP', 'CREATE', keys[4], 'network', '0', 'MKSTREAM')
  end
  local entry = redis.call('XADD', keys[4], '*', 'ref', args[1])
  redis.call('HSET', keys[2], 'entry', entry)
  redis.call('ZADD', keys[5], args[3], args[1])
  redis.call('ZADD', keys[6], args[4], args[1])
  redis.call('SET', keys[1], args[1])
  redis.call('SET', keys[7], args[1])
  return {'created', args[1]}
end)

-- zt_referral_erase: erasure on request (the respondent or the network).
-- KEYS[1] ref; ARGV[1] id, ARGV[2] network or '' (any) → 1 erased, 0 not found
redis.register_function('zt_referral_erase', function(keys, args)
  return erase(args[1], args[2])
end)

-- zt_referral_status: status and note, acknowledges the inbox entry, moves
-- the erasure date (done/declined: done_secs from now; never later than
-- max_secs after creation).
-- KEYS[1] ref; ARGV: id, network, status, note, now, done_secs, max_secs
-- → the referral's fields as set (HGETALL), or 0: not this network's referral (or none)
redis.register_function('zt_referral_status', function(keys, args)
  local f = redis.call('HMGET', keys[1], 'network', 'entry', 'created')
  if not f[1] or f[1] ~= args[2] then return 0 end
  redis.call('HSET', keys[1], 'status', args[3], 'note', args[4], 'updated', args[5])
  local stream = 'zt:net:' .. f[1] .. ':inbox'
  if f[2] and redis.call('EXISTS', stream) == 1 then
    redis.call('XACK', stream, 'network', f[2])
  end
  local at = tonumber(f[3]) + tonumber(args[7])
  if args[3] == 'done' or args[3] == 'declined' then
    at = math.min(at, tonumber(args[5]) + tonumber(args[6]))
  end
  redis.call('ZADD', 'zt:retention', at, args[1])
  return redis.call('HGETALL', keys[1])
end)

-- zt_retention_sweep: erases up to `batch` referrals whose time has come.
-- KEYS[1] retention; ARGV[1] now, ARGV[2] batch, ARGV[3] 'ids' (optional)
-- → {taken, erased}: taken < batch means nothing more is due; with 'ids',
-- the ids of the referrals erased follow (for the erasure log, store/erased.c)
redis.register_function('zt_retention_sweep', function(keys, args)
  local due = redis.call('ZRANGEBYSCORE', keys[1], '-inf', args[1], 'LIMIT', 0, tonumber(args[2]))
  local out = {#due, 0}
  for _, id in ipairs(due) do
    if erase(id, '') == 1 then
      out[2] = out[2] + 1
      if args[3] == 'ids' then out[#out + 1] = id end
    end
  end
  return out
end)

-- ---------------------------------------------------------------- slots

-- zt_slot_create: KEYS slot, slots zset; ARGV id, start, field, value, …
-- → 1 created, 0 the id exists
redis.register_function('zt_slot_create', function(keys, args)
  if redis.call('EXISTS', keys[1]) == 1 then return 0 end
  redis.call('HSET', keys[1], unpack(args, 3))
  redis.call('ZADD', keys[2], args[2], args[1])
  return 1
end)

-- zt_slot_delete: KEYS slot, slots zset; ARGV id, network
-- → 1 deleted, 0 not this network's slot (or none), -1 booked (refused)
redis.register_function('zt_slot_delete', function(keys, args)
  local f = redis.call('HMGET', keys[1], 'network', 'booked')
  if not f[1] or f[1] ~= args[2] then return 0 end
  if tonumber(f[2]) > 0 then return -1 end
  redis.call('DEL', keys[1])
  redis.call('ZREM', keys[2], args[1])
  return 1
end)

-- ---------------------------------------------------------------- counters

-- zt_count_completed: one completed test in the statistics and its campaign's funnel.
-- KEYS: the four statistics hashes (sector, size, province, campaign), the funnel hash
-- ARGV: funnel? '1'/'0', high? '1'/'0', seconds to keep, then '<principle>:<level>' fields
redis.register_function('zt_count_completed', function(keys, args)
  for i = 1, 4 do
    redis.call('HINCRBY', keys[i], 'n', 1)
    for j = 4, #args do redis.call('HINCRBY', keys[i], args[j], 1) end
    redis.call('EXPIRE', keys[i], args[3])
  end
  if args[1] == '1' then
    redis.call('HINCRBY', keys[5], 'completed', 1)
    if args[2] == '1' then redis.call('HINCRBY', keys[5], 'high', 1) end
    redis.call('EXPIRE', keys[5], args[3])
  end
  return 1
end)

-- zt_count_funnel: KEYS[1] funnel hash; ARGV[1] step, ARGV[2] seconds to keep
redis.register_function('zt_count_funnel', function(keys, args)
  redis.call('HINCRBY', keys[1], args[1], 1)
  redis.call('EXPIRE', keys[1], args[2])
  return 1
end)

-- ---------------------------------------------------------------- metrics

-- zt_referral_counts: how many referrals each network has, by status (for
-- /metrics).  Reads every referral's status: O(referrals), a few ms for
-- thousands, so scrape it once a minute or so, not in a tight loop.
-- KEYS: the networks' refs zsets → per key a flat list {status, count, …}
redis.register_function{function_name='zt_referral_counts', flags={'no-writes'},
  callback=function(keys, args)
    local out = {}
    for i, k in ipairs(keys) do
      local counts, order = {}, {}
      for _, id in ipairs(redis.call('ZRANGE', k, 0, -1)) do
        local st = redis.call('HGET', 'zt:ref:' .. id, 'status') or 'unknown'
        if not counts[st] then counts[st] = 0; order[#order + 1] = st end
        counts[st] = counts[st] + 1
      end
      local flat = {}
      for _, st in ipairs(order) do flat[#flat + 1] = st; flat[#flat + 1] = counts[st] end
      out[i] = flat
    end
    return out
  end}
