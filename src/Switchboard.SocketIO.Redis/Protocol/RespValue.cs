using System.Buffers;
using System.Text;

namespace Switchboard.SocketIO.Redis.Protocol;

/// <summary>
/// One RESP2 value as <see cref="RespReader"/> read it: the bytes of a string (simple, error or bulk) are a slice of
/// the buffer read, valid until that buffer is advanced past; an array holds its elements (never nested arrays).
/// </summary>
internal readonly struct RespValue
{
    public RespValue(RespType type, ReadOnlySequence<byte> bytes, long integer = 0, RespValue[]? items = null, bool isNull = false)
    {
        Type = type;
        Bytes = bytes;
        Integer = integer;
        Items = items;
        IsNull = isNull;
    }

    public RespType Type { get; }

    /// <summary>The text of a simple string or error, or the content of a bulk string.</summary>
    public ReadOnlySequence<byte> Bytes { get; }

    public long Integer { get; }

    /// <summary>The elements of an array (<see langword="null"/> for other types and for a null array).</summary>
    public RespValue[]? Items { get; }

    /// <summary>A null bulk string (<c>$-1</c>) or null array (<c>*-1</c>).</summary>
    public bool IsNull { get; }

    /// <summary>Whether this is a string (simple or bulk) equal to <paramref name="text"/> byte for byte.</summary>
    public bool Is(ReadOnlySpan<byte> text)
    {
        if (Type is not (RespType.BulkString or RespType.SimpleString) || IsNull || Bytes.Length != text.Length)
        {
            return false;
        }

        if (Bytes.IsSingleSegment)
        {
            return Bytes.FirstSpan.SequenceEqual(text);
        }

        var reader = new SequenceReader<byte>(Bytes);
        return reader.IsNext(text);
    }

    /// <summary>The bytes as UTF-8 text.</summary>
    public string GetString() => Encoding.UTF8.GetString(Bytes);

    /// <summary>A copy of the bytes that outlives the buffer.</summary>
    public byte[] ToArray() => Bytes.ToArray();
}
