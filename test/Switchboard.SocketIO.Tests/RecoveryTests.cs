using System.Text.Json;
using Switchboard.SocketIO.EngineIO;

namespace Switchboard.SocketIO.Tests;

public class RecoveryTests
{
    private static readonly TimeSpan Timeout = SocketIOHarness.Timeout;

    private static SocketIOHarness Start() =>
        new(o => o.ConnectionStateRecovery = new ConnectionStateRecoveryOptions { MaxDisconnectionDuration = TimeSpan.FromMinutes(2) });

    [Fact]
    public async Task Connect_RecoveryOn_ReplyCarriesPidAndEventsCarryOffset()
    {
        var harness = Start();
        var connection = await harness.Engine.OpenAsync();
        await harness.Engine.SendTextAsync(connection, "0");
        var reply = Json(await connection.ReadTextAsync(Timeout));
        var sid = reply.GetProperty("sid").GetString()!;
        Assert.Equal(20, reply.GetProperty("pid").GetString()!.Length);

        await harness.Server.Sockets.Sockets[sid].EmitAsync("news", 1);
        var news = await connection.ReadTextAsync(Timeout);

        Assert.Matches("^2\\[\"news\",1,\"[^\"]+\"\\]$", news);
    }

    [Fact]
    public async Task Reconnect_AfterTransportClose_SameIdRoomsDataAndMissedEventsBeforeReply()
    {
        var harness = Start();
        var connection = await harness.Engine.OpenAsync();
        await harness.Engine.SendTextAsync(connection, "0{\"token\":\"t1\"}");
        var reply = Json(await connection.ReadTextAsync(Timeout));
        var (sid, pid) = (reply.GetProperty("sid").GetString()!, reply.GetProperty("pid").GetString()!);
        var socket = harness.Server.Sockets.Sockets[sid];
        socket.Join("room");
        socket.Data = "kept";
        await harness.Server.To("room").EmitAsync("news", 1);
        var offset = LastArg(await connection.ReadTextAsync(Timeout));

        await harness.Engine.CloseAsync(connection, EngineCloseReason.TransportClose);
        await harness.Server.To("room").EmitAsync("news", 2);
        await harness.Server.To("elsewhere").EmitAsync("news", "not for us");
        await harness.Server.EmitAsync("news", 3);

        var recovered = new TaskCompletionSource<Socket>();
        harness.Server.OnConnection(s => recovered.TrySetResult(s));
        var again = await harness.Engine.OpenAsync();
        await harness.Engine.SendTextAsync(again, $"0{{\"pid\":\"{pid}\",\"offset\":\"{offset}\",\"token\":\"t1\"}}");

        Assert.StartsWith("2[\"news\",2,", await again.ReadTextAsync(Timeout), StringComparison.Ordinal);
        Assert.StartsWith("2[\"news\",3,", await again.ReadTextAsync(Timeout), StringComparison.Ordinal);
        var second = Json(await again.ReadTextAsync(Timeout));
        Assert.Equal(sid, second.GetProperty("sid").GetString());
        Assert.Equal(pid, second.GetProperty("pid").GetString());
        var restored = await recovered.Task.WaitAsync(Timeout);
        Assert.True(restored.Recovered);
        Assert.Contains("room", restored.Rooms);
        Assert.Equal("kept", restored.Data);
    }

    [Fact]
    public async Task Reconnect_AfterClientDisconnect_NotRecovered()
    {
        var harness = Start();
        var (connection, sid, pid, offset) = await ConnectWithOffsetAsync(harness);
        await harness.Engine.SendTextAsync(connection, "1");

        var again = await harness.Engine.OpenAsync();
        await harness.Engine.SendTextAsync(again, $"0{{\"pid\":\"{pid}\",\"offset\":\"{offset}\"}}");

        Assert.NotEqual(sid, Json(await again.ReadTextAsync(Timeout)).GetProperty("sid").GetString());
    }

    [Fact]
    public async Task Reconnect_AfterMaxDisconnectionDuration_NotRecovered()
    {
        var harness = Start();
        var (connection, sid, pid, offset) = await ConnectWithOffsetAsync(harness);
        await harness.Engine.CloseAsync(connection, EngineCloseReason.PingTimeout);
        harness.Time.Advance(TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(1));

        var again = await harness.Engine.OpenAsync();
        await harness.Engine.SendTextAsync(again, $"0{{\"pid\":\"{pid}\",\"offset\":\"{offset}\"}}");

        Assert.NotEqual(sid, Json(await again.ReadTextAsync(Timeout)).GetProperty("sid").GetString());
    }

    [Fact]
    public async Task Reconnect_UnknownOffset_NotRecovered()
    {
        var harness = Start();
        var (connection, sid, pid, _) = await ConnectWithOffsetAsync(harness);
        await harness.Engine.CloseAsync(connection, EngineCloseReason.TransportError);

        var again = await harness.Engine.OpenAsync();
        await harness.Engine.SendTextAsync(again, $"0{{\"pid\":\"{pid}\",\"offset\":\"nope\"}}");

        Assert.NotEqual(sid, Json(await again.ReadTextAsync(Timeout)).GetProperty("sid").GetString());
    }

    [Fact]
    public async Task Recovery_Off_NoPidAndNoOffset()
    {
        var harness = new SocketIOHarness();
        var (connection, sid) = await harness.ConnectAsync();

        await harness.Server.Sockets.Sockets[sid].EmitAsync("news", 1);

        Assert.Equal("2[\"news\",1]", await connection.ReadTextAsync(Timeout));
    }

    [Fact]
    public async Task Recovery_AckAndVolatileEvents_GetNoOffset()
    {
        var harness = Start();
        var (connection, _, _, _) = await ConnectWithOffsetAsync(harness);

        await harness.Server.Sockets.Volatile.EmitAsync("v");
        _ = harness.Server.Sockets.Timeout(TimeSpan.FromSeconds(1)).EmitWithAckAsync("a", []);

        Assert.Equal("2[\"v\"]", await connection.ReadTextAsync(Timeout));
        Assert.Matches("^2\\d+\\[\"a\"\\]$", await connection.ReadTextAsync(Timeout));
    }

    private static async Task<(Switchboard.Testing.FakeEngineConnection Connection, string Sid, string Pid, string Offset)> ConnectWithOffsetAsync(SocketIOHarness harness)
    {
        var connection = await harness.Engine.OpenAsync();
        await harness.Engine.SendTextAsync(connection, "0");
        var reply = Json(await connection.ReadTextAsync(Timeout));
        var sid = reply.GetProperty("sid").GetString()!;
        await harness.Server.Sockets.Sockets[sid].EmitAsync("news", 0);
        var offset = LastArg(await connection.ReadTextAsync(Timeout));
        return (connection, sid, reply.GetProperty("pid").GetString()!, offset);
    }

    private static JsonElement Json(string connectReply)
    {
        Assert.StartsWith("0{", connectReply, StringComparison.Ordinal);
        return JsonDocument.Parse(connectReply[1..]).RootElement;
    }

    private static string LastArg(string eventPacket)
    {
        using var document = JsonDocument.Parse(eventPacket[1..]);
        var root = document.RootElement;
        return root[root.GetArrayLength() - 1].GetString()!;
    }
}
