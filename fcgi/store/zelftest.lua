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
--   mail:<mid>            an e-mail waiting to be sent: to, kind, body (the whole message),
--                         ref, net, attempts, first; deleted once delivered
--   mail:due              zset of mail ids by the time they are (next) due; a sender's
--                         claim moves that time ahead by its lease
--   refmail:<ref>         set of the mail ids of a referral (erased with it)
--   mail:dead             zset of undeliverable mail ids by time; mail:dead:<mid> keeps
--                         kind, SMTP code and reason only (no address, no body)
--   digest:<network>      hash of the lines of a network's next daily digest (<ref>:<mid> → line)
--   digest:sent:<network> the day its last digest went out
--   refnotes:<ref>        list of a referral's history entries (JSON: at, by, status?, text?)
--   A referral the respondent withdrew stays as a tombstone (ref:<id> with tomb=1): its
--   id, network, scan type, status 'withdrawn', the times and the slot's start only,
--   so a team already planned is not surprised; the retention sweep erases it later.
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

-- ---------------------------------------------------------------- mail

local function is_network_kind(kind)
  return kind:sub(1, 8) == 'network_' or kind:sub(1, 7) == 'digest:'
end

-- Queues the mail records args[i..]: each is mid, due, kind, to, body.  A
-- kind 'digest:<line>' is a line of the network's next digest instead.
-- `ref` ('' for none) links them to a referral, so they go with it.
local function enqueue(ref, net, now, args, i)
  local n = 0
  while args[i] do
    local mid, due, kind, to, body = args[i], args[i + 1], args[i + 2], args[i + 3], args[i + 4]
    if kind:sub(1, 7) == 'digest:' then
      redis.call('HSET', 'zt:digest:' .. net, ref .. ':' .. mid, body)
    else
      redis.call('HSET', 'zt:mail:' .. mid, 'to', to, 'kind', kind, 'body', body, 'ref', ref,
                 'net', net, 'attempts', 0, 'first', now)
      redis.call('ZADD', 'zt:mail:due', due, mid)
      if ref ~= '' then redis.call('SADD', 'zt:refmail:' .. ref, mid) end
      if kind == 'reminder' and ref ~= '' then redis.call('HSET', 'zt:ref:' .. ref, 'rem', mid) end
    end
    n = n + 1
    i = i + 5
  end
  return n
end

local function drop_mail(mid)
  redis.call('DEL', 'zt:mail:' .. mid)
  redis.call('ZREM', 'zt:mail:due', mid)
end

-- Drops every mail and digest line of a referral that is still waiting.
local function drop_referral_mail(ref, net)
  local set = 'zt:refmail:' .. ref
  for _, mid in ipairs(redis.call('SMEMBERS', set)) do drop_mail(mid) end
  redis.call('DEL', set)
  if net then
    local dk = 'zt:digest:' .. net
    for _, field in ipairs(redis.call('HKEYS', dk)) do
      if field:sub(1, #ref + 1) == ref .. ':' then redis.call('HDEL', dk, field) end
    end
  end
end

-- zt_mail_claim: takes up to `batch` mails that are due, for `lease` seconds.
-- KEYS[1] mail:due; ARGV[1] now, ARGV[2] lease, ARGV[3] batch
-- → flat list of mid, to, body, kind, attempts, first per mail
redis.register_function('zt_mail_claim', function(keys, args)
  local now = tonumber(args[1])
  local due = redis.call('ZRANGEBYSCORE', keys[1], '-inf', now, 'LIMIT', 0, tonumber(args[3]))
  local out = {}
  for _, mid in ipairs(due) do
    local m = redis.call('HMGET', 'zt:mail:' .. mid, 'to', 'body', 'kind', 'attempts', 'first')
    if m[1] then
      redis.call('ZADD', keys[1], now + tonumber(args[2]), mid)
      local attempts = redis.call('HINCRBY', 'zt:mail:' .. mid, 'attempts', 1)
      for _, v in ipairs({mid, m[1], m[2], m[3], tostring(attempts), m[5]}) do out[#out + 1] = v end
    else
      redis.call('ZREM', keys[1], mid)
    end
  end
  return out
end)

-- zt_mail_done: a mail was delivered; a network's "new referral" notice marks
-- the referral as known to the network.  KEYS[1] mail:due; ARGV[1] mid → 1
redis.register_function('zt_mail_done', function(keys, args)
  local key = 'zt:mail:' .. args[1]
  local m = redis.call('HMGET', key, 'ref', 'kind')
  if m[1] and m[1] ~= '' then
    redis.call('SREM', 'zt:refmail:' .. m[1], args[1])
    if m[2] == 'network_new' and redis.call('EXISTS', 'zt:ref:' .. m[1]) == 1 then
      redis.call('HSET', 'zt:ref:' .. m[1], 'nn', '1')
    end
  end
  drop_mail(args[1])
  return 1
end)

-- zt_mail_retry: try again at `at`.  KEYS[1] mail:due; ARGV[1] mid, ARGV[2] at, ARGV[3] reason
-- → 1, or 0 when the mail is gone meanwhile (withdrawn)
redis.register_function('zt_mail_retry', function(keys, args)
  local key = 'zt:mail:' .. args[1]
  if redis.call('EXISTS', key) == 0 then return 0 end
  redis.call('HSET', key, 'error', args[3])
  redis.call('ZADD', keys[1], args[2], args[1])
  return 1
end)

-- zt_mail_dead: undeliverable; keep what an operator needs, nothing personal.
-- KEYS[1] mail:due; ARGV[1] mid, ARGV[2] code, ARGV[3] reason, ARGV[4] now, ARGV[5] keep at most
redis.register_function('zt_mail_dead', function(keys, args)
  local key = 'zt:mail:' .. args[1]
  local m = redis.call('HMGET', key, 'kind', 'ref', 'net', 'attempts', 'first')
  if not m[1] then return 0 end
  if m[2] and m[2] ~= '' then redis.call('SREM', 'zt:refmail:' .. m[2], args[1]) end
  redis.call('HSET', 'zt:mail:dead:' .. args[1], 'kind', m[1], 'net', m[3], 'attempts', m[4],
             'first', m[5], 'code', args[2], 'reason', args[3], 'at', args[4])
  redis.call('ZADD', 'zt:mail:dead', args[4], args[1])
  drop_mail(args[1])
  local over = redis.call('ZCARD', 'zt:mail:dead') - tonumber(args[5])
  if over > 0 then
    for _, old in ipairs(redis.call('ZRANGE', 'zt:mail:dead', 0, over - 1)) do
      redis.call('DEL', 'zt:mail:dead:' .. old)
    end
    redis.call('ZREMRANGEBYRANK', 'zt:mail:dead', 0, over - 1)
  end
  return 1
end)

-- zt_mail_stats: KEYS[1] mail:due; ARGV[1] now
-- → {waiting, due now, oldest first enqueue time or 0, dead}
redis.register_function({function_name = 'zt_mail_stats', flags = {'no-writes'},
  callback = function(keys, args)
    local waiting = redis.call('ZCARD', keys[1])
    local due = redis.call('ZCOUNT', keys[1], '-inf', args[1])
    local oldest = 0
    for _, mid in ipairs(redis.call('ZRANGE', keys[1], 0, 49)) do
      local first = tonumber(redis.call('HGET', 'zt:mail:' .. mid, 'first') or '0')
      if first > 0 and (oldest == 0 or first < oldest) then oldest = first end
    end
    return {waiting, due, oldest, redis.call('ZCARD', 'zt:mail:dead')}
  end})

-- zt_digest_take: the lines of a network's digest, unless one went out on `day`.
-- KEYS[1] digest:<network>, KEYS[2] digest:sent:<network>; ARGV[1] day
-- → flat list of field, line (empty: nothing to send, or sent today)
redis.register_function({function_name = 'zt_digest_take', flags = {'no-writes'},
  callback = function(keys, args)
    if redis.call('GET', keys[2]) == args[1] then return {} end
    return redis.call('HGETALL', keys[1])
  end})

-- zt_digest_commit: the digest mail is made: queue it, drop the lines it holds,
-- remember the day, and mark their referrals as known to the network.
-- KEYS[1] digest:<network>, KEYS[2] digest:sent:<network>
-- ARGV: day, now, network, nfields, field…, then one mail record
redis.register_function('zt_digest_commit', function(keys, args)
  local n = tonumber(args[4])
  for i = 5, 4 + n do
    local field = args[i]
    redis.call('HDEL', keys[1], field)
    local ref = field:match('^([^:]+):')
    if ref and redis.call('EXISTS', 'zt:ref:' .. ref) == 1 then
      redis.call('HSET', 'zt:ref:' .. ref, 'nn', '1')
    end
  end
  redis.call('SET', keys[2], args[1], 'EX', 172800)
  return enqueue('', args[3], args[2], args, 5 + n)
end)

-- ---------------------------------------------------------------- referrals

-- Erases a referral and everything that points to it, and frees its slot;
-- drops its waiting mail, then queues the mail records of args[i..] (a
-- withdrawal's confirmations), those for the network only when the network
-- already knew of the referral.  Always takes the id out of the retention
-- set, also when the referral is already gone, so a leftover id can never
-- block the sweep.  `tomb_until` (a time) leaves a tombstone until then.
local function erase(id, network, now, args, i, tomb_until)
  local key = 'zt:ref:' .. id
  local f = redis.call('HMGET', key, 'network', 'slot', 'sh', 'entry', 'wdh', 'nn', 'tomb',
                       'created', 'scan', 'status')
  if not f[1] then
    redis.call('ZREM', 'zt:retention', id)
    return 0
  end
  if network ~= '' and f[1] ~= network then return 0 end
  drop_referral_mail(id, f[1])
  local j = i
  while args and args[j] do
    if is_network_kind(args[j + 2]) and f[6] ~= '1' then
      for k = 0, 4 do table.remove(args, j) end
    else
      j = j + 5
    end
  end
  if args then enqueue('', f[1], now, args, i) end
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
  local slot_start = ''
  if f[2] and f[2] ~= '' then slot_start = redis.call('HGET', 'zt:slot:' .. f[2], 'start') or '' end
  redis.call('ZREM', 'zt:retention', id)
  if f[3] then redis.call('DEL', 'zt:sref:' .. f[3]) end
  if f[5] then redis.call('DEL', 'zt:wd:' .. f[5]) end
  redis.call('DEL', key, 'zt:refnotes:' .. id)
  if tomb_until and f[7] ~= '1' then
    redis.call('HSET', key, 'id', id, 'network', f[1], 'tomb', '1', 'status', 'withdrawn',
               'was', f[10] or '', 'created', f[8] or now, 'updated', now, 'withdrawn', now,
               'scan', f[9] or '', 'slot_start', slot_start, 'slot', '')
    redis.call('ZADD', 'zt:retention', tomb_until, id)
  else
    redis.call('ZREM', 'zt:net:' .. f[1] .. ':refs', id)
  end
  return 1
end

-- zt_referral_create: the referral, its slot booking, its inbox entry, its
-- indexes and its mail in one step: a 201 means the mail will go.
-- KEYS: sref, ref, slot (or a placeholder), inbox, refs, retention, wd
-- ARGV: id, slot id or '', now, erase_at, network, nfields, then nfields
--       field, value, … of the referral, then mail records (mid, due, kind, to, body)
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
  local nf = tonumber(args[6])
  redis.call('HSET', keys[2], unpack(args, 7, 6 + nf))
  if redis.call('EXISTS', keys[4]) == 0 then
    redis.call('XGROUP', 'CREATE', keys[4], 'network', '0', 'MKSTREAM')
  end
  local entry = redis.call('XADD', keys[4], '*', 'ref', args[1])
  redis.call('HSET', keys[2], 'entry', entry)
  redis.call('ZADD', keys[5], args[3], args[1])
  redis.call('ZADD', keys[6], args[4], args[1])
  redis.call('SET', keys[1], args[1])
  redis.call('SET', keys[7], args[1])
  enqueue(args[1], args[5], args[3], args, 7 + nf)
  return {'created', args[1]}
end)

-- zt_referral_erase: erasure on request (the respondent or the network), with
-- the mail that confirms it.  KEYS[1] ref; ARGV[1] id, ARGV[2] network or ''
-- (any), ARGV[3] now, ARGV[4] keep a tombstone until (a time) or '' (none),
-- then mail records → 1 erased, 0 not found
redis.register_function('zt_referral_erase', function(keys, args)
  local tomb = args[4] ~= '' and tonumber(args[4]) or nil
  return erase(args[1], args[2], args[3], args, 5, tomb)
end)

-- zt_booking_change: the network moves a referral to another slot, or cancels its
-- slot (new slot ''), with the mail that tells the respondent.  The caller made
-- the mail for the referral as it read it: `seq` must still be its sequence.
-- KEYS[1] ref; ARGV: id, network, new slot or '', seq, now, then mail records
-- → {'ok', new seq} | {'none'} | {'conflict'} | {'same'} | {'noslot'} | {'gone'} | {'full'}
redis.register_function('zt_booking_change', function(keys, args)
  local f = redis.call('HMGET', keys[1], 'network', 'slot', 'seq', 'rem', 'tomb', 'status')
  if not f[1] or f[1] ~= args[2] then return {'none'} end
  if f[5] == '1' then return {'withdrawn'} end
  if (f[3] or '0') ~= args[4] then return {'conflict'} end
  local old, new = f[2] or '', args[3]
  if new == old then return {new == '' and 'noslot' or 'same'} end
  if new ~= '' then
    local sk = 'zt:slot:' .. new
    local s = redis.call('HMGET', sk, 'network', 'start', 'capacity', 'booked')
    if not s[1] or s[1] ~= args[2] or tonumber(s[2]) <= tonumber(args[5]) then return {'gone'} end
    if tonumber(s[4]) >= tonumber(s[3]) then return {'full'} end
    redis.call('HINCRBY', sk, 'booked', 1)
  end
  if old ~= '' then
    local ok = 'zt:slot:' .. old
    if tonumber(redis.call('HGET', ok, 'booked') or '0') > 0 then
      redis.call('HINCRBY', ok, 'booked', -1)
    end
  end
  if f[4] and f[4] ~= '' then
    drop_mail(f[4])
    redis.call('SREM', 'zt:refmail:' .. args[1], f[4])
    redis.call('HDEL', keys[1], 'rem')
  end
  local seq = tonumber(args[4]) + 1
  redis.call('HSET', keys[1], 'slot', new, 'seq', seq, 'updated', args[5])
  -- a planned time makes it 'scheduled'; a cancelled one takes it back to 'contacted'
  local st = f[6]
  if new ~= '' and (st == 'new' or st == 'contacted') then st = 'scheduled'
  elseif new == '' and st == 'scheduled' then st = 'contacted' end
  if st ~= f[6] then
    redis.call('HSET', keys[1], 'status', st)
    redis.call('RPUSH', 'zt:refnotes:' .. args[1],
               cjson.encode({at = tonumber(args[5]), status = st, by = ''}))
  end
  enqueue(args[1], args[2], args[5], args, 6)
  return {'ok', tostring(seq)}
end)

-- zt_referral_status: a new status and/or a note, acknowledges the inbox
-- entry, moves the erasure date (done/declined: done_secs from now; never
-- later than max_secs after creation).  Each change is an entry of the
-- referral's history (time, author label, status, note), the last 200 kept.
-- KEYS[1] ref; ARGV: id, network, status ('' keeps it), note ('' none), now,
--   done_secs, max_secs, author label
-- → the referral's fields as set (HGETALL), 0: not this network's referral
--   (or none), -1: withdrawn (a tombstone)
redis.register_function('zt_referral_status', function(keys, args)
  local f = redis.call('HMGET', keys[1], 'network', 'entry', 'created', 'tomb', 'status')
  if not f[1] or f[1] ~= args[2] then return 0 end
  if f[4] == '1' then return -1 end
  local entry = {at = tonumber(args[5]), by = args[8]}
  local status = f[5]
  if args[3] ~= '' and args[3] ~= f[5] then
    status = args[3]
    entry.status = status
  end
  if args[4] ~= '' then
    entry.text = args[4]
    redis.call('HSET', keys[1], 'note', args[4])
  end
  if entry.status or entry.text then
    local hist = 'zt:refnotes:' .. args[1]
    redis.call('RPUSH', hist, cjson.encode(entry))
    redis.call('LTRIM', hist, -200, -1)
  end
  redis.call('HSET', keys[1], 'status', status, 'updated', args[5])
  local stream = 'zt:net:' .. f[1] .. ':inbox'
  if f[2] and redis.call('EXISTS', stream) == 1 then
    redis.call('XACK', stream, 'network', f[2])
  end
  local at = tonumber(f[3]) + tonumber(args[7])
  if status == 'done' or status == 'declined' then
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
    if erase(id, '', args[1], nil, 0) == 1 then
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

-- zt_outcome: a scan's outcome as the students observed it, recorded with the
-- referral and counted at once in the anonymous outcome statistics (when it
-- is corrected, its earlier count is taken back first); the referral is
-- then done (and its erasure date moves as for done).
--   so:<by>:<group>:<week>  hash: n, <principle>:<ok|attention|urgent>, f:<finding>,
--                           c:<principle>:<self-test level l|m|h>:<observed level>
-- With the owner's opt-in (retest=1) and a re-test key, the first outcome also
-- makes the re-test record retest:<key> (the self-test's scores and groups,
-- nothing personal, for `ttl` seconds) and queues the invitation (mail
-- records at the end), which goes with the referral if it is erased first.
-- KEYS[1] ref; ARGV: id, network, now, week, outcome JSON, seconds to keep the
--   counters, done_secs, max_secs, re-test key or '', its ttl, nfindings,
--   5 principle ids, 5 observed levels, the nfindings finding ids, then mail records
-- → {'ok', re-test key or ''} | {'none'} | {'withdrawn'} | {'status', current status}
redis.register_function('zt_outcome', function(keys, args)
  local f = redis.call('HMGET', keys[1], 'network', 'tomb', 'status', 'g_sector', 'g_size',
                       'g_province', 'self', 'oc', 'created', 'entry', 'retest', 'rtk',
                       'self_scores')
  if not f[1] or f[1] ~= args[2] then return {'none'} end
  if f[2] == '1' then return {'withdrawn'} end
  if f[3] ~= 'scheduled' and f[3] ~= 'done' then return {'status', f[3] or ''} end
    -- take back what an earlier outcome of this referral counted; a first one is a scan done
  if not f[8] or f[8] == '' then
    redis.call('HINCRBY', 'zt:sum:' .. args[4], 'done', 1)
    redis.call('EXPIRE', 'zt:sum:' .. args[4], args[6])
  else
    local old = cjson.decode(f[8])
    for _, k in ipairs(old.keys) do
      for _, field in ipairs(old.fields) do redis.call('HINCRBY', k, field, -1) end
    end
  end
  local groups = {{'sector', f[4]}, {'size', f[5]}, {'province', f[6]}, {'network', f[1]}}
  local ks, fields = {}, {'n'}
  for _, g in ipairs(groups) do
    local group = (g[2] and g[2] ~= '') and g[2] or 'unknown'
    ks[#ks + 1] = 'zt:so:' .. g[1] .. ':' .. group .. ':' .. args[4]
  end
  local self = f[7] or ''
  for p = 1, 5 do
    local pid, level = args[11 + p], args[16 + p]
    fields[#fields + 1] = pid .. ':' .. level
    local s = self:sub(p, p)
    if s ~= '' then fields[#fields + 1] = 'c:' .. pid .. ':' .. s .. ':' .. level end
  end
  local nf = tonumber(args[11])
  for i = 22, 21 + nf do fields[#fields + 1] = 'f:' .. args[i] end
  for _, k in ipairs(ks) do
    for _, field in ipairs(fields) do redis.call('HINCRBY', k, field, 1) end
    redis.call('EXPIRE', k, args[6])
  end
  redis.call('HSET', keys[1], 'outcome', args[5], 'outcome_at', args[3], 'status', 'done',
             'updated', args[3], 'oc', cjson.encode({keys = ks, fields = fields}))
  if f[3] ~= 'done' then
    redis.call('RPUSH', 'zt:refnotes:' .. args[1],
               cjson.encode({at = tonumber(args[3]), status = 'done', by = ''}))
  end
  local stream = 'zt:net:' .. f[1] .. ':inbox'
  if f[10] and redis.call('EXISTS', stream) == 1 then
    redis.call('XACK', stream, 'network', f[10])
  end
  local at = math.min(tonumber(f[9]) + tonumber(args[8]), tonumber(args[3]) + tonumber(args[7]))
  redis.call('ZADD', 'zt:retention', at, args[1])
  local rtk = ''
  if f[11] == '1' and (f[12] or '') == '' and args[9] ~= '' then
    rtk = args[9]
    redis.call('HSET', 'zt:retest:' .. rtk, 'scores', f[13] or '', 'network', f[1],
               'g_sector', f[4] or '', 'g_size', f[5] or '', 'g_province', f[6] or '',
               'created', args[3])
    redis.call('EXPIRE', 'zt:retest:' .. rtk, args[10])
    redis.call('HSET', keys[1], 'rtk', rtk)
    enqueue(args[1], f[1], args[3], args, 22 + nf)
  end
  return {'ok', rtk}
end)

-- zt_retest_count: a completed re-test: its change per principle against the
-- baseline is counted once, in the groups of the original scan.
--   si:<by>:<group>:<week>  hash: n, <principle> → sum of the changes (after − before)
-- KEYS[1] retest:<key>; ARGV: week, seconds to keep, 5 principle ids, 5 scores now
-- → 1 counted, 0 gone or counted before
redis.register_function('zt_retest_count', function(keys, args)
  local f = redis.call('HMGET', keys[1], 'scores', 'used', 'network', 'g_sector', 'g_province')
  if not f[1] or f[2] then return 0 end
  local before = {}
  for v in string.gmatch(f[1], '[^,]+') do before[#before + 1] = tonumber(v) end
  if #before ~= 5 then return 0 end
  local groups = {{'network', f[3]}, {'sector', f[4]}, {'province', f[5]}}
  for _, g in ipairs(groups) do
    local group = (g[2] and g[2] ~= '') and g[2] or 'unknown'
    local k = 'zt:si:' .. g[1] .. ':' .. group .. ':' .. args[1]
    redis.call('HINCRBY', k, 'n', 1)
    for p = 1, 5 do
      redis.call('HINCRBY', k, args[2 + p], tonumber(args[7 + p]) - before[p])
    end
    redis.call('EXPIRE', k, args[2])
  end
  redis.call('HSET', keys[1], 'used', '1')
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
