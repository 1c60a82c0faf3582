using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Unicode;

namespace Switchboard.Yjs.Lib0;

/// <summary>
/// Reads lib0 primitives (lib0 <c>decoding.js</c>) from a span with JavaScript's semantics, strictly:
/// every malformed, truncated or out-of-range value throws <see cref="YjsFormatException"/> naming the value
/// and its offset. Nothing is allocated from a length read off the wire before the bytes are known to exist.
/// </summary>
/// <remarks>
/// Stricter than lib0 in two documented ways: a varUint/varInt must be minimally encoded (lib0 never writes
/// anything else) and must not exceed 2^53−1 (lib0 silently loses precision on the last byte).
/// </remarks>
public ref partial struct Lib0Reader
{
    /// <summary>Largest integer a JavaScript number holds exactly (2^53−1); lib0's varUint limit.</summary>
    public const ulong MaxSafeInteger = (1UL << 53) - 1;

    /// <summary>The deepest Any nesting <see cref="ReadAny(int)"/> and <see cref="SkipAny(int)"/> accept as a limit.</summary>
    public const int MaxAnyDepth = 1000;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly ReadOnlySpan<byte> _buffer;
    private int _position;

    /// <summary>Starts reading <paramref name="buffer"/> at <paramref name="position"/>.</summary>
    public Lib0Reader(ReadOnlySpan<byte> buffer, int position = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(position);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(position, buffer.Length);
        _buffer = buffer;
        _position = position;
    }

    /// <summary>Offset of the next unread byte.</summary>
    public readonly int Position => _position;

    /// <summary>Number of unread bytes.</summary>
    public readonly int Remaining => _buffer.Length - _position;

    /// <summary>True when every byte has been read.</summary>
    public readonly bool IsAtEnd => _position == _buffer.Length;

    /// <summary>The whole span being read.</summary>
    public readonly ReadOnlySpan<byte> Buffer => _buffer;

    /// <summary>Reads one byte (lib0 <c>readUint8</c>).</summary>
    public byte ReadByte(string what = "byte")
    {
        if (_position >= _buffer.Length)
        {
            Lib0Throw.Truncated(what, _position);
        }

        return _buffer[_position++];
    }

    /// <summary>
    /// Reads a varUint: little-endian base 128, high bit = more bytes follow, at most 2^53−1.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong ReadVarUInt(string what = "varUint")
    {
        if (_position < _buffer.Length)
        {
            var first = _buffer[_position];
            if (first < 0x80)
            {
                _position++;
                return first;
            }
        }

        return ReadVarUIntSlow(what);
    }

    /// <summary>
    /// Reads a varUint used as an element count and checks it against the unread bytes: every element
    /// takes at least <paramref name="minBytesPerElement"/> bytes, so a hostile count fails here instead of
    /// causing a large allocation.
    /// </summary>
    public int ReadCount(string what, int minBytesPerElement = 1)
    {
        var start = _position;
        var count = ReadVarUInt(what);
        if (count > (ulong)(Remaining / Math.Max(1, minBytesPerElement)))
        {
            Lib0Throw.Invalid($"{what} {count} at offset {start} is larger than the remaining {Remaining} bytes can hold.");
        }

        return (int)count;
    }

    /// <summary>
    /// Reads a varInt (sign-magnitude, not zigzag): first byte 0x80 = continue, 0x40 = negative, low 6 bits;
    /// then 7 bits per byte. <paramref name="negative"/> is true for negative numbers and for −0 (<c>0x40</c>).
    /// </summary>
    public long ReadVarInt(out bool negative, string what = "varInt")
    {
        var start = _position;
        var b = ReadByte(what);
        negative = (b & 0x40) != 0;
        ulong num = (ulong)(b & 0x3F);
        var shift = 6;
        while ((b & 0x80) != 0)
        {
            if (_position >= _buffer.Length)
            {
                Lib0Throw.Truncated(what, start);
            }

            b = _buffer[_position++];
            if (shift > 48)
            {
                Lib0Throw.Invalid($"{what} at offset {start} exceeds 2^53-1.");
            }

            num |= (ulong)(b & 0x7F) << shift;
            shift += 7;
            if (b == 0)
            {
                Lib0Throw.Invalid($"{what} at offset {start} is not minimally encoded.");
            }
        }

        if (num > MaxSafeInteger)
        {
            Lib0Throw.Invalid($"{what} at offset {start} exceeds 2^53-1.");
        }

        return negative ? -(long)num : (long)num;
    }

    /// <summary>Reads a varInt; see <see cref="ReadVarInt(out bool, string)"/>.</summary>
    public long ReadVarInt(string what = "varInt") => ReadVarInt(out _, what);

    /// <summary>Reads <paramref name="count"/> raw bytes.</summary>
    public ReadOnlySpan<byte> ReadBytes(int count, string what = "bytes")
    {
        if (count < 0 || count > Remaining)
        {
            Lib0Throw.Truncated(what, _position);
        }

        var span = _buffer.Slice(_position, count);
        _position += count;
        return span;
    }

    /// <summary>Reads a varUint8Array: varUint byte length, then the bytes.</summary>
    public ReadOnlySpan<byte> ReadVarUint8Array(string what = "varUint8Array")
    {
        var start = _position;
        var length = ReadVarUInt(what);
        if (length > (ulong)Remaining)
        {
            Lib0Throw.Truncated($"{what} of {length} bytes", start);
        }

        var span = _buffer.Slice(_position, (int)length);
        _position += (int)length;
        return span;
    }

    /// <summary>
    /// Reads a varString and returns its UTF-8 bytes after checking they are valid UTF-8
    /// (lib0 decodes with <c>TextDecoder('utf-8', { fatal: true })</c>, which throws on invalid bytes).
    /// </summary>
    public ReadOnlySpan<byte> ReadVarStringUtf8(string what = "varString")
    {
        var start = _position;
        var bytes = ReadVarUint8Array(what);
        if (!Utf8.IsValid(bytes))
        {
            Lib0Throw.Invalid($"{what} at offset {start} is not valid UTF-8.");
        }

        return bytes;
    }

    /// <summary>Reads a varString as a .NET string (strict UTF-8; a BOM is kept, as with <c>ignoreBOM: true</c>).</summary>
    public string ReadVarString(string what = "varString")
    {
        var start = _position;
        var bytes = ReadVarUint8Array(what);
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            throw new YjsFormatException($"{what} at offset {start} is not valid UTF-8.", e);
        }
    }

    /// <summary>Reads a big-endian IEEE single.</summary>
    public float ReadFloat32(string what = "float32") => BinaryPrimitives.ReadSingleBigEndian(ReadBytes(4, what));

    /// <summary>Reads a big-endian IEEE double.</summary>
    public double ReadFloat64(string what = "float64") => BinaryPrimitives.ReadDoubleBigEndian(ReadBytes(8, what));

    /// <summary>Reads a big-endian signed 64-bit integer (a JavaScript BigInt written by lib0).</summary>
    public long ReadBigInt64(string what = "bigint64") => BinaryPrimitives.ReadInt64BigEndian(ReadBytes(8, what));

    private ulong ReadVarUIntSlow(string what)
    {
        var start = _position;
        ulong num = 0;
        var shift = 0;
        while (true)
        {
            if (_position >= _buffer.Length)
            {
                Lib0Throw.Truncated(what, start);
            }

            var b = _buffer[_position++];
            num |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                if (b == 0 && shift > 0)
                {
                    Lib0Throw.Invalid($"{what} at offset {start} is not minimally encoded.");
                }

                if (num > MaxSafeInteger)
                {
                    Lib0Throw.Invalid($"{what} at offset {start} exceeds 2^53-1.");
                }

                return num;
            }

            shift += 7;
            if (shift > 49)
            {
                Lib0Throw.Invalid($"{what} at offset {start} exceeds 2^53-1.");
            }
        }
    }
}
