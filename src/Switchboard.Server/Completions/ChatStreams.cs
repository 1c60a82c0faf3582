using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Switchboard.Server.Chat;
using Switchboard.SocketIO;

namespace Switchboard.Server.Completions;

/// <summary>
/// The replies being streamed on this instance and those that ended within
/// <see cref="CompletionOptions.ResumeRetention"/>, by chat and message, for <c>chat:stream:resume</c>. Ended streams
/// wait in one queue in the order they ended (the retention is one constant, so that is also the order they expire)
/// behind one timer set for the oldest, and at most <see cref="CompletionOptions.ResumeRetentionLimit"/> are kept: a busy
/// instance holds neither a timer per reply nor every reply of the last minutes. A resume of a stream forgotten early
/// is answered as one past the retention (the stored message is the answer).
/// </summary>
internal sealed class ChatStreams : IDisposable
{
    private readonly ConcurrentDictionary<(string Chat, string Message), ChatStream> _streams = new();
    private readonly Queue<(ChatStream Stream, DateTimeOffset Due)> _ended = new();
    private readonly Lock _endedLock = new();
    private readonly ITimer _sweep;
    private readonly SocketIOServer _io;
    private readonly IChatStreamMirror _mirror;
    private readonly CompletionOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<ChatStream> _logger;
    private bool _sweepArmed;

    public ChatStreams(SocketIOServer io, IChatStreamMirror mirror, IOptions<CompletionOptions> options, TimeProvider time, ILogger<ChatStream> logger)
    {
        _io = io;
        _mirror = mirror;
        _options = options.Value;
        _time = time;
        _logger = logger;
        _sweep = time.CreateTimer(static state => ((ChatStreams)state!).Sweep(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>The room of a user's sockets that chose the delta form; the compatible form skips them.</summary>
    public static string DeltaRoom(string userId) => "deltas:" + userId;

    /// <summary>How many streams this instance knows, running or ended (for tests and diagnostics).</summary>
    public int Count => _streams.Count;

    /// <summary>A new stream for the target's message (a regenerated reply replaces the old one).</summary>
    public ChatStream Start(ChatEventTarget target)
    {
        var stream = new ChatStream(target, _io, _mirror, _options, _time, _logger);
        _streams[Key(target)] = stream;
        return stream;
    }

    /// <summary>Keeps an ended stream for resuming, then forgets it.</summary>
    public void Retire(ChatStream stream)
    {
        var due = _time.GetUtcNow() + _options.ResumeRetention;
        ChatStream? evicted = null;
        lock (_endedLock)
        {
            _ended.Enqueue((stream, due));
            if (_ended.Count > _options.ResumeRetentionLimit)
            {
                evicted = _ended.Dequeue().Stream;
            }

            if (!_sweepArmed)
            {
                _sweepArmed = true;
                _sweep.Change(_options.ResumeRetention, Timeout.InfiniteTimeSpan);
            }
        }

        if (evicted is not null)
        {
            Forget(evicted);
        }
    }

    public ChatStream? Find(string chatId, string messageId) => _streams.TryGetValue((chatId, messageId), out var stream) ? stream : null;

    public void Dispose() => _sweep.Dispose();

    // Forgets every stream whose retention is over, then sets the timer for the oldest left.
    private void Sweep()
    {
        var now = _time.GetUtcNow();
        while (true)
        {
            ChatStream expired;
            lock (_endedLock)
            {
                if (_ended.Count == 0)
                {
                    _sweepArmed = false;
                    return;
                }

                var (stream, due) = _ended.Peek();
                if (due > now)
                {
                    _sweep.Change(due - now, Timeout.InfiniteTimeSpan);
                    return;
                }

                _ended.Dequeue();
                expired = stream;
            }

            Forget(expired);
        }
    }

    // Only this stream: a newer stream of the same message (a regenerated reply) stays.
    private void Forget(ChatStream stream) => _streams.TryRemove(new KeyValuePair<(string, string), ChatStream>(Key(stream.Target), stream));

    private static (string, string) Key(ChatEventTarget target) => (target.ChatId ?? "", target.MessageId ?? "");
}
