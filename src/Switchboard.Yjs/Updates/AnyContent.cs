using Switchboard.Yjs.Lib0;

namespace Switchboard.Yjs.Updates;

/// <summary>lib0 Any values (ref 8): map values and array elements; length = number of values.</summary>
/// <param name="Values">The values.</param>
public sealed record AnyContent(IReadOnlyList<AnyValue> Values) : ItemContent
{
    /// <inheritdoc />
    public override ContentRef Ref => ContentRef.Any;

    /// <inheritdoc />
    public override ulong Length => (ulong)Values.Count;

    /// <inheritdoc />
    public override bool IsSplittable => true;

    // Layout: varUint(n - offset), then Any for each value from offset.

    /// <inheritdoc />
    public override void Write(Lib0Writer writer, ulong offset)
    {
        ArgumentNullException.ThrowIfNull(writer);
        CheckOffset(offset);
        writer.WriteVarUInt(Length - offset);
        for (var i = (int)offset; i < Values.Count; i++)
        {
            writer.WriteAny(Values[i]);
        }
    }

    /// <inheritdoc />
    public override (ItemContent Left, ItemContent Right) Split(ulong offset)
    {
        CheckSplit(offset);
        return (new AnyContent(Values.Take((int)offset).ToArray()), new AnyContent(Values.Skip((int)offset).ToArray()));
    }
}
