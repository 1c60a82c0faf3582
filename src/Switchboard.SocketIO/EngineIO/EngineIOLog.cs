using Microsoft.Extensions.Logging;

namespace Switchboard.SocketIO.EngineIO;

/// <summary>Source-generated log messages of the Engine.IO layer. Event ids are unique within this class.</summary>
internal static partial class EngineIOLog
{
    [LoggerMessage(1, LogLevel.Debug, "Engine.IO session {SessionId} opened over {Transport}.", EventName = "SessionOpened")]
    public static partial void SessionOpened(ILogger logger, string sessionId, string transport);

    [LoggerMessage(2, LogLevel.Debug, "Engine.IO session {SessionId} closed: {Reason}.", EventName = "SessionClosed")]
    public static partial void SessionClosed(ILogger logger, string sessionId, EngineCloseReason reason, Exception? exception);

    [LoggerMessage(3, LogLevel.Debug, "Engine.IO request refused with code {Code} ({ErrorMessage}): {Method} {Path}.", EventName = "RequestRefused")]
    public static partial void RequestRefused(ILogger logger, int code, string errorMessage, string method, string path);

    [LoggerMessage(4, LogLevel.Debug, "Engine.IO session {SessionId} upgraded to websocket.", EventName = "UpgradeCompleted")]
    public static partial void UpgradeCompleted(ILogger logger, string sessionId);

    [LoggerMessage(5, LogLevel.Debug, "Engine.IO session {SessionId}: upgrade probe abandoned ({Why}).", EventName = "UpgradeAbandoned")]
    public static partial void UpgradeAbandoned(ILogger logger, string sessionId, string why);

    [LoggerMessage(6, LogLevel.Information, "Engine.IO session {SessionId}: invalid data from the client.", EventName = "ParseError")]
    public static partial void ParseError(ILogger logger, string sessionId, Exception exception);

    [LoggerMessage(7, LogLevel.Error, "Engine.IO session {SessionId}: the handler threw.", EventName = "HandlerError")]
    public static partial void HandlerError(ILogger logger, string sessionId, Exception exception);

    [LoggerMessage(8, LogLevel.Information, "Engine.IO session {SessionId}: send queue full ({Capacity} sends or {Limit} bytes), policy {Policy}.", EventName = "SendQueueFull")]
    public static partial void SendQueueFull(ILogger logger, string sessionId, int capacity, long limit, EngineFullQueuePolicy policy);

    [LoggerMessage(15, LogLevel.Information, "Engine.IO session {SessionId}: slow consumer, a producer waited {Timeout} for the send queue to drain and {QueuedBytes} bytes are still queued; the session is closed.", EventName = "SlowConsumer")]
    public static partial void SlowConsumer(ILogger logger, string sessionId, long queuedBytes, TimeSpan timeout);

    [LoggerMessage(9, LogLevel.Information, "Engine.IO session {SessionId}: payload over maxPayload ({MaxPayload} bytes) refused.", EventName = "PayloadTooLarge")]
    public static partial void PayloadTooLarge(ILogger logger, string sessionId, int maxPayload);

    [LoggerMessage(10, LogLevel.Debug, "Engine.IO session {SessionId}: transport failed.", EventName = "TransportFailed")]
    public static partial void TransportFailed(ILogger logger, string sessionId, Exception exception);

    [LoggerMessage(11, LogLevel.Information, "Engine.IO endpoint {Pattern}: closing {Count} sessions because the host is stopping.", EventName = "ShuttingDown")]
    public static partial void ShuttingDown(ILogger logger, string pattern, int count);

    [LoggerMessage(13, LogLevel.Information, "Engine.IO session {SessionId}: a write did not complete within {WriteTimeout}; the client stopped reading and the connection was aborted.", EventName = "WriteTimedOut")]
    public static partial void WriteTimedOut(ILogger logger, string sessionId, TimeSpan writeTimeout);

    [LoggerMessage(14, LogLevel.Debug, "Engine.IO session {SessionId}: a polling POST body did not complete.", EventName = "PostAbandoned")]
    public static partial void PostAbandoned(ILogger logger, string sessionId, Exception exception);

    [LoggerMessage(12, LogLevel.Debug, "Engine.IO cross-origin request from {Origin} refused (not in AllowedOrigins).", EventName = "OriginRefused")]
    public static partial void OriginRefused(ILogger logger, string origin);
}
