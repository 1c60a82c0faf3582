using Switchboard.Yjs.Lib0;

namespace Switchboard.Yjs.Document.Contents;

/// <summary>Content of a deleted item after garbage collection: only its length is kept.</summary>
internal sealed class ContentDeleted(int length) : ItemContent
{
    private int _length = length;

    public override ContentRef Ref => ContentRef.Deleted;

    public override int Length => _length;

    public override bool Countable => false;

    public override ItemContent Splice(int offset)
    {
        var right = new ContentDeleted(_length - offset);
        _length = offset;
        return right;
    }

    public override bool TryMerge(ItemContent right)
    {
        _length += right.Length;
        return true;
    }

    // varUint(len)
    public override void Write(Lib0Writer writer, int offset) => writer.WriteVarUInt((ulong)(_length - offset));
}
