namespace Switchboard.Yjs.Lib0;

public ref partial struct Lib0Reader
{
    /// <summary>
    /// Reads one lib0 <c>Any</c> value (see <see cref="Lib0Writer.WriteAny"/> for the format).
    /// Nesting deeper than <paramref name="maxDepth"/> (at most <see cref="MaxAnyDepth"/>) arrays/objects, an unknown tag, invalid UTF-8 or
    /// truncation throws <see cref="YjsFormatException"/>.
    /// </summary>
    public AnyValue ReadAny(int maxDepth)
    {
        CheckMaxDepth(maxDepth);
        return ReadAny(maxDepth, 0);
    }

    /// <summary>
    /// Checks one <c>Any</c> value and moves past it without building it (same rules as <see cref="ReadAny(int)"/>).
    /// </summary>
    public void SkipAny(int maxDepth)
    {
        CheckMaxDepth(maxDepth);
        SkipAny(maxDepth, 0);
    }

    private AnyValue ReadAny(int maxDepth, int depth)
    {
        var start = _position;
        var tag = ReadByte("Any tag");
        switch ((AnyTag)tag)
        {
            case AnyTag.Undefined:
                return AnyValue.Undefined;
            case AnyTag.Null:
                return AnyValue.Null;
            case AnyTag.Integer:
                {
                    var value = ReadVarInt(out var negative, "Any integer");
                    return AnyValue.FromVarInt(value, negative);
                }

            case AnyTag.Float32:
                return AnyValue.FromFloat32(ReadFloat32("Any float32"));
            case AnyTag.Float64:
                return AnyValue.FromFloat64(ReadFloat64("Any float64"));
            case AnyTag.BigInt:
                return AnyValue.FromBigInt(ReadBigInt64("Any bigint64"));
            case AnyTag.False:
                return AnyValue.False;
            case AnyTag.True:
                return AnyValue.True;
            case AnyTag.String:
                return AnyValue.FromString(ReadVarString("Any string"));
            case AnyTag.Object:
                {
                    CheckDepth(maxDepth, depth, start);
                    var count = ReadCount("Any object size", 2);
                    var entries = new KeyValuePair<string, AnyValue>[count];
                    for (var i = 0; i < count; i++)
                    {
                        var key = ReadVarString("Any object key");
                        entries[i] = new(key, ReadAny(maxDepth, depth + 1));
                    }

                    return AnyValue.FromObject(entries);
                }

            case AnyTag.Array:
                {
                    CheckDepth(maxDepth, depth, start);
                    var count = ReadCount("Any array length");
                    var items = new AnyValue[count];
                    for (var i = 0; i < count; i++)
                    {
                        items[i] = ReadAny(maxDepth, depth + 1);
                    }

                    return AnyValue.FromArray(items);
                }

            case AnyTag.Bytes:
                return AnyValue.FromBytes(ReadVarUint8Array("Any Uint8Array").ToArray());
            default:
                Lib0Throw.Invalid($"Unknown Any tag {tag} at offset {start}.");
                return null;
        }
    }

    private void SkipAny(int maxDepth, int depth)
    {
        var start = _position;
        var tag = ReadByte("Any tag");
        switch ((AnyTag)tag)
        {
            case AnyTag.Undefined:
            case AnyTag.Null:
            case AnyTag.False:
            case AnyTag.True:
                return;
            case AnyTag.Integer:
                ReadVarInt("Any integer");
                return;
            case AnyTag.Float32:
                ReadBytes(4, "Any float32");
                return;
            case AnyTag.Float64:
                ReadBytes(8, "Any float64");
                return;
            case AnyTag.BigInt:
                ReadBytes(8, "Any bigint64");
                return;
            case AnyTag.String:
                ReadVarStringUtf8("Any string");
                return;
            case AnyTag.Object:
                {
                    CheckDepth(maxDepth, depth, start);
                    var count = ReadCount("Any object size", 2);
                    for (var i = 0; i < count; i++)
                    {
                        ReadVarStringUtf8("Any object key");
                        SkipAny(maxDepth, depth + 1);
                    }

                    return;
                }

            case AnyTag.Array:
                {
                    CheckDepth(maxDepth, depth, start);
                    var count = ReadCount("Any array length");
                    for (var i = 0; i < count; i++)
                    {
                        SkipAny(maxDepth, depth + 1);
                    }

                    return;
                }

            case AnyTag.Bytes:
                ReadVarUint8Array("Any Uint8Array");
                return;
            default:
                Lib0Throw.Invalid($"Unknown Any tag {tag} at offset {start}.");
                return;
        }
    }

    // Any values are read recursively; the ceiling keeps the stack safe whatever the caller asks for.
    private static void CheckMaxDepth(int maxDepth)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxDepth);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxDepth, MaxAnyDepth);
    }

    private static void CheckDepth(int maxDepth, int depth, int offset)
    {
        if (depth >= maxDepth)
        {
            Lib0Throw.Invalid($"Any value at offset {offset} is nested deeper than the limit of {maxDepth}.");
        }
    }
}
