using System.Diagnostics;
using Switchboard.SocketIO.Diagnostics;

namespace Switchboard.SocketIO.Adapters;

/// <summary>
/// What a scale-out adapter reports to the <see cref="SocketIOTelemetry.MeterName"/> meter
/// (<c>socketio.server.adapter.publishes</c>, <c>.receives</c>, <c>.drops</c>). The message types and drop reasons are
/// the adapter's own small vocabulary (for example <c>broadcast</c>, <c>fetch_sockets</c>; <c>malformed</c>, <c>own</c>).
/// </summary>
public static class AdapterTelemetry
{
    /// <summary>Counts a message the adapter published for <paramref name="nsp"/>.</summary>
    public static void RecordPublish(Namespace nsp, string messageType) =>
        Metrics(nsp).AdapterPublishes.Add(1, Tags(nsp, "socketio.adapter.message.type", messageType));

    /// <summary>Counts a message the adapter received for <paramref name="nsp"/>.</summary>
    public static void RecordReceive(Namespace nsp, string messageType) =>
        Metrics(nsp).AdapterReceives.Add(1, Tags(nsp, "socketio.adapter.message.type", messageType));

    /// <summary>Counts a message the adapter dropped (undecodable, from itself, for another namespace, too late).</summary>
    public static void RecordDrop(Namespace nsp, string reason) =>
        Metrics(nsp).AdapterDrops.Add(1, Tags(nsp, "socketio.adapter.drop.reason", reason));

    private static SocketIOMetrics Metrics(Namespace nsp)
    {
        ArgumentNullException.ThrowIfNull(nsp);
        return nsp.Server.Instrumentation.Metrics;
    }

    private static TagList Tags(Namespace nsp, string key, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new TagList { { "socketio.namespace", nsp.Name }, { key, value } };
    }
}
