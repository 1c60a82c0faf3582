using Switchboard.Yjs.Lib0;

namespace Switchboard.Yjs.Updates;

/// <summary>A sub-document (ref 9): its guid and options object; length 1.</summary>
/// <param name="DocGuid">The sub-document's guid.</param>
/// <param name="Options">The options object (<c>gc</c>, <c>autoLoad</c>, <c>meta</c>) as an Any object.</param>
public sealed record DocContent(string DocGuid, AnyValue Options) : ItemContent
{
    /// <inheritdoc />
    public override ContentRef Ref => ContentRef.Doc;

    /// <inheritdoc />
    public override ulong Length => 1;

    // Layout: varString(guid) Any(options object).

    /// <inheritdoc />
    public override void Write(Lib0Writer writer, ulong offset)
    {
        ArgumentNullException.ThrowIfNull(writer);
        CheckOffset(offset);
        writer.WriteVarString(DocGuid);
        writer.WriteAny(Options);
    }
}
