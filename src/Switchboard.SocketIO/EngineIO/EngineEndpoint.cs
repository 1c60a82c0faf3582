using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Logging;
using Switchboard.SocketIO.Diagnostics;
using Switchboard.SocketIO.EngineIO.Transports;

namespace Switchboard.SocketIO.EngineIO;

/// <summary>
/// One mapped Engine.IO endpoint: its options, its handler and its live sessions. <c>.Requests</c> routes each
/// HTTP request; <c>.Handshake</c> opens sessions.
/// </summary>
internal sealed partial class EngineEndpoint
{
    private readonly ConcurrentDictionary<string, EngineSession> _sessions = new(StringComparer.Ordinal);
    private readonly EngineCors _cors;

    public EngineEndpoint(string pattern, EngineIOOptions options, IEngineHandler handler, ILogger logger, TimeProvider time, SocketIOMetrics? metrics = null)
    {
        Pattern = pattern;
        Options = options;
        Handler = handler;
        Logger = logger;
        Time = time;
        _cors = new EngineCors(options);
        Metrics = metrics ?? SocketIOMetrics.Shared;
        Metrics.AddEndpoint(this);
        Coalescer = options.WriteCoalescingDelay > TimeSpan.Zero ? new WriteCoalescer(options.WriteCoalescingDelay, time) : null;
    }

    public string Pattern { get; }

    public EngineIOOptions Options { get; }

    public IEngineHandler Handler { get; }

    public ILogger Logger { get; }

    public TimeProvider Time { get; }

    public SocketIOMetrics Metrics { get; }

    /// <summary>The flush tick of this endpoint's WebSockets, when <see cref="EngineIOOptions.WriteCoalescingDelay"/> is set.</summary>
    public WriteCoalescer? Coalescer { get; }

    /// <summary>The open sessions (for telemetry and the Admin UI).</summary>
    public ICollection<EngineSession> Sessions => _sessions.Values;

    /// <summary>The number of open sessions (for tests and diagnostics).</summary>
    public int SessionCount => _sessions.Count;

    public void Remove(EngineSession session) => _sessions.TryRemove(new KeyValuePair<string, EngineSession>(session.Id, session));

    /// <summary>Closes every session because the host is stopping: pending GETs get the close packet, sockets a close frame.</summary>
    public void CloseAll()
    {
        var sessions = _sessions.Values.ToArray();
        if (sessions.Length > 0)
        {
            EngineIOLog.ShuttingDown(Logger, Pattern, sessions.Length);
        }

        foreach (var session in sessions)
        {
            session.Close(EngineCloseReason.ServerShuttingDown, null);
        }
    }

    private bool TryGetSession(string sid, [NotNullWhen(true)] out EngineSession? session) => _sessions.TryGetValue(sid, out session);

    private void Add(EngineSession session)
    {
        var added = _sessions.TryAdd(session.Id, session);
        Debug.Assert(added, "20 random base64url characters do not collide.");
        session.RecordOpened();
    }
}
