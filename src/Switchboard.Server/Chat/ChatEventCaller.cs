using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Switchboard.Server.Configuration;
using Switchboard.Server.Sessions;
using Switchboard.SocketIO;

namespace Switchboard.Server.Chat;

/// <summary>
/// The <see cref="IChatEventCaller"/> (G13): the target socket must be connected here and belong to the target user,
/// else the call fails at once; the wait is bounded by the timeout, and a disconnect during it ends it at once.
/// </summary>
internal sealed class ChatEventCaller(SessionRegistry sessions, IOptions<SwitchboardOptions> options) : IChatEventCaller
{
    public async Task<ChatCallResult> CallAsync(ChatEventTarget target, JsonObject eventData, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(eventData);
        if (target.SessionId is not { } sid || !sessions.TryGet(sid, out var session) || session.User?.Id != target.UserId)
        {
            return ChatCallResult.Fail(ChatCallResult.Disconnected);
        }

        try
        {
            var answer = await session.Socket.EmitWithAckAsync(
                "events", [ChatEventEmitter.Envelope(target, eventData)], timeout ?? options.Value.EventCallerTimeout, cancellationToken);
            return ChatCallResult.From(answer.Count > 0 ? answer[0] : null);
        }
        catch (TimeoutException)
        {
            return ChatCallResult.Fail(ChatCallResult.TimedOut);
        }
        catch (SocketDisconnectedException)
        {
            return ChatCallResult.Fail(ChatCallResult.Disconnected);
        }
    }
}
