using System.Text;
using Microsoft.Extensions.Options;
using Switchboard.Server.Configuration;
using Switchboard.Server.Telemetry;

namespace Switchboard.Server.Chat;

/// <summary>
/// Orders and batches the writes of each chat message: appended deltas are gathered for up to
/// <see cref="SwitchboardOptions.ChatPersistDelay"/> and stored as one update; any other update first stores the
/// gathered deltas, so the stored order is the emitted order. One writer per message at a time.
/// </summary>
internal sealed partial class ChatWriteQueue(ChatMessageStore store, ServerMetrics metrics, TimeProvider time, IOptions<SwitchboardOptions> options, ILogger<ChatWriteQueue> logger)
{
    private readonly Dictionary<(string Chat, string Message), Pending> _pending = [];

    /// <summary>Gathers <paramref name="delta"/>; it is stored within the delay, or earlier by the next update or a flush.</summary>
    public void Append(string chatId, string messageId, string delta)
    {
        Pending pending;
        bool schedule;
        lock (_pending)
        {
            pending = Get(chatId, messageId);
            (pending.Deltas ??= new StringBuilder()).Append(delta);
            schedule = !pending.FlushScheduled;
            pending.FlushScheduled = true;
        }

        if (schedule)
        {
            _ = FlushLaterAsync(chatId, messageId);
        }
    }

    /// <summary>Stores the gathered deltas, then <paramref name="update"/>; what the store found (default when nothing was to write).</summary>
    public Task<ChatWrite> ApplyAsync(string chatId, string messageId, MessageUpdate? update, CancellationToken cancellationToken) =>
        WriteAsync(chatId, messageId, update, cancellationToken);

    /// <summary>Stores the gathered deltas of every message of <paramref name="chatId"/> (or of all chats when null).</summary>
    public async Task FlushAsync(string? chatId, CancellationToken cancellationToken)
    {
        List<(string Chat, string Message)> keys;
        lock (_pending)
        {
            keys = [.. _pending.Keys.Where(k => chatId is null || k.Chat == chatId)];
        }

        foreach (var (chat, message) in keys)
        {
            await WriteAsync(chat, message, null, cancellationToken);
        }
    }

    private async Task FlushLaterAsync(string chatId, string messageId)
    {
        try
        {
            await Task.Delay(options.Value.ChatPersistDelay, time);
            await WriteAsync(chatId, messageId, null, CancellationToken.None);
        }
#pragma warning disable CA1031 // Nothing awaits this write; a failure is logged (the deltas were already sent).
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.WriteFailed(logger, chatId, messageId, ex);
        }
    }

    private async Task<ChatWrite> WriteAsync(string chatId, string messageId, MessageUpdate? update, CancellationToken cancellationToken)
    {
        Pending pending;
        lock (_pending)
        {
            pending = Get(chatId, messageId);
            pending.Users++;
        }

        await pending.Gate.WaitAsync(cancellationToken);
        try
        {
            string? deltas;
            lock (_pending)
            {
                deltas = pending.Deltas?.ToString();
                pending.Deltas = null;
                pending.FlushScheduled = false;
            }

            var updates = new List<MessageUpdate>(2);
            if (!string.IsNullOrEmpty(deltas))
            {
                updates.Add(new AppendContent(deltas));
            }

            if (update is not null)
            {
                updates.Add(update);
            }

            if (updates.Count == 0)
            {
                return default;
            }

            var write = await store.ApplyAsync(chatId, messageId, updates, cancellationToken);
            metrics.ChatWriteStored();
            return write;
        }
        finally
        {
            pending.Gate.Release();
            lock (_pending)
            {
                // Forget the message once nobody writes it and nothing waits: the map holds only live replies.
                if (--pending.Users == 0 && pending.Deltas is null && !pending.FlushScheduled)
                {
                    _pending.Remove((chatId, messageId));
                }
            }
        }
    }

    private Pending Get(string chatId, string messageId)
    {
        if (!_pending.TryGetValue((chatId, messageId), out var pending))
        {
            pending = new Pending();
            _pending[(chatId, messageId)] = pending;
        }

        return pending;
    }

    /// <summary>How many messages have writes gathered or running (for tests).</summary>
    internal int Count
    {
        get
        {
            lock (_pending)
            {
                return _pending.Count;
            }
        }
    }

    private sealed class Pending
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public StringBuilder? Deltas { get; set; }

        public bool FlushScheduled { get; set; }

        public int Users { get; set; }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Error, "Storing the reply of chat {ChatId}, message {MessageId} failed.", EventName = "WriteFailed")]
        public static partial void WriteFailed(ILogger logger, string chatId, string messageId, Exception exception);
    }
}
