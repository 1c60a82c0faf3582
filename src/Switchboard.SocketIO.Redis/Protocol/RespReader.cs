using System.Buffers;
using System.Buffers.Text;

namespace Switchboard.SocketIO.Redis.Protocol;

/// <summary>
/// Reads RESP2 replies and pushes (what a subscribed connection receives: <c>*3 message channel payload</c>,
/// <c>*4 pmessage pattern channel payload</c>, subscription confirmations, and the replies to the handshake's
/// commands). Pure and bounded: <see langword="false"/> means "need more bytes" and consumes nothing; malformed input,
/// a nested array, an array longer than <see cref="MaxArrayLength"/>, a bulk string longer than the limit or a line
/// longer than <see cref="MaxLineLength"/> throws <see cref="InvalidDataException"/>, before buffering it.
/// </summary>
internal static class RespReader
{
    /// <summary>A subscribed connection's pushes have at most four elements; replies here are not longer.</summary>
    public const int MaxArrayLength = 16;

    /// <summary>Longest header, simple string or error line (without its CRLF).</summary>
    public const int MaxLineLength = 64 * 1024;

    private static ReadOnlySpan<byte> Crlf => "\r\n"u8;

    /// <summary>Reads one value from the start of <paramref name="buffer"/> and slices it off.</summary>
    /// <remarks>The value's bytes are slices of <paramref name="buffer"/>, valid until the caller advances past them.</remarks>
    public static bool TryRead(ref ReadOnlySequence<byte> buffer, long maxBulkLength, out RespValue value)
    {
        var reader = new SequenceReader<byte>(buffer);
        if (!TryReadValue(ref reader, maxBulkLength, allowArray: true, out value))
        {
            value = default;
            return false;
        }

        buffer = buffer.Slice(reader.Position);
        return true;
    }

    // Layout: a type byte, then a line ending in CRLF; a bulk string's line is its length and its content (and CRLF)
    // follows; an array's line is its element count and the elements follow. -1 is null for both.
    private static bool TryReadValue(ref SequenceReader<byte> reader, long maxBulkLength, bool allowArray, out RespValue value)
    {
        value = default;
        if (!reader.TryRead(out var marker))
        {
            return false;
        }

        if (!TryReadLine(ref reader, out var line))
        {
            return false;
        }

        switch ((RespType)marker)
        {
            case RespType.SimpleString or RespType.Error:
                value = new RespValue((RespType)marker, line);
                return true;
            case RespType.Integer:
                value = new RespValue(RespType.Integer, default, ParseInteger(line));
                return true;
            case RespType.BulkString:
                return TryReadBulk(ref reader, ParseInteger(line), maxBulkLength, out value);
            case RespType.Array when allowArray:
                return TryReadArray(ref reader, ParseInteger(line), maxBulkLength, out value);
            case RespType.Array:
                throw new InvalidDataException("RESP: nested arrays are not expected on a subscription.");
            default:
                throw new InvalidDataException($"RESP: unknown type byte 0x{marker:x2}.");
        }
    }

    private static bool TryReadBulk(ref SequenceReader<byte> reader, long length, long maxBulkLength, out RespValue value)
    {
        value = default;
        if (length == -1)
        {
            value = new RespValue(RespType.BulkString, default, isNull: true);
            return true;
        }

        if (length < 0 || length > maxBulkLength)
        {
            throw new InvalidDataException($"RESP: bulk string of {length} bytes (limit {maxBulkLength}).");
        }

        if (reader.Remaining < length + Crlf.Length)
        {
            return false;
        }

        var content = reader.UnreadSequence.Slice(0, length);
        reader.Advance(length);
        if (!reader.IsNext(Crlf, advancePast: true))
        {
            throw new InvalidDataException("RESP: bulk string not followed by CRLF.");
        }

        value = new RespValue(RespType.BulkString, content);
        return true;
    }

    private static bool TryReadArray(ref SequenceReader<byte> reader, long count, long maxBulkLength, out RespValue value)
    {
        value = default;
        if (count == -1)
        {
            value = new RespValue(RespType.Array, default, isNull: true);
            return true;
        }

        if (count < 0 || count > MaxArrayLength)
        {
            throw new InvalidDataException($"RESP: array of {count} elements (limit {MaxArrayLength}).");
        }

        var items = new RespValue[count];
        for (var i = 0; i < items.Length; i++)
        {
            if (!TryReadValue(ref reader, maxBulkLength, allowArray: false, out items[i]))
            {
                return false;
            }
        }

        value = new RespValue(RespType.Array, default, items: items);
        return true;
    }

    private static bool TryReadLine(ref SequenceReader<byte> reader, out ReadOnlySequence<byte> line)
    {
        if (reader.TryReadTo(out line, Crlf, advancePastDelimiter: true))
        {
            if (line.Length > MaxLineLength)
            {
                throw new InvalidDataException($"RESP: line longer than {MaxLineLength} bytes.");
            }

            return true;
        }

        if (reader.Remaining > MaxLineLength)
        {
            throw new InvalidDataException($"RESP: line longer than {MaxLineLength} bytes.");
        }

        return false;
    }

    private static long ParseInteger(ReadOnlySequence<byte> line)
    {
        Span<byte> scratch = stackalloc byte[20];
        if (line.Length == 0 || line.Length > scratch.Length)
        {
            throw new InvalidDataException("RESP: malformed integer.");
        }

        line.CopyTo(scratch);
        var digits = scratch[..(int)line.Length];
        if (!Utf8Parser.TryParse(digits, out long number, out var consumed) || consumed != digits.Length)
        {
            throw new InvalidDataException("RESP: malformed integer.");
        }

        return number;
    }
}
