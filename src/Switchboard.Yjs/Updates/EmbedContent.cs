using Switchboard.Yjs.Lib0;

namespace Switchboard.Yjs.Updates;

/// <summary>A text embed (ref 5), kept as its JSON text; length 1.</summary>
/// <param name="Json">The embed as JSON text.</param>
public sealed record EmbedContent(string Json) : ItemContent
{
    /// <inheritdoc />
    public override ContentRef Ref => ContentRef.Embed;

    /// <inheritdoc />
    public override ulong Length => 1;

    // Layout: varString(JSON text).

    /// <inheritdoc />
    public override void Write(Lib0Writer writer, ulong offset)
    {
        ArgumentNullException.ThrowIfNull(writer);
        CheckOffset(offset);
        writer.WriteVarString(Json);
    }
}
