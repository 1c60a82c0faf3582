using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Switchboard.Server.Chat;
using Switchboard.SocketIO;

namespace Switchboard.Server.Completions;

/// <summary>
/// The replies being streamed on this instance and those that ended within
/// <see cref="CompletionOptions.ResumeRetention"/>, by chat and message, for <c>chat:stream:resume</c>.
/// </summary>
internal sealed class ChatStreams(SocketIOServer io, IChatStreamMirror mirror, IOptions<CompletionOptions> options, TimeProvider time, ILogger<ChatStream> logger)
{
    private readonly ConcurrentDictionary<(string Chat, string Message), ChatStream> _streams = new();

    /// <summary>The room of a user's sockets that chose the delta form; the compatible form skips them.</summary>
    public static string DeltaRoom(string userId) => "deltas:" + userId;

    /// <summary>A new stream for the target's message (a regenerated reply replaces the old one).</summary>
    public ChatStream Start(ChatEventTarget target)
    {
        var stream = new ChatStream(target, io, mirror, options.Value, time, logger);
        _streams[Key(target)] = stream;
        return stream;
    }

    /// <summary>Keeps an ended stream for resuming, then forgets it.</summary>
    public void Retire(ChatStream stream)
    {
        _ = ForgetLaterAsync(stream);
    }

    public ChatStream? Find(string chatId, string messageId) => _streams.TryGetValue((chatId, messageId), out var stream) ? stream : null;

    private async Task ForgetLaterAsync(ChatStream stream)
    {
        await Task.Delay(options.Value.ResumeRetention, time);
        _streams.TryRemove(new KeyValuePair<(string, string), ChatStream>(Key(stream.Target), stream));
    }

    private static (string, string) Key(ChatEventTarget target) => (target.ChatId ?? "", target.MessageId ?? "");
}
