using System.Text.Json;

namespace Switchboard.SocketIO.Redis.Protocol;

/// <summary>
/// One message from an adapter channel as JSON, whichever way it was encoded: the first byte <c>{</c> means JSON,
/// anything else msgpack (socketio-wire.md §5). Binary values are placeholders into <see cref="Attachments"/>.
/// </summary>
internal sealed class DecodedMessage : IDisposable
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = MsgPackToJson.MaxDepth + 2 };

    private DecodedMessage(JsonDocument document, ReadOnlyMemory<byte>[] attachments)
    {
        Document = document;
        Attachments = attachments;
    }

    public JsonDocument Document { get; }

    public JsonElement Root => Document.RootElement;

    public ReadOnlyMemory<byte>[] Attachments { get; }

    /// <summary>Decodes <paramref name="payload"/>; malformed input throws <see cref="InvalidDataException"/>.</summary>
    public static DecodedMessage Parse(ReadOnlyMemory<byte> payload)
    {
        if (payload.IsEmpty)
        {
            throw new InvalidDataException("Empty message.");
        }

        try
        {
            if (payload.Span[0] == (byte)'{')
            {
                return new DecodedMessage(JsonDocument.Parse(payload, DocumentOptions), []);
            }

            var attachments = new List<ReadOnlyMemory<byte>>();
            var json = MsgPackToJson.Convert(payload, attachments);
            return new DecodedMessage(JsonDocument.Parse(json, DocumentOptions), [.. attachments]);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException("Malformed JSON: " + ex.Message, ex);
        }
    }

    public void Dispose() => Document.Dispose();
}
