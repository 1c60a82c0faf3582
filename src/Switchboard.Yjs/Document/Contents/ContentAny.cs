using Switchboard.Yjs.Lib0;

namespace Switchboard.Yjs.Document.Contents;

/// <summary>Plain values of a map entry or array run, one unit per value; written back with their original tags.</summary>
internal sealed class ContentAny(List<AnyValue> values) : ItemContent
{
    public override ContentRef Ref => ContentRef.Any;

    public override int Length => Values.Count;

    public List<AnyValue> Values { get; } = values;

    public override ItemContent Splice(int offset)
    {
        var right = Values.GetRange(offset, Values.Count - offset);
        Values.RemoveRange(offset, Values.Count - offset);
        return new ContentAny(right);
    }

    public override bool TryMerge(ItemContent right)
    {
        Values.AddRange(((ContentAny)right).Values);
        return true;
    }

    // varUint(n) Any{n}
    public override void Write(Lib0Writer writer, int offset)
    {
        writer.WriteVarUInt((ulong)(Values.Count - offset));
        for (var i = offset; i < Values.Count; i++)
        {
            writer.WriteAny(Values[i]);
        }
    }
}
