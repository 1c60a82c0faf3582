using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Switchboard.SocketIO;

namespace Switchboard.Server.Documents;

/// <summary>Bounded readers for the fields of the <c>ydoc:*</c> payloads.</summary>
internal static class DocumentPayload
{
    private static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789abcdefABCDEF");

    /// <summary>The <c>document_id</c> of a payload, canonicalized (G3).</summary>
    public static bool TryDocumentId(JsonElement payload, out DocumentId id, [NotNullWhen(true)] out string? sent, [NotNullWhen(false)] out string? error)
    {
        id = default;
        sent = null;
        if (payload.ValueKind != JsonValueKind.Object || !payload.TryGetProperty("document_id", out var element) || element.ValueKind != JsonValueKind.String)
        {
            error = "'document_id' must be a string";
            return false;
        }

        sent = element.GetString()!;
        return DocumentId.TryParse(sent, out id, out error);
    }

    /// <summary>
    /// The bytes of property <paramref name="name"/>: a JSON array of integers 0–255 (<c>Array.from(update)</c>) or a
    /// binary attachment (a raw <c>Uint8Array</c>), at most <paramref name="maxBytes"/> long.
    /// </summary>
    public static bool TryBytes(SocketArgs args, JsonElement payload, string name, int maxBytes, out ReadOnlyMemory<byte> bytes, [NotNullWhen(false)] out string? error)
    {
        bytes = default;
        if (payload.ValueKind != JsonValueKind.Object || !payload.TryGetProperty(name, out var element))
        {
            error = $"'{name}' is missing";
            return false;
        }

        if (element.ValueKind == JsonValueKind.Object)
        {
            if (!args.TryGetBytes(element, out bytes))
            {
                error = $"'{name}' must be an array of bytes or a binary attachment";
                return false;
            }

            return CheckLength(name, bytes.Length, maxBytes, out error);
        }

        if (element.ValueKind != JsonValueKind.Array)
        {
            error = $"'{name}' must be an array of bytes or a binary attachment";
            return false;
        }

        var length = element.GetArrayLength();
        if (!CheckLength(name, length, maxBytes, out error))
        {
            return false;
        }

        var buffer = new byte[length];
        var i = 0;
        foreach (var item in element.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt32(out var value) || value is < 0 or > 255)
            {
                error = $"'{name}[{i}]' must be an integer from 0 to 255";
                return false;
            }

            buffer[i++] = (byte)value;
        }

        bytes = buffer;
        return true;
    }

    /// <summary>A <c>#rrggbb</c> colour from the payload, or Open WebUI's default <c>#000000</c>.</summary>
    public static string Color(JsonElement payload) =>
        payload.ValueKind == JsonValueKind.Object && payload.TryGetProperty("user_color", out var element) &&
        element.ValueKind == JsonValueKind.String && element.GetString() is { Length: 7 } color && color[0] == '#' &&
        !color.AsSpan(1).ContainsAnyExcept(HexDigits)
            ? color
            : "#000000";

    private static bool CheckLength(string name, int length, int maxBytes, [NotNullWhen(false)] out string? error)
    {
        error = length > maxBytes ? $"'{name}' is {length} bytes, over the limit of {maxBytes}" : null;
        return error is null;
    }
}
