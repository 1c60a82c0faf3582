using Microsoft.Extensions.Logging;

namespace Switchboard.SocketIO.Redis.Subscriptions;

internal static partial class SubscriptionsLog
{
    [LoggerMessage(1, LogLevel.Warning, "Redis adapter: subscribing {Channel} failed ({Message}); trying again.", EventName = "SubscriptionFailed")]
    public static partial void SubscriptionFailed(this ILogger logger, string channel, string message);

    [LoggerMessage(2, LogLevel.Information, "Redis adapter: subscription connection to {EndPoint} established ({Channels} channels).", EventName = "SubscriberConnected")]
    public static partial void SubscriberConnected(this ILogger logger, string endPoint, int channels);

    [LoggerMessage(3, LogLevel.Warning, "Redis adapter: subscription connection to {EndPoint} lost or refused ({Message}); reconnecting in {Delay} ms.", EventName = "SubscriberDisconnected")]
    public static partial void SubscriberDisconnected(this ILogger logger, string endPoint, string message, long delay);

    [LoggerMessage(4, LogLevel.Warning, "Redis adapter: the subscription connection got an error reply: {Error}", EventName = "SubscriberErrorReply")]
    public static partial void SubscriberErrorReply(this ILogger logger, string error);

    [LoggerMessage(5, LogLevel.Error, "Redis adapter: a message handler for {Channel} failed; the subscription goes on.", EventName = "SubscriberHandlerFailed")]
    public static partial void SubscriberHandlerFailed(this ILogger logger, string channel, Exception exception);
}
