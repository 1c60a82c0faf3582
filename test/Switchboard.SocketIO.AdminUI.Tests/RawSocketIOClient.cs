using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Switchboard.SocketIO.AdminUI.Tests;

/// <summary>A bare Socket.IO client over one WebSocket: enough to speak to the admin namespace and check its packets.</summary>
internal sealed class RawSocketIOClient : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();
    private readonly List<string> _skipped = [];

    public string? Namespace { get; private set; }

    // The main namespace is left out of packets; others are written before a comma.
    private string Prefix => Namespace == "/" ? "" : Namespace + ",";

    public static async Task<RawSocketIOClient> ConnectAsync(string url)
    {
        var client = new RawSocketIOClient();
        var uri = new Uri(url.Replace("http://", "ws://", StringComparison.Ordinal).TrimEnd('/') + "/socket.io/?EIO=4&transport=websocket");
        await client._socket.ConnectAsync(uri, CancellationToken.None).WaitAsync(AdminTestHost.Timeout);
        var open = await client.ReceiveFrameAsync();
        Assert.StartsWith("0{", open, StringComparison.Ordinal);
        return client;
    }

    /// <summary>Sends CONNECT for <paramref name="nsp"/> with an auth object; returns the reply (CONNECT or CONNECT_ERROR) as text.</summary>
    public async Task<string> JoinAsync(string nsp, object auth)
    {
        Namespace = nsp;
        await SendAsync($"0{Prefix}{JsonSerializer.Serialize(auth)}");
        while (true)
        {
            var packet = await ReceivePacketAsync();
            if (packet.StartsWith($"0{Prefix}", StringComparison.Ordinal) || packet.StartsWith($"4{Prefix}", StringComparison.Ordinal))
            {
                return packet;
            }

            _skipped.Add(packet);
        }
    }

    public Task EmitAsync(string eventName, params object?[] args) =>
        SendAsync($"2{Prefix}{JsonSerializer.Serialize(new object?[] { eventName }.Concat(args))}");

    /// <summary>The arguments of the next event named <paramref name="eventName"/> (events received earlier count too).</summary>
    public async Task<JsonElement> ReceiveEventAsync(string eventName, Func<JsonElement, bool>? where = null)
    {
        foreach (var packet in _skipped.ToArray())
        {
            if (Match(packet, eventName, where) is { } found)
            {
                _skipped.Remove(packet);
                return found;
            }
        }

        while (true)
        {
            var packet = await ReceivePacketAsync();
            if (Match(packet, eventName, where) is { } found)
            {
                return found;
            }

            _skipped.Add(packet);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None).WaitAsync(AdminTestHost.Timeout);
        }

        _socket.Dispose();
    }

    private JsonElement? Match(string packet, string eventName, Func<JsonElement, bool>? where)
    {
        var prefix = $"2{Prefix}";
        if (!packet.StartsWith(prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var array = JsonDocument.Parse(packet[prefix.Length..]).RootElement;
        if (array[0].GetString() != eventName)
        {
            return null;
        }

        var args = JsonDocument.Parse(JsonSerializer.Serialize(array.EnumerateArray().Skip(1))).RootElement;
        return where is null || where(args) ? args : null;
    }

    /// <summary>The next Socket.IO packet (Engine.IO message), answering pings on the way.</summary>
    private async Task<string> ReceivePacketAsync()
    {
        while (true)
        {
            var frame = await ReceiveFrameAsync();
            if (frame == "2")
            {
                await _socket.SendAsync("3"u8.ToArray(), WebSocketMessageType.Text, true, CancellationToken.None).WaitAsync(AdminTestHost.Timeout);
                continue;
            }

            if (frame.StartsWith('4'))
            {
                return frame[1..];
            }
        }
    }

    private Task SendAsync(string packet) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes("4" + packet), WebSocketMessageType.Text, true, CancellationToken.None).WaitAsync(AdminTestHost.Timeout);

    private async Task<string> ReceiveFrameAsync()
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        while (true)
        {
            var result = await _socket.ReceiveAsync(chunk, CancellationToken.None).WaitAsync(AdminTestHost.Timeout);
            Assert.NotEqual(WebSocketMessageType.Close, result.MessageType);
            buffer.Write(chunk, 0, result.Count);
            if (result.EndOfMessage)
            {
                return Encoding.UTF8.GetString(buffer.ToArray());
            }
        }
    }
}
