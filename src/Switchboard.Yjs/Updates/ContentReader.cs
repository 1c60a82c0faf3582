using System.Text;
using Switchboard.Yjs.Lib0;

namespace Switchboard.Yjs.Updates;

/// <summary>
/// Reads and checks the content section of an Item (see each content type for its layout), the one place content
/// is checked for the codec and the document: JSON texts must parse as yjs' <c>JSON.parse</c> would, strings must
/// be valid UTF-8, Any values must be well-formed and no deeper than the limit, type refs known, sub-document
/// options an Any object. With <c>build</c> false it only checks and measures (the codec copies content bytes
/// without decoding them); with <c>build</c> true it also returns the content.
/// </summary>
internal static class ContentReader
{
    /// <summary>Reads one content section; returns its length in clock units.</summary>
    public static ulong Read(ref Lib0Reader reader, ContentRef contentRef, int structOffset, int maxDepth, bool build, out ItemContent? content)
    {
        content = null;
        switch (contentRef)
        {
            case ContentRef.Deleted:
                {
                    var length = reader.ReadVarUInt("deleted length");
                    content = build ? new DeletedContent(length) : null;
                    return length;
                }

            case ContentRef.Json:
                {
                    var count = reader.ReadCount("JSON element count");
                    var values = build ? new List<string>(count) : null;
                    for (var i = 0; i < count; i++)
                    {
                        var at = reader.Position;
                        var utf8 = reader.ReadVarStringUtf8("JSON element");
                        JsonText.Validate(utf8, maxDepth, "JSON element", at, allowUndefined: true);
                        values?.Add(Encoding.UTF8.GetString(utf8));
                    }

                    content = values is null ? null : JsonContent.Wrap(values);
                    return (ulong)count;
                }

            case ContentRef.Binary:
                {
                    var bytes = reader.ReadVarUint8Array("binary content");
                    content = build ? new BinaryContent(bytes.ToArray()) : null;
                    return 1;
                }

            case ContentRef.String:
                {
                    if (build)
                    {
                        // Strict decoding checks the UTF-8 as it goes (the same rule and message as ReadVarStringUtf8).
                        content = new TextContent(reader.ReadVarString("string content"));
                        return content.Length;
                    }

                    return (ulong)Encoding.UTF8.GetCharCount(reader.ReadVarStringUtf8("string content"));
                }

            case ContentRef.Embed:
                {
                    var at = reader.Position;
                    var utf8 = reader.ReadVarStringUtf8("embed");
                    JsonText.Validate(utf8, maxDepth, "Embed JSON", at);
                    content = build ? new EmbedContent(Encoding.UTF8.GetString(utf8)) : null;
                    return 1;
                }

            case ContentRef.Format:
                {
                    var key = reader.ReadVarStringUtf8("format key");
                    var at = reader.Position;
                    var value = reader.ReadVarStringUtf8("format value");
                    JsonText.Validate(value, maxDepth, "Format value JSON", at);
                    content = build ? new FormatContent(Encoding.UTF8.GetString(key), Encoding.UTF8.GetString(value)) : null;
                    return 1;
                }

            case ContentRef.Type:
                {
                    var at = reader.Position;
                    var typeRef = reader.ReadVarUInt("type ref");
                    if (typeRef > (ulong)TypeRef.XmlText)
                    {
                        throw new YjsFormatException($"Unknown type ref {typeRef} at offset {at}.");
                    }

                    string? name = null;
                    if (typeRef is (ulong)TypeRef.XmlElement or (ulong)TypeRef.XmlHook)
                    {
                        var utf8 = reader.ReadVarStringUtf8("XML node name");
                        name = build ? Encoding.UTF8.GetString(utf8) : null;
                    }

                    content = build ? new TypeContent((TypeRef)typeRef, name) : null;
                    return 1;
                }

            case ContentRef.Any:
                {
                    var count = reader.ReadCount("Any element count");
                    if (!build)
                    {
                        for (var i = 0; i < count; i++)
                        {
                            reader.SkipAny(maxDepth);
                        }

                        return (ulong)count;
                    }

                    var values = new List<AnyValue>(count);
                    for (var i = 0; i < count; i++)
                    {
                        values.Add(reader.ReadAny(maxDepth));
                    }

                    content = AnyContent.Wrap(values);
                    return (ulong)count;
                }

            case ContentRef.Doc:
                {
                    var guid = reader.ReadVarStringUtf8("sub-document guid");
                    var at = reader.Position;
                    if (at < reader.Buffer.Length && reader.Buffer[at] != (byte)AnyTag.Object)
                    {
                        throw new YjsFormatException($"Sub-document options at offset {at} are not an Any object (struct at offset {structOffset}).");
                    }

                    if (build)
                    {
                        content = new DocContent(Encoding.UTF8.GetString(guid), reader.ReadAny(maxDepth));
                    }
                    else
                    {
                        reader.SkipAny(maxDepth);
                    }

                    return 1;
                }

            default:
                throw new YjsFormatException($"Unknown content ref {(int)contentRef} at offset {structOffset}.");
        }
    }
}
