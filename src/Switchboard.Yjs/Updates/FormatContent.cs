using System.Text.Json.Nodes;
using Switchboard.Yjs.Document;
using Switchboard.Yjs.Lib0;

namespace Switchboard.Yjs.Updates;

/// <summary>A formatting mark (ref 6): key and JSON value; the value <c>null</c> ends a mark. Length 1, not countable.</summary>
/// <param name="key">The attribute name.</param>
/// <param name="valueJson">The attribute value as JSON text.</param>
public sealed class FormatContent(string key, string valueJson) : ItemContent
{
    private JsonNode? _value;
    private bool _parsed;

    /// <summary>The attribute name.</summary>
    public string Key { get; } = key ?? throw new ArgumentNullException(nameof(key));

    /// <summary>The attribute value as JSON text.</summary>
    public string ValueJson { get; } = valueJson ?? throw new ArgumentNullException(nameof(valueJson));

    /// <inheritdoc />
    public override ContentRef Ref => ContentRef.Format;

    /// <inheritdoc />
    public override ulong Length => 1;

    /// <inheritdoc />
    public override bool IsCountable => false;

    /// <summary>The value parsed once (null for JSON null); the document clones it before attaching it to a tree.</summary>
    internal JsonNode? Value
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
