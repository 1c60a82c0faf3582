using Switchboard.Yjs.Lib0;

namespace Switchboard.Yjs.Updates;

/// <summary>A text embed (ref 5), kept as its JSON text; length 1.</summary>
/// <param name="json">The embed as JSON text.</param>
public sealed class EmbedContent(string json) : ItemContent
{
    /// <summary>The embed as JSON text.</summary>
    public string Json { get; } = json ?? throw new ArgumentNullException(nameof(json));

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
