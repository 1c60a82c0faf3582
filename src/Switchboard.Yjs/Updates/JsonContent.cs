using Switchboard.Yjs.Lib0;

namespace Switchboard.Yjs.Updates;

/// <summary>
/// Legacy JSON content (ref 2): one JSON text per element, exactly as on the wire; the text <c>undefined</c>
/// stands for JavaScript <c>undefined</c>. Kept as text so re-encoding copies it unchanged.
/// </summary>
public sealed class JsonContent : ItemContent
{
    private readonly List<string> _values;

    /// <summary>Content of the given JSON texts (not checked: <see cref="ContentReader"/> checks what it reads).</summary>
    public JsonContent(IReadOnlyList<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        _values = [.. values];
    }

    private JsonContent(List<string> values) => _values = values;

    /// <summary>The JSON texts.</summary>
    public IReadOnlyList<string> Values => _values;

    /// <inheritdoc />
    public override ContentRef Ref => ContentRef.Json;

    /// <inheritdoc />
    public override ulong Length => (ulong)_values.Count;

    /// <inheritdoc />
    public override bool IsSplittable => true;

    internal static JsonContent Wrap(List<string> values) => new(values);

    // Layout: varUint(n - offset), then varString(JSON text) for each element from offset.

    /// <inheritdoc />
    public override void Write(Lib0Writer writer, ulong offset)
    {
        ArgumentNullException.ThrowIfNull(writer);
        CheckOffset(offset);
        writer.WriteVarUInt(Length - offset);
        for (var i = (int)offset; i < _values.Count; i++)
        {
            writer.WriteVarString(_values[i]);
        }
    }

    /// <inheritdoc />
    public override (ItemContent Left, ItemContent Right) Split(ulong offset)
    {
        CheckSplit(offset);
        return (new JsonContent(_values[..(int)offset]), new JsonContent(_values[(int)offset..]));
    }

    internal override ItemContent Splice(int offset)
    {
        var right = _values.GetRange(offset, _values.Count - offset);
        _values.RemoveRange(offset, _values.Count - offset);
        return new JsonContent(right);
    }

    internal override bool TryMerge(ItemContent right)
    {
        _values.AddRange(((JsonContent)right)._values);
        return true;
    }
}
