using Switchboard.Yjs.Lib0;

namespace Switchboard.Yjs.Updates;

/// <summary>A sub-document (ref 9): its guid and options object; length 1. Sub-documents are not loaded.</summary>
/// <param name="docGuid">The sub-document's guid.</param>
/// <param name="options">The options object (<c>gc</c>, <c>autoLoad</c>, <c>meta</c>) as an Any object.</param>
public sealed class DocContent(string docGuid, AnyValue options) : ItemContent
{
    /// <summary>The sub-document's guid.</summary>
    public string DocGuid { get; } = docGuid ?? throw new ArgumentNullException(nameof(docGuid));

    /// <summary>The options object (<c>gc</c>, <c>autoLoad</c>, <c>meta</c>) as an Any object.</summary>
    public AnyValue Options { get; } = options ?? throw new ArgumentNullException(nameof(options));

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
