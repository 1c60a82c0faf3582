using System.Text.Json;
using System.Text.Json.Nodes;
using Switchboard.Testing;

namespace Switchboard.SocketIO.Redis.Tests;

/// <summary>test/interop/redis-interop.mjs: a Node socket.io server with the Redis adapter, an emitter and clients, driven by JSON commands.</summary>
internal sealed class NodeSide : IAsyncDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly NodeProcess _node;
    private readonly Dictionary<string, Queue<JsonElement>> _unread = [];
    private int _ids;

    private NodeSide(NodeProcess node, int port)
    {
        _node = node;
        Url = $"http://127.0.0.1:{port}";
    }

    /// <summary>The Node server's base URL (none in "clients" mode).</summary>
    public string Url { get; }

    /// <summary>Starts the script: <paramref name="mode"/> is classic, sharded or clients.</summary>
    public static async Task<NodeSide> StartAsync(string redisUrl, string mode, string prefix)
    {
        var node = NodeProcess.Start("redis-interop.mjs", redisUrl, mode, prefix);
        var ready = JsonNode.Parse(await node.ReadLineAsync(Timeout))!;
        return new NodeSide(node, (int)ready["port"]!);
    }

    /// <summary>Runs one command and returns its result; a failed command throws with Node's message.</summary>
    public async Task<JsonElement> RunAsync(string cmd, object? args = null)
    {
        var command = args is null ? new JsonObject() : JsonSerializer.SerializeToNode(args)!.AsObject();
        var id = Interlocked.Increment(ref _ids);
        command["id"] = id;
        command["cmd"] = cmd;
        await _node.WriteLineAsync(command.ToJsonString());
        while (true)
        {
            using var reply = JsonDocument.Parse(await _node.ReadLineAsync(Timeout));
            var root = reply.RootElement;
            if (!root.TryGetProperty("id", out var replyId) || replyId.ValueKind != JsonValueKind.Number || replyId.GetInt32() != id)
            {
                continue;
            }

            if (!root.GetProperty("ok").GetBoolean())
            {
                throw new InvalidOperationException($"node {cmd} failed: {root.GetProperty("error").GetString()}\n{_node.StandardError}");
            }

            return root.GetProperty("result").Clone();
        }
    }

    /// <summary>Connects a socket.io-client socket named <paramref name="name"/>; returns its socket id.</summary>
    public async Task<string> ConnectAsync(string name, string url, string? room = null) =>
        (await RunAsync("connect", new { name, url, room })).GetString()!;

    /// <summary>Waits until client <paramref name="name"/> received <paramref name="eventName"/>; returns its arguments and the events before it.</summary>
    public async Task<(JsonElement Args, List<string> Before)> WaitForEventAsync(string name, string eventName)
    {
        var before = new List<string>();
        while (true)
        {
            var e = await NextEventAsync(name, eventName);
            if (e[0].GetString() == eventName)
            {
                return (e, before);
            }

            before.Add(e[0].GetString()!);
        }
    }

    /// <summary>Collects client <paramref name="name"/>'s events until every one of <paramref name="required"/> arrived.</summary>
    public async Task<List<JsonElement>> CollectUntilAsync(string name, params string[] required)
    {
        var all = new List<JsonElement>();
        var missing = new HashSet<string>(required);
        while (missing.Count > 0)
        {
            var e = await NextEventAsync(name, string.Join(", ", missing));
            missing.Remove(e[0].GetString()!);
            all.Add(e);
        }

        return all;
    }

    // The next event of a client, in arrival order (["event", args...]).
    private async Task<JsonElement> NextEventAsync(string name, string waitingFor)
    {
        var deadline = DateTime.UtcNow + Timeout;
        if (!_unread.TryGetValue(name, out var unread))
        {
            _unread[name] = unread = new Queue<JsonElement>();
        }

        JsonElement next;
        while (!unread.TryDequeue(out next))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{name} is still waiting for {waitingFor}");
            }

            foreach (var e in (await RunAsync("events", new { name })).EnumerateArray())
            {
                unread.Enqueue(e);
            }

            if (unread.Count == 0)
            {
                await Task.Delay(20);
            }
        }

        return next;
    }

    public async ValueTask DisposeAsync() => await _node.DisposeAsync();
}
