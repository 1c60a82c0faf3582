using System.Text;
using Switchboard.Yjs.Lib0;

namespace Switchboard.Yjs.Updates;

/// <summary>
/// Reads the struct section of a v1 update one struct at a time (yjs <c>LazyStructReader</c>), checking every
/// field; see <see cref="UpdateEncoder"/> for the layout. After the last struct, <see cref="DeleteSetOffset"/> is
/// where the delete set starts. It can be limited to a number of client groups starting at a given offset, which
/// is how a non-descending update is split into one reader per group.
/// </summary>
internal sealed class LazyStructReader
{
    private readonly ReadOnlyMemory<byte> _data;
    private readonly bool _filterSkips;
    private readonly int _maxDepth;
    private int _position;
    private ulong _groupsLeft;
    private int _structsLeft;
    private ulong _client;
    private ulong _clock;

    /// <summary>Reads a whole update from its first byte.</summary>
    public LazyStructReader(ReadOnlyMemory<byte> data, bool filterSkips, YjsReadLimits limits)
        : this(data, filterSkips, limits, 0, null)
    {
    }

    /// <summary>
    /// Reads <paramref name="groups"/> client groups starting at <paramref name="position"/> (a group header),
    /// or the whole struct section when <paramref name="groups"/> is null and <paramref name="position"/> is 0.
    /// </summary>
    public LazyStructReader(ReadOnlyMemory<byte> data, bool filterSkips, YjsReadLimits limits, int position, ulong? groups)
    {
        _data = data;
        _filterSkips = filterSkips;
        _maxDepth = limits.MaxNestingDepth;
        _position = position;
        if (groups is { } count)
        {
            _groupsLeft = count;
        }
        else
        {
            var reader = new Lib0Reader(data.Span, position);
            _groupsLeft = (ulong)reader.ReadCount("client group count", 3);
            _position = reader.Position;
        }

        Next();
    }

    /// <summary>The input being read.</summary>
    public ReadOnlyMemory<byte> Data => _data;

    /// <summary>The current struct (valid while <see cref="HasCurrent"/>).</summary>
    public RawStruct Current;

    /// <summary>False once the struct section is exhausted.</summary>
    public bool HasCurrent { get; private set; }

    /// <summary>Offset of the next client group header, or of the delete set once exhausted.</summary>
    public int DeleteSetOffset => _position;

    /// <summary>True when the struct just read is the first of its client group.</summary>
    public bool StartsGroup { get; private set; }

    /// <summary>Offset of the current group's header.</summary>
    public int GroupOffset { get; private set; }

    /// <summary>Moves to the next struct (skipping Skips when filtering); false at the end.</summary>
    public bool Next()
    {
        while (true)
        {
            var reader = new Lib0Reader(_data.Span, _position);
            StartsGroup = false;
            if (_structsLeft == 0)
            {
                if (_groupsLeft == 0)
                {
                    HasCurrent = false;
                    return false;
                }

                GroupOffset = reader.Position;
                var count = reader.ReadCount("struct count", 2);
                _client = reader.ReadVarUInt("client");
                _clock = reader.ReadVarUInt("first clock");
                if (count == 0)
                {
                    throw new YjsFormatException($"Client group of client {_client} at offset {GroupOffset} has no structs.");
                }

                _structsLeft = count;
                _groupsLeft--;
                StartsGroup = true;
            }

            ReadStruct(ref reader, ref Current);
            _position = reader.Position;
            _structsLeft--;
            _clock = Current.EndClock;
            if (_filterSkips && Current.Kind == StructKind.Skip)
            {
                continue;
            }

            HasCurrent = true;
            return true;
        }
    }

    private void ReadStruct(ref Lib0Reader reader, ref RawStruct s)
    {
        var start = reader.Position;
        var info = reader.ReadByte("struct info");
        s.Info = info;
        s.Client = _client;
        s.Clock = _clock;
        s.HasOrigin = false;
        s.HasRightOrigin = false;
        s.HasParentSub = false;
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
            }

            if ((info & 0x40) != 0)
            {
                s.HasRightOrigin = true;
                s.RightOrigin = new Id(reader.ReadVarUInt("right origin client"), reader.ReadVarUInt("right origin clock"));
            }

            s.ParentStart = reader.Position;
            if (!s.HasOrigin && !s.HasRightOrigin)
            {
                ReadParent(ref reader, info);
                s.HasParentSub = (info & 0x20) != 0;
            }

            s.ContentStart = reader.Position;
            s.Length = ReadContent(ref reader, (ContentRef)contentRef, start);
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

    // Parent section (only when neither origin is present): varUint(parentInfo); 1 → varString(root name),
    // 0 → parent item ID (varUint client, varUint clock); then varString(parentSub) if info bit 0x20.
    private static void ReadParent(ref Lib0Reader reader, byte info)
    {
        var at = reader.Position;
        var parentInfo = reader.ReadVarUInt("parent info");
        if (parentInfo == 1)
        {
            reader.ReadVarStringUtf8("root type name");
        }
        else if (parentInfo == 0)
        {
            reader.ReadVarUInt("parent client");
            reader.ReadVarUInt("parent clock");
        }
        else
        {
            throw new YjsFormatException($"Parent info {parentInfo} at offset {at} is neither 0 (item) nor 1 (root name).");
        }

        if ((info & 0x20) != 0)
        {
            reader.ReadVarStringUtf8("parentSub (map key)");
        }
    }

    private ulong ReadContent(ref Lib0Reader reader, ContentRef contentRef, int structOffset)
    {
        switch (contentRef)
        {
            case ContentRef.Deleted:
                return reader.ReadVarUInt("deleted length");
            case ContentRef.Json:
                {
                    var count = reader.ReadCount("JSON element count");
                    for (var i = 0; i < count; i++)
                    {
                        var at = reader.Position;
                        JsonText.Validate(reader.ReadVarStringUtf8("JSON element"), _maxDepth, "JSON element", at, allowUndefined: true);
                    }

                    return (ulong)count;
                }

            case ContentRef.Binary:
                reader.ReadVarUint8Array("binary content");
                return 1;
            case ContentRef.String:
                return (ulong)Encoding.UTF8.GetCharCount(reader.ReadVarStringUtf8("string content"));
            case ContentRef.Embed:
                {
                    var at = reader.Position;
                    JsonText.Validate(reader.ReadVarStringUtf8("embed"), _maxDepth, "Embed JSON", at);
                    return 1;
                }

            case ContentRef.Format:
                {
                    reader.ReadVarStringUtf8("format key");
                    var at = reader.Position;
                    JsonText.Validate(reader.ReadVarStringUtf8("format value"), _maxDepth, "Format value JSON", at);
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

                    if (typeRef is (ulong)TypeRef.XmlElement or (ulong)TypeRef.XmlHook)
                    {
                        reader.ReadVarStringUtf8("XML node name");
                    }

                    return 1;
                }

            case ContentRef.Any:
                {
                    var count = reader.ReadCount("Any element count");
                    for (var i = 0; i < count; i++)
                    {
                        reader.SkipAny(_maxDepth);
                    }

                    return (ulong)count;
                }

            case ContentRef.Doc:
                {
                    reader.ReadVarStringUtf8("sub-document guid");
                    var at = reader.Position;
                    if (at < reader.Buffer.Length && reader.Buffer[at] != (byte)AnyTag.Object)
                    {
                        throw new YjsFormatException($"Sub-document options at offset {at} are not an Any object (struct at offset {structOffset}).");
                    }

                    reader.SkipAny(_maxDepth);
                    return 1;
                }

            default:
                throw new YjsFormatException($"Unknown content ref {(int)contentRef} at offset {structOffset}.");
        }
    }
}
