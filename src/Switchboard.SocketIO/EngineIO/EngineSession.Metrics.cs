using System.Diagnostics;
using Switchboard.SocketIO.Diagnostics;
using Switchboard.SocketIO.EngineIO.Packets;

namespace Switchboard.SocketIO.EngineIO;

// Telemetry: each hook in the other parts is one call into this file.
internal sealed partial class EngineSession
{
    private readonly long _openedAt = Stopwatch.GetTimestamp();

    /// <summary>The transport name, read without the lock (a reference read; for telemetry and the Admin UI).</summary>
    internal string CurrentTransport => Volatile.Read(ref _transport);

    /// <summary>Bytes (packet type and data) waiting in the send queue.</summary>
    internal long QueuedBytes => _queue.QueuedBytes;

    private SocketIOMetrics Metrics => _endpoint.Metrics;

    internal void RecordOpened()
    {
        var tags = SocketIOMetrics.Tags("engineio.transport", CurrentTransport);
        Metrics.ActiveConnections.Add(1, tags);
        Metrics.Connections.Add(1, tags);
    }

    private void RecordReceived(in EnginePacket packet) => RecordTraffic("receive", 1, 1 + packet.Data.Length);

    /// <summary>Called by the send queue as the transport takes packets to write.</summary>
    internal void RecordTraffic(string direction, int packets, long bytes)
    {
        if (!Metrics.Packets.Enabled && !Metrics.Bytes.Enabled)
        {
            // Nobody listens (the usual case without a metrics pipeline): skip building the tags on this per-packet path.
            return;
        }

        var tags = new TagList { { "engineio.transport", CurrentTransport }, { "network.io.direction", direction } };
        Metrics.Packets.Add(packets, tags);
        Metrics.Bytes.Add(bytes, tags);
    }

    private void RecordUpgraded()
    {
        Metrics.ActiveConnections.Add(-1, SocketIOMetrics.Tags("engineio.transport", "polling"));
        Metrics.ActiveConnections.Add(1, SocketIOMetrics.Tags("engineio.transport", "websocket"));
    }

    private void RecordSlowConsumer() => Metrics.SlowConsumerDisconnects.Add(1, SocketIOMetrics.Tags("engineio.transport", CurrentTransport));

    // After _closed is set the transport no longer changes, so this reads the final one.
    private void RecordClosed(EngineCloseReason reason)
    {
        var transport = SocketIOMetrics.Tags("engineio.transport", CurrentTransport);
        Metrics.ActiveConnections.Add(-1, transport);
        transport.Add("engineio.close.reason", WireName(reason));
        Metrics.ConnectionDuration.Record(Stopwatch.GetElapsedTime(_openedAt).TotalSeconds, transport);
    }

    private static string WireName(EngineCloseReason reason) => reason switch
    {
        EngineCloseReason.TransportClose => "transport close",
        EngineCloseReason.TransportError => "transport error",
        EngineCloseReason.PingTimeout => "ping timeout",
        EngineCloseReason.ParseError => "parse error",
        EngineCloseReason.ForcedClose => "forced close",
        EngineCloseReason.ServerShuttingDown => "server shutting down",
        _ => "other",
    };
}
