using System.Net.WebSockets;
using System.Text.Json;
using Switchboard.SocketIO.Adapters;
using Switchboard.SocketIO.Tests.EngineIO;

namespace Switchboard.SocketIO.Tests.Diagnostics;

public sealed class SocketIOMetricsTests
{
    [Fact]
    public async Task PollingSession_ScriptedEvents_CountsSocketsEventsPacketsAndBytes()
    {
        await using var host = await TelemetryHost.StartAsync();
        var metrics = host.Metrics;
        var session = await host.OpenPollingAsync();
        string[] sent = ["40", """42["hello","x"]""", """421["sum",1,2]""", """42["nobody"]""", """42["boom"]""", "41"];
        await session.PostAsync(sent[0]);
        await session.PollUntilAsync("40{");
        await session.PostAsync(sent[1..5]);
        await session.PollUntilAsync("431[3]");
        Assert.Contains("""42["hi","x"]""", session.Received);
        await session.PostAsync(sent[5]);

        Assert.Equal(1, metrics.Sum("socketio.server.connects", ("socketio.namespace", "/")));
        Assert.Equal(0, metrics.Sum("socketio.server.active_sockets", ("socketio.namespace", "/")));
        Assert.Equal(2, metrics.Count("socketio.server.active_sockets"));
        Assert.Equal(1, metrics.Sum("socketio.server.disconnects", ("socketio.namespace", "/"), ("socketio.disconnect.reason", "client namespace disconnect")));
        Assert.Equal(1, metrics.Count("socketio.server.disconnects"));

        // One duration per handled event; "nobody" has no handler, so nothing is recorded for it.
        const string duration = "socketio.server.event.duration";
        Assert.Equal(3, metrics.Count(duration));
        Assert.Equal(1, metrics.Count(duration, ("socketio.event.name", "hello"), ("socketio.namespace", "/")));
        Assert.Equal(1, metrics.Count(duration, ("socketio.event.name", "sum")));
        Assert.Equal(1, metrics.Count(duration, ("socketio.event.name", "boom"), ("error.type", "_OTHER")));
        Assert.DoesNotContain(metrics.Of(duration), m => m.Tags["socketio.event.name"] is "nobody" or "_OTHER");
        Assert.DoesNotContain(metrics.Of(duration), m => m.Tags["socketio.event.name"] != "boom" && m.Tags.ContainsKey("error.type"));

        // Every packet the client got went through the send queue; bytes are the packet type plus data (ASCII here).
        (string, string)[] transmit = [("engineio.transport", "polling"), ("network.io.direction", "transmit")];
        (string, string)[] receive = [("engineio.transport", "polling"), ("network.io.direction", "receive")];
        Assert.Equal(session.Received.Count, metrics.Sum("engineio.server.packets", transmit));
        Assert.Equal(session.Received.Sum(p => p.Length), metrics.Sum("engineio.server.io", transmit));
        Assert.Equal(sent.Length, metrics.Sum("engineio.server.packets", receive));
        Assert.Equal(sent.Sum(p => p.Length), metrics.Sum("engineio.server.io", receive));
        Assert.Equal(1, metrics.Sum("engineio.server.active_connections", ("engineio.transport", "polling")));

        await session.PostAsync("1");
        Assert.Equal(0, metrics.Sum("engineio.server.active_connections"));
        Assert.Equal(1, metrics.Count("engineio.server.connection.duration", ("engineio.transport", "polling"), ("engineio.close.reason", "transport close")));
        Assert.Equal(sent.Length + 1, metrics.Sum("engineio.server.packets", receive));
    }

    [Fact]
    public async Task WebSocketSession_EventThenClose_CountsPerTransportAndTransportClose()
    {
        await using var host = await TelemetryHost.StartAsync();
        var metrics = host.Metrics;
        using var socket = await host.OpenWebSocketAsync();
        var received = new List<string> { await TelemetryHost.ReceiveTextAsync(socket) };
        await TelemetryHost.SendTextAsync(socket, "40");
        received.Add(await TelemetryHost.ReceiveTextAsync(socket));
        await TelemetryHost.SendTextAsync(socket, """42["hello",1]""");
        received.Add(await TelemetryHost.ReceiveTextAsync(socket));
        Assert.Equal("""42["hi",1]""", received[^1]);

        (string, string)[] transmit = [("engineio.transport", "websocket"), ("network.io.direction", "transmit")];
        Assert.Equal(3, metrics.Sum("engineio.server.packets", transmit));
        Assert.Equal(received.Sum(p => p.Length), metrics.Sum("engineio.server.io", transmit));
        Assert.Equal(2, metrics.Sum("engineio.server.packets", ("engineio.transport", "websocket"), ("network.io.direction", "receive")));
        Assert.Equal(0, metrics.Sum("engineio.server.packets", ("engineio.transport", "polling")));
        Assert.Equal(1, metrics.Sum("engineio.server.active_connections", ("engineio.transport", "websocket")));

        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None).DefaultTimeout();
        await Eventually.TrueAsync(() => metrics.Count("socketio.server.disconnects") == 1);
        Assert.Equal(1, metrics.Sum("socketio.server.disconnects", ("socketio.disconnect.reason", "transport close")));
        Assert.Equal(0, metrics.Sum("engineio.server.active_connections"));
        Assert.Equal(0, metrics.Sum("socketio.server.active_sockets"));
    }

    [Fact]
    public async Task SendQueue_PacketWaitingForPoll_ObservedInBytesUntilPolled()
    {
        await using var host = await TelemetryHost.StartAsync();
        var session = await host.OpenPollingAsync();
        await session.PostAsync("40");
        await session.PollUntilAsync("40{");

        await session.PostAsync("""42["hello","x"]""");
        host.Metrics.Observe();
        Assert.Equal("""42["hi","x"]""".Length, host.Metrics.Of("engineio.server.send_queue.size")[^1].Value);

        await session.PollUntilAsync("""42["hi","x"]""");
        host.Metrics.Observe();
        Assert.Equal(0, host.Metrics.Of("engineio.server.send_queue.size")[^1].Value);
    }

    [Fact]
    public async Task SendQueue_ClientStopsReading_CountsSlowConsumerDisconnect()
    {
        await using var host = await TelemetryHost.StartAsync(o =>
        {
            o.SendQueueCapacity = 4;
            o.SlowConsumerTimeout = TimeSpan.FromMilliseconds(100);
        });
        var session = await host.OpenPollingAsync();
        await session.PostAsync("40");
        await session.PollUntilAsync("40{");

        // Each hello queues one reply and nobody polls: at two queued (half the capacity) the handler's awaited emit
        // waits for the client, which never reads, so after the slow-consumer timeout the session is closed.
        await session.PostAsync([.. Enumerable.Repeat("""42["hello"]""", 5)]);

        await Eventually.TrueAsync(() => host.Metrics.Sum("engineio.server.slow_consumer_disconnects", ("engineio.transport", "polling")) == 1);
        Assert.Equal(1, host.Metrics.Count("engineio.server.connection.duration", ("engineio.close.reason", "transport error")));
        await Eventually.TrueAsync(() => host.Metrics.Count("socketio.server.disconnects", ("socketio.disconnect.reason", "transport error")) == 1);
    }

    [Fact]
    public async Task EmitWithAck_ClientNeverAnswers_CountsAckTimeout()
    {
        await using var host = await TelemetryHost.StartAsync();
        var session = await host.OpenPollingAsync();
        await session.PostAsync("40");
        await session.PollUntilAsync("40{");

        await session.PostAsync("""42["ask"]""");
        await session.PollUntilAsync("""42["timed-out"]""");

        Assert.Contains(session.Received, p => p.StartsWith("""420["question"]""", StringComparison.Ordinal));
        Assert.Equal(1, host.Metrics.Sum("socketio.server.ack.timeouts", ("socketio.namespace", "/")));
    }

    [Fact]
    public async Task EventNames_MoreRegisteredThanTheBound_FirstKeptRestRecordedAsOther()
    {
        await using var host = await TelemetryHost.StartAsync();
        var session = await host.OpenPollingAsync();
        await session.PostAsync("40");
        await session.PollUntilAsync("40{");

        // Open WebUI registers handler names made at runtime: the recorded names must stay bounded.
        var names = Enumerable.Range(0, SocketIOTelemetry.MaxEventNames + 5).Select(i => $"user:{Guid.NewGuid():N}:{i}").ToArray();
        foreach (var name in names)
        {
            host.Server.On(name, _ => { });
        }

        await session.PostAsync([.. names.Select(n => $"42[{JsonSerializer.Serialize(n)}]")]);

        var recorded = host.Metrics.Of("socketio.server.event.duration").Select(m => m.Tags["socketio.event.name"]).ToList();
        Assert.Equal(names.Length, recorded.Count);
        Assert.Equal(names[..SocketIOTelemetry.MaxEventNames], recorded[..SocketIOTelemetry.MaxEventNames]);
        Assert.All(recorded[SocketIOTelemetry.MaxEventNames..], n => Assert.Equal("_OTHER", n));
    }

    [Fact]
    public async Task AdapterTelemetry_ScaleOutAdapterReports_CountedPerNamespaceAndType()
    {
        await using var host = await TelemetryHost.StartAsync();
        var chat = host.Server.Of("/chat");

        AdapterTelemetry.RecordPublish(chat, "broadcast");
        AdapterTelemetry.RecordPublish(chat, "broadcast");
        AdapterTelemetry.RecordReceive(chat, "fetch_sockets");
        AdapterTelemetry.RecordDrop(chat, "malformed");

        Assert.Equal(2, host.Metrics.Sum("socketio.server.adapter.publishes", ("socketio.namespace", "/chat"), ("socketio.adapter.message.type", "broadcast")));
        Assert.Equal(1, host.Metrics.Sum("socketio.server.adapter.receives", ("socketio.adapter.message.type", "fetch_sockets")));
        Assert.Equal(1, host.Metrics.Sum("socketio.server.adapter.drops", ("socketio.adapter.drop.reason", "malformed")));
    }
}
