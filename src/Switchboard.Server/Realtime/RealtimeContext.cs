using System.Text.Json;
using Switchboard.Server.Auth;
using Switchboard.Server.Sessions;
using Switchboard.Server.Telemetry;
using Switchboard.SocketIO;

namespace Switchboard.Server.Realtime;

/// <summary>One received event with the sender's session, handed to an <see cref="IRealtimeEvent"/>.</summary>
internal sealed class RealtimeContext(SocketEvent e, SocketSession session, ILogger logger, ServerMetrics metrics, CancellationToken cancellationToken)
{
    public SocketEvent Event { get; } = e;

    public Socket Socket => Event.Socket;

    public SocketSession Session { get; } = session;

    /// <summary>The authenticated user (non-null in handlers that do not allow anonymous sockets).</summary>
    public UserIdentity User => Session.User ?? throw new InvalidOperationException("The socket is anonymous.");

    /// <summary>The first argument, or <see cref="JsonValueKind.Undefined"/> when there is none.</summary>
    public JsonElement Payload => Event.Args.Count > 0 ? Event.Args[0] : default;

    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary>Drops the event: logs why, and answers <c>{"error": reason}</c> when the client asked for an ack.</summary>
    public void Reject(string reason)
    {
        RealtimeLog.EventRejected(logger, Event.Name, Socket.Id, reason);
        metrics.EventRejected(Event.Name);
        Answer(reason);
    }

    /// <summary>
    /// Refuses an event from an anonymous socket (G26) with <c>{"error": reason}</c>. Logged at debug level only: the
    /// login page's tabs send heartbeats before anyone signs in, and that is no news.
    /// </summary>
    public void RefuseAnonymous(string reason)
    {
        RealtimeLog.AnonymousRefused(logger, Event.Name, Socket.Id);
        metrics.EventRejected(Event.Name);
        Answer(reason);
    }

    private void Answer(string reason)
    {
        if (Event.HasAck && !Event.IsAcked)
        {
            Event.Ack(new Dictionary<string, string> { ["error"] = reason });
        }
    }

    /// <summary>Answers the ack, if one was asked for.</summary>
    public void Ack(object? value)
    {
        if (Event.HasAck && !Event.IsAcked)
        {
            Event.Ack(value);
        }
    }
}
