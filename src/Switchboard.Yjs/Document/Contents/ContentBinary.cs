using Switchboard.Yjs.Lib0;

namespace Switchboard.Yjs.Document.Contents;

/// <summary>A Uint8Array value (ref 3).</summary>
internal sealed class ContentBinary(byte[] bytes) : ItemContent
{
    public override ContentRef Ref => ContentRef.Binary;

    public override int Length => 1;

    public byte[] Bytes { get; } = bytes;

    // varUint8Array
    public override void Write(Lib0Writer writer, int offset) => writer.WriteVarUint8Array(Bytes);
}
