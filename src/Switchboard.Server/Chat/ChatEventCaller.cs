using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Switchboard.Server.Configuration;
using Switchboard.Server.Sessions;
using Switchboard.SocketIO;

namespace Switchboard.Server.Chat;

/// <summary>
/// The <see cref="IChatEventCaller"/> (G13): the target socket must belong to the target user, else the call fails at
/// once; the wait is bounded by the timeout, and a disconnect during it ends it at once. A socket of this instance is
/// called directly; in Redis mode a socket of another instance is found in the shared presence and called through the
/// adapter (a broadcast with ack to its own room, answered by the instance that serves it).
/// </summary>
internal sealed class ChatEventCaller(
    SessionRegistry sessions,
    ISessionPresence presence,
    SocketIOServer io,
    IOptions<SwitchboardOptions> options) : IChatEventCaller
{
    public async Task<ChatCallResult> CallAsync(ChatEventTarget target, JsonObject eventData, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(eventData);
        if (target.SessionId is not { } sid)
        {
            return ChatCallResult.Fail(ChatCallResult.Disconnected);
        }

        var envelope = ChatEventEmitter.Envelope(target, eventData);
        var wait = timeout ?? options.Value.EventCallerTimeout;
        if (!sessions.TryGet(sid, out var session))
        {
            return options.Value.IsRedisMode ? await CallRemoteAsync(target, sid, envelope, wait, cancellationToken) : ChatCallResult.Fail(ChatCallResult.Disconnected);
        }

        if (session.User?.Id != target.UserId)
        {
            return ChatCallResult.Fail(ChatCallResult.Disconnected);
        }

        try
        {
            var answer = await session.Socket.EmitWithAckAsync("events", [envelope], wait, cancellationToken);
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

    private async Task<ChatCallResult> CallRemoteAsync(ChatEventTarget target, string sid, JsonObject envelope, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (await presence.GetUserIdAsync(sid, cancellationToken) != target.UserId)
        {
            return ChatCallResult.Fail(ChatCallResult.Disconnected);
        }

        var result = await io.To(sid).Timeout(timeout).EmitWithAckAsync("events", [envelope], cancellationToken);
        if (result.Responses.Count > 0)
        {
            var answer = result.Responses[0];
            return ChatCallResult.From(answer.Count > 0 ? answer[0] : null);
        }

        return ChatCallResult.Fail(result.TimedOut && result.ExpectedResponses > 0 ? ChatCallResult.TimedOut : ChatCallResult.Disconnected);
    }
}
