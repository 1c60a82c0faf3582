using System.Text.Json;
using System.Text.Json.Nodes;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Api;

/// <summary>
/// The REST specifications' view of a tab (<see cref="SocketIOTab"/>, the Open WebUI frontend's transport): payloads
/// as plain objects, events by name, and a proof that an event did <em>not</em> arrive by a round trip
/// (<see cref="BarrierAsync"/>): the server's emits for one socket leave in order, so anything an HTTP call caused
/// before its response is queued ahead of a later acknowledgement.
/// </summary>
internal sealed class RealtimeClient : IAsyncDisposable
{
    private readonly SocketIOTab _tab;

    private RealtimeClient(SocketIOTab tab) => _tab = tab;

    public string Sid => _tab.Sid;

    /// <summary>Whether the server disconnected the socket (a <c>41</c> packet or the WebSocket closing).</summary>
    public bool Disconnected => _tab.Disconnected.IsCompleted;

    public static async Task<RealtimeClient> ConnectAsync(string baseUrl, string? token) =>
        new(await SocketIOTab.ConnectAsync(baseUrl, token));

    public Task EmitAsync(string name, object payload) => _tab.EmitAsync(name, JsonSerializer.SerializeToNode(payload));

    /// <summary>Sends an event with an ack and returns the ack's arguments.</summary>
    public Task<JsonArray> CallAsync(string name, object payload) => _tab.CallAsync(name, JsonSerializer.SerializeToNode(payload));

    /// <summary>The first argument of the next event named <paramref name="name"/> (others stay queued).</summary>
    public async Task<JsonNode?> NextAsync(string name)
    {
        var args = await _tab.NextAsync(name);
        return args.Count > 1 ? args[1] : null;
    }

    /// <summary>
    /// Round trip (a <c>heartbeat</c> with an ack) after which every event the server queued for this socket before
    /// has arrived; returns the names of the events received and not yet taken.
    /// </summary>
    public async Task<IReadOnlyList<string>> BarrierAsync()
    {
        await _tab.CallAsync("heartbeat", new JsonObject());
        return _tab.PendingNames();
    }

    /// <summary>Waits until the server disconnects this socket.</summary>
    public Task WaitDisconnectedAsync() => _tab.Disconnected.WaitAsync(SocketIOTab.Timeout);

    public ValueTask DisposeAsync() => _tab.DisposeAsync();
}
