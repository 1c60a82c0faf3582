using Switchboard.Yjs.Lib0;

namespace Switchboard.Yjs.Updates;

/// <summary>lib0 Any values (ref 8): map values and array elements; length = number of values.</summary>
public sealed class AnyContent : ItemContent
{
    private readonly List<AnyValue> _values;

    /// <summary>Content of the given values.</summary>
    public AnyContent(IReadOnlyList<AnyValue> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        _values = [.. values];
    }

    private AnyContent(List<AnyValue> values) => _values = values;

    /// <summary>The values.</summary>
    public IReadOnlyList<AnyValue> Values => _values;

    /// <inheritdoc />
    public override ContentRef Ref => ContentRef.Any;

    /// <inheritdoc />
    public override ulong Length => (ulong)_values.Count;

    /// <inheritdoc />
    public override bool IsSplittable => true;

    internal static AnyContent Wrap(List<AnyValue> values) => new(values);

    // Layout: varUint(n - offset), then Any for each value from offset.

    /// <inheritdoc />
    public override void Write(Lib0Writer writer, ulong offset)
    {
        ArgumentNullException.ThrowIfNull(writer);
        CheckOffset(offset);
        writer.WriteVarUInt(Length - offset);
        for (var i = (int)offset; i < _values.Count; i++)
        {
            writer.WriteAny(_values[i]);
        }
    }

    /// <inheritdoc />
    public override (ItemContent Left, ItemContent Right) Split(ulong offset)
    {
        CheckSplit(offset);
        return (new AnyContent(_values[..(int)offset]), new AnyContent(_values[(int)offset..]));
    }

    internal override ItemContent Splice(int offset)
    {
        var right = _values.GetRange(offset, _values.Count - offset);
        _values.RemoveRange(offset, _values.Count - offset);
        return new AnyContent(right);
    }

    internal override bool TryMerge(ItemContent right)
    {
        _values.AddRange(((AnyContent)right)._values);
        return true;
    }
}
