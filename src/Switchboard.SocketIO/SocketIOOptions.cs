using System.Text.Json;
using Switchboard.SocketIO.Adapters;

namespace Switchboard.SocketIO;

/// <summary>Options of the Socket.IO layer. Defaults are socket.io 4.8's.</summary>
public sealed class SocketIOOptions
{
    /// <summary>How long a new connection may take to join a namespace before it is closed (socket.io <c>connectTimeout</c>, 45 s).</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(45);

    /// <summary>The most binary attachments one packet may announce (socket.io-parser <c>maxAttachments</c>, 10).</summary>
    public int MaxAttachments { get; set; } = 10;

    /// <summary>
    /// How long a broadcast with ack (<see cref="BroadcastOperator.EmitWithAckAsync"/>) collects answers when it set no
    /// <see cref="BroadcastOperator.Timeout"/> (1 minute; Node has none, and then waits for ever for a silent client).
    /// </summary>
    public TimeSpan BroadcastAckTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The most rooms one socket may be in, its own id room included (10,000). <see cref="Socket.Join"/> beyond it
    /// throws <see cref="InvalidOperationException"/> and joins none of the rooms asked for.
    /// </summary>
    public int MaxRoomsPerSocket { get; set; } = 10_000;

    /// <summary>
    /// How many event handler invocations of one client (one Engine.IO connection, all its namespaces) run at once
    /// (1, as SignalR's <c>MaximumParallelInvocationsPerClient</c>). Further events wait in arrival order; acks from
    /// the client are never held back, so a handler may await <see cref="Socket.EmitWithAckAsync(string, object?[], TimeSpan?, CancellationToken)"/>
    /// on its own client. When <see cref="MaximumQueuedInvocationsPerClient"/> events are waiting, the connection is
    /// not read until one finishes.
    /// </summary>
    public int MaximumParallelInvocationsPerClient { get; set; } = 1;

    /// <summary>How many events of one client may wait for an invocation slot before its connection stops being read (32).</summary>
    public int MaximumQueuedInvocationsPerClient { get; set; } = 32;

    /// <summary>Connection state recovery (socket.io 4.6+); <see langword="null"/> (the default) turns it off.</summary>
    public ConnectionStateRecoveryOptions? ConnectionStateRecovery { get; set; }

    /// <summary>
    /// How event arguments, ack values and CONNECT_ERROR data are serialized and bound: web defaults (camelCase),
    /// non-ASCII text unescaped as Node writes it, and reflection-based metadata unless the application turned
    /// reflection off (trimmed and native AOT applications). There, add a source-generated context for the types the
    /// application sends and binds: <c>o.SerializerOptions.TypeInfoResolverChain.Insert(0, MyJsonContext.Default)</c>;
    /// primitives, strings and JSON trees work without one. Read-only once the server starts.
    /// </summary>
    public JsonSerializerOptions SerializerOptions { get; set; } = SocketJson.CreateDefaultOptions();

    /// <summary>Creates the adapter of each namespace; <see langword="null"/> uses <see cref="InMemoryAdapter"/>.</summary>
    public Func<Namespace, IAdapter>? AdapterFactory { get; set; }
}
