using System.Text.Json;
using Switchboard.Server.Realtime;

namespace Switchboard.Server.Completions;

/// <summary>
/// <c>chat:stream:resume {chat_id, message_id, after_seq?}</c> (G12): subscribes this socket to the delta form and
/// acks the reply so far: <c>{chat_id, message_id, seq, delta, after_seq, done}</c> when <c>after_seq</c> is a seq
/// the stream sent (the text after it), else <c>{..., seq, content, done}</c> (all of it); later batches follow with
/// seq + 1, ... (<see cref="ChatStream.ResumeAsync"/>). A reply of another user, or one that ended more than
/// <see cref="CompletionOptions.ResumeRetention"/> ago (read the stored message instead), acks <c>{error}</c>.
/// </summary>
internal sealed class StreamResumeEvent(ChatStreams streams) : IRealtimeEvent
{
    public string Name => "chat:stream:resume";

    public async Task HandleAsync(RealtimeContext context)
    {
        var payload = context.Payload;
        if (!Payload.IsObject(payload, out var error) ||
            !Payload.TryString(payload, "chat_id", out var chatId, out error) ||
            !Payload.TryString(payload, "message_id", out var messageId, out error))
        {
            context.Reject(error);
            return;
        }

        int? afterSeq = null;
        if (payload.TryGetProperty("after_seq", out var s) && s.ValueKind != JsonValueKind.Null)
        {
            if (s.ValueKind != JsonValueKind.Number || !s.TryGetInt32(out var seq))
            {
                context.Reject("'after_seq' must be a whole number");
                return;
            }

            afterSeq = seq;
        }

        if (streams.Find(chatId, messageId) is not { } stream || stream.UserId != context.User.Id)
        {
            context.Reject("no stream for this message on this server (it ended: read the stored message)");
            return;
        }

        await stream.ResumeAsync(context.Socket, afterSeq, context.Ack);
    }
}
