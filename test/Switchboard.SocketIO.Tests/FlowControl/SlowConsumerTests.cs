using System.Globalization;
using System.Net.WebSockets;
using Switchboard.SocketIO.EngineIO;
using Switchboard.SocketIO.Tests.EngineIO;

namespace Switchboard.SocketIO.Tests.FlowControl;

/// <summary>
/// A client that stops reading while 100 MB are emitted to its room (issue 13), over Kestrel and real sockets. What it
/// costs is measured as the bytes queued for it (not process RSS), sampled after every emit: the producer is the test,
/// so nothing else adds to that queue between samples.
/// </summary>
public class SlowConsumerTests
{
    private const int MessageChars = 64 * 1024 - 32;
    private const int Messages = 1600; // 1600 × 64 kB = 100 MiB
    private const long HighWaterMark = 1024 * 1024;
    private const long Limit = 4 * 1024 * 1024;
    private static readonly TimeSpan SlowConsumerTimeout = TimeSpan.FromSeconds(30);
    private static readonly string Filler = new('x', MessageChars);

    [Fact]
    public async Task BroadcastEmitAsync_AwaitedWhileOneMemberStopsReading_OnlyItIsClosedAndTheOtherGetsAllInOrder()
    {
        await using var host = await FlowControlHost.StartAsync(Configure);
        using var silent = await host.ConnectSilentAsync("silent");
        using var reader = await host.ConnectReaderAsync("reader");
        var silentSocket = await host.SocketAsync("silent");
        await host.SocketAsync("reader");
        IEngineConnection silentConnection = silentSocket.Client.Connection;
        var received = 0;
        var reading = ReadAllAsync(reader, () => Interlocked.Increment(ref received));

        long mostQueued = 0;
        var advanced = 0;
        for (var i = 0; i < Messages; i++)
        {
            var emit = host.Server.To("room").EmitAsync("chunk", i, Filler).AsTask();
            mostQueued = Math.Max(mostQueued, silentConnection.QueuedBytes);
            if (emit.IsCompleted)
            {
                continue;
            }

            // The producer waits. Once the reader has everything sent so far, only the silent client can hold it; then
            // its slow-consumer timeout passes (the only timer that can fire: see FlowControlHost).
            var sent = i + 1;
            await Eventually.TrueAsync(() => emit.IsCompleted || Volatile.Read(ref received) == sent);
            if (!emit.IsCompleted && !silentConnection.IsClosed && silentConnection.QueuedBytes > HighWaterMark / 2)
            {
                advanced++;
                host.Time.Advance(SlowConsumerTimeout);
            }

            await emit.DefaultTimeout();
        }

        await reading.DefaultTimeout();
        Assert.Equal(Messages, received);
        // Usually one advance; another is harmless: it can only find the reader drained (its timer then wakes it).
        Assert.True(advanced >= 1);
        Assert.True(silentConnection.IsClosed);
        Assert.False(silentSocket.Connected);
        Assert.InRange(mostQueued, HighWaterMark / 2, HighWaterMark + PacketBytes(Messages));
        Assert.Equal(1, host.Logs.Count("SlowConsumer"));
        Assert.Equal(1, host.Metrics.Sum("engineio.server.slow_consumer_disconnects", ("engineio.transport", "websocket")));
        Assert.Equal(WebSocketState.Open, reader.State);
    }

    [Fact]
    public async Task EmitAsync_NotAwaitedToClientThatStopsReading_QueueStaysWithinLimitUntilClosed()
    {
        await using var host = await FlowControlHost.StartAsync(Configure);
        using var silent = await host.ConnectSilentAsync("silent");
        var socket = await host.SocketAsync("silent");
        IEngineConnection connection = socket.Client.Connection;

        long mostQueued = 0;
        var closedAfter = -1;
        for (var i = 0; i < Messages; i++)
        {
            // Fire-and-forget: the task is dropped, so nothing waits and every byte counts toward the limit.
            _ = socket.EmitAsync("chunk", i, Filler).AsTask();
            mostQueued = Math.Max(mostQueued, connection.QueuedBytes);
            if (closedAfter < 0 && connection.IsClosed)
            {
                closedAfter = i;
            }
        }

        Assert.True(connection.IsClosed, "100 MB to a client that reads nothing must close it.");
        // Closed long before the 100 MB were sent (what the kernel buffers absorb first depends on the machine).
        Assert.InRange(closedAfter, 1, Messages / 2);
        Assert.InRange(mostQueued, HighWaterMark, Limit + PacketBytes(Messages));
        Assert.Equal(1, host.Logs.Count("SendQueueFull"));
        Assert.Equal(1, host.Metrics.Sum("engineio.server.slow_consumer_disconnects", ("engineio.transport", "websocket")));
        await Eventually.TrueAsync(() => !socket.Connected);
    }

    private static void Configure(EngineIOOptions options)
    {
        options.SendQueueHighWaterMark = HighWaterMark;
        options.SendQueueLimit = Limit;
        options.SlowConsumerTimeout = SlowConsumerTimeout;
    }

    // What one chunk counts in the send queue: 42["chunk",i,"x…"] less the Engine.IO type character, plus one.
    private static long PacketBytes(int index) => $"2[\"chunk\",{index},\"\"]".Length + MessageChars + 1;

    private static async Task ReadAllAsync(ClientWebSocket socket, Func<int> onReceived)
    {
        await Task.Yield();
        var buffer = new byte[128 * 1024];
        for (var i = 0; i < Messages; i++)
        {
            var text = await FlowControlHost.ReceiveTextAsync(socket, buffer);
            Assert.NotNull(text);
            var prefix = "42[\"chunk\"," + i.ToString(CultureInfo.InvariantCulture) + ",\"";
            Assert.True(text.StartsWith(prefix, StringComparison.Ordinal) && text.Length == prefix.Length + MessageChars + 2, $"message {i} out of order or damaged: {text[..Math.Min(40, text.Length)]}");
            onReceived();
        }
    }
}
