namespace Switchboard.Server.Scaling;

/// <summary>
/// Every Redis key and channel name of the server, from <c>REDIS_KEY_PREFIX</c> (openwebui-schema.md §6). Keys Open
/// WebUI's Python code reads keep its layout; what only Switchboard needs lives under <c>{prefix}:switchboard:</c>.
/// </summary>
internal sealed class RedisKeys(string prefix)
{
    public string Prefix { get; } = prefix;

    /// <summary>The Socket.IO adapter's channel prefix: deployments with different key prefixes never see each other's emits (G16).</summary>
    public string AdapterChannelPrefix => Prefix + ":socket.io";

    /// <summary>Hash: socket id → the user as JSON plus <c>last_seen_at</c> (s).</summary>
    public string SessionPool => Prefix + ":session_pool";

    /// <summary>Sorted set: socket id → when its presence expires (ms); lets any instance drop a dead instance's sockets.</summary>
    public string SessionExpiry => Prefix + ":switchboard:session_expiry";

    /// <summary>Hash: model id → JSON <c>{"&lt;sid&gt;": {"updated_at": s}}</c>.</summary>
    public string UsagePool => Prefix + ":usage_pool";

    /// <summary>Lock of the usage cleanup loop.</summary>
    public string UsageCleanupLock => Prefix + ":usage_cleanup_lock";

    /// <summary>Lock of the session reaper.</summary>
    public string SessionCleanupLock => Prefix + ":session_cleanup_lock";

    /// <summary>String <c>1</c>, TTL = the token's remaining life.</summary>
    public string RevokedToken(string jti) => $"{Prefix}:auth:token:{jti}:revoked";

    /// <summary>String: epoch s; tokens of the user issued up to then are refused.</summary>
    public string UserRevokedAt(string userId) => $"{Prefix}:auth:user:{userId}:revoked_at";

    /// <summary>Counter of a document's log sequence numbers.</summary>
    public string DocumentSeq(string documentId) => $"{Prefix}:switchboard:document:{documentId}:seq";

    /// <summary>Lease of the instance that saves and compacts a document.</summary>
    public string DocumentSaveLock(string documentId) => $"{Prefix}:switchboard:document:{documentId}:save_lock";

    /// <summary>Channel on which accepted document updates are announced to every instance.</summary>
    public string DocumentChannel => Prefix + ":switchboard:documents";

    /// <summary>Sorted set: the running replies of a user on every instance (task id → when its slot lapses, ms).</summary>
    public string UserTasks(string userId) => $"{Prefix}:switchboard:user_tasks:{userId}";

    /// <summary>List: a streamed reply's delta form (header, batches, end), for resuming on any instance.</summary>
    public string Stream(string chatId, string messageId) => $"{Prefix}:switchboard:stream:{chatId}:{messageId}";

    /// <summary>Channel on which revocations are announced to every instance.</summary>
    public string RevocationChannel => Prefix + ":switchboard:revocations";
}
