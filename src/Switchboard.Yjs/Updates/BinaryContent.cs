using Switchboard.Yjs.Lib0;

namespace Switchboard.Yjs.Updates;

/// <summary>A Uint8Array value (ref 3), length 1.</summary>
/// <param name="bytes">The bytes.</param>
public sealed class BinaryContent(ReadOnlyMemory<byte> bytes) : ItemContent
{
    /// <summary>The bytes.</summary>
    public ReadOnlyMemory<byte> Bytes { get; } = bytes;

    /// <inheritdoc />
    public override ContentRef Ref => ContentRef.Binary;

    /// <inheritdoc />
    public override ulong Length => 1;

    // Layout: varUint8Array.

    /// <inheritdoc />
    public override void Write(Lib0Writer writer, ulong offset)
    {
        ArgumentNullException.ThrowIfNull(writer);
        CheckOffset(offset);
        writer.WriteVarUint8Array(Bytes.Span);
    }
}
