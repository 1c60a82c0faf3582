using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace Switchboard.Server.Tests.Api;

/// <summary>
/// A Socket.IO v5 client over a real WebSocket to the running server (the Open WebUI frontend's transport): connects
/// with <c>auth: {token}</c>, answers pings, queues events, and can prove an event did <em>not</em> arrive by a
/// round trip (<see cref="BarrierAsync"/>): the server's emits for one socket leave in order, so anything an HTTP
/// call caused before its response is queued ahead of a later acknowledgement.
/// </summary>
internal sealed class RealtimeClient : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(45);

    private readonly ClientWebSocket _socket = new();
    private readonly Channel<string> _incoming = Channel.CreateUnbounded<string>();
    private readonly List<JsonArray> _events = [];
    private readonly Dictionary<int, JsonArray> _acks = [];
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private Task? _receiveLoop;
    private int _nextAck;

    private RealtimeClient()
    {
    }

    public string Sid { get; private set; } = "";

    /// <summary>Set when the server disconnected the socket (a <c>41</c> packet or the WebSocket closing).</summary>
    public bool Disconnected { get; private set; }

    public static async Task<RealtimeClient> ConnectAsync(string baseUrl, string? token)
    {
        var client = new RealtimeClient();
        var uri = new Uri(baseUrl.Replace("http://", "ws://", StringComparison.Ordinal) + "/ws/socket.io/?EIO=4&transport=websocket");
        await client._socket.ConnectAsync(uri, CancellationToken.None).WaitAsync(Timeout);
        client._receiveLoop = client.ReceiveLoopAsync();
        var open = await client.ReadPacketAsync();
        Assert.StartsWith("open{", open, StringComparison.Ordinal);
        await client.SendAsync("0" + (token is null ? "" : JsonSerializer.Serialize(new { token })));
        var connect = await client.ReadPacketAsync();
        Assert.StartsWith("0{", connect, StringComparison.Ordinal);
        client.Sid = JsonNode.Parse(connect[1..])!["sid"]!.GetValue<string>();
        return client;
    }

    public Task EmitAsync(string name, object payload) => SendAsync("2" + Array(name, payload));

    /// <summary>Sends an event with an ack and returns the ack's arguments.</summary>
    public async Task<JsonArray> CallAsync(string name, object payload)
    {
        var id = _nextAck++;
        await SendAsync("2" + id.ToString(CultureInfo.InvariantCulture) + Array(name, payload));
        using var cts = new CancellationTokenSource(Timeout);
        while (!_acks.ContainsKey(id))
        {
            await ReadOneAsync(cts.Token);
        }

        var ack = _acks[id];
        _acks.Remove(id);
        return ack;
    }

    /// <summary>The next event named <paramref name="name"/> (others stay queued).</summary>
    public async Task<JsonNode?> NextAsync(string name)
    {
        using var cts = new CancellationTokenSource(Timeout);
        while (true)
        {
            var index = _events.FindIndex(e => e[0]!.GetValue<string>() == name);
            if (index >= 0)
            {
                var found = _events[index];
                _events.RemoveAt(index);
                return found.Count > 1 ? found[1] : null;
            }

            await ReadOneAsync(cts.Token);
        }
    }

    /// <summary>
    /// Round trip (a <c>heartbeat</c> with an ack) after which every event the server queued for this socket before
    /// has arrived; returns the names of the events received and not yet taken.
    /// </summary>
    public async Task<IReadOnlyList<string>> BarrierAsync()
    {
        await CallAsync("heartbeat", new { });
        return [.. _events.Select(e => e[0]!.GetValue<string>())];
    }

    /// <summary>Drops every queued event.</summary>
    public void Clear() => _events.Clear();

    /// <summary>Waits until the server disconnects this socket.</summary>
    public async Task WaitDisconnectedAsync()
    {
        using var cts = new CancellationTokenSource(Timeout);
        while (!Disconnected)
        {
            await ReadOneAsync(cts.Token);
        }
    }

    private async Task ReadOneAsync(CancellationToken cancellationToken)
    {
        var packet = await ReadPacketAsync(cancellationToken);
        if (packet.StartsWith('2'))
        {
            _events.Add(JsonNode.Parse(packet[1..])!.AsArray());
        }
        else if (packet.StartsWith('3'))
        {
            var bracket = packet.IndexOf('[', StringComparison.Ordinal);
            _acks[int.Parse(packet[1..bracket], CultureInfo.InvariantCulture)] = JsonNode.Parse(packet[bracket..])!.AsArray();
        }
        else if (packet == "1" || packet.StartsWith("1{", StringComparison.Ordinal) || packet == "closed")
        {
            Disconnected = true;
        }
    }

    private async Task<string> ReadPacketAsync(CancellationToken cancellationToken = default)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(Timeout);
        return await _incoming.Reader.ReadAsync(cts.Token);
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var result = await _socket.ReceiveAsync(buffer, _stop.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                message.Write(buffer, 0, result.Count);
                if (!result.EndOfMessage)
                {
                    continue;
                }

                var text = Encoding.UTF8.GetString(message.ToArray());
                message.SetLength(0);
                if (text == "2")
                {
                    await SendRawAsync("3");
                }
                else if (text.Length > 0 && text[0] == '4')
                {
                    await _incoming.Writer.WriteAsync(text[1..]);
                }
                else if (text.Length > 0 && text[0] == '0')
                {
                    await _incoming.Writer.WriteAsync("open" + text[1..]);
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
        }

        _incoming.Writer.TryWrite("closed");
    }

    private Task SendAsync(string socketIOPacket) => SendRawAsync("4" + socketIOPacket);

    private async Task SendRawAsync(string text)
    {
        await _sendLock.WaitAsync(Timeout);
        try
        {
            await _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None).WaitAsync(Timeout);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private static string Array(string name, object payload) =>
        "[" + JsonSerializer.Serialize(name) + "," + JsonSerializer.Serialize(payload) + "]";

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));
            }
            catch (Exception ex) when (ex is WebSocketException or TimeoutException)
            {
            }
        }

        await _stop.CancelAsync();
        if (_receiveLoop is not null)
        {
            await _receiveLoop.WaitAsync(TimeSpan.FromSeconds(10));
        }

        _socket.Dispose();
        _stop.Dispose();
        _sendLock.Dispose();
    }
}
