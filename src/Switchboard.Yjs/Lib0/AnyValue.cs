namespace Switchboard.Yjs.Lib0;

/// <summary>
/// A decoded lib0 <c>Any</c> value. It keeps the wire tag, so <see cref="Lib0Writer.WriteAny"/> writes back
/// exactly the bytes it was read from (numbers are never re-classified). Numbers are JavaScript numbers
/// (<see cref="double"/>); <c>-0</c> survives as <c>-0.0</c>.
/// </summary>
public sealed class AnyValue
{
    /// <summary>JavaScript <c>undefined</c>.</summary>
    public static readonly AnyValue Undefined = new(AnyTag.Undefined);

    /// <summary>JavaScript <c>null</c>.</summary>
    public static readonly AnyValue Null = new(AnyTag.Null);

    /// <summary><c>true</c>.</summary>
    public static readonly AnyValue True = new(AnyTag.True);

    /// <summary><c>false</c>.</summary>
    public static readonly AnyValue False = new(AnyTag.False);

    private readonly double _number;
    private readonly float _float32;
    private readonly long _bigInt;
    private readonly object? _reference;

    private AnyValue(AnyTag tag, double number = 0, float float32 = 0, long bigInt = 0, object? reference = null)
    {
        Tag = tag;
        _number = number;
        _float32 = float32;
        _bigInt = bigInt;
        _reference = reference;
    }

    /// <summary>The wire tag (which also says the kind of value).</summary>
    public AnyTag Tag { get; }

    /// <summary>True for the three number tags (Integer, Float32, Float64).</summary>
    public bool IsNumber => Tag is AnyTag.Integer or AnyTag.Float32 or AnyTag.Float64;

    /// <summary>The value as a JavaScript number (Integer, Float32 or Float64 tags).</summary>
    public double AsNumber => Tag switch
    {
        AnyTag.Integer or AnyTag.Float64 => _number,
        AnyTag.Float32 => _float32,
        _ => throw new InvalidOperationException($"Any value is {Tag}, not a number."),
    };

    /// <summary>The float32 exactly as read (Float32 tag).</summary>
    public float AsFloat32 => Tag == AnyTag.Float32 ? _float32 : throw new InvalidOperationException($"Any value is {Tag}, not Float32.");

    /// <summary>The BigInt value (BigInt tag).</summary>
    public long AsBigInt => Tag == AnyTag.BigInt ? _bigInt : throw new InvalidOperationException($"Any value is {Tag}, not BigInt.");

    /// <summary>The boolean (True/False tags).</summary>
    public bool AsBoolean => Tag switch
    {
        AnyTag.True => true,
        AnyTag.False => false,
        _ => throw new InvalidOperationException($"Any value is {Tag}, not a boolean."),
    };

    /// <summary>The string (String tag).</summary>
    public string AsString => _reference as string ?? throw new InvalidOperationException($"Any value is {Tag}, not a string.");

    /// <summary>The bytes (Bytes tag).</summary>
    public ReadOnlyMemory<byte> AsBytes => _reference as byte[] ?? throw new InvalidOperationException($"Any value is {Tag}, not Bytes.");

    /// <summary>The elements (Array tag).</summary>
    public IReadOnlyList<AnyValue> AsArray => _reference as AnyValue[] ?? throw new InvalidOperationException($"Any value is {Tag}, not an array.");

    /// <summary>The entries in wire order, duplicates kept (Object tag).</summary>
    public IReadOnlyList<KeyValuePair<string, AnyValue>> AsObject =>
        _reference as KeyValuePair<string, AnyValue>[] ?? throw new InvalidOperationException($"Any value is {Tag}, not an object.");

    /// <summary>
    /// A number tagged the way lib0 <c>writeAny</c> tags a JavaScript number: an integer with absolute value
    /// at most 2^31−1 is Integer, a value that survives a float32 round trip is Float32, anything else Float64.
    /// </summary>
    public static AnyValue FromNumber(double value)
    {
        if (double.IsInteger(value) && Math.Abs(value) <= int.MaxValue)
        {
            return new(AnyTag.Integer, number: value);
        }

        if (double.IsNaN(value))
        {
            // V8 writes the canonical quiet NaN 0x7FF8000000000000; .NET's double.NaN has the sign bit set.
            return new(AnyTag.Float64, number: BitConverter.Int64BitsToDouble(0x7FF8000000000000));
        }

        var single = (float)value;
        return single == value
            ? new(AnyTag.Float32, float32: single)
            : new(AnyTag.Float64, number: value);
    }

    /// <summary>A BigInt value.</summary>
    public static AnyValue FromBigInt(long value) => new(AnyTag.BigInt, bigInt: value);

    /// <summary>A Float32-tagged value.</summary>
    public static AnyValue FromFloat32(float value) => new(AnyTag.Float32, float32: value);

    /// <summary>A Float64-tagged value.</summary>
    public static AnyValue FromFloat64(double value) => new(AnyTag.Float64, number: value);

    /// <summary>A boolean.</summary>
    public static AnyValue FromBoolean(bool value) => value ? True : False;

    /// <summary>A string.</summary>
    public static AnyValue FromString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(AnyTag.String, reference: value);
    }

    /// <summary>A Uint8Array.</summary>
    public static AnyValue FromBytes(byte[] value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(AnyTag.Bytes, reference: value);
    }

    /// <summary>An array.</summary>
    public static AnyValue FromArray(IEnumerable<AnyValue> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        return new(AnyTag.Array, reference: items.ToArray());
    }

    /// <summary>An object; entries keep their order.</summary>
    public static AnyValue FromObject(IEnumerable<KeyValuePair<string, AnyValue>> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        return new(AnyTag.Object, reference: entries.ToArray());
    }

    /// <summary>An Integer-tagged value as read from a varInt (−0 when <paramref name="negative"/> and zero).</summary>
    internal static AnyValue FromVarInt(long value, bool negative) =>
        new(AnyTag.Integer, number: negative && value == 0 ? -0.0 : value);

    /// <summary>Writes the value; see <see cref="Lib0Writer.WriteAny"/>.</summary>
    internal void WriteTo(Lib0Writer writer)
    {
        writer.WriteByte((byte)Tag);
        switch (Tag)
        {
            case AnyTag.Integer:
                writer.WriteVarInt(_number);
                break;
            case AnyTag.Float32:
                writer.WriteFloat32(_float32);
                break;
            case AnyTag.Float64:
                writer.WriteFloat64(_number);
                break;
            case AnyTag.BigInt:
                writer.WriteBigInt64(_bigInt);
                break;
            case AnyTag.String:
                writer.WriteVarString((string)_reference!); // String tag always holds a string.
                break;
            case AnyTag.Object:
                var entries = (KeyValuePair<string, AnyValue>[])_reference!; // Object tag always holds entries.
                writer.WriteVarUInt((ulong)entries.Length);
                foreach (var (key, value) in entries)
                {
                    writer.WriteVarString(key);
                    value.WriteTo(writer);
                }

                break;
            case AnyTag.Array:
                var items = (AnyValue[])_reference!; // Array tag always holds items.
                writer.WriteVarUInt((ulong)items.Length);
                foreach (var item in items)
                {
                    item.WriteTo(writer);
                }

                break;
            case AnyTag.Bytes:
                writer.WriteVarUint8Array((byte[])_reference!); // Bytes tag always holds bytes.
                break;
            default:
                break;
        }
    }

    /// <inheritdoc />
    public override string ToString() => Tag switch
    {
        AnyTag.Undefined => "undefined",
        AnyTag.Null => "null",
        AnyTag.True => "true",
        AnyTag.False => "false",
        AnyTag.String => (string)_reference!,
        AnyTag.BigInt => _bigInt + "n",
        AnyTag.Integer or AnyTag.Float64 or AnyTag.Float32 => AsNumber.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        _ => Tag.ToString(),
    };
}
