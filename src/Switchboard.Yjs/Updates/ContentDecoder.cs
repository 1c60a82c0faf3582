using Switchboard.Yjs.Lib0;

namespace Switchboard.Yjs.Updates;

/// <summary>Builds <see cref="ItemContent"/> objects from content sections (see each content type for its layout).</summary>
internal static class ContentDecoder
{
    public static ItemContent Read(ref Lib0Reader reader, ContentRef contentRef, int maxDepth)
    {
        switch (contentRef)
        {
            case ContentRef.Deleted:
                return new DeletedContent(reader.ReadVarUInt("deleted length"));
            case ContentRef.Json:
                {
                    var count = reader.ReadCount("JSON element count");
                    var values = new string[count];
                    for (var i = 0; i < count; i++)
                    {
                        values[i] = reader.ReadVarString("JSON element");
                    }

                    return new JsonContent(values);
                }

            case ContentRef.Binary:
                return new BinaryContent(reader.ReadVarUint8Array("binary content").ToArray());
            case ContentRef.String:
                return new TextContent(reader.ReadVarString("string content"));
            case ContentRef.Embed:
                return new EmbedContent(reader.ReadVarString("embed"));
            case ContentRef.Format:
                {
                    var key = reader.ReadVarString("format key");
                    return new FormatContent(key, reader.ReadVarString("format value"));
                }

            case ContentRef.Type:
                {
                    var typeRef = (TypeRef)reader.ReadVarUInt("type ref");
                    var name = typeRef is TypeRef.XmlElement or TypeRef.XmlHook ? reader.ReadVarString("XML node name") : null;
                    return new TypeContent(typeRef, name);
                }

            case ContentRef.Any:
                {
                    var count = reader.ReadCount("Any element count");
                    var values = new AnyValue[count];
                    for (var i = 0; i < count; i++)
                    {
                        values[i] = reader.ReadAny(maxDepth);
                    }

                    return new AnyContent(values);
                }

            case ContentRef.Doc:
                {
                    var guid = reader.ReadVarString("sub-document guid");
                    return new DocContent(guid, reader.ReadAny(maxDepth));
                }

            default:
                throw new YjsFormatException($"Unknown content ref {(int)contentRef}.");
        }
    }
}
