using System.Net;
using System.Text;
using System.Threading.Channels;
using Switchboard.SocketIO.EngineIO;

namespace Switchboard.Testing;

/// <summary>
/// An in-memory <see cref="IEngineConnection"/>: what the application sends is queued for the test to read, and
/// <see cref="Close"/> is reported to <see cref="FakeEngine"/>, which tells the handler, like the real transport.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The token source has no timer; like EngineSession's, it is left to the GC so late handlers can still read its token.")]
public sealed class FakeEngineConnection : IEngineConnection
{
    private static int s_counter;
    private readonly Channel<EngineMessage> _sent = Channel.CreateUnbounded<EngineMessage>();
    private readonly Action<FakeEngineConnection>? _onClose;
    private readonly CancellationTokenSource _closing = new();
    private int _closed;
    private int _capacityChecks;

    public FakeEngineConnection(EngineHandshake? handshake = null, Action<FakeEngineConnection>? onClose = null)
    {
        Id = "fake" + Interlocked.Increment(ref s_counter).ToString("D16", System.Globalization.CultureInfo.InvariantCulture);
        Handshake = handshake ?? DefaultHandshake();
        _onClose = onClose;
    }

    public string Id { get; }

    public EngineHandshake Handshake { get; }

    public string Transport { get; set; } = "websocket";

    /// <summary>Set to <see langword="false"/> to make volatile packets drop.</summary>
    public bool IsWritable { get; set; } = true;

    public bool IsClosed => Volatile.Read(ref _closed) != 0;

    /// <summary>Fires when the connection closes (as the Engine.IO session's token does, before the handler hears of it).</summary>
    public CancellationToken Closed => _closing.Token;

    /// <summary>Set to make every send fail as a full queue under the drop policy does (the connection stays open).</summary>
    public bool RejectSends { get; set; }

    /// <summary>
    /// Set to a pending task to act as a client above its send queue's high-water mark: <see cref="WaitForCapacityAsync"/>
    /// then waits for it (complete it with <see langword="true"/> for "drained", <see langword="false"/> for "closed as a
    /// slow consumer"). <see langword="null"/> (the default) means there is room.
    /// </summary>
    public Task<bool>? Capacity { get; set; }

    /// <summary>How many times the application asked for capacity (every non-volatile emit does).</summary>
    public int CapacityChecks => Volatile.Read(ref _capacityChecks);

    /// <summary>Serializes delivery and close like the Engine.IO session's receive lock (used by <see cref="FakeEngine"/>).</summary>
    internal SemaphoreSlim ReceiveLock { get; } = new(1, 1);

    /// <summary>How many times the application asked to close.</summary>
    public int CloseCalls { get; private set; }

    public bool TrySend(EngineMessage message)
    {
        if (IsClosed || RejectSends)
        {
            return false;
        }

        return _sent.Writer.TryWrite(message);
    }

    public bool TrySend(ReadOnlySpan<EngineMessage> messages)
    {
        if (IsClosed || RejectSends)
        {
            return false;
        }

        foreach (var message in messages)
        {
            _sent.Writer.TryWrite(message);
        }

        return true;
    }

    public ValueTask<bool> WaitForCapacityAsync(CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _capacityChecks);
        return IsClosed ? new(false)
            : Capacity is { } capacity ? new(capacity.WaitAsync(cancellationToken))
            : new(true);
    }

    public void Close()
    {
        CloseCalls++;
        if (MarkClosed())
        {
            _onClose?.Invoke(this);
        }
    }

    /// <summary>Marks the connection closed without calling back (the transport closing by itself).</summary>
    public bool MarkClosed()
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return false;
        }

        _closing.Cancel();
        return true;
    }

    /// <summary>The next message the application sent.</summary>
    public async Task<EngineMessage> ReadAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(5));
        try
        {
            return await _sent.Reader.ReadAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException("The application sent nothing in time.");
        }
    }

    /// <summary>The next message, which must be text, as a string.</summary>
    public async Task<string> ReadTextAsync(TimeSpan? timeout = null)
    {
        var message = await ReadAsync(timeout);
        if (message.IsBinary)
        {
            throw new InvalidOperationException($"Expected text, got {message}.");
        }

        return Encoding.UTF8.GetString(message.Data.Span);
    }

    /// <summary>Takes a message already sent, without waiting.</summary>
    public bool TryRead(out EngineMessage message) => _sent.Reader.TryRead(out message);

    public static EngineHandshake DefaultHandshake(IReadOnlyDictionary<string, string>? headers = null, IReadOnlyDictionary<string, string>? query = null) => new()
    {
        Headers = headers ?? new Dictionary<string, string> { ["user-agent"] = "fake" },
        Query = query ?? new Dictionary<string, string> { ["EIO"] = "4", ["transport"] = "websocket" },
        RemoteAddress = IPAddress.Loopback,
        Url = "/socket.io/?EIO=4&transport=websocket",
        IssuedAt = DateTimeOffset.UnixEpoch,
    };
}
