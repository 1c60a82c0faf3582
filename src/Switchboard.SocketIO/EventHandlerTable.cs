using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;

namespace Switchboard.SocketIO;

/// <summary>
/// Event handlers by name, changed at any time (Open WebUI registers <c>{user}:{session}:{uuid}</c> names at runtime)
/// and read without locks on every packet: each name maps to an immutable array that writers replace.
/// </summary>
internal sealed class EventHandlerTable
{
    private readonly Lock _writeLock = new();
    private readonly ConcurrentDictionary<string, Func<SocketEvent, ValueTask>[]> _byName = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Func<SocketEvent, ValueTask>[]>.AlternateLookup<ReadOnlySpan<char>> _bySpan;
    private Func<SocketEvent, ValueTask>[] _any = [];

    public EventHandlerTable()
    {
        _bySpan = _byName.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public Func<SocketEvent, ValueTask>[] Any => Volatile.Read(ref _any);

    public bool IsEmpty => _byName.IsEmpty && Any.Length == 0;

    public IDisposable Add(string name, Func<SocketEvent, ValueTask> handler)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(handler);
        lock (_writeLock)
        {
            _byName[name] = _byName.TryGetValue(name, out var existing) ? [.. existing, handler] : [handler];
        }

        return new Subscription(this, name, handler);
    }

    public IDisposable AddAny(Func<SocketEvent, ValueTask> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        lock (_writeLock)
        {
            Volatile.Write(ref _any, [.. _any, handler]);
        }

        return new Subscription(this, null, handler);
    }

    public void RemoveAll(string name)
    {
        lock (_writeLock)
        {
            _byName.TryRemove(name, out _);
        }
    }

    public void Remove(string? name, Func<SocketEvent, ValueTask> handler)
    {
        lock (_writeLock)
        {
            if (name is null)
            {
                Volatile.Write(ref _any, Without(_any, handler));
            }
            else if (_byName.TryGetValue(name, out var existing))
            {
                var remaining = Without(existing, handler);
                if (remaining.Length == 0)
                {
                    _byName.TryRemove(name, out _);
                }
                else
                {
                    _byName[name] = remaining;
                }
            }
        }
    }

    public bool TryGet(string name, out Func<SocketEvent, ValueTask>[] handlers) =>
        _byName.TryGetValue(name, out handlers!);

    /// <summary>Finds handlers for a JSON event name without allocating a string when the name is registered.</summary>
    public bool TryGet(JsonElement name, out string key, out Func<SocketEvent, ValueTask>[] handlers)
    {
        if (name.ValueKind == JsonValueKind.String && !_byName.IsEmpty)
        {
            var raw = System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(name);

            // Raw value includes the quotes; escaped names take the slow path.
            var inner = raw[1..^1];
            if (inner.Length <= 256 && !inner.Contains((byte)'\\'))
            {
                Span<char> chars = stackalloc char[inner.Length];
                var length = Encoding.UTF8.GetChars(inner, chars);
                if (_bySpan.TryGetValue(chars[..length], out key!, out handlers!))
                {
                    return true;
                }
            }
        }

        key = null!;
        handlers = null!;
        return false;
    }

    private static Func<SocketEvent, ValueTask>[] Without(Func<SocketEvent, ValueTask>[] handlers, Func<SocketEvent, ValueTask> handler)
    {
        var index = Array.IndexOf(handlers, handler);
        if (index < 0)
        {
            return handlers;
        }

        var result = new Func<SocketEvent, ValueTask>[handlers.Length - 1];
        handlers.AsSpan(0, index).CopyTo(result);
        handlers.AsSpan(index + 1).CopyTo(result.AsSpan(index));
        return result;
    }

    private sealed class Subscription(EventHandlerTable table, string? name, Func<SocketEvent, ValueTask> handler) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                table.Remove(name, handler);
            }
        }
    }
}
