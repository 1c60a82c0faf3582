namespace Switchboard.SocketIO.Redis;

/// <summary>A request to the other servers waiting for their answers: complete once <see cref="Expected"/> answered. Thread-safe.</summary>
internal sealed class PendingRequest(int type, int expected)
{
    private readonly Lock _lock = new();
    private readonly List<object> _items = [];
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _responses;

    /// <summary>The request type (classic or sharded numbering, as the adapter that made it uses).</summary>
    public int Type { get; } = type;

    public int Expected { get; } = expected;

    public int Responses
    {
        get
        {
            lock (_lock)
            {
                return _responses;
            }
        }
    }

    public Task Completion => _done.Task;

    /// <summary>Records one server's answer and what it brought.</summary>
    public void Add(IEnumerable<object> items)
    {
        lock (_lock)
        {
            _items.AddRange(items);
            _responses++;
            if (_responses >= Expected)
            {
                _done.TrySetResult();
            }
        }
    }

    public List<T> Items<T>()
    {
        lock (_lock)
        {
            return [.. _items.OfType<T>()];
        }
    }
}
