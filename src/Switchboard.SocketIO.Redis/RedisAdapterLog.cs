using Microsoft.Extensions.Logging;

namespace Switchboard.SocketIO.Redis;

internal static partial class RedisAdapterLog
{
    [LoggerMessage(1, LogLevel.Debug, "Redis adapter for {Namespace} ({Mode}) subscribed as {Uid}.", EventName = "Subscribed")]
    public static partial void Subscribed(this Microsoft.Extensions.Logging.ILogger logger, string @namespace, string mode, string uid);

    [LoggerMessage(3, LogLevel.Warning, "Redis adapter for {Namespace}: a server-side event handler failed.", EventName = "ServerSideEmitFailed")]
    public static partial void ServerSideEmitFailed(this Microsoft.Extensions.Logging.ILogger logger, string @namespace, Exception exception);

    [LoggerMessage(4, LogLevel.Debug, "Redis adapter for {Namespace}: room channel {Channel} {Action} failed: {Message}", EventName = "RoomSubscriptionFailed")]
    public static partial void RoomSubscriptionFailed(this Microsoft.Extensions.Logging.ILogger logger, string @namespace, string channel, string action, string message);
}
