using Microsoft.Extensions.Logging;

namespace Switchboard.SocketIO;

/// <summary>Source-generated log messages of the Socket.IO layer. Event ids are unique within it.</summary>
internal static partial class SocketIOLog
{
    [LoggerMessage(1, LogLevel.Error, "Handler for '{EventName}' on socket {SocketId} failed.", EventName = "HandlerFailed")]
    public static partial void HandlerFailed(this ILogger logger, string eventName, string socketId, Exception exception);

    [LoggerMessage(2, LogLevel.Error, "Connect middleware of namespace '{Namespace}' failed.", EventName = "MiddlewareFailed")]
    public static partial void MiddlewareFailed(this ILogger logger, string @namespace, Exception exception);

    [LoggerMessage(3, LogLevel.Debug, "Closing connection {ConnectionId}: invalid packet ({Reason}).", EventName = "InvalidPacket")]
    public static partial void InvalidPacket(this ILogger logger, string connectionId, string reason);

    [LoggerMessage(4, LogLevel.Debug, "Closing connection {ConnectionId}: no namespace joined within the connect timeout.", EventName = "ConnectTimeout")]
    public static partial void ConnectTimeout(this ILogger logger, string connectionId);

    [LoggerMessage(5, LogLevel.Debug, "Socket {SocketId} connected to '{Namespace}' (recovered: {Recovered}).", EventName = "SocketConnected")]
    public static partial void SocketConnected(this ILogger logger, string socketId, string @namespace, bool recovered);

    [LoggerMessage(6, LogLevel.Debug, "Socket {SocketId} left '{Namespace}': {Reason}.", EventName = "SocketDisconnected")]
    public static partial void SocketDisconnected(this ILogger logger, string socketId, string @namespace, string reason);

    [LoggerMessage(7, LogLevel.Trace, "No handler for event '{EventName}' on socket {SocketId}.", EventName = "UnhandledEvent")]
    public static partial void UnhandledEvent(this ILogger logger, string eventName, string socketId);

    [LoggerMessage(8, LogLevel.Debug, "Refused connection to unknown namespace '{Namespace}'.", EventName = "InvalidNamespace")]
    public static partial void InvalidNamespace(this ILogger logger, string @namespace);

    [LoggerMessage(9, LogLevel.Debug, "Connect middleware of '{Namespace}' refused a socket: {Message}.", EventName = "ConnectRefused")]
    public static partial void ConnectRefused(this ILogger logger, string @namespace, string message);
}
