using System.Text.Json;
using System.Threading.Channels;

namespace Switchboard.Server.Chat;

/// <summary>
/// A runtime event name (§6, <c>{user_id}:{session_id}:{uuid}</c>) that one socket streams a direct connection's
/// reply into. Only the expected socket is heard (the handler sits on that socket alone, G14); the channel ends on
/// <c>{"done": true}</c>, at its deadline, when the socket leaves, or when disposed, and its handler is removed then.
/// </summary>
public sealed class DirectChannel : IAsyncDisposable
{
    private readonly Channel<JsonElement> _items = Channel.CreateUnbounded<JsonElement>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _deadline;
    private readonly Action<DirectChannel> _remove;
    private IDisposable? _handler;
    private int _closed;

    internal DirectChannel(string name, string socketId, TimeSpan lifetime, TimeProvider time, Action<DirectChannel> remove)
    {
        Name = name;
        SocketId = socketId;
        _remove = remove;
        _deadline = new CancellationTokenSource(lifetime, time);
        _deadline.Token.Register(() => Close(new TimeoutException($"The direct connection channel {name} reached its deadline.")));
    }

    /// <summary>The event name the browser emits to; send it as <c>channel</c> in <c>request:chat:completion</c>.</summary>
    public string Name { get; }

    /// <summary>The socket that may emit to it.</summary>
    public string SocketId { get; }

    /// <summary>Whether the channel has ended.</summary>
    public bool IsClosed => Volatile.Read(ref _closed) == 1;

    /// <summary>
    /// The payloads in order, up to (not including) <c>{"done": true}</c>. Ends with <see cref="TimeoutException"/>
    /// at the deadline and with <see cref="IOException"/> when the socket leaves first.
    /// </summary>
    public IAsyncEnumerable<JsonElement> ReadAllAsync(CancellationToken cancellationToken = default) => _items.Reader.ReadAllAsync(cancellationToken);

    /// <summary>
    /// One payload as a server-sent-events chunk (§6.3): a string containing <c>data:</c> passes through with a blank
    /// line, any other string is prefixed with <c>data: </c>, an object becomes <c>data: &lt;json&gt;</c>.
    /// </summary>
    public static string ToServerSentEvent(JsonElement item)
    {
        if (item.ValueKind == JsonValueKind.String)
        {
            var text = item.GetString()!;
            return text.Contains("data:", StringComparison.Ordinal) ? text + "\n\n" : "data: " + text + "\n\n";
        }

        return "data: " + item.GetRawText() + "\n\n";
    }

    internal void Attach(IDisposable handler)
    {
        _handler = handler;
        if (IsClosed)
        {
            handler.Dispose();
        }
    }

    internal void Receive(JsonElement payload)
    {
        if (payload.ValueKind == JsonValueKind.Object && payload.TryGetProperty("done", out var done) && done.ValueKind == JsonValueKind.True)
        {
            Close(null);
            return;
        }

        _items.Writer.TryWrite(payload.Clone());
    }

    internal void Close(Exception? error)
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return;
        }

        // Unhook first, so a reader that sees the end also sees the handler gone.
        _handler?.Dispose();
        _remove(this);
        _items.Writer.TryComplete(error);
    }

    /// <summary>Ends the channel and removes its handler.</summary>
    public ValueTask DisposeAsync()
    {
        Close(null);
        _deadline.Dispose();
        return ValueTask.CompletedTask;
    }
}
