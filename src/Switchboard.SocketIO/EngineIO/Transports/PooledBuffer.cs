using System.Buffers;

namespace Switchboard.SocketIO.EngineIO.Transports;

/// <summary>A growable buffer rented from <see cref="ArrayPool{T}.Shared"/> for one incoming message at a time.</summary>
internal sealed class PooledBuffer : IDisposable
{
    private byte[] _array = [];

    public int Length { get; private set; }

    public ReadOnlyMemory<byte> Memory => _array.AsMemory(0, Length);

    public void Rent(int size)
    {
        Return();
        _array = ArrayPool<byte>.Shared.Rent(size);
    }

    public Memory<byte> GetMemory(int size)
    {
        if (_array.Length - Length < size)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_array.Length * 2, Length + size));
            _array.AsSpan(0, Length).CopyTo(bigger);
            var old = _array;
            _array = bigger;
            if (old.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(old);
            }
        }

        return _array.AsMemory(Length, size);
    }

    public void Advance(int count) => Length += count;

    /// <summary>Gives the array back to the pool (an idle connection holds none).</summary>
    public void Return()
    {
        if (_array.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_array);
        }

        _array = [];
        Length = 0;
    }

    public void Dispose() => Return();
}
