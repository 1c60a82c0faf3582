namespace Switchboard.SocketIO;

/// <summary>
/// Names to wire Switchboard's telemetry into OpenTelemetry:
/// <c>.WithMetrics(m =&gt; m.AddMeter(SocketIOTelemetry.MeterName))</c> and
/// <c>.WithTracing(t =&gt; t.AddSource(SocketIOTelemetry.ActivitySourceName))</c>.
/// </summary>
/// <remarks>
/// <para>Instruments of the meter (units and attribute names follow OpenTelemetry's conventions):</para>
/// <list type="table">
/// <item><term><c>engineio.server.active_connections</c></term><description>UpDownCounter, <c>{connection}</c>: open Engine.IO sessions, by <c>engineio.transport</c>.</description></item>
/// <item><term><c>engineio.server.connections</c></term><description>Counter, <c>{connection}</c>: Engine.IO sessions opened, by <c>engineio.transport</c> (the first one).</description></item>
/// <item><term><c>engineio.server.connection.duration</c></term><description>Histogram, <c>s</c>: closed sessions, by <c>engineio.transport</c> and <c>engineio.close.reason</c>.</description></item>
/// <item><term><c>engineio.server.packets</c></term><description>Counter, <c>{packet}</c>: by <c>engineio.transport</c> and <c>network.io.direction</c> (<c>receive</c>, <c>transmit</c>).</description></item>
/// <item><term><c>engineio.server.io</c></term><description>Counter, <c>By</c>: packet bytes (type and data, not framing), same attributes.</description></item>
/// <item><term><c>engineio.server.send_queue.size</c></term><description>ObservableUpDownCounter, <c>By</c>: bytes waiting in send queues.</description></item>
/// <item><term><c>engineio.server.slow_consumer_disconnects</c></term><description>Counter, <c>{connection}</c>: sessions closed because their client read too slowly.</description></item>
/// <item><term><c>socketio.server.active_sockets</c></term><description>UpDownCounter, <c>{socket}</c>: connected sockets, by <c>socketio.namespace</c>.</description></item>
/// <item><term><c>socketio.server.connects</c></term><description>Counter, <c>{socket}</c>: by <c>socketio.namespace</c>.</description></item>
/// <item><term><c>socketio.server.disconnects</c></term><description>Counter, <c>{socket}</c>: by <c>socketio.namespace</c> and <c>socketio.disconnect.reason</c> (socket.io's reason names).</description></item>
/// <item><term><c>socketio.server.ack.timeouts</c></term><description>Counter, <c>{ack}</c>: server emits whose ack did not come in time, by <c>socketio.namespace</c>.</description></item>
/// <item><term><c>socketio.server.event.duration</c></term><description>Histogram, <c>s</c>: handling time of client events, by <c>socketio.namespace</c>,
/// <c>socketio.event.name</c> and <c>error.type</c> when a handler failed. Event names are bounded: a name without a registered handler, or
/// beyond the first <see cref="MaxEventNames"/> distinct names, is recorded as <c>_OTHER</c>.</description></item>
/// <item><term><c>socketio.server.adapter.publishes</c>, <c>.receives</c>, <c>.drops</c></term><description>Counters, <c>{message}</c>: scale-out
/// adapter traffic, by <c>socketio.namespace</c> and <c>socketio.adapter.message.type</c> (drops by <c>socketio.adapter.drop.reason</c>).</description></item>
/// </list>
/// <para>
/// The activity source starts one span per handled client event (<c>process {event}</c>, kind Consumer, attributes
/// <c>socketio.event.name</c>, <c>socketio.namespace</c>, <c>socketio.socket.id</c>). Over polling the span is a child of the
/// HTTP request that carried the event; over WebSocket it starts a trace of its own and links to the long-lived upgrade
/// request. An emit made while an activity is current (an HTTP request, or a handler's span) gets a <c>send {namespace}</c>
/// Producer span in that trace.
/// </para>
/// </remarks>
public static class SocketIOTelemetry
{
    /// <summary>The name of the <see cref="System.Diagnostics.Metrics.Meter"/>: <c>Switchboard.SocketIO</c>.</summary>
    public const string MeterName = "Switchboard.SocketIO";

    /// <summary>The name of the <see cref="System.Diagnostics.ActivitySource"/>: <c>Switchboard.SocketIO</c>.</summary>
    public const string ActivitySourceName = "Switchboard.SocketIO";

    /// <summary>How many distinct event names <c>socketio.server.event.duration</c> records before it uses <c>_OTHER</c>.</summary>
    public const int MaxEventNames = 200;
}
