using System.Text.Json;
using System.Text.Json.Serialization;

namespace Switchboard.Server.Documents;

/// <summary>
/// Yjs bytes in an outgoing payload, written as a JSON array of integers 0–255 (<c>Array.from(uint8array)</c>), the
/// form every Open WebUI frontend reads with <c>new Uint8Array(x)</c>; outgoing packets never carry binary attachments.
/// </summary>
[JsonConverter(typeof(YjsBytesConverter))]
internal readonly record struct YjsBytes(ReadOnlyMemory<byte> Bytes)
{
    private sealed class YjsBytesConverter : JsonConverter<YjsBytes>
    {
        public override YjsBytes Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException("YjsBytes are read by DocumentPayload.");

        // [b0,b1,...] with each byte as a decimal number
        public override void Write(Utf8JsonWriter writer, YjsBytes value, JsonSerializerOptions options)
        {
            writer.WriteStartArray();
            foreach (var b in value.Bytes.Span)
            {
                writer.WriteNumberValue(b);
            }

            writer.WriteEndArray();
        }
    }
}
