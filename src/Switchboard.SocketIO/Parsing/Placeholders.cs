using System.Text.Json;

namespace Switchboard.SocketIO.Parsing;

/// <summary>
/// Binary placeholders: <c>{"_placeholder":true,"num":n}</c> stands for the n-th binary attachment
/// of a BINARY_EVENT or BINARY_ACK (socketio-wire.md §4.1). They may sit at any depth.
/// </summary>
internal static class Placeholders
{
    /// <summary>Reads the attachment index of a placeholder object.</summary>
    public static bool TryGetIndex(JsonElement element, out int num)
    {
        num = -1;
        return element.ValueKind == JsonValueKind.Object
            && element.TryGetProperty("_placeholder"u8, out var flag) && flag.ValueKind == JsonValueKind.True
            && element.TryGetProperty("num"u8, out var index) && index.ValueKind == JsonValueKind.Number
            && index.TryGetInt32(out num) && num >= 0;
    }

    /// <summary>
    /// Checks every placeholder in <paramref name="element"/> names an attachment below <paramref name="count"/>
    /// (socket.io-parser reconstructPacket: "illegal attachments").
    /// </summary>
    public static void Validate(JsonElement element, int count)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                if (element.TryGetProperty("_placeholder"u8, out var flag) && flag.ValueKind == JsonValueKind.True)
                {
                    if (!TryGetIndex(element, out var num) || num >= count)
                    {
                        throw new InvalidDataException("Illegal attachment placeholder.");
                    }

                    return;
                }

                foreach (var property in element.EnumerateObject())
                {
                    Validate(property.Value, count);
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    Validate(item, count);
                }

                break;
            default:
                break;
        }
    }
}
