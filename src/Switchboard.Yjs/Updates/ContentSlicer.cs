using Switchboard.Yjs.Lib0;

namespace Switchboard.Yjs.Updates;

/// <summary>
/// Writes an already validated content section without its first <c>offset</c> units, working on the bytes
/// (yjs <c>content.write(encoder, offset)</c> / <c>splice</c>). Only splittable contents can have an offset.
/// </summary>
internal static class ContentSlicer
{
    private static ReadOnlySpan<byte> Replacement => "\uFFFD"u8;

    public static void Write(Lib0Writer writer, ReadOnlySpan<byte> content, ContentRef contentRef, ulong offset)
    {
        var reader = new Lib0Reader(content);
        switch (contentRef)
        {
            case ContentRef.Deleted:
                writer.WriteVarUInt(reader.ReadVarUInt() - offset);
                return;
            case ContentRef.Json:
                {
                    var count = reader.ReadVarUInt();
                    for (ulong i = 0; i < offset; i++)
                    {
                        reader.ReadVarUint8Array();
                    }

                    writer.WriteVarUInt(count - offset);
                    writer.WriteBytes(content[reader.Position..]);
                    return;
                }

            case ContentRef.Any:
                {
                    var count = reader.ReadVarUInt();
                    for (ulong i = 0; i < offset; i++)
                    {
                        reader.SkipAny(Lib0Reader.MaxAnyDepth); // already validated against the caller's limit
                    }

                    writer.WriteVarUInt(count - offset);
                    writer.WriteBytes(content[reader.Position..]);
                    return;
                }

            case ContentRef.String:
                WriteStringFrom(writer, reader.ReadVarUint8Array(), offset);
                return;
            default:
                throw new InvalidOperationException($"{contentRef} content cannot be written with an offset.");
        }
    }

    /// <summary>
    /// Writes the UTF-8 text from UTF-16 index <paramref name="offset"/>. A cut inside a 4-byte sequence (a surrogate
    /// pair in UTF-16) leaves a lone low surrogate, which JavaScript's TextEncoder writes as U+FFFD.
    /// </summary>
    private static void WriteStringFrom(Lib0Writer writer, ReadOnlySpan<byte> utf8, ulong offset)
    {
        ulong units = 0;
        var i = 0;
        var splitPair = false;
        while (units < offset)
        {
            var b = utf8[i];
            if (b < 0x80)
            {
                i += 1;
                units += 1;
            }
            else if (b < 0xE0)
            {
                i += 2;
                units += 1;
            }
            else if (b < 0xF0)
            {
                i += 3;
                units += 1;
            }
            else
            {
                i += 4;
                units += 2;
                splitPair = units > offset;
            }
        }

        var rest = utf8[i..];
        if (splitPair)
        {
            writer.WriteVarUInt((ulong)(Replacement.Length + rest.Length));
            writer.WriteBytes(Replacement);
            writer.WriteBytes(rest);
        }
        else
        {
            writer.WriteVarUint8Array(rest);
        }
    }
}
