using Microsoft.Extensions.Logging;

namespace Switchboard.SocketIO.AdminUI;

/// <summary>Source-generated log messages of the Admin UI. Event ids are unique within it.</summary>
internal static partial class AdminUILog
{
    [LoggerMessage(1, LogLevel.Information, "Admin UI on namespace '{Namespace}' (read-only: {ReadOnly}, mode: {Mode}, anonymous: {Anonymous}).", EventName = "Started")]
    public static partial void Started(ILogger logger, string @namespace, bool readOnly, AdminUIMode mode, bool anonymous);

    [LoggerMessage(2, LogLevel.Warning, "Admin UI login refused from {Address}.", EventName = "LoginRefused")]
    public static partial void LoginRefused(ILogger logger, string? address);

    [LoggerMessage(3, LogLevel.Information, "Admin UI {AdminSocketId}: {Action} on '{Namespace}' (room filter: {Filter}).", EventName = "ActionDone")]
    public static partial void ActionDone(ILogger logger, string action, string adminSocketId, string @namespace, string? filter);

    [LoggerMessage(4, LogLevel.Debug, "Admin UI {AdminSocketId}: {Action} ignored: {Reason}.", EventName = "ActionIgnored")]
    public static partial void ActionIgnored(ILogger logger, string action, string adminSocketId, string reason);

    [LoggerMessage(5, LogLevel.Warning, "Admin UI could not send '{EventName}'.", EventName = "FeedFailed")]
    public static partial void FeedFailed(ILogger logger, string eventName, Exception exception);
}
