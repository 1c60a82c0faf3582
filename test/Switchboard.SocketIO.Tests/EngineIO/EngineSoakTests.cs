using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Switchboard.SocketIO.EngineIO;
using Xunit.Abstractions;

namespace Switchboard.SocketIO.Tests.EngineIO;

/// <summary>
/// The soak tests of issue 8 ("Done when"), short enough for CI: thousands of clients that vanish without a close are
/// all released (sessions, descriptors, memory), and clients that stop reading are aborted by the write deadline
/// while the others keep receiving. They run alone (descriptor and memory counts are process-wide).
/// </summary>
[Collection(nameof(EngineSoakTests))]
[CollectionDefinition(nameof(EngineSoakTests), DisableParallelization = true)]
public class EngineSoakTests(ITestOutputHelper output)
{
    private const int Vanishing = 2000;
    private const int NonReaders = 200;
    private const int Readers = 20;
    private const int Rounds = 150;
    private const int MessageBytes = 16 * 1024;
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task VanishedWebSockets_Thousands_AllReleasedWithDescriptorsAndMemory()
    {
        var counter = new KestrelConnectionCounter();
        var handler = new CountingHandler();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        counter.Configure(builder);
        builder.Services.AddEngineIO(EngineConnectionLifetimeTests.Fast);
        await using var app = builder.Build();
        app.MapEngineIO("/engine.io", _ => handler);
        await app.StartAsync().DefaultTimeout();
        var baseUri = new Uri(app.Urls.First());

        // A first round warms up the JIT and grows Kestrel's buffer pool to this load, so that the baseline of the
        // measured round below already includes what the pool keeps (it is reused, not leaked).
        await ConnectVanishingAsync(baseUri, Vanishing, dispose: true);
        await WaitAsync(() => counter.Open == 0 && handler.CloseCount == handler.OpenCount);
        var (fdBefore, memoryBefore) = Measure();

        var clients = await ConnectVanishingAsync(baseUri, Vanishing, dispose: false);
        var connected = Stopwatch.StartNew();
        var (fdPeak, memoryPeak) = Measure();
        await WaitAsync(() => counter.Open == 0 && handler.CloseCount == handler.OpenCount);
        var released = connected.Elapsed;
        // The test's own client sockets are still open: the server's are gone.
        var (fdReleased, memoryReleased) = Measure();
        foreach (var client in clients)
        {
            client.Dispose();
        }

        var (fdAfter, memoryAfter) = Measure();
        output.WriteLine($"{Vanishing} vanished clients released {released.TotalMilliseconds:F0} ms after the last connected "
            + $"(ping interval + ping timeout + close timeout = 600 ms); descriptors {fdBefore} -> {fdPeak} -> {fdReleased} (clients still open) -> {fdAfter}; "
            + $"managed memory {memoryBefore / 1024} kB -> {memoryPeak / 1024} kB -> {memoryReleased / 1024} kB (clients still open) -> {memoryAfter / 1024} kB.");
        Assert.Equal(2 * Vanishing, handler.OpenCount);
        if (fdBefore > 0)
        {
            Assert.True(fdReleased <= fdBefore + Vanishing + 64, $"server descriptors not released: {fdBefore} -> {fdReleased}");
            Assert.True(fdAfter <= fdBefore + 64, $"descriptors not back near the baseline: {fdBefore} -> {fdAfter}");
        }

        // A connection the server kept would cost about 14 kB of managed memory (measured with a handler that holds
        // every connection); 5 kB per client leaves room for noise (the heap is the test process's, shared with test
        // classes running in parallel: +2.1 kB per client was seen at load 30 on code that leaks nothing) and none for a leak.
        Assert.True(memoryAfter - memoryBefore < Vanishing * 5120L, $"memory not released: {memoryBefore} -> {memoryPeak} -> {memoryAfter}");
    }

    [Fact]
    public async Task NonReadingClients_AmongReaders_AbortedByWriteDeadlineWhileOthersReceiveEverything()
    {
        var counter = new KestrelConnectionCounter();
        var logs = new LogCollector();
        await using var host = await EngineTestHost.StartAsync(
            o =>
            {
                o.PingInterval = TimeSpan.FromMinutes(5);
                // Generous for a loaded CI machine: a healthy reader must never come near it.
                o.WriteTimeout = TimeSpan.FromSeconds(2);
            },
            configureBuilder: b =>
            {
                counter.Configure(b, sendBuffer: 16 * 1024);
                b.Logging.SetMinimumLevel(LogLevel.Debug);
                b.Logging.AddProvider(logs);
            });
        var readers = new List<(ClientWebSocket Socket, Task<int> Received)>();
        var connections = new List<IEngineConnection>();
        for (var i = 0; i < Readers; i++)
        {
            var socket = await host.ConnectWebSocketAsync(EngineTestHost.Url(transport: "websocket"));
            await socket.ReceiveTextAsync();
            connections.Add(await host.Handler.NextOpenAsync());
            readers.Add((socket, ReadAllAsync(socket)));
        }

        var stalled = new List<RawWebSocketClient>();
        for (var i = 0; i < NonReaders; i++)
        {
            stalled.Add(await RawWebSocketClient.ConnectAsync(host.BaseUri, EngineTestHost.Url(transport: "websocket"), receiveBuffer: 4096));
            connections.Add(await host.Handler.NextOpenAsync());
        }

        // A paced broadcast of 16 kB messages to everyone, for several write deadlines.
        var started = Stopwatch.StartNew();
        TimeSpan? allStalledAborted = null;
        for (var round = 0; round < Rounds; round++)
        {
            var message = EngineMessage.Text(round.ToString("D5", System.Globalization.CultureInfo.InvariantCulture) + new string('x', MessageBytes));
            foreach (var connection in connections)
            {
                connection.TrySend(message);
            }

            if (allStalledAborted is null && host.Handler.CloseCount == NonReaders)
            {
                allStalledAborted = started.Elapsed;
            }

            await Task.Delay(20);
        }

        await WaitAsync(() => host.Handler.CloseCount == NonReaders, () => $"closed {host.Handler.CloseCount} of {NonReaders}: readers closed {connections.Take(Readers).Count(c => c.IsClosed)}, non-readers closed {connections.Skip(Readers).Count(c => c.IsClosed)} " + logs.Serious());
        allStalledAborted ??= started.Elapsed;
        var receivedCounts = new List<int>();
        foreach (var (_, received) in readers)
        {
            receivedCounts.Add(await received.WaitAsync(Generous));
        }

        output.WriteLine($"{NonReaders} non-reading clients aborted within {allStalledAborted.Value.TotalMilliseconds:F0} ms of the first send (write timeout 2 s); "
            + $"{Readers} readers each received {Rounds} messages of 16 kB in {started.Elapsed.TotalMilliseconds:F0} ms.");
        Assert.All(receivedCounts, count => Assert.Equal(Rounds, count));
        Assert.All(connections.Take(Readers), c => Assert.False(c.IsClosed));
        Assert.All(connections.Skip(Readers), c => Assert.True(c.IsClosed));
        await WaitAsync(() => counter.Open == Readers);
        foreach (var client in stalled)
        {
            client.Dispose();
        }

        foreach (var (socket, _) in readers)
        {
            socket.Dispose();
        }
    }

    private static async Task<List<RawWebSocketClient>> ConnectVanishingAsync(Uri baseUri, int count, bool dispose)
    {
        var clients = new RawWebSocketClient[count];
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
            clients[i] = await RawWebSocketClient.ConnectAsync(baseUri, EngineTestHost.Url(transport: "websocket")));
        if (dispose)
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }

        return [.. clients];
    }

    // Reads messages in order until the round counter reaches the last one; returns how many arrived.
    private static async Task<int> ReadAllAsync(ClientWebSocket socket)
    {
        for (var expected = 0; expected < Rounds; expected++)
        {
            var (type, data) = await socket.ReceiveMessageAsync();
            Assert.Equal(WebSocketMessageType.Text, type);
            var text = Encoding.ASCII.GetString(data, 0, 6);
            Assert.Equal("4" + expected.ToString("D5", System.Globalization.CultureInfo.InvariantCulture), text);
        }

        return Rounds;
    }

    private static async Task WaitAsync(Func<bool> condition, Func<string>? state = null)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(deadline.Elapsed < Generous, "The condition did not become true within a minute. " + state?.Invoke());
            await Task.Delay(10);
        }
    }

    private static (int Descriptors, long ManagedBytes) Measure()
    {
        var descriptors = OperatingSystem.IsLinux() ? Directory.GetFiles("/proc/self/fd").Length : 0;
        return (descriptors, GC.GetTotalMemory(forceFullCollection: true));
    }
}
