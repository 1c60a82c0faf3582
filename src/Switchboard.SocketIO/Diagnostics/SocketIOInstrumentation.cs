using System.Diagnostics;
using System.Text.Json;

namespace Switchboard.SocketIO.Diagnostics;

/// <summary>
/// The one place the Socket.IO layer reports to: metrics, spans, and an optional <see cref="ISocketIOObserver"/>
/// (the Admin UI). Each call site in the layer is a single call here.
/// </summary>
internal sealed class SocketIOInstrumentation(SocketIOMetrics metrics)
{
    private ISocketIOObserver? _observer;

    public SocketIOMetrics Metrics { get; } = metrics;

    public ISocketIOObserver? Observer
    {
        get => Volatile.Read(ref _observer);
        set => Volatile.Write(ref _observer, value);
    }

    public void SocketConnected(Socket socket)
    {
        var tags = SocketIOMetrics.Tags("socketio.namespace", socket.Namespace.Name);
        Metrics.ActiveSockets.Add(1, tags);
        Metrics.Connects.Add(1, tags);
        Observer?.SocketConnected(socket);
    }

    public void SocketDisconnected(Socket socket, DisconnectReason reason)
    {
        Metrics.ActiveSockets.Add(-1, SocketIOMetrics.Tags("socketio.namespace", socket.Namespace.Name));
        Metrics.Disconnects.Add(1, new TagList
        {
            { "socketio.namespace", socket.Namespace.Name },
            { "socketio.disconnect.reason", reason.ToWireName() },
        });
        Observer?.SocketDisconnected(socket, reason);
    }

    public void EventReceived(Socket socket, JsonElement packet) => Observer?.EventReceived(socket, packet);

    public void EventSent(Socket socket, string eventName, ReadOnlySpan<object?> args) => Observer?.EventSent(socket, eventName, args);

    public void RoomJoined(Namespace nsp, string room, string socketId) => Observer?.RoomJoined(nsp, room, socketId);

    public void RoomLeft(Namespace nsp, string room, string socketId) => Observer?.RoomLeft(nsp, room, socketId);

    /// <summary>Counts an ack that timed out; returns <see langword="false"/> so it can sit in an exception filter.</summary>
    public bool AckTimedOut(Namespace nsp)
    {
        Metrics.AckTimeouts.Add(1, SocketIOMetrics.Tags("socketio.namespace", nsp.Name));
        return false;
    }

    /// <summary>
    /// Starts timing (and tracing) the handlers of <paramref name="e"/>. <paramref name="registered"/> says whether the
    /// name has handlers of its own (not only catch-alls), which bounds the names recorded. The returned span is current
    /// until <see cref="EventScope.Restore"/>.
    /// </summary>
    public EventScope StartEvent(SocketEvent e, bool registered)
    {
        // The name is bounded only when something will record it: this runs for every event.
        var name = Metrics.EventDuration.Enabled || SocketIOActivities.Source.HasListeners() ? Metrics.BoundEventName(e.Name, registered) : SocketIOMetrics.Other;
        var activity = SocketIOActivities.StartEvent(e, name, out var previous);
        return new EventScope(Stopwatch.GetTimestamp(), name, activity, previous);
    }

    public void EndEvent(in EventScope scope, SocketEvent e, bool failed)
    {
        if (!Metrics.EventDuration.Enabled && scope.Activity is null)
        {
            return;
        }

        var tags = new TagList
        {
            { "socketio.namespace", e.Socket.Namespace.Name },
            { "socketio.event.name", scope.Name },
        };
        if (failed)
        {
            tags.Add("error.type", SocketIOMetrics.Other);
            scope.Activity?.SetStatus(ActivityStatusCode.Error, "A handler failed.");
            scope.Activity?.SetTag("error.type", SocketIOMetrics.Other);
        }

        Metrics.EventDuration.Record(Stopwatch.GetElapsedTime(scope.Start).TotalSeconds, tags);
        scope.Activity?.Dispose();
    }
}
