using Switchboard.Yjs.Lib0;

namespace Switchboard.Yjs.Document.Contents;

/// <summary>Legacy JSON values (ref 2), kept as their JSON text; the text <c>undefined</c> means undefined.</summary>
internal sealed class ContentJson(List<string> values) : ItemContent
{
    public override ContentRef Ref => ContentRef.Json;

    public override int Length => Values.Count;

    public List<string> Values { get; } = values;

    public override ItemContent Splice(int offset)
    {
        var right = Values.GetRange(offset, Values.Count - offset);
        Values.RemoveRange(offset, Values.Count - offset);
        return new ContentJson(right);
    }

    public override bool TryMerge(ItemContent right)
    {
        Values.AddRange(((ContentJson)right).Values);
        return true;
    }

    // varUint(n) varString(JSON){n}
    public override void Write(Lib0Writer writer, int offset)
    {
        writer.WriteVarUInt((ulong)(Values.Count - offset));
        for (var i = offset; i < Values.Count; i++)
        {
            writer.WriteVarString(Values[i]);
        }
    }
}
