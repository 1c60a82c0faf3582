using Switchboard.Yjs.Lib0;

namespace Switchboard.Yjs.Document.Contents;

/// <summary>A formatting boundary in a Y.Text (ref 6): attribute key and JSON value; <c>null</c> ends the attribute.</summary>
internal sealed class ContentFormat(string key, string valueJson) : ItemContent
{
    public override ContentRef Ref => ContentRef.Format;

    public override int Length => 1;

    public override bool Countable => false;

    public string Key { get; } = key;

    public string ValueJson { get; } = valueJson;

    // varString(key) varString(JSON value)
    public override void Write(Lib0Writer writer, int offset)
    {
        writer.WriteVarString(Key);
        writer.WriteVarString(ValueJson);
    }
}
