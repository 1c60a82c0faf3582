using System.Text;
using System.Text.Json.Nodes;
using Switchboard.Server.Chat;
using Switchboard.SocketIO;

namespace Switchboard.Server.Completions;

/// <summary>
/// The delta form of one reply (G11, G12), for the sockets that opted in (<see cref="ChatStreams.DeltaRoom"/>):
/// text is gathered into batches (<see cref="CompletionOptions.DeltaBatchCharacters"/> or
/// <see cref="CompletionOptions.DeltaBatchDelay"/>), each sent once as
/// <c>events {chat_id, message_id, data: {type: "chat:completion:delta", data: {seq, delta}}}</c> with seq 1, 2, ...;
/// the end is <c>{seq, done: true, usage?, error?, cancelled?}</c> with the last seq. It keeps the text sent so far,
/// so <see cref="ResumeAsync"/> answers a reconnecting socket with the content up to a seq while the later batches
/// follow it: sending, resuming and joining happen under one gate, so there is no gap and no duplicate. Each batch and
/// the end are recorded in the <see cref="IChatStreamMirror"/> before they are sent, so other instances can resume too.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The gate's wait handle is never asked for, so it holds nothing to dispose; streams are dropped, not disposed.")]
internal sealed partial class ChatStream(ChatEventTarget target, SocketIOServer io, IChatStreamMirror mirror, CompletionOptions options, TimeProvider time, ILogger logger)
{
    /// <summary>The event type of the delta form.</summary>
    public const string DeltaType = "chat:completion:delta";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Lock _pendingLock = new();
    private readonly StringBuilder _sent = new();
    private readonly List<int> _ends = []; // _ends[k - 1] = length of the text after batch k
    private readonly StringBuilder _pending = new();
    private bool _flushScheduled;
    private JsonObject? _end;

    public ChatEventTarget Target { get; } = target;

    /// <summary>This stream's id: a regenerated or continued reply of the same message is another stream.</summary>
    public string Id { get; } = Guid.NewGuid().ToString("N");

    /// <summary>Whether the end was sent (the stream is kept only for resuming).</summary>
    public bool HasEnded => Volatile.Read(ref _end) is not null;

    public string UserId => Target.UserId;

    /// <summary>
    /// Records for other instances that this stream started (no batch yet), before anything is sent: a resume there in
    /// the moment before its first batch answers this stream, not an earlier one of the same message.
    /// </summary>
    public Task RecordStartAsync() => mirror.StartAsync(Target, Id);

    /// <summary>Adds upstream text; it is sent within the batch delay, or at once when the batch is full.</summary>
    public async Task AppendAsync(string delta)
    {
        bool now, schedule;
        lock (_pendingLock)
        {
            _pending.Append(delta);
            now = _pending.Length >= options.DeltaBatchCharacters;
            schedule = !now && !_flushScheduled;
            _flushScheduled |= schedule;
        }

        if (now)
        {
            await FlushAsync();
        }
        else if (schedule)
        {
            _ = FlushLaterAsync();
        }
    }

    /// <summary>Sends what is gathered, then the end (<paramref name="end"/> holds usage, error or cancelled).</summary>
    public async Task EndAsync(JsonObject end)
    {
        await _gate.WaitAsync();
        try
        {
            await SendPendingAsync();
            end["seq"] = _ends.Count;
            end["done"] = true;
            _end = end;
            await mirror.EndAsync(Target, Id, _ends.Count, end);
            await EmitAsync(end.DeepClone().AsObject());
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Joins <paramref name="socket"/> to the delta form and answers it through <paramref name="answer"/>, before any
    /// later batch reaches it: <c>{seq, delta}</c> (the text after <paramref name="afterSeq"/>) when the socket knows a
    /// seq this stream sent, else <c>{seq, content}</c> (all the text so far); plus <c>done</c> (and the end's fields)
    /// once the reply ended.
    /// </summary>
    public async Task ResumeAsync(Socket socket, int? afterSeq, Action<JsonObject> answer)
    {
        await _gate.WaitAsync();
        try
        {
            socket.Join(ChatStreams.DeltaRoom(UserId));
            answer(ResumeReply(Target.ChatId, Target.MessageId, _ends.Count, after => _sent.ToString(after, _sent.Length - after), k => _ends[k - 1], afterSeq, _end));
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// The answer to a resume of a stream that sent <paramref name="seq"/> batches: <c>{seq, after_seq, delta}</c> when
    /// <paramref name="afterSeq"/> is one of them (or 0), else <c>{seq, content}</c>; <c>done</c> and the end's fields.
    /// <paramref name="textFrom"/> gives the text from a character offset, <paramref name="endOf"/> the offset after batch k.
    /// </summary>
    public static JsonObject ResumeReply(string? chatId, string? messageId, int seq, Func<int, string> textFrom, Func<int, int> endOf, int? afterSeq, JsonObject? end)
    {
        var reply = new JsonObject { ["chat_id"] = chatId, ["message_id"] = messageId, ["seq"] = seq };
        if (afterSeq is { } after && after >= 0 && after <= seq)
        {
            reply["after_seq"] = after;
            reply["delta"] = textFrom(after == 0 ? 0 : endOf(after));
        }
        else
        {
            reply["content"] = textFrom(0);
        }

        reply["done"] = end is not null;
        foreach (var (key, value) in end ?? [])
        {
            if (key is not ("seq" or "done"))
            {
                reply[key] = value?.DeepClone();
            }
        }

        return reply;
    }

    private async Task FlushLaterAsync()
    {
        try
        {
            await Task.Delay(options.DeltaBatchDelay, time);
            await FlushAsync();
        }
#pragma warning disable CA1031 // Nothing awaits this timer; a failed send is logged (the end and a resume still carry the text).
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.FlushFailed(logger, Target.ChatId ?? "", Target.MessageId ?? "", ex);
        }
    }

    private async Task FlushAsync()
    {
        await _gate.WaitAsync();
        try
        {
            await SendPendingAsync();
        }
        finally
        {
            _gate.Release();
        }
    }

    // Under the gate: one batch, seq = its number.
    private async Task SendPendingAsync()
    {
        string text;
        lock (_pendingLock)
        {
            text = _pending.ToString();
            _pending.Clear();
            _flushScheduled = false;
        }

        if (text.Length == 0 || _end is not null)
        {
            return;
        }

        _sent.Append(text);
        _ends.Add(_sent.Length);
        await mirror.AppendAsync(Target, Id, _ends.Count, text); // before sending: a resume elsewhere then has it (no gap)
        await EmitAsync(new JsonObject { ["seq"] = _ends.Count, ["delta"] = text });
    }

    private ValueTask EmitAsync(JsonObject data) =>
        io.To(ChatStreams.DeltaRoom(UserId)).EmitAsync("events", ChatEventEmitter.Envelope(Target, new JsonObject { ["type"] = DeltaType, ["data"] = data }));

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Error, "Sending a delta batch of chat {ChatId}, message {MessageId} failed.", EventName = "DeltaFlushFailed")]
        public static partial void FlushFailed(ILogger logger, string chatId, string messageId, Exception exception);
    }
}
