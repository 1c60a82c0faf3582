using Switchboard.Yjs.Lib0;

namespace Switchboard.Yjs.Updates;

/// <summary>
/// Legacy JSON content (ref 2): one JSON text per element, exactly as on the wire; the text <c>undefined</c>
/// stands for JavaScript <c>undefined</c>. Kept as text so re-encoding copies it unchanged.
/// </summary>
/// <param name="Values">The JSON texts.</param>
public sealed record JsonContent(IReadOnlyList<string> Values) : ItemContent
{
    /// <inheritdoc />
    public override ContentRef Ref => ContentRef.Json;

    /// <inheritdoc />
    public override ulong Length => (ulong)Values.Count;

    /// <inheritdoc />
    public override bool IsSplittable => true;

    // Layout: varUint(n - offset), then varString(JSON text) for each element from offset.

    /// <inheritdoc />
    public override void Write(Lib0Writer writer, ulong offset)
    {
        ArgumentNullException.ThrowIfNull(writer);
        CheckOffset(offset);
        writer.WriteVarUInt(Length - offset);
        for (var i = (int)offset; i < Values.Count; i++)
        {
            writer.WriteVarString(Values[i]);
        }
    }

    /// <inheritdoc />
    public override (ItemContent Left, ItemContent Right) Split(ulong offset)
    {
        CheckSplit(offset);
        return (new JsonContent(Values.Take((int)offset).ToArray()), new JsonContent(Values.Skip((int)offset).ToArray()));
    }
}
