namespace Switchboard.SocketIO.Tests.EngineIO;

/// <summary>A memory stream that counts its asynchronous writes.</summary>
internal sealed class CountingStream : MemoryStream
{
    private int _writes;

    public int Writes => Volatile.Read(ref _writes);

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _writes);
        return base.WriteAsync(buffer, cancellationToken);
    }
}
