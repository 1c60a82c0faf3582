using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;

namespace Switchboard.Yjs.Lib0;

/// <summary>
/// Writes lib0 primitives (lib0 <c>encoding.js</c>) into a growable buffer, with JavaScript's semantics.
/// It is also an <see cref="IBufferWriter{T}"/>, so other writers can append to it.
/// </summary>
public sealed class Lib0Writer : IBufferWriter<byte>
{
    private byte[] _buffer;
    private int _length;

    /// <summary>Creates a writer with the given initial capacity.</summary>
    public Lib0Writer(int initialCapacity = 256)
    {
        _buffer = new byte[Math.Max(16, initialCapacity)];
    }

    /// <summary>Number of bytes written.</summary>
    public int Length => _length;

    /// <summary>The bytes written so far (valid until the next write).</summary>
    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _length);

    /// <summary>The bytes written so far (valid until the next write).</summary>
    public ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(0, _length);

    /// <summary>A copy of the bytes written.</summary>
    public byte[] ToArray() => _buffer.AsSpan(0, _length).ToArray();

    /// <summary>Forgets everything written (keeps the buffer).</summary>
    public void Clear() => _length = 0;

    /// <summary>Writes one byte (lib0 <c>writeUint8</c>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteByte(byte value)
    {
        if (_length == _buffer.Length)
        {
            Grow(1);
        }

        _buffer[_length++] = value;
    }

    // varUint: 7 payload bits per byte, least significant group first; 0x80 = more bytes follow.
    // JavaScript keeps it in a double, so callers never pass more than 2^53-1.

    /// <summary>Writes a varUint (little-endian base 128, high bit = more bytes follow).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteVarUInt(ulong value)
    {
        if (value < 0x80 && _length < _buffer.Length)
        {
            _buffer[_length++] = (byte)value;
            return;
        }

        WriteVarUIntSlow(value);
    }

    // varInt: sign-magnitude. First byte: 0x80 = continue, 0x40 = negative, low 6 bits of the magnitude;
    // then 7 bits per byte as in varUint. -0 is 0x40.

    /// <summary>Writes a varInt (sign-magnitude; see the layout comment).</summary>
    public void WriteVarInt(long value) => WriteVarInt(value < 0 ? (ulong)-value : (ulong)value, value < 0);

    /// <summary>Writes a JavaScript integer number as a varInt; <c>-0.0</c> is written as <c>0x40</c>.</summary>
    public void WriteVarInt(double value)
    {
        var negative = value < 0 || (value == 0 && double.IsNegative(value));
        WriteVarInt((ulong)Math.Abs(value), negative);
    }

    /// <summary>Writes raw bytes.</summary>
    public void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        if (_buffer.Length - _length < bytes.Length)
        {
            Grow(bytes.Length);
        }

        bytes.CopyTo(_buffer.AsSpan(_length));
        _length += bytes.Length;
    }

    // varUint8Array: varUint(byte length) then the bytes.

    /// <summary>Writes a varUint8Array: byte length, then the bytes.</summary>
    public void WriteVarUint8Array(ReadOnlySpan<byte> bytes)
    {
        WriteVarUInt((ulong)bytes.Length);
        WriteBytes(bytes);
    }

    // varString: varUint8Array of the UTF-8 bytes. Like TextEncoder, a lone surrogate becomes U+FFFD (EF BF BD),
    // which is what Encoding.UTF8's default replacement fallback does.

    /// <summary>Writes a varString (UTF-8; lone surrogates become U+FFFD as with <c>TextEncoder</c>).</summary>
    public void WriteVarString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var count = Encoding.UTF8.GetByteCount(value);
        WriteVarUInt((ulong)count);
        if (_buffer.Length - _length < count)
        {
            Grow(count);
        }

        _length += Encoding.UTF8.GetBytes(value, _buffer.AsSpan(_length));
    }

    /// <summary>Writes a big-endian IEEE single.</summary>
    public void WriteFloat32(float value)
    {
        BinaryPrimitives.WriteSingleBigEndian(GetSpan(4), value);
        _length += 4;
    }

    /// <summary>Writes a big-endian IEEE double.</summary>
    public void WriteFloat64(double value)
    {
        BinaryPrimitives.WriteDoubleBigEndian(GetSpan(8), value);
        _length += 8;
    }

    /// <summary>Writes a big-endian signed 64-bit integer (BigInt).</summary>
    public void WriteBigInt64(long value)
    {
        BinaryPrimitives.WriteInt64BigEndian(GetSpan(8), value);
        _length += 8;
    }

    // Any: one AnyTag byte, then
    //   127 undefined | 126 null | 121 false | 120 true   (no payload)
    //   125 varInt | 124 float32 | 123 float64 | 122 bigint64 (big-endian)
    //   119 varString | 116 varUint8Array
    //   118 object: varUint(count) (varString key, Any value){count}
    //   117 array:  varUint(count) Any{count}

    /// <summary>Writes an Any value with the tag it carries (see the layout comment).</summary>
    public void WriteAny(AnyValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        value.WriteTo(this);
    }

    /// <inheritdoc />
    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, _buffer.Length - _length);
        _length += count;
    }

    /// <inheritdoc />
    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        EnsureFree(sizeHint);
        return _buffer.AsMemory(_length);
    }

    /// <inheritdoc />
    public Span<byte> GetSpan(int sizeHint = 0)
    {
        EnsureFree(sizeHint);
        return _buffer.AsSpan(_length);
    }

    private void WriteVarInt(ulong magnitude, bool negative)
    {
        WriteByte((byte)((magnitude > 0x3F ? 0x80 : 0) | (negative ? 0x40 : 0) | (int)(magnitude & 0x3F)));
        magnitude >>= 6;
        while (magnitude > 0)
        {
            WriteByte((byte)((magnitude > 0x7F ? 0x80 : 0) | (int)(magnitude & 0x7F)));
            magnitude >>= 7;
        }
    }

    private void WriteVarUIntSlow(ulong value)
    {
        EnsureFree(10);
        while (value > 0x7F)
        {
            _buffer[_length++] = (byte)(0x80 | (value & 0x7F));
            value >>= 7;
        }

        _buffer[_length++] = (byte)value;
    }

    private void EnsureFree(int sizeHint)
    {
        if (_buffer.Length - _length < Math.Max(1, sizeHint))
        {
            Grow(Math.Max(1, sizeHint));
        }
    }

    private void Grow(int needed)
    {
        var size = Math.Max(_buffer.Length * 2, _length + needed);
        Array.Resize(ref _buffer, size);
    }
}
