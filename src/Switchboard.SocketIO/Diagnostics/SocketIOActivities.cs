using System.Diagnostics;

namespace Switchboard.SocketIO.Diagnostics;

/// <summary>The spans of <see cref="SocketIOTelemetry.ActivitySourceName"/>: handled client events and emits.</summary>
internal static class SocketIOActivities
{
    public static readonly ActivitySource Source = new(SocketIOTelemetry.ActivitySourceName);

    /// <summary>
    /// Starts the span of a handled event and makes it current; the caller restores <paramref name="previous"/> after
    /// running the handlers synchronously. Over polling the HTTP request that carried the event is the parent; over
    /// WebSocket the current activity is the upgrade request that lasts as long as the connection, so the span starts
    /// its own trace with a link to it (as SignalR does for hub invocations).
    /// </summary>
    public static Activity? StartEvent(SocketEvent e, string boundedName, out Activity? previous)
    {
        previous = Activity.Current;
        if (!Source.HasListeners())
        {
            return null;
        }

        ActivityLink[]? links = null;
        if (previous is not null && e.Socket.Transport != "polling")
        {
            links = [new ActivityLink(previous.Context)];
            Activity.Current = null;
        }

        var activity = Source.StartActivity(ActivityKind.Consumer, parentContext: default, links: links, name: "Switchboard.SocketIO.Event");
        if (activity is null)
        {
            Activity.Current = previous;
            return null;
        }

        activity.DisplayName = "process " + boundedName;
        if (activity.IsAllDataRequested)
        {
            activity.SetTag("messaging.system", "socket.io");
            activity.SetTag("messaging.operation.type", "process");
            activity.SetTag("socketio.event.name", e.Name);
            activity.SetTag("socketio.namespace", e.Socket.Namespace.Name);
            activity.SetTag("socketio.socket.id", e.Socket.Id);
        }

        return activity;
    }

    /// <summary>
    /// A span for an emit made while an activity is current (an HTTP request, an upstream call, or a handler's span),
    /// so the emit shows in the trace that caused it; none without one.
    /// </summary>
    public static Activity? StartEmit(Namespace nsp, string eventName, string? socketId)
    {
        if (Activity.Current is null || !Source.HasListeners())
        {
            return null;
        }

        var activity = Source.StartActivity("Switchboard.SocketIO.Emit", ActivityKind.Producer);
        if (activity is not null)
        {
            activity.DisplayName = "send " + nsp.Name;
            if (activity.IsAllDataRequested)
            {
                activity.SetTag("messaging.system", "socket.io");
                activity.SetTag("messaging.operation.type", "send");
                activity.SetTag("socketio.event.name", eventName);
                activity.SetTag("socketio.namespace", nsp.Name);
                if (socketId is not null)
                {
                    activity.SetTag("socketio.socket.id", socketId);
                }
            }
        }

        return activity;
    }
}
