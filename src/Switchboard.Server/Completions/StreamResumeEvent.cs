using System.Text.Json;
using Switchboard.Server.Realtime;

namespace Switchboard.Server.Completions;

/// <summary>
/// <c>chat:stream:resume {chat_id, message_id, after_seq?}</c> (G12): subscribes this socket to the delta form and
/// acks the reply so far: <c>{chat_id, message_id, seq, delta, after_seq, done}</c> when <c>after_seq</c> is a seq
/// the stream sent (the text after it), else <c>{..., seq, content, done}</c> (all of it); later batches follow with
/// seq + 1, ... (<see cref="ChatStream.ResumeAsync"/>). A reply of another user, or one that ended more than
/// <see cref="CompletionOptions.ResumeRetention"/> ago (read the stored message instead), acks <c>{error}</c>. In Redis
/// mode a reply streamed by another instance is resumed from what that instance recorded (<see cref="IChatStreamMirror"/>).
/// </summary>
internal sealed class StreamResumeEvent(ChatStreams streams, IChatStreamMirror mirror) : IRealtimeEvent
{
    private const string NoStream = "no stream for this message (it ended: read the stored message)";

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

        var local = streams.Find(chatId, messageId);
        if (local is not null && local.UserId != context.User.Id)
        {
            context.Reject(NoStream);
            return;
        }

        if (local is { HasEnded: false })
        {
            await local.ResumeAsync(context.Socket, afterSeq, context.Ack);
            return;
        }

        // Ended here (or never here): another instance may have streamed the same message since (a regenerated or
        // continued reply), so what was recorded last wins over this instance's retained copy; the copy answers when
        // nothing newer is recorded (one instance, or Redis lost the record).
        await ResumeElsewhereAsync(context, chatId, messageId, afterSeq, local);
    }

    // A reply another instance streams (or streamed): join first, then read what it recorded. Every batch is recorded
    // before it is sent, so one recorded after the read is sent after the join and reaches the socket: no gap. One
    // sent between the join and the read comes both ways, with a seq up to the answer's, and the client skips it as any
    // batch that arrives before its resume answer; later ones may also arrive before the answer (another instance sends
    // them), so the client applies batches above the answer's seq after it.
    private async Task ResumeElsewhereAsync(RealtimeContext context, string chatId, string messageId, int? afterSeq, ChatStream? ended)
    {
        var room = ChatStreams.DeltaRoom(context.User.Id);
        var joined = !context.Socket.Rooms.Contains(room);
        context.Socket.Join(room);
        var mirrored = await mirror.ReadAsync(chatId, messageId, context.CancellationToken);
        if (ended is not null && (mirrored is null || mirrored.StreamId == ended.Id || mirrored.UserId != context.User.Id))
        {
            await ended.ResumeAsync(context.Socket, afterSeq, context.Ack);
            return;
        }

        if (mirrored is null || mirrored.UserId != context.User.Id)
        {
            if (joined)
            {
                context.Socket.Leave(room);
            }

            context.Reject(NoStream);
            return;
        }

        var text = string.Concat(mirrored.Batches);
        var ends = new int[mirrored.Batches.Count];
        for (int k = 0, at = 0; k < ends.Length; k++)
        {
            at += mirrored.Batches[k].Length;
            ends[k] = at;
        }

        context.Ack(ChatStream.ResumeReply(chatId, messageId, ends.Length, from => text[from..], k => ends[k - 1], afterSeq, mirrored.End));
    }
}
