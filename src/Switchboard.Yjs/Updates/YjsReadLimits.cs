using Switchboard.Yjs.Lib0;

namespace Switchboard.Yjs.Updates;

/// <summary>
/// Limits applied while reading updates, state vectors and protocol messages. Input over a limit is rejected with
/// <see cref="YjsFormatException"/> before anything proportional to it is allocated.
/// </summary>
public sealed record YjsReadLimits
{
    /// <summary>The defaults: 64 MiB per update, nesting depth 256.</summary>
    public static YjsReadLimits Default { get; } = new();

    /// <summary>Largest accepted update (or state vector, or message) in bytes. Default 64 MiB.</summary>
    public int MaxUpdateBytes { get; init; } = 64 * 1024 * 1024;

    /// <summary>Largest allowed <see cref="MaxNestingDepth"/>: Any values are read recursively, and this keeps the stack safe.</summary>
    public const int NestingDepthCeiling = Lib0Reader.MaxAnyDepth;

    /// <summary>Deepest accepted nesting of Any arrays/objects and of JSON texts. Default 256, at most <see cref="NestingDepthCeiling"/>.</summary>
    public int MaxNestingDepth { get; init; } = 256;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> for a non-positive limit or a depth over the ceiling.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxUpdateBytes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxNestingDepth);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxNestingDepth, NestingDepthCeiling);
    }

    internal void CheckSize(int length, string what)
    {
        if (length > MaxUpdateBytes)
        {
            throw new YjsFormatException($"{what} of {length} bytes is over the limit of {MaxUpdateBytes} bytes.");
        }
    }
}
