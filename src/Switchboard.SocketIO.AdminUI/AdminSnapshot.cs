using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Switchboard.SocketIO.Adapters;

namespace Switchboard.SocketIO.AdminUI;

/// <summary>The socket descriptions the UI reads (<c>SerializedSocket</c> in <c>@socket.io/admin-ui</c>).</summary>
internal static class AdminSnapshot
{
    public static Dictionary<string, object?> Socket(Socket socket, JsonSerializerOptions json) =>
        Describe(socket.Namespace.Name, socket.Id, socket.Handshake, socket.Rooms, socket.Data, ClientId(socket), socket.Transport, json);

    /// <summary>A socket from a fetch: local ones get their transport and client; others (on other servers) do without.</summary>
    public static Dictionary<string, object?> Remote(RemoteSocket remote, JsonSerializerOptions json)
    {
        if (remote.Namespace.Sockets.TryGetValue(remote.Id, out var local))
        {
            return Socket(local, json);
        }

        return Describe(remote.Namespace.Name, remote.Id, remote.Handshake, remote.Rooms, remote.Data, remote.Id[..Math.Min(12, remote.Id.Length)], null, json);
    }

    /// <summary>
    /// Groups the sockets of one connection in the UI's "clients" view. Node shows the start of the Engine.IO id; that
    /// id lets anyone who knows it poll the session, so the UI gets a digest of it instead.
    /// </summary>
    public static string ClientId(Socket socket) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(socket.Client.Connection.Id)))[..12];

    /// <summary>Application data as JSON now (it may change later), or <see langword="null"/> when it does not serialize.</summary>
    public static JsonElement? Data(object? data, JsonSerializerOptions json)
    {
        if (data is null)
        {
            return null;
        }

        try
        {
            // Through the configured resolver, as the library serializes everything (trimming- and AOT-safe; see SocketJson).
            return JsonSerializer.SerializeToElement(data, SocketJson.Freeze(json).GetTypeInfo(data.GetType()));
        }
        catch (Exception ex) when (ex is NotSupportedException or JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    private static Dictionary<string, object?> Describe(
        string nsp, string id, SocketHandshake? handshake, IReadOnlySet<string> rooms, object? data, string clientId, string? transport, JsonSerializerOptions json) => new Dictionary<string, object?>
    {
        ["id"] = id,
        ["clientId"] = clientId,
        ["transport"] = transport,
        ["nsp"] = nsp,
        ["data"] = Data(data, json) ?? (object)new Dictionary<string, object>(),
        ["handshake"] = handshake is null ? null : Handshake(handshake),
        ["rooms"] = rooms.ToArray(),
    };

    // The auth payload is left out, as Node does: it may hold a token.
    private static Dictionary<string, object?> Handshake(SocketHandshake handshake)
    {
        var address = handshake.Headers.GetValueOrDefault("cf-connecting-ip") ?? handshake.Headers.GetValueOrDefault("x-forwarded-for") ?? handshake.Address;
        return new Dictionary<string, object?>
        {
            ["address"] = address,
            ["headers"] = handshake.Headers.Where(h => !IsSecretHeader(h.Key)).ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value, StringComparer.Ordinal),
            ["query"] = handshake.Query,
            ["issued"] = handshake.IssuedAt.ToUnixTimeMilliseconds(),
            ["secure"] = handshake.Secure,
            ["time"] = handshake.IssuedAt.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
            ["url"] = handshake.Url,
            ["xdomain"] = handshake.CrossDomain,
        };
    }

    // Cookies and authorization headers carry credentials; the UI has no use for them.
    private static bool IsSecretHeader(string name) =>
        name.Equals("cookie", StringComparison.OrdinalIgnoreCase) || name.Equals("authorization", StringComparison.OrdinalIgnoreCase);
}
