using System.Text.Json;

namespace Switchboard.Yjs.Updates;

/// <summary>Checks JSON texts the way yjs' <c>JSON.parse</c> would accept them (one complete value).</summary>
internal static class JsonText
{
    private static ReadOnlySpan<byte> Undefined => "undefined"u8;

    public static void Validate(ReadOnlySpan<byte> utf8, int maxDepth, string what, int offset, bool allowUndefined = false)
    {
        if (allowUndefined && utf8.SequenceEqual(Undefined))
        {
            return;
        }

        try
        {
            var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = maxDepth });
            if (!reader.Read())
            {
                throw new YjsFormatException($"{what} at offset {offset} is empty, not JSON.");
            }

            reader.Skip();
            if (reader.Read())
            {
                throw new YjsFormatException($"{what} at offset {offset} has text after its JSON value.");
            }
        }
        catch (JsonException e)
        {
            throw new YjsFormatException($"{what} at offset {offset} is not valid JSON: {e.Message}", e);
        }
    }
}
