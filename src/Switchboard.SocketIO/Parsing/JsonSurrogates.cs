namespace Switchboard.SocketIO.Parsing;

/// <summary>
/// Lone UTF-16 surrogates in the <c>\uXXXX</c> escapes of JSON text. JavaScript strings may hold them and
/// <c>JSON.stringify</c> writes them as escapes (a chat message cut in the middle of an emoji), but a .NET reader
/// refuses to turn them into a string and a writer replaces them with U+FFFD. The one rule here: a lone surrogate
/// escape is read as U+FFFD (<c>\ufffd</c>, the same length, so the text is rewritten in place), as WHATWG's
/// conversion of a JavaScript string to Unicode text does; a valid pair is left alone.
/// </summary>
internal static class JsonSurrogates
{
    private const int EscapeLength = 6; // \uXXXX

    /// <summary>
    /// The index of the next lone surrogate escape at or after <paramref name="start"/> (which must not fall inside an
    /// escape), or -1. Backslashes only occur inside strings in valid JSON, so no string state is needed; text that is
    /// not valid JSON is left for the JSON reader to refuse.
    /// </summary>
    public static int NextLone(ReadOnlySpan<byte> json, int start)
    {
        var i = start;
        while (i < json.Length)
        {
            var found = json[i..].IndexOf((byte)'\\');
            if (found < 0)
            {
                return -1;
            }

            i += found;
            if (!TryReadUnit(json, i, out var unit))
            {
                i += 2; // \" \\ \n ... (or a malformed escape)
                continue;
            }

            if (char.IsHighSurrogate(unit))
            {
                if (TryReadUnit(json, i + EscapeLength, out var low) && char.IsLowSurrogate(low))
                {
                    i += 2 * EscapeLength;
                    continue;
                }

                return i;
            }

            if (char.IsLowSurrogate(unit))
            {
                return i;
            }

            i += EscapeLength;
        }

        return -1;
    }

    /// <summary>Rewrites every lone surrogate escape from <paramref name="first"/> on (a result of <see cref="NextLone"/>) as <c>\ufffd</c>.</summary>
    public static void ReplaceLone(Span<byte> json, int first)
    {
        for (var i = first; i >= 0; i = NextLone(json, i + EscapeLength))
        {
            "\\ufffd"u8.CopyTo(json[i..]);
        }
    }

    private static bool TryReadUnit(ReadOnlySpan<byte> json, int at, out char unit)
    {
        unit = '\0';
        if (at + EscapeLength > json.Length || json[at] != (byte)'\\' || json[at + 1] != (byte)'u')
        {
            return false;
        }

        var value = 0;
        for (var k = at + 2; k < at + EscapeLength; k++)
        {
            var digit = HexValue(json[k]);
            if (digit < 0)
            {
                return false;
            }

            value = (value << 4) | digit;
        }

        unit = (char)value;
        return true;
    }

    private static int HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };
}
