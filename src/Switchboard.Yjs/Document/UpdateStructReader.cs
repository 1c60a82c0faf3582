using Switchboard.Yjs.Document.Contents;
using Switchboard.Yjs.Lib0;

namespace Switchboard.Yjs.Document;

/// <summary>
/// Reads a v1 update (yjs-format.md §2) straight into the document model's <see cref="Item"/> and
/// <see cref="GcStruct"/> objects, without touching any document, so a malformed update changes nothing.
/// Everything is checked: content and type refs, zero lengths, clock overflow, references that point forward
/// within their own client, trailing bytes.
/// </summary>
internal static class UpdateStructReader
{
    private const int InfoMask = 0x1F;
    private const int HasOrigin = 0x80;
    private const int HasRightOrigin = 0x40;
    private const int HasParentSub = 0x20;
    private const int SkipRef = 10;

    public static DecodedUpdate Read(ReadOnlySpan<byte> update, int maxAnyDepth)
    {
        var reader = new Lib0Reader(update);
        var structs = new Dictionary<ulong, List<YStruct>>();
        var groups = reader.ReadCount("client group count", 3);
        for (var g = 0; g < groups; g++)
        {
            var count = reader.ReadCount("struct count", 1);
            var client = reader.ReadVarUInt("client");
            var clock = (long)reader.ReadVarUInt("clock");
            var list = new List<YStruct>(count);
            for (var i = 0; i < count; i++)
            {
                var start = reader.Position;
                var info = reader.ReadByte("info");
                var contentRef = info & InfoMask;
                if (contentRef is 0 or SkipRef)
                {
                    if (info != contentRef)
                    {
                        throw new YjsFormatException($"GC/Skip info byte 0x{info:x2} at offset {start} has flag bits set.");
                    }

                    var length = ReadLength(ref reader, clock, start);
                    if (contentRef == 0)
                    {
                        list.Add(new GcStruct(client, clock, length));
                    }

                    clock += length;
                    continue;
                }

                var item = ReadItem(ref reader, info, client, clock, start, maxAnyDepth);
                list.Add(item);
                clock += item.Length;
                if ((ulong)clock > Lib0Reader.MaxSafeInteger)
                {
                    throw new YjsFormatException($"Item at offset {start} ends beyond clock 2^53-1.");
                }
            }

            // yjs keeps the last group of a client that appears twice.
            structs[client] = list;
        }

        var deleteSet = new DeleteSet();
        var clients = reader.ReadCount("delete set client count", 2);
        for (var c = 0; c < clients; c++)
        {
            var client = reader.ReadVarUInt("delete set client");
            var ranges = reader.ReadCount("delete range count", 2);
            for (var r = 0; r < ranges; r++)
            {
                var clock = reader.ReadVarUInt("delete range clock");
                var length = reader.ReadVarUInt("delete range length");
                if (clock + length > Lib0Reader.MaxSafeInteger)
                {
                    throw new YjsFormatException($"Delete range ({client},{clock},{length}) ends beyond clock 2^53-1.");
                }

                deleteSet.Add(client, (long)clock, (long)length);
            }
        }

        if (!reader.IsAtEnd)
        {
            throw new YjsFormatException($"Update has {reader.Remaining} trailing bytes at offset {reader.Position}.");
        }

        return new DecodedUpdate(structs, deleteSet);
    }

    private static int ReadLength(ref Lib0Reader reader, long clock, int start)
    {
        var length = reader.ReadVarUInt("struct length");
        if (length == 0 || length > int.MaxValue || (ulong)clock + length > Lib0Reader.MaxSafeInteger)
        {
            throw new YjsFormatException($"Struct at offset {start} has invalid length {length}.");
        }

        return (int)length;
    }

    private static Item ReadItem(ref Lib0Reader reader, byte info, ulong client, long clock, int start, int maxAnyDepth)
    {
        ItemId? origin = (info & HasOrigin) != 0 ? ReadId(ref reader, "origin") : null;
        ItemId? rightOrigin = (info & HasRightOrigin) != 0 ? ReadId(ref reader, "right origin") : null;
        ItemId? parentId = null;
        string? rootName = null;
        string? parentSub = null;
        if (origin is null && rightOrigin is null)
        {
            var parentInfo = reader.ReadVarUInt("parent info");
            if (parentInfo == 1)
            {
                rootName = reader.ReadVarString("root name");
            }
            else if (parentInfo == 0)
            {
                parentId = ReadId(ref reader, "parent");
            }
            else
            {
                throw new YjsFormatException($"Item at offset {start} has parent info {parentInfo}; expected 0 or 1.");
            }

            if ((info & HasParentSub) != 0)
            {
                parentSub = reader.ReadVarString("parent sub");
            }
        }

        foreach (var reference in (ReadOnlySpan<ItemId?>)[origin, rightOrigin, parentId])
        {
            if (reference is { } r && r.Client == client && r.Clock >= clock)
            {
                throw new YjsFormatException($"Item ({client},{clock}) at offset {start} refers to its own client's later clock {r.Clock}.");
            }
        }

        var content = ReadContent(ref reader, info & InfoMask, start, maxAnyDepth);
        if (content.Length == 0)
        {
            throw new YjsFormatException($"Item at offset {start} has empty content.");
        }

        return new Item(client, clock, origin, rightOrigin, null, parentId, parentSub, content) { ParentRootName = rootName };
    }

    private static ItemId ReadId(ref Lib0Reader reader, string what)
    {
        var client = reader.ReadVarUInt(what + " client");
        var clock = reader.ReadVarUInt(what + " clock");
        return new ItemId(client, (long)clock);
    }

    private static ItemContent ReadContent(ref Lib0Reader reader, int contentRef, int start, int maxAnyDepth)
    {
        switch ((ContentRef)contentRef)
        {
            case ContentRef.Deleted:
                return new ContentDeleted(ReadLength(ref reader, 0, start));
            case ContentRef.Json:
                {
                    var n = reader.ReadCount("JSON content count", 1);
                    var values = new List<string>(n);
                    for (var i = 0; i < n; i++)
                    {
                        values.Add(reader.ReadVarString("JSON value"));
                    }

                    return new ContentJson(values);
                }

            case ContentRef.Binary:
                return new ContentBinary(reader.ReadVarUint8Array("binary content").ToArray());
            case ContentRef.String:
                return new ContentString(reader.ReadVarString("string content"));
            case ContentRef.Embed:
                return new ContentEmbed(reader.ReadVarString("embed content"));
            case ContentRef.Format:
                return new ContentFormat(reader.ReadVarString("format key"), reader.ReadVarString("format value"));
            case ContentRef.Type:
                {
                    var typeRef = reader.ReadVarUInt("type ref");
                    if (typeRef > (ulong)YTypeRef.XmlText)
                    {
                        throw new YjsFormatException($"Type content at offset {start} has unknown type ref {typeRef}.");
                    }

                    var kind = (YTypeRef)typeRef;
                    var name = kind is YTypeRef.XmlElement or YTypeRef.XmlHook ? reader.ReadVarString("node name") : null;
                    return new ContentType(new YType(kind, name));
                }

            case ContentRef.Any:
                {
                    var n = reader.ReadCount("Any content count", 1);
                    var values = new List<AnyValue>(n);
                    for (var i = 0; i < n; i++)
                    {
                        values.Add(reader.ReadAny(maxAnyDepth));
                    }

                    return new ContentAny(values);
                }

            case ContentRef.Doc:
                return new ContentDoc(reader.ReadVarString("doc guid"), reader.ReadAny(maxAnyDepth));
            default:
                throw new YjsFormatException($"Item at offset {start} has unknown content ref {contentRef}.");
        }
    }
}
