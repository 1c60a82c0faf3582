using Switchboard.Testing;

namespace Switchboard.SocketIO.Tests.Adapters;

public class InMemoryAdapterTests
{
    [Fact]
    public async Task BroadcastAsync_MoreRecipients_NoMoreAllocations()
    {
        // A broadcast encodes once and snapshots recipients into a pooled array: what it allocates must not grow
        // with the room. Measured on this thread, where the in-memory broadcast runs synchronously.
        var small = await AllocatedPerBroadcastAsync(10);
        var large = await AllocatedPerBroadcastAsync(200);

        Assert.True(large - small < 190 * 8, $"10 recipients: {small} B, 200 recipients: {large} B per broadcast");
    }

    private static async Task<long> AllocatedPerBroadcastAsync(int recipients)
    {
        var harness = new SocketIOHarness();
        var connections = new List<FakeEngineConnection>();
        for (var i = 0; i < recipients; i++)
        {
            var (connection, sid) = await harness.ConnectAsync();
            harness.Server.Sockets.Sockets[sid].Join("room");
            connections.Add(connection);
        }

        var broadcast = harness.Server.To("room");
        for (var round = 0; round < 2; round++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < 100; i++)
            {
                await broadcast.EmitAsync("msg", "hello");
                foreach (var connection in connections)
                {
                    Assert.True(connection.TryRead(out _));
                }
            }

            if (round == 1)
            {
                return (GC.GetAllocatedBytesForCurrentThread() - before) / 100;
            }
        }

        throw new InvalidOperationException("unreachable");
    }
}
