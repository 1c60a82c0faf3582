using Microsoft.AspNetCore.Http;

namespace Switchboard.SocketIO.EngineIO;

/// <summary>
/// Options of an Engine.IO endpoint. Set defaults with <c>AddEngineIO</c>, and override them per endpoint in
/// <c>MapEngineIO</c>. They are validated when the host starts and when an endpoint is mapped.
/// </summary>
public sealed class EngineIOOptions
{
    /// <summary>How often the server pings (handshake <c>pingInterval</c>). Default 25 s.</summary>
    public TimeSpan PingInterval { get; set; } = TimeSpan.FromMilliseconds(25000);

    /// <summary>How long the server waits for a pong before it closes the session (handshake <c>pingTimeout</c>). Default 20 s.</summary>
    public TimeSpan PingTimeout { get; set; } = TimeSpan.FromMilliseconds(20000);

    /// <summary>
    /// The largest POST body or WebSocket message accepted, in bytes (handshake <c>maxPayload</c>). A larger POST gets 413;
    /// a larger WebSocket message closes the session with status 1009. Default 1,000,000.
    /// </summary>
    public int MaxPayload { get; set; } = 1_000_000;

    /// <summary>How long a probing WebSocket may take to send the upgrade packet before it is closed. Default 10 s.</summary>
    public TimeSpan UpgradeTimeout { get; set; } = TimeSpan.FromMilliseconds(10000);

    /// <summary>
    /// How long a connection that is closing may take to finish before it is aborted (its TCP connection closed). A
    /// WebSocket gets this long after the session closes to answer the close frame; after a close the client caused
    /// (ping timeout, transport error, invalid data) what is still queued is discarded and this bounds the whole
    /// close, a write in progress included. Default 5 s, like SignalR's <c>WebSocketOptions.CloseTimeout</c>.
    /// </summary>
    public TimeSpan CloseTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The longest one write to a client may take (a WebSocket batch, a close frame, a polling response). A client that
    /// stops reading fills the socket's buffers and the write stalls; when it has not completed within this time the
    /// connection is aborted and the session closes as a transport error. Default 10 s: far more than any healthy
    /// client needs for one batch of at most 64 kB or one polling payload, short enough not to hold memory for long.
    /// </summary>
    public TimeSpan WriteTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The transports this endpoint serves. Default both.</summary>
    public EngineTransports Transports { get; set; } = EngineTransports.All;

    /// <summary>
    /// Origins allowed to connect from a browser on another origin, such as <c>https://chat.example.com</c>.
    /// Empty (the default) means same-origin only: a request whose <c>Origin</c> differs from its own scheme and host is
    /// refused with 403. <c>*</c> allows every origin and must be configured explicitly.
    /// Requests without an <c>Origin</c> header (non-browser clients) are always allowed.
    /// </summary>
    public IList<string> AllowedOrigins { get; } = new List<string>();

    /// <summary>
    /// Sends <c>Access-Control-Allow-Credentials: true</c> (with the exact origin echoed, never <c>*</c>) so browsers
    /// include cookies on cross-origin requests. Default <see langword="false"/>. Refused together with <c>*</c> in
    /// <see cref="AllowedOrigins"/>, as ASP.NET Core's CORS refuses it: every site could then act with the user's cookies.
    /// </summary>
    public bool AllowCredentials { get; set; }

    /// <summary>
    /// How many sends (entries: a packet, or a packet with its attachments) a session may have queued before
    /// <see cref="FullQueuePolicy"/> applies. Default 1024. Half of it counts as the high-water mark too (see
    /// <see cref="SendQueueHighWaterMark"/>), so producers that wait for capacity stop at 512 small sends.
    /// </summary>
    public int SendQueueCapacity { get; set; } = 1024;

    /// <summary>
    /// Flow control: above this many bytes queued for a client (or with half of <see cref="SendQueueCapacity"/> sends
    /// queued) the session is not writable, so volatile packets are dropped for it, and
    /// <see cref="IEngineConnection.WaitForCapacityAsync"/> (which every awaited Socket.IO emit calls) makes a producer
    /// wait until the queue has drained to half of both marks. Default 1 MiB: sixteen WebSocket batches of 64 kB, enough
    /// to keep a fast client's connection busy while a waiting producer wakes up, small enough that thousands of
    /// connections cannot pin much memory this way. Resuming at half the mark, not at the mark, wakes a producer kept at
    /// the mark once per 512 kB drained instead of once per packet.
    /// </summary>
    public long SendQueueHighWaterMark { get; set; } = 1024 * 1024;

    /// <summary>
    /// The most bytes a session may have queued; a send past it is handled by <see cref="FullQueuePolicy"/> (a send
    /// into an empty queue is always accepted, whatever its size). Default 16 MiB: far above the high-water mark, so
    /// producers that wait for capacity never reach it, while sends nobody waits for (an emit whose task is not
    /// awaited, a broadcast that arrived from another server through the adapter) to a client that stopped reading cost
    /// at most this much, plus the one send that crossed it, before the session is closed.
    /// </summary>
    public long SendQueueLimit { get; set; } = 16 * 1024 * 1024;

    /// <summary>
    /// How long a producer may wait in <see cref="IEngineConnection.WaitForCapacityAsync"/> for a queue above the
    /// high-water mark to drain to half of it. The clock starts when the first producer waits; when it runs out and the
    /// queue has not drained, the client counts as a slow consumer: its session alone is closed (logged, and counted in
    /// <c>engineio.server.slow_consumer_disconnects</c>), every waiting producer goes on, and a broadcast goes on for
    /// the other recipients. A broadcast waits for all its busy recipients at once, so it stalls at most this long
    /// however many are slow. Default 30 s: a client on a poor mobile link (20 kB/s) still drains 512 kB within it,
    /// and a client that cannot is better reconnected (and, with connection state recovery, replayed) than allowed to
    /// hold its producers, and the other members of its rooms, back for longer.
    /// </summary>
    public TimeSpan SlowConsumerTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The flush tick of the WebSocket transport: how long a send may wait so that it goes out together with the sends
    /// that follow it. Zero (the default) writes each send as soon as the connection's writer is free. Above zero,
    /// a send to a socket whose writer is idle marks the socket dirty, and one timer per endpoint writes every dirty
    /// socket's queue when the delay has passed: sends to one client that come within the delay share one write (one
    /// syscall), and a broadcast to many sockets costs the server one thread wake-up instead of one per socket. This
    /// suits fan-out-heavy traffic (chat rooms, streamed replies to several tabs) where a few milliseconds of latency
    /// do not matter. A socket's replies to its own messages (acks) are not delayed, nor is a backlog past one write.
    /// At most 50 ms; polling is not affected (a poll already gathers what is queued).
    /// </summary>
    public TimeSpan WriteCoalescingDelay { get; set; } = TimeSpan.Zero;

    /// <summary>What to do when the send queue is full. Default <see cref="EngineFullQueuePolicy.CloseSession"/>.</summary>
    public EngineFullQueuePolicy FullQueuePolicy { get; set; } = EngineFullQueuePolicy.CloseSession;

    /// <summary>
    /// An optional check run on each handshake request after the protocol checks; returning <see langword="false"/>
    /// refuses the session with 403 (code 4, <c>Forbidden</c>).
    /// </summary>
    public Func<HttpContext, ValueTask<bool>>? AllowRequest { get; set; }

    internal EngineIOOptions Clone()
    {
        var copy = new EngineIOOptions
        {
            PingInterval = PingInterval,
            PingTimeout = PingTimeout,
            MaxPayload = MaxPayload,
            UpgradeTimeout = UpgradeTimeout,
            CloseTimeout = CloseTimeout,
            WriteTimeout = WriteTimeout,
            Transports = Transports,
            AllowCredentials = AllowCredentials,
            SendQueueCapacity = SendQueueCapacity,
            SendQueueHighWaterMark = SendQueueHighWaterMark,
            SendQueueLimit = SendQueueLimit,
            SlowConsumerTimeout = SlowConsumerTimeout,
            FullQueuePolicy = FullQueuePolicy,
            WriteCoalescingDelay = WriteCoalescingDelay,
            AllowRequest = AllowRequest,
        };
        foreach (var origin in AllowedOrigins)
        {
            copy.AllowedOrigins.Add(origin);
        }

        return copy;
    }
}
