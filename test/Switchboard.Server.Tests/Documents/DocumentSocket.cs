using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Switchboard.SocketIO.EngineIO;
using Switchboard.Testing;

namespace Switchboard.Server.Tests.Documents;

/// <summary>
/// One client socket on a <see cref="FakeEngine"/> in front of the real server: writes Socket.IO packets as the
/// browser does and reads what the server sends, event by event (events not yet asked for stay queued).
/// </summary>
internal sealed class DocumentSocket(FakeEngine engine, FakeEngineConnection connection, string sid)
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(45);

    private readonly List<JsonArray> _events = [];
    private readonly Dictionary<int, JsonArray> _acks = [];
    private int _nextAck;

    public string Sid { get; } = sid;

    public FakeEngineConnection Connection { get; } = connection;

    public static async Task<DocumentSocket> ConnectAsync(FakeEngine engine, string? token)
    {
        var connection = await engine.OpenAsync();
        var auth = token is null ? "" : JsonSerializer.Serialize(new { token });
        Assert.True(await engine.SendTextAsync(connection, "0" + auth));
        var reply = await connection.ReadTextAsync(Timeout);
        Assert.StartsWith("0{", reply, StringComparison.Ordinal);
        var sid = JsonNode.Parse(reply[1..])!["sid"]!.GetValue<string>();
        return new DocumentSocket(engine, connection, sid);
    }

    /// <summary>Sends an event without an ack.</summary>
    public Task EmitAsync(string name, object payload) =>
        SendAsync("2" + Array(name, payload));

    /// <summary>Sends an event asking for an ack, and returns the ack's arguments.</summary>
    public async Task<JsonArray> CallAsync(string name, object payload)
    {
        var id = _nextAck++;
        await SendAsync("2" + id.ToString(System.Globalization.CultureInfo.InvariantCulture) + Array(name, payload));
        return await AckAsync(id);
    }

    /// <summary>Sends <c>payload</c> with <paramref name="binary"/> as its <c>update</c>, a binary attachment (a raw Uint8Array).</summary>
    public async Task<JsonArray> CallWithBinaryUpdateAsync(string name, string documentId, byte[] binary)
    {
        var id = _nextAck++;
        var json = $"51-{id}[\"{name}\",{{\"document_id\":\"{documentId}\",\"update\":{{\"_placeholder\":true,\"num\":0}}}}]";
        await SendAsync(json);
        Assert.True(await engine.SendBinaryAsync(Connection, binary));
        return await AckAsync(id);
    }

    /// <summary>The next event named <paramref name="name"/> (earlier events of other names stay queued).</summary>
    public async Task<JsonObject> NextAsync(string name)
    {
        using var cts = new CancellationTokenSource(Timeout);
        while (true)
        {
            var index = _events.FindIndex(e => e[0]!.GetValue<string>() == name);
            if (index >= 0)
            {
                var found = _events[index];
                _events.RemoveAt(index);
                return found[1]!.AsObject();
            }

            await ReadOneAsync(cts.Token);
        }
    }

    /// <summary>Events received so far and not yet taken, by name (reads whatever has arrived, without waiting).</summary>
    public IReadOnlyList<string> Pending()
    {
        while (Connection.TryRead(out var message))
        {
            Store(Encoding.UTF8.GetString(message.Data.Span));
        }

        return [.. _events.Select(e => e[0]!.GetValue<string>())];
    }

    public Task CloseAsync() => engine.CloseAsync(Connection, EngineCloseReason.TransportClose);

    private async Task<JsonArray> AckAsync(int id)
    {
        using var cts = new CancellationTokenSource(Timeout);
        while (!_acks.ContainsKey(id))
        {
            await ReadOneAsync(cts.Token);
        }

        var ack = _acks[id];
        _acks.Remove(id);
        return ack;
    }

    private async Task ReadOneAsync(CancellationToken cancellationToken)
    {
        var remaining = Timeout;
        cancellationToken.ThrowIfCancellationRequested();
        var message = await Connection.ReadAsync(remaining);
        Assert.False(message.IsBinary, "the server sent a binary attachment; outgoing Yjs bytes must be integer arrays");
        Store(Encoding.UTF8.GetString(message.Data.Span));
    }

    private void Store(string text)
    {
        // Socket.IO packets as the Engine.IO layer hands them over (without its "4" message type): 2[...] events, 3<id>[...] acks.
        if (text.StartsWith('2'))
        {
            _events.Add(JsonNode.Parse(text[1..])!.AsArray());
        }
        else if (text.StartsWith('3'))
        {
            var bracket = text.IndexOf('[', StringComparison.Ordinal);
            _acks[int.Parse(text[1..bracket], System.Globalization.CultureInfo.InvariantCulture)] = JsonNode.Parse(text[bracket..])!.AsArray();
        }
    }

    private async Task SendAsync(string text)
    {
        try
        {
            await engine.Handler.OnMessageAsync(Connection, EngineMessage.Utf8(Encoding.UTF8.GetBytes(text)), CancellationToken.None);
        }
        catch (InvalidDataException ex)
        {
            Assert.Fail($"the server refused {text}: {ex.Message}");
        }
    }

    private static string Array(string name, object payload) =>
        "[" + JsonSerializer.Serialize(name) + "," + (payload is string raw ? raw : JsonSerializer.Serialize(payload)) + "]";
}
