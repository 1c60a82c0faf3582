using System.Text.Json;

namespace Switchboard.SocketIO.Redis.Protocol;

/// <summary>
/// One value that crosses servers (a client's ack, a server-side emit answer) as JSON with placeholders plus its
/// attachments; <see cref="Element"/> is undefined for "no value" (written as nil/null, as notepack writes undefined).
/// </summary>
internal readonly record struct WireValue(JsonElement Element, IReadOnlyList<ReadOnlyMemory<byte>> Attachments)
{
    private static readonly JsonElement Placeholder = JsonDocument.Parse("""{"_placeholder":true,"num":0}""").RootElement;

    public bool HasBinary => Attachments.Count > 0;

    /// <summary>The first argument of a client's ack (Node forwards only that one).</summary>
    public static WireValue FirstOf(SocketArgs args) => args.Count == 0 ? new(default, []) : new(args[0], args.Attachments);

    /// <summary>A value a server-side handler answered with: bytes travel as binary, anything else as JSON.</summary>
    public static WireValue From(object? value, JsonSerializerOptions options) => value switch
    {
        null => new(default, []),
        SocketArgs args => FirstOf(args),
        JsonElement element => new(element, []),
        byte[] bytes => new(Placeholder, [bytes]),
        ReadOnlyMemory<byte> memory => new(Placeholder, [memory]),
        _ => new(JsonSerializer.SerializeToElement(value, options.GetTypeInfo(value.GetType())), []),
    };

    public void WriteTo(ref MessageWriter writer)
    {
        if (Element.ValueKind == JsonValueKind.Undefined)
        {
            writer.Null();
        }
        else
        {
            writer.Value(Element, Attachments);
        }
    }
}
