using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Switchboard.Server.Chat;
using Switchboard.Server.Completions;

namespace Switchboard.Server.Scaling;

/// <summary>
/// A reply's delta form in Redis, so a socket that reconnects to any instance can resume it (G12 across instances): a
/// list per message (<see cref="RedisKeys.Stream"/>) holding a header (<c>{"user_id", "stream_id"}</c>), each batch (<c>d</c> +
/// text) and the end (<c>e</c> + JSON), appended by one script (<see cref="RedisScripts.StreamAppend"/>) before the
/// batch is sent (the header alone as soon as the stream starts, replacing an earlier stream's list), expiring <see cref="CompletionOptions.ResumeRetention"/> after the last write and capped at
/// <see cref="MaxBatches"/> batches. A reply whose list was lost (a Redis restart) or that outgrew the cap is not
/// recorded any further and its list is deleted: a resume elsewhere is refused rather than answered with a gap. Write
/// errors are logged at debug level (an outage would log every batch) and never slow the stream down (the connection
/// fails fast while Redis is away).
/// </summary>
internal sealed partial class RedisChatStreamMirror(
    RedisConnection redis,
    IOptions<CompletionOptions> options,
    ILogger<RedisChatStreamMirror> logger) : IChatStreamMirror
{
    /// <summary>Most batches recorded per reply (at 256 characters each, about 25 MB).</summary>
    public const int MaxBatches = 100_000;

    public Task StartAsync(ChatEventTarget target, string streamId) => WriteAsync(target, streamId, 0, "");

    public Task AppendAsync(ChatEventTarget target, string streamId, int seq, string delta) => WriteAsync(target, streamId, seq, "d" + delta);

    public Task EndAsync(ChatEventTarget target, string streamId, int seq, JsonObject end) => WriteAsync(target, streamId, seq + 1, "e" + end.ToJsonString());

    public async Task<MirroredStream?> ReadAsync(string chatId, string messageId, CancellationToken cancellationToken)
    {
        RedisValue[] items;
        try
        {
            var db = await redis.GetDatabaseAsync(cancellationToken);
            items = await db.ListRangeAsync(redis.Keys.Stream(chatId, messageId));
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            Log.ReadFailed(logger, chatId, messageId, ex.Message);
            return null;
        }

        return Parse(items);
    }

    /// <summary>The recorded list as a stream, or null when it is not one (empty, or written by something else).</summary>
    internal static MirroredStream? Parse(RedisValue[] items)
    {
        if (items.Length == 0 || TryObject(items[0]) is not { } header || header["user_id"] is not JsonValue u || !u.TryGetValue<string>(out var userId))
        {
            return null;
        }

        var batches = new List<string>(items.Length - 1);
        JsonObject? end = null;
        foreach (var item in items.Skip(1))
        {
            var text = (string?)item ?? "";
            if (end is not null || text.Length == 0)
            {
                return null;
            }

            if (text[0] == 'd')
            {
                batches.Add(text[1..]);
            }
            else if (text[0] == 'e' && TryObject(text[1..]) is { } parsed)
            {
                end = parsed;
            }
            else
            {
                return null;
            }
        }

        var streamId = header["stream_id"] is JsonValue sid && sid.TryGetValue<string>(out var id) ? id : "";
        return new MirroredStream(userId, streamId, batches, end);
    }

    private async Task WriteAsync(ChatEventTarget target, string streamId, int position, string element)
    {
        try
        {
            var db = await redis.GetDatabaseAsync();
            var written = await db.ScriptEvaluateAsync(RedisScripts.StreamAppend, new
            {
                key = (RedisKey)redis.Keys.Stream(target.ChatId ?? "", target.MessageId ?? ""),
                header = JsonSerializer.Serialize(new Dictionary<string, string> { ["user_id"] = target.UserId, ["stream_id"] = streamId }),
                element,
                pos = position,
                ttl = (long)options.Value.ResumeRetention.TotalMilliseconds,
                cap = MaxBatches + 1,
            });
            if ((long)written == 0 && position > 0)
            {
                Log.Dropped(logger, target.ChatId ?? "", target.MessageId ?? "", position);
            }
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            Log.WriteFailed(logger, target.ChatId ?? "", target.MessageId ?? "", ex.Message);
        }
    }

    private static JsonObject? TryObject(RedisValue value)
    {
        try
        {
            return JsonNode.Parse((string?)value ?? "") as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "Recording chat {ChatId}, message {MessageId} for other instances failed: {Message}.", EventName = "StreamMirrorWriteFailed")]
        public static partial void WriteFailed(ILogger logger, string chatId, string messageId, string message);

        [LoggerMessage(2, LogLevel.Debug, "Chat {ChatId}, message {MessageId} is no longer recorded for other instances (at position {Position}: lost or too long).", EventName = "StreamMirrorDropped")]
        public static partial void Dropped(ILogger logger, string chatId, string messageId, int position);

        [LoggerMessage(3, LogLevel.Warning, "Reading chat {ChatId}, message {MessageId} from Redis failed: {Message}.", EventName = "StreamMirrorReadFailed")]
        public static partial void ReadFailed(ILogger logger, string chatId, string messageId, string message);
    }
}
