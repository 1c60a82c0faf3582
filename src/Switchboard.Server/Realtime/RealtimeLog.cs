namespace Switchboard.Server.Realtime;

/// <summary>Log messages of the socket layer.</summary>
internal static partial class RealtimeLog
{
    [LoggerMessage(1, LogLevel.Information, "Dropped '{EventName}' from socket {SocketId}: {Reason}.", EventName = "EventRejected")]
    public static partial void EventRejected(ILogger logger, string eventName, string socketId, string reason);

    [LoggerMessage(2, LogLevel.Error, "The '{EventName}' handler failed for socket {SocketId}.", EventName = "HandlerFailed")]
    public static partial void HandlerFailed(ILogger logger, string eventName, string socketId, Exception exception);

    [LoggerMessage(3, LogLevel.Debug, "Socket {SocketId} connected as {UserId}.", EventName = "Connected")]
    public static partial void Connected(ILogger logger, string socketId, string userId);

    [LoggerMessage(4, LogLevel.Debug, "Socket {SocketId} connected without a valid token ({Failure}).", EventName = "ConnectedAnonymous")]
    public static partial void ConnectedAnonymous(ILogger logger, string socketId, string failure);

    [LoggerMessage(5, LogLevel.Information, "Refused a connection without a valid token ({Failure}).", EventName = "ConnectRefused")]
    public static partial void ConnectRefused(ILogger logger, string failure);

    [LoggerMessage(6, LogLevel.Error, "Cleaning up after socket {SocketId} failed.", EventName = "CleanupFailed")]
    public static partial void CleanupFailed(ILogger logger, string socketId, Exception exception);
}
