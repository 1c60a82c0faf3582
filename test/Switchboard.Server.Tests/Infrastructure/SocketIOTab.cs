using System.Collections.Concurrent;
using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace Switchboard.Server.Tests.Infrastructure;

/// <summary>
/// One browser tab: a Socket.IO v5 client over one WebSocket to <c>/ws/socket.io/</c>, written for these tests (the one
/// client of the server tests; <see cref="Api.RealtimeClient"/> is its shape for the REST specifications). A
/// receive loop answers pings, queues events, completes acks and answers the server's calls through
/// <see cref="OnCall"/> (no answer when it returns <see langword="null"/>).
/// </summary>
internal sealed class SocketIOTab : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(45);

    private readonly ClientWebSocket _socket = new();
    private readonly Channel<JsonArray> _events = Channel.CreateUnbounded<JsonArray>(new() { SingleReader = true });
    private readonly List<JsonArray> _skipped = [];
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonArray>> _acks = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly TaskCompletionSource<string> _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _disconnected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;
    private int _nextAck;

    public string Sid { get; private set; } = "";

    /// <summary>Completes when the server disconnected the socket (a DISCONNECT packet, or the connection closed).</summary>
    public Task Disconnected => _disconnected.Task;

    /// <summary>Answers a server call (an event with an ack id): given the event's arguments, returns the ack's arguments.</summary>
    public Func<JsonArray, JsonArray?>? OnCall { get; set; }

    public static async Task<SocketIOTab> ConnectAsync(string baseUrl, string? token)
    {
        var tab = new SocketIOTab();
        var uri = new Uri(baseUrl.Replace("http://", "ws://", StringComparison.Ordinal).TrimEnd('/') + "/ws/socket.io/?EIO=4&transport=websocket");
        await tab._socket.ConnectAsync(uri, CancellationToken.None).WaitAsync(Timeout);
        var open = await tab.ReceiveFrameAsync(CancellationToken.None).WaitAsync(Timeout);
        Assert.StartsWith("0{", open, StringComparison.Ordinal);
        tab._loop = Task.Run(() => tab.ReceiveLoopAsync(tab._stop.Token));
        await tab.SendAsync("0" + (token is null ? "" : JsonSerializer.Serialize(new { token })));
        tab.Sid = await tab._connected.Task.WaitAsync(Timeout);
        return tab;
    }

    public Task EmitAsync(string name, JsonNode? payload) => SendAsync("2" + new JsonArray(name, payload?.DeepClone()).ToJsonString());

    /// <summary>Sends an event asking for an ack; returns the ack's arguments.</summary>
    public async Task<JsonArray> CallAsync(string name, JsonNode? payload)
    {
        var id = Interlocked.Increment(ref _nextAck);
        var answer = new TaskCompletionSource<JsonArray>(TaskCreationOptions.RunContinuationsAsynchronously);
        _acks[id] = answer;
        await SendAsync("2" + id.ToString(CultureInfo.InvariantCulture) + new JsonArray(name, payload?.DeepClone()).ToJsonString());
        return await answer.Task.WaitAsync(Timeout);
    }

    /// <summary>The arguments of the next event named <paramref name="name"/> (other events stay queued for later).</summary>
    public async Task<JsonArray> NextAsync(string name, TimeSpan? timeout = null)
    {
        var index = _skipped.FindIndex(e => (string?)e[0] == name);
        if (index >= 0)
        {
            var found = _skipped[index];
            _skipped.RemoveAt(index);
            return found;
        }

        using var cts = new CancellationTokenSource(timeout ?? Timeout);
        while (true)
        {
            var next = await _events.Reader.ReadAsync(cts.Token);
            if ((string?)next[0] == name)
            {
                return next;
            }

            _skipped.Add(next);
        }
    }

    /// <summary>The names of events received and not yet taken (reads what has arrived, without waiting).</summary>
    public IReadOnlyList<string> PendingNames()
    {
        while (_events.Reader.TryRead(out var next))
        {
            _skipped.Add(next);
        }

        return [.. _skipped.Select(e => (string)e[0]!)];
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, cts.Token);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
        }

        if (_loop is not null)
        {
            await _loop.WaitAsync(Timeout).ContinueWith(_ => { }, TaskScheduler.Default);
        }

        _socket.Dispose();
        _stop.Dispose();
        _sendLock.Dispose();
    }

    private async Task ReceiveLoopAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var frame = await ReceiveFrameAsync(cancellationToken);
                if (frame == "2")
                {
                    await SendRawAsync("3");
                }
                else if (frame.StartsWith('4'))
                {
                    await HandlePacketAsync(frame.AsMemory(1));
                }
                else if (frame.StartsWith('1'))
                {
                    break;
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or InvalidOperationException)
        {
        }
        finally
        {
            _disconnected.TrySetResult();
            _connected.TrySetException(new InvalidOperationException("closed before CONNECT"));
            _events.Writer.TryComplete();
        }
    }

    // Socket.IO packets of the main namespace: type, optional ack id, JSON (socketio-wire.md §4).
    private async Task HandlePacketAsync(ReadOnlyMemory<char> packet)
    {
        var type = packet.Span[0];
        var rest = packet[1..];
        var digits = 0;
        while (digits < rest.Length && char.IsAsciiDigit(rest.Span[digits]))
        {
            digits++;
        }

        int? id = digits > 0 ? int.Parse(rest.Span[..digits], CultureInfo.InvariantCulture) : null;
        var json = rest[digits..].ToString();
        switch (type)
        {
            case '0':
                _connected.TrySetResult(JsonNode.Parse(json)!["sid"]!.GetValue<string>());
                break;
            case '1':
                _disconnected.TrySetResult();
                break;
            case '4':
                _connected.TrySetException(new InvalidOperationException("CONNECT_ERROR " + json));
                break;
            case '2':
                var args = JsonNode.Parse(json)!.AsArray();
                if (id is { } callId)
                {
                    if (OnCall?.Invoke(args) is { } answer)
                    {
                        await SendAsync("3" + callId.ToString(CultureInfo.InvariantCulture) + answer.ToJsonString());
                    }
                }
                else
                {
                    _events.Writer.TryWrite(args);
                }

                break;
            case '3' when id is { } ackId && _acks.TryRemove(ackId, out var waiter):
                waiter.TrySetResult(JsonNode.Parse(json)!.AsArray());
                break;
        }
    }

    private Task SendAsync(string packet) => SendRawAsync("4" + packet);

    private async Task SendRawAsync(string frame)
    {
        await _sendLock.WaitAsync(Timeout);
        try
        {
            await _socket.SendAsync(Encoding.UTF8.GetBytes(frame), WebSocketMessageType.Text, true, CancellationToken.None).WaitAsync(Timeout);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private async Task<string> ReceiveFrameAsync(CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16384];
        while (true)
        {
            var result = await _socket.ReceiveAsync(chunk, cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                throw new WebSocketException("closed by the server");
            }

            buffer.Write(chunk, 0, result.Count);
            if (result.EndOfMessage)
            {
                return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
            }
        }
    }
}
