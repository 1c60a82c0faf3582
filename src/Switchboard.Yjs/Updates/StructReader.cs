using Switchboard.Yjs.Lib0;

namespace Switchboard.Yjs.Updates;

/// <summary>
/// The one reader of the struct section of a v1 update, for the codec (<see cref="LazyStructReader"/>,
/// <see cref="UpdateDecoder"/>) and the document: every field is checked here, once, the way yjs 13.6 refuses
/// input (and where it takes input its own encoder never writes and its document fails on, more strictly);
/// see <see cref="UpdateEncoder"/> for the layout. The content is checked by <see cref="ContentReader"/>.
/// </summary>
internal static class StructReader
{
    /// <summary>A walk over a whole update (or the struct section starting at <paramref name="position"/>): reads the group count.</summary>
    public static StructCursor Start(ReadOnlySpan<byte> data, int position = 0)
    {
        var reader = new Lib0Reader(data, position);
        var groups = (ulong)reader.ReadCount("client group count", 3);
        return new StructCursor { Position = reader.Position, GroupsLeft = groups };
    }

    /// <summary>A walk over <paramref name="groups"/> client groups starting at the group header at <paramref name="position"/>.</summary>
    public static StructCursor StartGroups(int position, ulong groups) => new() { Position = position, GroupsLeft = groups };

    /// <summary>
    /// Reads and checks the next struct into <paramref name="s"/>, without building its content;
    /// false at the end of the struct section, where <see cref="StructCursor.Position"/> is the delete set's offset.
    /// </summary>
    public static bool Next(ReadOnlySpan<byte> data, ref StructCursor cursor, ref RawStruct s, int maxDepth)
    {
        var unused = default(StructParts);
        return Next(data, ref cursor, ref s, ref unused, maxDepth, build: false);
    }

    /// <summary>As <see cref="Next(ReadOnlySpan{byte}, ref StructCursor, ref RawStruct, int)"/>, also building each Item's parent and content into <paramref name="parts"/>.</summary>
    public static bool Next(ReadOnlySpan<byte> data, ref StructCursor cursor, ref RawStruct s, ref StructParts parts, int maxDepth) =>
        Next(data, ref cursor, ref s, ref parts, maxDepth, build: true);

    private static bool Next(ReadOnlySpan<byte> data, ref StructCursor cursor, ref RawStruct s, ref StructParts parts, int maxDepth, bool build)
    {
        var reader = new Lib0Reader(data, cursor.Position);
        cursor.StartsGroup = false;
        if (cursor.StructsLeft == 0)
        {
            if (cursor.GroupsLeft == 0)
            {
                return false;
            }

            cursor.GroupOffset = reader.Position;
            var count = reader.ReadCount("struct count", 2);
            cursor.Client = reader.ReadVarUInt("client");
            cursor.Clock = reader.ReadVarUInt("first clock");
            if (count == 0)
            {
                throw new YjsFormatException($"Client group of client {cursor.Client} at offset {cursor.GroupOffset} has no structs.");
            }

            cursor.StructsLeft = count;
            cursor.GroupsLeft--;
            cursor.StartsGroup = true;
        }

        ReadStruct(ref reader, cursor.Client, cursor.Clock, maxDepth, build, ref s, ref parts);
        cursor.Position = reader.Position;
        cursor.StructsLeft--;
        cursor.Clock = s.EndClock;
        return true;
    }

    // See UpdateEncoder.WriteItem for the layout.
    private static void ReadStruct(ref Lib0Reader reader, ulong client, ulong clock, int maxDepth, bool build, ref RawStruct s, ref StructParts parts)
    {
        var start = reader.Position;
        var info = reader.ReadByte("struct info");
        s.Info = info;
        s.Client = client;
        s.Clock = clock;
        s.HasOrigin = false;
        s.HasRightOrigin = false;
        s.HasParentSub = false;
        if (build)
        {
            parts = default;
        }
        var contentRef = info & 0x1F;
        if (info == (byte)StructKind.Skip || contentRef == 0)
        {
            if (contentRef == 0 && info != 0)
            {
                throw new YjsFormatException($"GC struct at offset {start} has flag bits set (info 0x{info:x2}).");
            }

            s.Kind = (StructKind)info;
            s.ParentStart = s.ContentStart = reader.Position;
            s.Length = reader.ReadVarUInt("struct length");
        }
        else if (contentRef > (int)ContentRef.Doc)
        {
            throw new YjsFormatException($"Unknown content ref {contentRef} (info 0x{info:x2}) at offset {start}.");
        }
        else
        {
            s.Kind = StructKind.Item;
            if ((info & 0x80) != 0)
            {
                s.HasOrigin = true;
                s.Origin = new Id(reader.ReadVarUInt("origin client"), reader.ReadVarUInt("origin clock"));
                CheckReference(s.Origin, client, clock, start);
            }

            if ((info & 0x40) != 0)
            {
                s.HasRightOrigin = true;
                s.RightOrigin = new Id(reader.ReadVarUInt("right origin client"), reader.ReadVarUInt("right origin clock"));
                CheckReference(s.RightOrigin, client, clock, start);
            }

            s.ParentStart = reader.Position;
            if (!s.HasOrigin && !s.HasRightOrigin)
            {
                ReadParent(ref reader, info, build, s.Client, s.Clock, ref parts);
                s.HasParentSub = (info & 0x20) != 0;
            }

            s.ContentStart = reader.Position;
            s.Length = ContentReader.Read(ref reader, (ContentRef)contentRef, start, maxDepth, build, out parts.Content);
        }

        s.End = reader.Position;
        if (s.Length == 0)
        {
            throw new YjsFormatException($"Struct of client {s.Client} at clock {s.Clock} (offset {start}) has length 0.");
        }

        if (s.Length > Lib0Reader.MaxSafeInteger - s.Clock)
        {
            throw new YjsFormatException($"Struct of client {s.Client} at clock {s.Clock} (offset {start}) with length {s.Length} runs past clock 2^53-1.");
        }
    }

    // An Item's origins and parent exist before it: one of its own client's clocks at or after its own can only
    // come from a broken or hostile encoder (yjs' document fails on it once it integrates the Item).
    private static void CheckReference(Id reference, ulong client, ulong clock, int start)
    {
        if (reference.Client == client && reference.Clock >= clock)
        {
            throw new YjsFormatException($"Item ({client},{clock}) at offset {start} refers to its own client's later clock {reference.Clock}.");
        }
    }

    // Parent section (only when neither origin is present): varUint(parentInfo); 1 → varString(root name),
    // 0 → parent item ID (varUint client, varUint clock); then varString(parentSub) if info bit 0x20.
    private static void ReadParent(ref Lib0Reader reader, byte info, bool build, ulong client, ulong clock, ref StructParts parts)
    {
        var at = reader.Position;
        var parentInfo = reader.ReadVarUInt("parent info");
        if (parentInfo == 1)
        {
            if (build)
            {
                parts.ParentRoot = reader.ReadVarString("root type name");
            }
            else
            {
                reader.ReadVarStringUtf8("root type name");
            }
        }
        else if (parentInfo == 0)
        {
            var parent = new Id(reader.ReadVarUInt("parent client"), reader.ReadVarUInt("parent clock"));
            CheckReference(parent, client, clock, at);
            parts.ParentItem = parent;
        }
        else
        {
            throw new YjsFormatException($"Parent info {parentInfo} at offset {at} is neither 0 (item) nor 1 (root name).");
        }

        if ((info & 0x20) != 0)
        {
            if (build)
            {
                parts.ParentSub = reader.ReadVarString("parentSub (map key)");
            }
            else
            {
                reader.ReadVarStringUtf8("parentSub (map key)");
            }
        }
    }
}
