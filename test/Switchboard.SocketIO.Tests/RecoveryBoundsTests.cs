using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.SocketIO.EngineIO;
using Switchboard.Testing;

namespace Switchboard.SocketIO.Tests;

// Issue 8, item 14: one server however many paths map it; the recovery log bounded by count and bytes, sessions by count.
public class RecoveryBoundsTests
{
    private static readonly TimeSpan Timeout = SocketIOHarness.Timeout;

    [Fact]
    public void MapSocketIO_TwoPathsSameConfiguration_ConfiguredOnce()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Services.AddSocketIO();
        var app = builder.Build();
        var runs = 0;
        Action<SocketIOServer> configure = io =>
        {
            runs++;
            io.On("x", _ => { });
        };

        app.MapSocketIO("/socket.io", configure);
        app.MapSocketIO("/ws/socket.io", configure);
        app.MapSocketIO("/third", Configure);
        app.MapSocketIO("/fourth", Configure);

        Assert.Equal(1, runs);
        Assert.Equal(1, s_methodRuns);
    }

    [Fact]
    public async Task Recovery_LogOverItsPacketCount_OldOffsetNotRecovered()
    {
        var harness = Start(r => r.MaxLogPackets = 2);
        var (connection, sid, pid, offset) = await ConnectWithOffsetAsync(harness);
        await harness.Engine.CloseAsync(connection, EngineCloseReason.TransportClose).WaitAsync(Timeout);
        for (var i = 1; i <= 3; i++)
        {
            await harness.Server.EmitAsync("news", i);
        }

        Assert.NotEqual(sid, await ReconnectAsync(harness, pid, offset));
    }

    [Fact]
    public async Task Recovery_LogOverItsByteBudget_OldOffsetNotRecovered()
    {
        var harness = Start(r => r.MaxLogBytes = 1024);
        var (connection, sid, pid, offset) = await ConnectWithOffsetAsync(harness);
        await harness.Engine.CloseAsync(connection, EngineCloseReason.TransportClose).WaitAsync(Timeout);
        await harness.Server.EmitAsync("news", new string('x', 2048));

        Assert.NotEqual(sid, await ReconnectAsync(harness, pid, offset));
    }

    [Fact]
    public async Task Recovery_WithinBounds_StillRecovers()
    {
        var harness = Start(r => r.MaxLogPackets = 3);
        var (connection, sid, pid, offset) = await ConnectWithOffsetAsync(harness);
        await harness.Engine.CloseAsync(connection, EngineCloseReason.TransportClose).WaitAsync(Timeout);
        await harness.Server.EmitAsync("news", 1);
        await harness.Server.EmitAsync("news", 2);

        Assert.Equal(sid, await ReconnectAsync(harness, pid, offset));
    }

    [Fact]
    public async Task Recovery_MoreSessionsThanTheLimit_OldestDisconnectedIsDropped()
    {
        var harness = Start(r => r.MaxSessions = 1);
        var first = await ConnectWithOffsetAsync(harness);
        var second = await ConnectWithOffsetAsync(harness);
        await harness.Engine.CloseAsync(first.Connection, EngineCloseReason.TransportClose).WaitAsync(Timeout);
        harness.Time.Advance(TimeSpan.FromSeconds(1));
        await harness.Engine.CloseAsync(second.Connection, EngineCloseReason.TransportClose).WaitAsync(Timeout);

        Assert.NotEqual(first.Sid, await ReconnectAsync(harness, first.Pid, first.Offset));
        Assert.Equal(second.Sid, await ReconnectAsync(harness, second.Pid, second.Offset));
    }

    private static int s_methodRuns;

    private static void Configure(SocketIOServer io) => s_methodRuns++;

    private static SocketIOHarness Start(Action<ConnectionStateRecoveryOptions> bounds)
    {
        var recovery = new ConnectionStateRecoveryOptions();
        bounds(recovery);
        return new SocketIOHarness(o => o.ConnectionStateRecovery = recovery);
    }

    private static async Task<(FakeEngineConnection Connection, string Sid, string Pid, string Offset)> ConnectWithOffsetAsync(SocketIOHarness harness)
    {
        var connection = await harness.Engine.OpenAsync().WaitAsync(Timeout);
        await harness.Engine.SendTextAsync(connection, "0").WaitAsync(Timeout);
        using var reply = JsonDocument.Parse((await connection.ReadTextAsync(Timeout))[1..]);
        var sid = reply.RootElement.GetProperty("sid").GetString()!;
        await harness.Server.Sockets.Sockets[sid].EmitAsync("news", 0);
        using var news = JsonDocument.Parse((await connection.ReadTextAsync(Timeout))[1..]);
        return (connection, sid, reply.RootElement.GetProperty("pid").GetString()!, news.RootElement[2].GetString()!);
    }

    /// <summary>Reconnects with a pid and offset; returns the socket id of the CONNECT reply (the old one when recovered).</summary>
    private static async Task<string> ReconnectAsync(SocketIOHarness harness, string pid, string offset)
    {
        var again = await harness.Engine.OpenAsync().WaitAsync(Timeout);
        await harness.Engine.SendTextAsync(again, $"0{{\"pid\":\"{pid}\",\"offset\":\"{offset}\"}}").WaitAsync(Timeout);
        while (true)
        {
            var text = await again.ReadTextAsync(Timeout);
            if (text.StartsWith("0{", StringComparison.Ordinal))
            {
                using var reply = JsonDocument.Parse(text[1..]);
                return reply.RootElement.GetProperty("sid").GetString()!;
            }
        }
    }
}
