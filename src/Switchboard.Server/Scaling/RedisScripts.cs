using StackExchange.Redis;

namespace Switchboard.Server.Scaling;

/// <summary>
/// The Lua scripts of Redis mode: each change of shared state is one script, so it is atomic on the server and no
/// instance reads, changes and writes back a shared value (G5, G9). Each touches one key, so all run on Redis Cluster.
/// </summary>
internal static class RedisScripts
{
    // usage_pool (hash: model → JSON {"<sid>": {"updated_at": s}}), Open WebUI's layout.
    // KEYS[1] usage_pool; ARGV[1] model, ARGV[2] sid, ARGV[3] now (s, with fraction), ARGV[4] expiry (s).
    // Drops the model's expired sockets, then sets this socket's updated_at.
    public static readonly LuaScript UsageReport = LuaScript.Prepare("""
        local function load(raw)
          if not raw then return {} end
          local ok, value = pcall(cjson.decode, raw)
          if ok and type(value) == 'table' then return value end
          return {}
        end
        local now, ttl = tonumber(@now), tonumber(@ttl)
        local entry = load(redis.call('HGET', @pool, @model))
        for sid, v in pairs(entry) do
          if type(v) ~= 'table' or type(v.updated_at) ~= 'number' or now - v.updated_at > ttl then entry[sid] = nil end
        end
        entry[@sid] = { updated_at = now }
        redis.call('HSET', @pool, @model, cjson.encode(entry))
        return 1
        """);

    // KEYS[1] usage_pool; ARGV[1] model, ARGV[2] sid. Removes one socket; the model goes when no socket is left.
    public static readonly LuaScript UsageRemove = LuaScript.Prepare("""
        local raw = redis.call('HGET', @pool, @model)
        if not raw then return 0 end
        local ok, entry = pcall(cjson.decode, raw)
        if not ok or type(entry) ~= 'table' then redis.call('HDEL', @pool, @model) return 1 end
        entry[@sid] = nil
        if next(entry) == nil then redis.call('HDEL', @pool, @model) else redis.call('HSET', @pool, @model, cjson.encode(entry)) end
        return 1
        """);

    // KEYS[1] usage_pool; ARGV[1] now (s), ARGV[2] expiry (s). Drops every expired socket and every model left with
    // none (the sockets of an instance that died included); returns how many sockets were dropped.
    public static readonly LuaScript UsageSweep = LuaScript.Prepare("""
        local now, ttl = tonumber(@now), tonumber(@ttl)
        local fields = redis.call('HGETALL', @pool)
        local dropped = 0
        for i = 1, #fields, 2 do
          local ok, entry = pcall(cjson.decode, fields[i + 1])
          if not ok or type(entry) ~= 'table' then entry = {} end
          local changed, left = false, false
          for sid, v in pairs(entry) do
            if type(v) ~= 'table' or type(v.updated_at) ~= 'number' or now - v.updated_at > ttl then
              entry[sid] = nil changed = true dropped = dropped + 1
            else
              left = true
            end
          end
          if not left then redis.call('HDEL', @pool, fields[i])
          elseif changed then redis.call('HSET', @pool, fields[i], cjson.encode(entry)) end
        end
        return dropped
        """);

    // The session reaper, in three scripts of one key each, so it runs on Redis Cluster too (session_pool keeps Open
    // WebUI's name, without a hash tag, so it cannot share a slot with session_expiry). Each step is safe whatever
    // happens between them: a heartbeat meanwhile refreshes last_seen_at and the expiry, and an instance that dies
    // between two steps leaves expired entries in session_expiry, which the next pass finds again.
    // 1. KEYS[1] session_expiry; ARGV[1] now (ms), ARGV[2] limit. The sockets whose presence expired.
    public const string SessionExpired = """
        return redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
        """;

    // 2. KEYS[1] session_pool; ARGV[1] now (ms), ARGV[2] timeout (ms), ARGV[3..] socket ids. Drops each socket not seen
    // within the timeout (last_seen_at, s, rounded down, so a socket seen since step 1 is kept) or not readable.
    public const string SessionDrop = """
        local dropped = 0
        for i = 3, #ARGV do
          local raw = redis.call('HGET', KEYS[1], ARGV[i])
          if raw then
            local ok, entry = pcall(cjson.decode, raw)
            local seen = ok and type(entry) == 'table' and tonumber(entry.last_seen_at) or nil
            if not seen or seen * 1000 + tonumber(ARGV[2]) <= tonumber(ARGV[1]) then
              redis.call('HDEL', KEYS[1], ARGV[i])
              dropped = dropped + 1
            end
          end
        end
        return dropped
        """;

    // 3. KEYS[1] session_expiry; ARGV[1] now (ms), ARGV[2..] socket ids. Removes those still expired (not refreshed).
    public const string SessionForget = """
        for i = 2, #ARGV do
          local score = redis.call('ZSCORE', KEYS[1], ARGV[i])
          if score and tonumber(score) <= tonumber(ARGV[1]) then redis.call('ZREM', KEYS[1], ARGV[i]) end
        end
        return 1
        """;

    // KEYS[1] a document's sequence counter; ARGV[1] floor (the highest number the caller knows), ARGV[2] TTL (ms).
    // The next number, never at or below the floor: a counter lost with a Redis restart continues from what is stored.
    public static readonly LuaScript DocumentSeq = LuaScript.Prepare("""
        local current = tonumber(redis.call('GET', @key) or '0')
        if current < tonumber(@floor) then redis.call('SET', @key, @floor) end
        local next = redis.call('INCR', @key)
        redis.call('PEXPIRE', @key, @ttl)
        return next
        """);

    // A reply's delta form for other instances (RedisChatStreamMirror): KEYS[1] the list (header, batch 1, ..., end);
    // ARGV[1] header, ARGV[2] element, ARGV[3] its position (0 records the start: the header alone, replacing the list
    // of an earlier stream of the message; 1 starts the list afresh too: a regenerated reply replaces the old one),
    // ARGV[4] TTL (ms), ARGV[5] most positions. An element that does not follow the last (the list was lost
    // with a Redis restart) or one past the cap deletes the list: a reply is recorded whole or not at all.
    public static readonly LuaScript StreamAppend = LuaScript.Prepare("""
        local pos = tonumber(@pos)
        if pos <= 1 then
          redis.call('DEL', @key)
          redis.call('RPUSH', @key, @header)
          if pos == 0 then
            redis.call('PEXPIRE', @key, @ttl)
            return 1
          end
        elseif redis.call('LLEN', @key) ~= pos then
          redis.call('DEL', @key)
          return 0
        end
        if pos > tonumber(@cap) then
          redis.call('DEL', @key)
          return 0
        end
        redis.call('RPUSH', @key, @element)
        redis.call('PEXPIRE', @key, @ttl)
        return 1
        """);

    // KEYS[1] a user's running replies (task id → when the slot lapses, ms); ARGV[1] now (ms). Drops lapsed slots (an
    // instance that died stops renewing its own) and counts the rest.
    public static readonly LuaScript UserTasksCount = LuaScript.Prepare("""
        redis.call('ZREMRANGEBYSCORE', @key, '-inf', @now)
        return redis.call('ZCARD', @key)
        """);

    // KEYS[1] a user's running replies; ARGV now (ms), limit, task id, its slot's deadline (ms), the key's lease (ms).
    // Drops lapsed slots, then adds the task's slot only while fewer than limit remain: 1 taken, 0 refused.
    public static readonly LuaScript UserTasksTake = LuaScript.Prepare("""
        redis.call('ZREMRANGEBYSCORE', @key, '-inf', @now)
        if redis.call('ZCARD', @key) >= tonumber(@limit) then return 0 end
        redis.call('ZADD', @key, @deadline, @task)
        redis.call('PEXPIRE', @key, @lease)
        return 1
        """);

    // A lease: KEYS[1] lock; ARGV[1] owner, ARGV[2] lease (ms). Extends it only while this owner holds it.
    public static readonly LuaScript LeaseRenew = LuaScript.Prepare("""
        if redis.call('GET', @key) == @owner then return redis.call('PEXPIRE', @key, @lease) end
        return 0
        """);

    // KEYS[1] lock; ARGV[1] owner. Deletes it only while this owner holds it.
    public static readonly LuaScript LeaseRelease = LuaScript.Prepare("""
        if redis.call('GET', @key) == @owner then return redis.call('DEL', @key) end
        return 0
        """);
}
