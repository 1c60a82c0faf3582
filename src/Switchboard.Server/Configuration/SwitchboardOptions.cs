using Switchboard.Server.Telemetry;

namespace Switchboard.Server.Configuration;

/// <summary>
/// Settings of the Open WebUI server. Bound from the <c>Switchboard</c> configuration section (appsettings), then
/// overridden by Open WebUI's own environment names where they exist (<see cref="OpenWebUIEnvironment"/>). Checked
/// at start; the defaults run the server with no configuration at all.
/// </summary>
public sealed class SwitchboardOptions
{
    /// <summary>The configuration section bound to these options.</summary>
    public const string SectionName = "Switchboard";

    /// <summary>Folder for the SQLite database and the generated secret (<c>DATA_DIR</c>). Default <c>./data</c>.</summary>
    public string DataDir { get; set; } = "./data";

    /// <summary>
    /// The database (<c>DATABASE_URL</c>): <c>sqlite:///path</c>, <c>postgresql://user:pass@host:port/db</c>, or an
    /// Npgsql connection string. Default: SQLite <c>webui.db</c> in <see cref="DataDir"/>.
    /// </summary>
    public string? DatabaseUrl { get; set; }

    /// <summary>PostgreSQL schema of Open WebUI's tables (<c>DATABASE_SCHEMA</c>); the search path default when unset.</summary>
    public string? DatabaseSchema { get; set; }

    /// <summary>
    /// The HS256 key of session tokens (<c>WEBUI_SECRET_KEY</c>). When unset, a random key is generated on first start
    /// and kept in <c>.webui_secret_key</c> in <see cref="DataDir"/>.
    /// </summary>
    public string? SecretKey { get; set; }

    /// <summary>Lifetime of tokens Switchboard issues (<c>JWT_EXPIRES_IN</c>); <see langword="null"/> = no expiry. Default 4 weeks.</summary>
    public TimeSpan? JwtExpiresIn { get; set; } = TimeSpan.FromDays(28);

    /// <summary>Browser origins allowed on the socket endpoint (<c>CORS_ALLOW_ORIGIN</c>, <c>;</c>-separated). Empty (the default) means <c>*</c>, as in Open WebUI.</summary>
    public IList<string> CorsAllowOrigins { get; } = new List<string>();

    /// <summary>Engine.IO ping interval (<c>WEBSOCKET_SERVER_PING_INTERVAL</c>, seconds). Default 25 s.</summary>
    public TimeSpan PingInterval { get; set; } = TimeSpan.FromSeconds(25);

    /// <summary>Engine.IO ping timeout (<c>WEBSOCKET_SERVER_PING_TIMEOUT</c>, seconds). Default 20 s.</summary>
    public TimeSpan PingTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// WebSocket transport (<c>ENABLE_WEBSOCKET_SUPPORT</c>). Default <see langword="true"/>: WebSocket only, as Open
    /// WebUI serves it; <see langword="false"/>: long-polling only.
    /// </summary>
    public bool EnableWebsocketSupport { get; set; } = true;

    /// <summary>Largest Engine.IO message accepted, in bytes (advertised as <c>maxPayload</c>). Default 1,000,000, as python-engineio.</summary>
    public int MaxPayload { get; set; } = 1_000_000;

    /// <summary>
    /// The WebSocket transport's flush tick (Engine.IO's <c>WriteCoalescingDelay</c>): sends to a client within this
    /// delay share one write, and a broadcast wakes the server once instead of once per socket. Zero (the default)
    /// writes each send at once. At most 50 ms; acks are never delayed.
    /// </summary>
    public TimeSpan WriteCoalescingDelay { get; set; } = TimeSpan.Zero;

    /// <summary>
    /// Keeps sockets connected without a valid token, anonymous until <c>user-join</c> (Open WebUI's behaviour, which
    /// the login page relies on). <see langword="false"/> refuses them with CONNECT_ERROR. Default <see langword="true"/>.
    /// </summary>
    public bool AllowAnonymousConnections { get; set; } = true;

    /// <summary>How long a server-to-client event call waits for the answer (<c>WEBSOCKET_EVENT_CALLER_TIMEOUT</c>, seconds). Default 60 s.</summary>
    public TimeSpan EventCallerTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Least time between two <c>last_active_at</c> writes for one user (<c>DATABASE_USER_ACTIVE_STATUS_UPDATE_INTERVAL</c>,
    /// seconds). Default 60 s; users count as active for 180 s.
    /// </summary>
    public TimeSpan ActiveStatusUpdateInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a <c>usage</c> report keeps a model in use for one socket. Default 3 s, as Open WebUI.</summary>
    public TimeSpan UsageExpiry { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary><c>GET /api/usage</c> for every signed-in user (<c>ENABLE_PUBLIC_ACTIVE_USERS_COUNT</c>); admins only when false. Default true.</summary>
    public bool EnablePublicActiveUsersCount { get; set; } = true;

    /// <summary>
    /// Whether users outside any group that grants <c>features.channels</c> get channel rooms (Open WebUI's default user
    /// permission). Admins always do. Default <see langword="true"/>.
    /// </summary>
    public bool UserChannelsPermission { get; set; } = true;

    /// <summary>How often revocations recorded by other instances are looked for. Default 500 ms (revoked sockets go within 1 s).</summary>
    public TimeSpan RevocationPollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// How long appended reply deltas (<c>message</c> events) are gathered before one write; they are durable within
    /// this delay plus one write (the target is 250 ms), and at once on <c>done</c>, stop and shutdown. Default 200 ms.
    /// </summary>
    public TimeSpan ChatPersistDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Prefix of Open WebUI's Redis keys (<c>REDIS_KEY_PREFIX</c>). Default <c>open-webui</c>.</summary>
    public string RedisKeyPrefix { get; set; } = "open-webui";

    /// <summary>
    /// Redis for running several instances (<c>WEBSOCKET_REDIS_URL</c>, else <c>REDIS_URL</c>, when
    /// <c>WEBSOCKET_MANAGER=redis</c>): <c>redis://[[user]:password@]host[:port][/db]</c>, <c>rediss://</c> for TLS, or a
    /// StackExchange.Redis configuration string. Unset (the default) runs one instance with everything in memory.
    /// </summary>
    public string? RedisUrl { get; set; }

    /// <summary>
    /// Sentinel hosts (<c>WEBSOCKET_SENTINEL_HOSTS</c>, comma-separated). When set, the host part of
    /// <see cref="RedisUrl"/> is the sentinel service name, as in Open WebUI.
    /// </summary>
    public string? RedisSentinelHosts { get; set; }

    /// <summary>Port of the sentinel hosts (<c>WEBSOCKET_SENTINEL_PORT</c>). Default 26379.</summary>
    public int RedisSentinelPort { get; set; } = 26379;

    /// <summary>Redis is a cluster (<c>WEBSOCKET_REDIS_CLUSTER</c>). Default <see langword="false"/>.</summary>
    public bool RedisCluster { get; set; }

    /// <summary>
    /// Lease of the locks that keep one instance running each cleanup loop and each document save
    /// (<c>WEBSOCKET_REDIS_LOCK_TIMEOUT</c>, seconds). The holder renews it every third of it; another instance takes
    /// over within one lease after the holder dies. Default 60 s.
    /// </summary>
    public TimeSpan RedisLockTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long a socket's presence in <c>{prefix}:session_pool</c> lasts without a heartbeat before it is dropped (an
    /// instance that died cleans nothing; the others do). Default 120 s; <c>WEBSOCKET_HEARTBEAT_INTERVAL</c> makes it
    /// max(4 × that, 120 s), as Open WebUI.
    /// </summary>
    public TimeSpan SessionPoolTimeout { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>Whether the server runs in Redis mode (<see cref="RedisUrl"/> set).</summary>
    public bool IsRedisMode => !string.IsNullOrWhiteSpace(RedisUrl);

    /// <summary>OpenTelemetry (section <c>Switchboard:Telemetry</c>, and Open WebUI's <c>ENABLE_OTEL</c>/<c>OTEL_*</c> names).</summary>
    public TelemetryOptions Telemetry { get; set; } = new();

    /// <summary>Problems found while reading Open WebUI's environment names, reported by validation at start.</summary>
    internal List<string> ConfigurationErrors { get; } = [];
}
