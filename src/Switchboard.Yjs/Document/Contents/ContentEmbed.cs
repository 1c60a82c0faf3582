using Switchboard.Yjs.Lib0;

namespace Switchboard.Yjs.Document.Contents;

/// <summary>A Y.Text embed (ref 5), kept as its JSON text.</summary>
internal sealed class ContentEmbed(string json) : ItemContent
{
    public override ContentRef Ref => ContentRef.Embed;

    public override int Length => 1;

    public string Json { get; } = json;

    // varString(JSON)
    public override void Write(Lib0Writer writer, int offset) => writer.WriteVarString(Json);
}
