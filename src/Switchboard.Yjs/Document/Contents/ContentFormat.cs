using System.Text.Json.Nodes;
using Switchboard.Yjs.Lib0;

namespace Switchboard.Yjs.Document.Contents;

/// <summary>A formatting boundary in a Y.Text (ref 6): attribute key and JSON value; <c>null</c> ends the attribute.</summary>
internal sealed class ContentFormat(string key, string valueJson) : ItemContent
{
    private JsonNode? _value;
    private bool _parsed;

    public override ContentRef Ref => ContentRef.Format;

    public override int Length => 1;

    public override bool Countable => false;

    public string Key { get; } = key;

    public string ValueJson { get; } = valueJson;

    /// <summary>The value parsed once (null for JSON null or unparsable text); clone before attaching it to a tree.</summary>
    public JsonNode? Value
    {
        get
        {
            if (!_parsed)
            {
                _value = AnyJson.Parse(ValueJson);
                _parsed = true;
            }

            return _value;
        }
    }

    // varString(key) varString(JSON value)
    public override void Write(Lib0Writer writer, int offset)
    {
        writer.WriteVarString(Key);
        writer.WriteVarString(ValueJson);
    }
}
