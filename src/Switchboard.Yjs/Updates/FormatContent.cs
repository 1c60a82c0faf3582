using Switchboard.Yjs.Lib0;

namespace Switchboard.Yjs.Updates;

/// <summary>A formatting mark (ref 6): key and JSON value; the value <c>null</c> ends a mark. Length 1, not countable.</summary>
/// <param name="Key">The attribute name.</param>
/// <param name="ValueJson">The attribute value as JSON text.</param>
public sealed record FormatContent(string Key, string ValueJson) : ItemContent
{
    /// <inheritdoc />
    public override ContentRef Ref => ContentRef.Format;

    /// <inheritdoc />
    public override ulong Length => 1;

    /// <inheritdoc />
    public override bool IsCountable => false;

    // Layout: varString(key) varString(JSON value).

    /// <inheritdoc />
    public override void Write(Lib0Writer writer, ulong offset)
    {
        ArgumentNullException.ThrowIfNull(writer);
        CheckOffset(offset);
        writer.WriteVarString(Key);
        writer.WriteVarString(ValueJson);
    }
}
