using System.Text.Json.Nodes;
using Switchboard.Server.Realtime;
using Switchboard.Server.Telemetry;
using Switchboard.SocketIO;

namespace Switchboard.Server.Chat;

/// <summary>
/// The <see cref="IChatEventEmitter"/>: emits the envelope to <c>user:{id}</c>, then stores through
/// <see cref="ChatWriteQueue"/> (deltas gathered, the rest stored before returning, everything at once on
/// <c>done</c> and <c>chat:tasks:cancel</c>). A null <c>chat_id</c> or <c>message_id</c>, or a <c>local:</c> chat,
/// is sent and never stored (G10).
/// </summary>
internal sealed partial class ChatEventEmitter(SocketIOServer io, ChatWriteQueue writes, ServerMetrics metrics, ILogger<ChatEventEmitter> logger) : IChatEventEmitter
{
    public async Task EmitAsync(ChatEventTarget target, JsonObject eventData, bool persist = true, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(eventData);
        await io.To(Rooms.User(target.UserId)).EmitAsync("events", Envelope(target, eventData));
        var type = eventData["type"] is JsonValue t && t.TryGetValue<string>(out var name) ? name : null;
        metrics.ChatEventEmitted(type);
        if (!persist || target.ChatId is not { Length: > 0 } chatId || target.MessageId is not { Length: > 0 } messageId ||
            chatId.StartsWith("local:", StringComparison.Ordinal))
        {
            return;
        }

        var data = eventData["data"];
        try
        {
            switch (type)
            {
                case "message" when MessageUpdate.For(type, data) is AppendContent append:
                    writes.Append(chatId, messageId, append.Delta);
                    break;
                case "chat:completion" when data is JsonObject d && d["done"] is JsonValue done && done.TryGetValue<bool>(out var isDone) && isDone:
                case "chat:tasks:cancel" or "chat:message:error":
                    await writes.ApplyAsync(chatId, messageId, null, cancellationToken);
                    break;
                case not null when MessageUpdate.For(type, data) is { } update:
                    await writes.ApplyAsync(chatId, messageId, update, cancellationToken);
                    break;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // The event was delivered; a storage failure is logged, never thrown at the producer.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.StoreFailed(logger, type ?? "?", chatId, messageId, ex);
        }
    }

    public Task FlushChatAsync(string chatId, CancellationToken cancellationToken = default) => writes.FlushAsync(chatId, cancellationToken);

    public Task FlushAllAsync(CancellationToken cancellationToken = default) => writes.FlushAsync(null, cancellationToken);

    /// <summary><c>{chat_id, message_id, data}</c>, as Open WebUI sends it.</summary>
    internal static JsonObject Envelope(ChatEventTarget target, JsonObject eventData) => new()
    {
        ["chat_id"] = target.ChatId,
        ["message_id"] = target.MessageId,
        ["data"] = eventData.DeepClone(),
    };

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Error, "Storing a '{Type}' event of chat {ChatId}, message {MessageId} failed; it was delivered.", EventName = "StoreFailed")]
        public static partial void StoreFailed(ILogger logger, string type, string chatId, string messageId, Exception exception);
    }
}
