using System.Text.Json;
using System.Text.Json.Serialization;

namespace Switchboard.Server.Realtime;

/// <summary>
/// An emit argument that is already UTF-8 JSON (one complete value, written as it is): for payloads the server keeps
/// encoded and extends, such as the content of a streamed reply, instead of building a node tree to serialise again.
/// The bytes are copied into the packet while the emit call runs, so the caller may reuse them once it returns.
/// </summary>
[JsonConverter(typeof(EncodedJsonConverter))]
internal readonly record struct EncodedJson(ReadOnlyMemory<byte> Utf8)
{
    private sealed class EncodedJsonConverter : JsonConverter<EncodedJson>
    {
        public override EncodedJson Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException("EncodedJson is only written.");

        public override void Write(Utf8JsonWriter writer, EncodedJson value, JsonSerializerOptions options) =>
            writer.WriteRawValue(value.Utf8.Span, skipInputValidation: true);
    }
}
