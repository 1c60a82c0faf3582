using Switchboard.Yjs.Lib0;

namespace Switchboard.Yjs.Updates;

/// <summary>
/// Writes structs one at a time (yjs <c>LazyStructWriter</c>). A client group starts with its struct count, which is
/// only known at the end, so the group bodies (client, first clock, structs) go to one buffer and
/// <see cref="Finish"/> writes <c>varUint(groups)</c> then per group <c>varUint(count)</c> + body.
/// A new group starts whenever the client changes.
/// </summary>
internal sealed class LazyStructWriter
{
    private readonly Lib0Writer _body;
    private readonly List<(int Count, int Start, int End)> _groups = [];
    private ulong _client;
    private int _written;
    private int _groupStart;

    public LazyStructWriter(int capacity = 256)
    {
        _body = new Lib0Writer(capacity);
    }

    public void WriteGc(ulong client, ulong clock, ulong length)
    {
        Begin(client, clock);
        _body.WriteByte((byte)StructKind.Gc);
        _body.WriteVarUInt(length);
    }

    public void WriteSkip(ulong client, ulong clock, ulong length)
    {
        Begin(client, clock);
        _body.WriteByte((byte)StructKind.Skip);
        _body.WriteVarUInt(length);
    }

    /// <summary>
    /// Writes <paramref name="s"/> (read from <paramref name="source"/>) without its first <paramref name="offset"/>
    /// units, as yjs' <c>struct.write(encoder, offset)</c> on a decoded struct: the Item's info byte is rebuilt
    /// from what the decoder knows, so bit 0x20 is dropped when the key was not on the wire (spec 2.2).
    /// </summary>
    public void Write(ReadOnlySpan<byte> source, in RawStruct s, ulong offset)
    {
        switch (s.Kind)
        {
            case StructKind.Gc:
                WriteGc(s.Client, s.Clock + offset, s.Length - offset);
                return;
            case StructKind.Skip:
                WriteSkip(s.Client, s.Clock + offset, s.Length - offset);
                return;
            default:
                break;
        }

        Begin(s.Client, s.Clock + offset);
        var hasOrigin = s.HasOrigin || offset > 0;
        var origin = offset > 0 ? new Id(s.Client, s.Clock + offset - 1) : s.Origin;
        var info = (s.Info & 0x1F)
            | (hasOrigin ? 0x80 : 0)
            | (s.HasRightOrigin ? 0x40 : 0)
            | (s.HasParentSub ? 0x20 : 0);
        _body.WriteByte((byte)info);
        if (hasOrigin)
        {
            _body.WriteVarUInt(origin.Client);
            _body.WriteVarUInt(origin.Clock);
        }

        if (s.HasRightOrigin)
        {
            _body.WriteVarUInt(s.RightOrigin.Client);
            _body.WriteVarUInt(s.RightOrigin.Clock);
        }

        if (!hasOrigin && !s.HasRightOrigin)
        {
            // Parent info, parent and key exactly as read (only possible with offset 0).
            _body.WriteBytes(source[s.ParentStart..s.ContentStart]);
        }

        if (offset == 0)
        {
            _body.WriteBytes(source[s.ContentStart..s.End]);
        }
        else
        {
            ContentSlicer.Write(_body, source[s.ContentStart..s.End], s.ContentRef, offset);
        }
    }

    /// <summary>Writes the struct section: group count, then each group's count and body.</summary>
    public void Finish(Lib0Writer output)
    {
        Flush();
        output.WriteVarUInt((ulong)_groups.Count);
        var body = _body.WrittenSpan;
        foreach (var (count, start, end) in _groups)
        {
            output.WriteVarUInt((ulong)count);
            output.WriteBytes(body[start..end]);
        }
    }

    public int BodyLength => _body.Length;

    private void Begin(ulong client, ulong clock)
    {
        if (_written > 0 && client != _client)
        {
            Flush();
        }

        if (_written == 0)
        {
            _client = client;
            _groupStart = _body.Length;
            _body.WriteVarUInt(client);
            _body.WriteVarUInt(clock);
        }

        _written++;
    }

    private void Flush()
    {
        if (_written > 0)
        {
            _groups.Add((_written, _groupStart, _body.Length));
            _written = 0;
        }
    }
}
