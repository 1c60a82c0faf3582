using Switchboard.SocketIO.Adapters;
using Switchboard.SocketIO.Packets;

namespace Switchboard.SocketIO.Tests.Adapters;

public class AdapterSeamTests
{
    private static readonly TimeSpan Timeout = SocketIOHarness.Timeout;

    /// <summary>What a scale-out adapter would publish: it derives from InMemoryAdapter and sees every broadcast.</summary>
    private sealed class RecordingAdapter(Namespace nsp) : InMemoryAdapter(nsp)
    {
        public List<(SocketPacket Packet, BroadcastOptions Options)> Broadcasts { get; } = [];

        public int ServersReported { get; set; } = 1;

        public bool Initialized { get; private set; }

        public override Task InitAsync(CancellationToken cancellationToken)
        {
            Initialized = true;
            return base.InitAsync(cancellationToken);
        }

        public override ValueTask BroadcastAsync(SocketPacket packet, BroadcastOptions options, CancellationToken cancellationToken)
        {
            Broadcasts.Add((packet, options));
            return base.BroadcastAsync(packet, options, cancellationToken);
        }

        public override async ValueTask BroadcastWithAckAsync(SocketPacket packet, BroadcastOptions options, BroadcastAckCollector collector, CancellationToken cancellationToken)
        {
            Broadcasts.Add((packet, options));
            await base.BroadcastWithAckAsync(packet, options, collector, cancellationToken);

            // Another server reached one client, which answered.
            collector.AddClientCount(1);
            collector.AddResponse(SocketArgs.Empty);
        }

        public override ValueTask<int> ServerCountAsync(CancellationToken cancellationToken) => ValueTask.FromResult(ServersReported);

        public List<string> ServerSide { get; } = [];

        public override Task ServerSideEmitAsync(SocketPacket packet, CancellationToken cancellationToken)
        {
            ServerSide.Add(System.Text.Encoding.UTF8.GetString(packet.Json.Span));
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task AdapterFactory_CustomAdapter_SeesRoomsExceptAndFlags()
    {
        RecordingAdapter? adapter = null;
        var harness = new SocketIOHarness(o => o.AdapterFactory = nsp => adapter = new RecordingAdapter(nsp));
        var (connection, sid) = await harness.ConnectAsync();
        harness.Server.Sockets.Sockets[sid].Join("room");

        await harness.Server.To("room").To("other").Except("muted").Volatile.Compress(false).EmitAsync("hi", new byte[] { 1 });

        Assert.NotNull(adapter);
        Assert.True(adapter.Initialized);
        var (packet, options) = Assert.Single(adapter.Broadcasts);
        Assert.Equal(["room", "other"], options.Rooms);
        Assert.Equal(["muted"], options.Except);
        Assert.Equal(new BroadcastFlags(Volatile: true, Compress: false), options.Flags);
        Assert.Equal("[\"hi\",{\"_placeholder\":true,\"num\":0}]", System.Text.Encoding.UTF8.GetString(packet.Json.Span));
        Assert.Equal([1], packet.Attachments[0].ToArray());
        Assert.Equal("51-[\"hi\",{\"_placeholder\":true,\"num\":0}]", await connection.ReadTextAsync(Timeout));
    }

    [Fact]
    public async Task BroadcastWithAck_RemoteServerCounts_WaitsForEveryServer()
    {
        RecordingAdapter? adapter = null;
        var harness = new SocketIOHarness(o => o.AdapterFactory = nsp => adapter = new RecordingAdapter(nsp) { ServersReported = 2 });
        var (connection, _) = await harness.ConnectAsync();

        var call = harness.Server.Sockets.Timeout(TimeSpan.FromSeconds(5)).EmitWithAckAsync("ask", []);
        Assert.Equal("20[\"ask\"]", await connection.ReadTextAsync(Timeout));
        Assert.False(call.IsCompleted);
        await harness.Engine.SendTextAsync(connection, "30[\"local\"]");

        var result = await call.WaitAsync(Timeout);
        Assert.False(result.TimedOut);
        Assert.Equal(2, result.ExpectedResponses);
        Assert.Equal(2, result.Responses.Count);
    }

    [Fact]
    public async Task ServerSideEmit_GoesToAdapterAndRemoteEventsReachHandlers()
    {
        RecordingAdapter? adapter = null;
        var harness = new SocketIOHarness(o => o.AdapterFactory = nsp => adapter = new RecordingAdapter(nsp));
        var received = new List<int>();
        harness.Server.Sockets.OnServerSideEmit("refresh", e =>
        {
            received.Add(e.Args.Get<int>(0));
            e.Ack("done");
            return ValueTask.CompletedTask;
        });

        await harness.Server.Sockets.ServerSideEmitAsync("refresh", [1]);
        object? answer = null;
        await harness.Server.Sockets.ReceiveServerSideEmitAsync("refresh", SocketArgs.Parse("[2]"u8), value => answer = value);

        Assert.Equal(["[\"refresh\",1]"], adapter!.ServerSide);
        Assert.Equal([2], received);
        Assert.Equal("done", answer);
    }

    [Fact]
    public async Task ServerSideEmitWithAck_SingleServer_EmptyAtOnce()
    {
        var harness = new SocketIOHarness();
        var answers = await harness.Server.Sockets.ServerSideEmitWithAckAsync("q", [], TimeSpan.FromSeconds(1)).WaitAsync(Timeout);
        Assert.Empty(answers);
    }

    [Fact]
    public void SocketArgsParse_NotAnArray_Throws()
    {
        Assert.Throws<InvalidDataException>(() => SocketArgs.Parse("{}"u8));
    }

    [Fact]
    public async Task Local_NotCountedAsRemote()
    {
        RecordingAdapter? adapter = null;
        var harness = new SocketIOHarness(o => o.AdapterFactory = nsp => adapter = new RecordingAdapter(nsp));
        await harness.ConnectAsync();

        await harness.Server.Sockets.Local.EmitAsync("x");

        Assert.True(Assert.Single(adapter!.Broadcasts).Options.Flags.Local);
    }
}
