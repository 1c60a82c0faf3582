using System.Globalization;
using System.Text.Json;
using Switchboard.SocketIO.Adapters;

namespace Switchboard.SocketIO.Redis.Protocol;

/// <summary>
/// A socket in a fetch-sockets answer: <c>{id, handshake, rooms, data}</c>, the handshake shaped like Node's
/// (headers, time, address, xdomain, secure, issued, url, query, auth) so Node peers can read ours and we theirs.
/// </summary>
internal static class RemoteSocketWire
{
    // Written as JSON (fetch answers carry no binary in Switchboard):
    //   { "id": str, "handshake": { "headers": {..}, "time": str, "address": str, "xdomain": bool, "secure": bool,
    //     "issued": ms, "url": str, "query": {..}, "auth": {..} }, "rooms": [str], "data": <Socket.Data as JSON> }
    public static void Write(Utf8JsonWriter writer, Socket socket, IReadOnlySet<string> rooms, JsonSerializerOptions serializerOptions)
    {
        var handshake = socket.Handshake;
        writer.WriteStartObject();
        writer.WriteString("id"u8, socket.Id);
        writer.WriteStartObject("handshake"u8);
        WriteDictionary(writer, "headers"u8, handshake.Headers);
        writer.WriteString("time"u8, handshake.IssuedAt.UtcDateTime.ToString("ddd MMM dd yyyy HH:mm:ss 'GMT+0000 (Coordinated Universal Time)'", CultureInfo.InvariantCulture));
        if (handshake.Address is { } address)
        {
            writer.WriteString("address"u8, address);
        }

        writer.WriteBoolean("xdomain"u8, handshake.CrossDomain);
        writer.WriteBoolean("secure"u8, handshake.Secure);
        writer.WriteNumber("issued"u8, handshake.IssuedAt.ToUnixTimeMilliseconds());
        writer.WriteString("url"u8, handshake.Url);
        WriteDictionary(writer, "query"u8, handshake.Query);
        writer.WritePropertyName("auth"u8);
        handshake.Auth.WriteTo(writer);
        writer.WriteEndObject();
        writer.WriteStartArray("rooms"u8);
        foreach (var room in rooms)
        {
            writer.WriteStringValue(room);
        }

        writer.WriteEndArray();
        writer.WritePropertyName("data"u8);
        WriteData(writer, socket.Data, serializerOptions);
        writer.WriteEndObject();
    }

    /// <summary>See <see cref="Write"/> for the format. <see langword="null"/> when there is no string id.</summary>
    public static RemoteSocket? Read(Namespace nsp, JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty("id"u8, out var id) || id.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        var rooms = new HashSet<string>(element.TryGetProperty("rooms"u8, out var wireRooms) ? WireOptions.ReadRooms(wireRooms) : [], StringComparer.Ordinal);
        object? data = element.TryGetProperty("data"u8, out var wireData) && wireData.ValueKind != JsonValueKind.Null ? wireData.Clone() : null;
        var handshake = element.TryGetProperty("handshake"u8, out var wireHandshake) && wireHandshake.ValueKind == JsonValueKind.Object
            ? ReadHandshake(wireHandshake)
            : null;
        return new RemoteSocket(nsp, id.GetString()!, handshake, rooms, data);
    }

    private static SocketHandshake ReadHandshake(JsonElement element)
    {
        var issued = element.TryGetProperty("issued"u8, out var wireIssued) && wireIssued.ValueKind == JsonValueKind.Number && wireIssued.TryGetInt64(out var ms)
            ? DateTimeOffset.FromUnixTimeMilliseconds(Math.Clamp(ms, 0, 253402300799999))
            : default;
        return new SocketHandshake
        {
            Headers = ReadDictionary(element, "headers"u8),
            Query = ReadDictionary(element, "query"u8),
            Auth = element.TryGetProperty("auth"u8, out var auth) && auth.ValueKind == JsonValueKind.Object ? auth.Clone() : EmptyObject,
            Address = element.TryGetProperty("address"u8, out var address) && address.ValueKind == JsonValueKind.String ? address.GetString() : null,
            Url = element.TryGetProperty("url"u8, out var url) && url.ValueKind == JsonValueKind.String ? url.GetString()! : string.Empty,
            Secure = element.TryGetProperty("secure"u8, out var secure) && secure.ValueKind == JsonValueKind.True,
            CrossDomain = element.TryGetProperty("xdomain"u8, out var xdomain) && xdomain.ValueKind == JsonValueKind.True,
            IssuedAt = issued,
        };
    }

    // Node's headers and query may hold arrays (repeated names): joined with ", " as HTTP joins repeated headers.
    private static Dictionary<string, string> ReadDictionary(JsonElement parent, ReadOnlySpan<byte> name)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (!parent.TryGetProperty(name, out var element) || element.ValueKind != JsonValueKind.Object)
        {
            return result;
        }

        foreach (var property in element.EnumerateObject())
        {
            result[property.Name] = property.Value.ValueKind switch
            {
                JsonValueKind.String => property.Value.GetString()!,
                JsonValueKind.Array => string.Join(", ", property.Value.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText())),
                _ => property.Value.GetRawText(),
            };
        }

        return result;
    }

    private static void WriteDictionary(Utf8JsonWriter writer, ReadOnlySpan<byte> name, IReadOnlyDictionary<string, string> values)
    {
        writer.WriteStartObject(name);
        foreach (var (key, value) in values)
        {
            writer.WriteString(key, value);
        }

        writer.WriteEndObject();
    }

    private static void WriteData(Utf8JsonWriter writer, object? data, JsonSerializerOptions serializerOptions)
    {
        if (data is null)
        {
            writer.WriteNullValue();
            return;
        }

        try
        {
            // The runtime type's metadata from the server's resolver (trimming- and AOT-safe, as Switchboard.SocketIO does).
            var element = JsonSerializer.SerializeToElement(data, serializerOptions.GetTypeInfo(data.GetType()));
            element.WriteTo(writer);
        }
        catch (Exception ex) when (ex is NotSupportedException or JsonException or InvalidOperationException)
        {
            // Node sends what JSON.stringify makes of socket.data; what cannot be serialized travels as null.
            writer.WriteNullValue();
        }
    }

    private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement;
}
